TEXTS = {
    # the normalized statuses (DESIGN.md)
    "status.pending": ("待揽收", "Awaiting pickup"),
    "status.picked_up": ("已揽收", "Picked up"),
    "status.in_transit": ("运输中", "In transit"),
    "status.out_for_delivery": ("派送中", "Out for delivery"),
    "status.available_for_pickup": ("待取件", "At locker/station"),
    "status.delivered": ("已签收", "Delivered"),
    "status.failed_attempt": ("派送未果", "Delivery failed"),
    "status.exception": ("异常", "Exception"),
    "status.returning": ("退回中", "Returning"),
    "status.returned": ("已退回", "Returned"),
    "status.refused": ("拒收", "Refused"),
    "status.cancelled": ("已取消", "Cancelled"),
    "status.expired": ("长期无更新", "No news (retired)"),
    # errors a person can act on
    "tracking.not_found": ("找不到运单（编号 {id}）。它可能已被删除，请返回列表刷新。",
                           "Shipment {id} was not found. It may have been removed; go back to the list and refresh."),
    "tracking.bad_status": ("状态“{value}”无效。可选：pending、in_transit、delivered 等。",
                            "Status “{value}” is not valid. Use one of pending, in_transit, delivered, …"),
    "tracking.bad_phone": ("请输入收件人手机号（至少后四位数字）。", "Enter the recipient's phone (at least its last 4 digits)."),
    "tracking.bad_carrier": ("请选择快递公司。", "Choose a carrier."),
    "tracking.no_number": ("请输入快递单号。", "Enter a waybill number."),
    "alerts.not_found": ("找不到预警（编号 {id}），可能已被处理。请刷新页面。",
                         "Alert {id} was not found; it may have been handled. Refresh the page."),
    "alerts.already_resolved": ("预警 {id} 已经处理过了。", "Alert {id} is already resolved."),
    "alerts.bad_status": ("状态“{value}”无效，可选 open、acknowledged、resolved、all。",
                          "Status “{value}” is not valid; use open, acknowledged, resolved or all."),
    "alerts.note_too_long": ("处理备注最多 500 字，请精简后再提交。", "The note may have at most 500 characters; shorten it."),
    "notices.bad_template": ("“{kind}”的模板不能为空，且最多 1000 字。", "The “{kind}” template must not be empty (max 1000 characters)."),
    "notices.no_shipment": ("这条预警与运单无关，无需告知买家。", "This alert is not about a shipment; there is no buyer to tell."),
    "notices.bad_text": ("告知内容不能为空，且最多 1000 字。", "The message must not be empty (max 1000 characters)."),
}

TEXTS.update({
    "providers.unknown_field": ("未知的设置项：{field}", "Unknown setting: {field}"),
    "providers.bad_provider": ("物流查询服务“{provider}”不存在，请选择 内置模拟网络、快递100 或 快递鸟。",
                               "Tracking provider “{provider}” does not exist; choose sandbox, kuaidi100 or kdniao."),
    "providers.bad_url": ("地址“{url}”无效，请填写以 http:// 或 https:// 开头的完整地址，或留空使用默认地址。",
                          "“{url}” is not a valid address; enter a full http:// or https:// URL, or leave it empty for the default."),
    "providers.bad_request_type": ("快递鸟 RequestType “{value}” 不是即时查询，请选择 1002、8001 或 8002。",
                                   "Kdniao RequestType “{value}” is not an instant query; choose 1002, 8001 or 8002."),
})

TEXTS.update({
    "tracking.phone_required": ("查询{carrier}需要收件人手机号后四位，请填写后再查。",
                                "{carrier} needs the recipient's phone (last 4 digits) to be tracked; enter it and try again."),
    "tracking.provider_failed": ("物流查询服务暂时没有回应（{error}）。请稍后重试；若一直失败，请在设置中测试连接。",
                                 "The tracking provider did not answer ({error}). Try again later; if it keeps failing, "
                                 "test the connection in the settings."),
})
