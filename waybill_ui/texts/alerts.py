TEXTS = {
    # kinds raised by the tracking rules
    "alerts.kind.pickup_overdue": ("揽收超时", "Not picked up"),
    "alerts.kind.transit_stalled": ("中转超时", "No update in transit"),
    "alerts.kind.delivery_overdue": ("派送超时", "Delivery taking long"),
    "alerts.kind.exception": ("异常件", "Exception"),
    "alerts.kind.refused": ("拒收", "Refused"),
    "alerts.kind.returned": ("退回", "Returned"),
    "alerts.kind.transit_overdue": ("超出时效", "Overdue"),
    "alerts.kind.tracking_phone": ("需要手机号", "Phone needed"),
    "alerts.kind.provider_config": ("查询账号异常", "Tracking account problem"),
    # kinds raised by the pool and the purchase sync
    "alerts.kind.pool_low_stock": ("库存不足", "Low stock"),
    "alerts.kind.pool_expiring": ("单号即将过期", "Numbers expiring"),
    "alerts.kind.pool_expired": ("单号已过期", "Numbers expired"),
    "alerts.kind.purchase_stuck": ("采购同步卡住", "Purchase stuck"),
    "alerts.kind.handover_no_pickup": ("交接后未揽收", "Handed over, not scanned"),
    "alerts.msg.handover_no_pickup": (
        "{carrier} {number}（订单 {order_no}）{hours} 小时前已交给快递员，快递公司还没有揽收扫描。请联系网点核实包裹下落。",
        "{carrier} {number} (order {order_no}) was handed to the courier {hours} h ago and the carrier has not "
        "scanned it yet. Ask the outlet where the parcel is.",
    ),
    "alerts.msg.pickup_overdue": (
        "{carrier} {number}（订单 {order_no}）发货已 {hours} 小时仍未揽收。请联系快递网点上门取件。",
        "{carrier} {number} (order {order_no}) shipped {hours} h ago and still not picked up. Ask the outlet to collect it.",
    ),
    "alerts.msg.transit_stalled": (
        "{carrier} {number}（订单 {order_no}）已 {hours} 小时没有物流更新。最新：{text}",
        "{carrier} {number} (order {order_no}) has had no update for {hours} h. Latest: {text}",
    ),
    "alerts.msg.delivery_overdue": (
        "{carrier} {number}（订单 {order_no}）派送中已 {hours} 小时仍未签收。请联系派送网点。",
        "{carrier} {number} (order {order_no}) has been out for delivery for {hours} h. Contact the delivering outlet.",
    ),
    "alerts.msg.exception": (
        "{carrier} {number}（订单 {order_no}）出现异常：{text}",
        "{carrier} {number} (order {order_no}) has a problem: {text}",
    ),
    "alerts.msg.refused": (
        "{carrier} {number}（订单 {order_no}）被收件人拒收。请联系买家确认退款或重发。",
        "{carrier} {number} (order {order_no}) was refused by the recipient. Contact the buyer about a refund or re-send.",
    ),
    "alerts.msg.returned": (
        "{carrier} {number}（订单 {order_no}）正在退回或已退回。最新：{text}",
        "{carrier} {number} (order {order_no}) is being returned or was returned. Latest: {text}",
    ),
    "alerts.msg.transit_overdue": (
        "{carrier} {number}（订单 {order_no}）已超过承诺时效（{days} 天）{hours} 小时仍未送达。",
        "{carrier} {number} (order {order_no}) is {hours} h past the carrier's {days}-day transit time.",
    ),
    "alerts.msg.tracking_phone": (
        "{carrier} {number}（订单 {order_no}）查询物流需要收件人手机号后四位。请在运单详情页填写。",
        "{carrier} {number} (order {order_no}) needs the recipient's phone (last 4 digits) to be tracked. "
        "Enter it on the shipment page.",
    ),
    "alerts.msg.provider_config": (
        "物流查询服务（{provider}）拒绝了账号设置：{error}。请在 设置 → 物流查询 中检查密钥并测试连接。",
        "The tracking provider ({provider}) refused the account settings: {error}. "
        "Check the keys under Settings → Tracking provider and test the connection.",
    ),
}

TEXTS.update(
    {
        "alerts.title": ("预警中心", "Alerts"),
        "alerts.intro": (
            "揽收超时、中转超时、派送超时、异常件、拒收退回、超出时效，以及库存不足、单号将过期、采购同步卡住等，都在这里处理。",
            "Pickup, transit and delivery delays, exceptions, refusals and returns, overdue parcels — and low "
            "stock, expiring numbers and stuck purchases — are all handled here.",
        ),
        "alerts.status.open": ("待处理", "Open"),
        "alerts.status.acknowledged": ("已确认", "Acknowledged"),
        "alerts.status.resolved": ("已处理", "Resolved"),
        "alerts.status.all": ("全部", "All"),
        "alerts.all_kinds": ("全部类型", "All kinds"),
        "alerts.empty": ("没有预警。一切正常！", "No alerts. All is well!"),
        "alerts.acknowledge": ("确认", "Acknowledge"),
        "alerts.acknowledged": ("已确认，预警仍留在待处理列表中。", "Acknowledged; it stays in the open list."),
        "alerts.resolve": ("处理完成", "Resolve"),
        "alerts.resolve_title": ("处理预警", "Resolve alert"),
        "alerts.note": ("处理备注（例如：已联系快递 / 已补发）", "Note (e.g. called the carrier / re-sent)"),
        "alerts.resolved": ("预警已处理。", "Alert resolved."),
        "alerts.open_shipment": ("查看运单", "Open shipment"),
        "alerts.by": ("{who} · {time}", "{who} · {time}"),
        "alerts.badge_tooltip": ("待处理预警：{count}", "Open alerts: {count}"),
        "alerts.notice": ("告知买家", "Tell the buyer"),
        "alerts.notice_title": (
            "告知买家（可修改后复制到旺旺/千牛）",
            "Message for the buyer (edit, then paste into the chat)",
        ),
        "alerts.notice_copy": ("复制并记录", "Copy and log"),
        "alerts.notice_copied": ("已复制到剪贴板，并记入告知记录。", "Copied to the clipboard and logged."),
        "alerts.notice_log": ("告知记录", "Notices given"),
        "alerts.notice_log_empty": ("还没有告知记录。", "No notices given yet."),
        "alerts.fields_help": ("可用字段：{fields}", "Placeholders: {fields}"),
        "settings.tab.providers": ("物流查询", "Tracking provider"),
        "settings.tab.tracking": ("跟踪与预警", "Tracking & alerts"),
        "settings.tab.notices": ("告知买家模板", "Buyer messages"),
        "settings.providers.intro": (
            "选择物流查询服务并填写密钥。环境变量（WAYBILL_*）中的值作为默认值；在这里保存的值优先，保存后立即生效。",
            "Choose the tracking provider and enter its keys. Environment values (WAYBILL_*) are the defaults; values "
            "saved here win and take effect at once.",
        ),
        "settings.providers.in_effect": ("当前生效", "In effect"),
        "settings.providers.source.saved": ("本页保存", "saved here"),
        "settings.providers.source.env": ("环境变量", "environment"),
        "settings.providers.source.default": ("默认", "default"),
        "settings.providers.provider": ("物流查询服务", "Tracking provider"),
        "settings.field.rate.min_gap_min": (
            "{provider}：同一单号最短间隔（分钟）",
            "{provider}: min minutes between queries of a number",
        ),
        "settings.field.rate.qps": (
            "{provider}：每秒最多请求数（0 = 不限）",
            "{provider}: requests per second (0 = no limit)",
        ),
        "settings.providers.use_env": ("（留空使用环境变量/默认值）", "(empty: use the environment / default)"),
        "settings.providers.secret_hint": ("已保存，留空则保持不变", "saved; leave empty to keep"),
        "settings.providers.clear_secrets": ("清除已保存的密钥", "Clear saved keys"),
        "settings.providers.test": ("测试连接", "Test the connection"),
        "settings.providers.test_ok": ("连接成功：{result}", "Connection works: {result}"),
        "settings.providers.test_config": ("账号设置有误：{error}", "The account settings are wrong: {error}"),
        "settings.providers.test_failed": (
            "连接失败：{error}（网络或服务暂时不可用，可稍后再试）",
            "Connection failed: {error} (network or service unavailable; try again later)",
        ),
        "settings.providers.saved": ("已保存，新的设置已生效。", "Saved; the new settings are in effect."),
        "settings.providers.open_problem": ("当前问题：{message}", "Current problem: {message}"),
        "settings.tracking.intro": (
            "自动查询的频率、查询服务的频率限制和预警阈值。演示模式（内置网络加速运行）下，所有时长按加速倍数缩短。",
            "How often parcels are checked, the providers' rate limits and the alert thresholds. With the built-in "
            "network sped up for a demo, every duration shrinks by the same factor.",
        ),
        "settings.tracking.saved": ("已保存。", "Saved."),
        "settings.tracking.bad_value": (
            "“{field}”的值无效，请填写 0 或正数。",
            "“{field}” is not valid; enter 0 or a positive number.",
        ),
        "settings.tracking.scale_note": ("当前时间倍速：×{scale}", "Current time scale: ×{scale}"),
        "settings.notices.intro": (
            "每种预警一段告知买家的话术，发送前还可以修改。",
            "One message per alert kind; it can still be edited before sending.",
        ),
        "settings.notices.reset": ("恢复默认", "Back to default"),
        "settings.notices.saved": ("模板已保存。", "Templates saved."),
    }
)

FIELD_LABELS = {
    "tracking.interval.pending_h": ("待揽收：每隔几小时查询", "Awaiting pickup: check every … h"),
    "tracking.interval.in_transit_h": ("运输中：每隔几小时查询", "In transit: check every … h"),
    "tracking.interval.near_h": ("派送中/派件异常：每隔几小时查询", "Out for delivery / failed attempt: every … h"),
    "tracking.retire_days": ("多少天无更新后停止查询", "Stop after … days without news"),
    "tracking.jitter": ("查询时间随机浮动（0–0.5）", "Random spread of check times (0–0.5)"),
    "tracking.backoff_base_min": ("查询失败后首次重试（分钟）", "First retry after a failure (min)"),
    "tracking.backoff_max_h": ("失败重试最长间隔（小时）", "Longest retry interval (h)"),
    "tracking.concurrency": ("同时查询数", "Queries at the same time"),
    "tracking.scale_with_sandbox": ("演示加速时同步缩短所有时长", "Shrink every duration when the demo runs sped up"),
    "alerts.pickup_h": ("揽收超时：发货后几小时未揽收", "Not picked up: hours after shipping"),
    "alerts.stalled_h": ("中转超时：几小时无更新", "No update in transit: hours"),
    "alerts.delivery_h": ("派送超时：派送中超过几小时", "Out for delivery longer than: hours"),
    "alerts.overdue_grace_h": ("超出时效：在承诺天数外再宽限几小时", "Overdue: grace hours beyond the transit days"),
    "alerts.handover_pickup_h": (
        "交接后未揽收：交给快递员后几小时仍无揽收扫描",
        "Handed over, not scanned: hours after the handover",
    ),
    "alerts.origin_province": (
        "发货省份（未指定寄件地址时用于计算时效）",
        "Shipping from (province, when no sender address is set)",
    ),
}
for _key, _pair in FIELD_LABELS.items():
    TEXTS[f"settings.field.{_key}"] = _pair
