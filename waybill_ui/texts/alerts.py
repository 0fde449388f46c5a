TEXTS = {
    # kinds raised by the tracking rules (other areas name their own kinds; see alerts.other_kind.*)
    "alerts.kind.pickup_overdue": ("揽收超时", "Not picked up"),
    "alerts.kind.transit_stalled": ("中转超时", "No update in transit"),
    "alerts.kind.delivery_overdue": ("派送超时", "Delivery taking long"),
    "alerts.kind.exception": ("异常件", "Exception"),
    "alerts.kind.refused": ("拒收", "Refused"),
    "alerts.kind.returned": ("退回", "Returned"),
    "alerts.kind.transit_overdue": ("超出时效", "Overdue"),
    "alerts.kind.tracking_phone": ("需要手机号", "Phone needed"),
    "alerts.kind.provider_config": ("查询账号异常", "Tracking account problem"),
    # kinds other areas are expected to raise; shown with these names when their own text is missing
    "alerts.other_kind.low_stock": ("库存不足", "Low stock"),
    "alerts.other_kind.stock_low": ("库存不足", "Low stock"),
    "alerts.other_kind.expiring": ("单号即将过期", "Numbers expiring"),
    "alerts.other_kind.numbers_expiring": ("单号即将过期", "Numbers expiring"),
    "alerts.other_kind.expiring_numbers": ("单号即将过期", "Numbers expiring"),
    "alerts.other_kind.purchase_stuck": ("采购同步卡住", "Purchase stuck"),
    "alerts.other_kind.stuck_purchase": ("采购同步卡住", "Purchase stuck"),
    "alerts.other_kind.sync_pending": ("采购同步卡住", "Purchase stuck"),
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
