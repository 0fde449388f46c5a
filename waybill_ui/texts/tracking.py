TEXTS = {
    # the normalized statuses (docs/tracking.md)
    "tracking.status.pending": ("待揽收", "Awaiting pickup"),
    "tracking.status.picked_up": ("已揽收", "Picked up"),
    "tracking.status.in_transit": ("运输中", "In transit"),
    "tracking.status.out_for_delivery": ("派送中", "Out for delivery"),
    "tracking.status.available_for_pickup": ("待取件", "At locker/station"),
    "tracking.status.delivered": ("已签收", "Delivered"),
    "tracking.status.failed_attempt": ("派送未果", "Delivery failed"),
    "tracking.status.exception": ("异常", "Exception"),
    "tracking.status.returning": ("退回中", "Returning"),
    "tracking.status.returned": ("已退回", "Returned"),
    "tracking.status.refused": ("拒收", "Refused"),
    "tracking.status.cancelled": ("已取消", "Cancelled"),
    "tracking.status.expired": ("长期无更新", "No news (retired)"),
    # errors a person can act on
    "tracking.not_found": (
        "找不到运单（编号 {id}）。它可能已被删除，请返回列表刷新。",
        "Shipment {id} was not found. It may have been removed; go back to the list and refresh.",
    ),
    "tracking.bad_status": (
        "状态“{value}”无效。可选：pending、in_transit、delivered 等。",
        "Status “{value}” is not valid. Use one of pending, in_transit, delivered, …",
    ),
    "tracking.bad_phone": (
        "请输入收件人手机号（至少后四位数字）。",
        "Enter the recipient's phone (at least its last 4 digits).",
    ),
    "tracking.bad_carrier": ("请选择快递公司。", "Choose a carrier."),
    "tracking.no_number": ("请输入快递单号。", "Enter a waybill number."),
    "alerts.not_found": (
        "找不到预警（编号 {id}），可能已被处理。请刷新页面。",
        "Alert {id} was not found; it may have been handled. Refresh the page.",
    ),
    "alerts.already_resolved": ("预警 {id} 已经处理过了。", "Alert {id} is already resolved."),
    "alerts.bad_status": (
        "状态“{value}”无效，可选 open、acknowledged、resolved、all。",
        "Status “{value}” is not valid; use open, acknowledged, resolved or all.",
    ),
    "alerts.note_too_long": (
        "处理备注最多 500 字，请精简后再提交。",
        "The note may have at most 500 characters; shorten it.",
    ),
    "notices.bad_template": (
        "“{kind}”的模板不能为空，且最多 1000 字。",
        "The “{kind}” template must not be empty (max 1000 characters).",
    ),
    "notices.no_shipment": (
        "这条预警与运单无关，无需告知买家。",
        "This alert is not about a shipment; there is no buyer to tell.",
    ),
    "notices.bad_text": ("告知内容不能为空，且最多 1000 字。", "The message must not be empty (max 1000 characters)."),
}

TEXTS.update(
    {
        "providers.unknown_field": ("未知的设置项：{field}", "Unknown setting: {field}"),
        "providers.bad_provider": (
            "物流查询服务“{provider}”不存在，请选择其中之一：{known}。",
            "Tracking provider “{provider}” does not exist; choose one of {known}.",
        ),
        "providers.bad_choice": (
            "“{value}”不是可选的值，请选择其中之一：{known}。",
            "“{value}” is not one of {known}.",
        ),
        "providers.bad_url": (
            "地址“{url}”无效，请填写以 http:// 或 https:// 开头的完整地址，或留空使用默认地址。",
            "“{url}” is not a valid address; enter a full http:// or https:// URL, or leave it empty for the default.",
        ),
        "providers.bad_request_type": (
            "快递鸟 RequestType “{value}” 不是即时查询，请选择 1002、8001 或 8002。",
            "Kdniao RequestType “{value}” is not an instant query; choose 1002, 8001 or 8002.",
        ),
    }
)

TEXTS.update(
    {
        "tracking.phone_required": (
            "查询{carrier}需要收件人手机号后四位，请填写后再查。",
            "{carrier} needs the recipient's phone (last 4 digits) to be tracked; enter it and try again.",
        ),
        "tracking.provider_failed": (
            "物流查询服务暂时没有回应（{error}）。请稍后重试；若一直失败，请在设置中测试连接。",
            "The tracking provider did not answer ({error}). Try again later; if it keeps failing, "
            "test the connection in the settings.",
        ),
    }
)

TEXTS.update(
    {
        "tracking.title": ("物流跟踪", "Tracking"),
        "tracking.intro": (
            "已发货包裹的物流状态会自动刷新：派送中的包裹更频繁，签收后不再查询。有新进展时页面会自动更新。",
            "Shipped parcels are refreshed automatically: more often when out for delivery, never after "
            "delivery. Open pages update by themselves when there is news.",
        ),
        "tracking.all": ("全部", "All"),
        "tracking.filter.carrier": ("快递公司", "Carrier"),
        "tracking.filter.alert": ("预警", "Alerts"),
        "tracking.filter.alert_any": ("有预警", "Any alert"),
        "tracking.filter.alert_none": ("无预警", "No alert"),
        "tracking.filter.since": ("发货日期从", "Shipped from"),
        "tracking.filter.until": ("到", "to"),
        "tracking.filter.unprinted": ("未打印面单", "Label not printed yet"),
        "tracking.printed": ("已打印 {count} 次", "Printed {count}×"),
        "tracking.not_printed": ("未打印", "Not printed"),
        "tracking.filter.search": ("单号 / 订单号 / 收件人 / 手机", "Number / order / recipient / phone"),
        "tracking.filter.apply": ("筛选", "Filter"),
        "tracking.filter.reset": ("清除筛选", "Clear filters"),
        "tracking.refresh_selected": ("刷新所选（{count}）", "Refresh selected ({count})"),
        "tracking.refresh_page": ("刷新本页", "Refresh this page"),
        "tracking.refresh_due": ("立即检查到期运单", "Check due parcels now"),
        "tracking.refresh_now": ("立即刷新", "Refresh now"),
        "tracking.refresh_done": (
            "已查询 {checked} 单，{changed} 单有新进展，{failed} 单失败，{skipped} 单因频率限制稍后再查。",
            "Checked {checked}: {changed} with news, {failed} failed, {skipped} skipped by the provider's rate limit.",
        ),
        "tracking.refresh_left": (
            "还有 {left} 单到期未查：为免页面久等，后台定时任务会接着查询。",
            "{left} due parcels were not reached; the scheduled job checks them next.",
        ),
        "tracking.refresh_running": ("正在查询…", "Checking…"),
        "tracking.empty": (
            "没有符合条件的运单。发货后包裹会出现在这里。",
            "No shipments match. Shipped parcels appear here.",
        ),
        "tracking.col.number": ("运单号", "Number"),
        "tracking.col.order": ("订单号", "Order"),
        "tracking.col.receiver": ("收件人", "Recipient"),
        "tracking.col.latest": ("最新进展", "Latest"),
        "tracking.col.shipped": ("发货时间", "Shipped"),
        "tracking.no_events": (
            "暂无物流信息（快递公司尚未上传轨迹）。",
            "No tracking information yet (the carrier has not posted any).",
        ),
        "tracking.select_hint": ("点击一行查看物流时间线。", "Click a row to see its timeline."),
        "tracking.details": ("详情", "Details"),
        "tracking.last_checked": ("上次查询 {time}", "Last checked {time}"),
        "tracking.next_check": ("下次查询 {time}", "Next check {time}"),
        "tracking.no_next_check": ("不再自动查询", "No more automatic checks"),
        "tracking.last_error": ("上次查询失败：{error}", "Last check failed: {error}"),
        "tracking.updated_live": ("有新进展，已自动更新。", "News arrived; updated."),
        "tracking.any.title": ("查任意单号", "Track any number"),
        "tracking.any.number": ("输入或扫描快递单号", "Type or scan a waybill number"),
        "tracking.any.carrier": ("快递公司", "Carrier"),
        "tracking.any.suggested": ("可能是：", "Probably:"),
        "tracking.any.unknown": (
            "无法从单号判断快递公司，请手动选择。",
            "The number does not tell the carrier; choose it.",
        ),
        "tracking.any.phone": ("收件人手机号后四位", "Recipient phone, last 4 digits"),
        "tracking.any.query": ("查询", "Track"),
        "tracking.any.is_ours": ("这是本店的运单：", "This is one of our shipments:"),
        "tracking.any.no_result": (
            "暂无物流信息，可能快递公司还没有揽收，或单号/快递公司不对。",
            "No information yet: not picked up, or the number/carrier is wrong.",
        ),
        "tracking.page.title": ("运单详情", "Shipment"),
        "tracking.page.back": ("返回物流跟踪", "Back to tracking"),
        "tracking.page.order": ("订单", "Order"),
        "tracking.page.items": ("商品", "Items"),
        "tracking.page.address": ("收货地址", "Address"),
        "tracking.page.picked_up": ("揽收时间", "Picked up"),
        "tracking.page.delivered": ("签收时间", "Delivered"),
        "tracking.page.raw_state": ("快递原始状态码", "Provider's raw state"),
        "tracking.page.phone_tail": ("手机号后四位（顺丰、中通等查询需要）", "Phone last 4 digits (SF, ZTO… need it)"),
        "tracking.page.phone_save": ("保存并重新查询", "Save and check again"),
        "tracking.page.phone_saved": ("已保存，稍后自动重新查询。", "Saved; the parcel is checked again shortly."),
        "tracking.page.alerts": ("这个包裹的预警", "Alerts on this parcel"),
        "tracking.page.timeline": ("物流时间线", "Timeline"),
        "tracking.page.notices": ("告知买家记录", "Buyer notices given"),
    }
)
