"""单号库存: stock, import, expiry, refund/extend/recycle, duplicate guard, audit trail."""

TEXTS = {
    # statuses and origins of a number
    "pool.status.available": ("可用", "available"),
    "pool.status.used": ("已使用", "used"),
    "pool.status.voided": ("已作废", "voided"),
    "pool.status.expired": ("已过期", "expired"),
    "pool.status.refunded": ("已退款", "refunded"),
    "pool.status.external": ("已在别处发货", "shipped elsewhere"),
    "pool.origin.purchase": ("市场购买", "bought"),
    "pool.origin.imported": ("网点导入", "outlet import"),
    "pool.origin.manual": ("手工录入", "typed in"),
    "pool.origin.external": ("外部发货", "shipped elsewhere"),
    # the duplicate guard
    "pool.known.shipped": (
        "单号 {number} 已用于订单 {order_no}（{date}），不能重复使用。",
        "Number {number} was already used for order {order_no} ({date}); it cannot be used again.",
    ),
    "pool.known.voided": (
        "单号 {number} 曾用于订单 {order_no}（{date}）后作废，作废的单号不能再用。",
        "Number {number} was used for order {order_no} ({date}) and voided; a voided number is never reused.",
    ),
    "pool.known.external": (
        "单号 {number} 已在别处用于订单 {order_no} 发货（{date}），不能重复使用。",
        "Number {number} was used elsewhere to ship order {order_no} ({date}); it cannot be used again.",
    ),
    "pool.known.in_pool": (
        "单号 {number} 已在{carrier}库存中（{origin}，{date} 入库，状态：{status}），不能重复导入。",
        "Number {number} is already in the {carrier} pool ({origin}, added {date}, {status}).",
    ),
    # import
    "pool.import.too_large": (
        "文件超过 {limit} MB，请拆分后再导入。",
        "The file is over {limit} MB; split it and import again.",
    ),
    "pool.import.not_text": (
        "无法读取这个文件：请上传文本（.txt / .csv，UTF-8 或 GBK 编码）或 Excel（.xlsx）文件，每行一个单号。",
        "This file cannot be read: upload a text file (.txt/.csv, UTF-8 or GBK) or an Excel "
        "file (.xlsx) with one number per line.",
    ),
    "pool.import.bad_xlsx": (
        "这个 Excel 文件已损坏或不是 .xlsx 格式，请在 Excel 中另存为 .xlsx 后再试。",
        "This Excel file is damaged or not .xlsx; save it as .xlsx in Excel and try again.",
    ),
    "pool.import.bad_expiry": (
        "到期日期「{value}」看不懂，请用 2026-12-31 这样的格式。",
        "Expiry date “{value}” is not understood; use a date like 2026-12-31.",
    ),
    "pool.import.expiry_past": (
        "到期日期已经过去了，请选择今天以后的日期，或不填。",
        "The expiry date has passed; choose a later date or leave it empty.",
    ),
    "pool.import.too_many": (
        "一次最多导入 {limit} 个单号，请分批导入。",
        "At most {limit} numbers per import; import in parts.",
    ),
    "pool.import.nothing": (
        "没有找到单号：请粘贴单号（每行一个），或上传文件，或填写号段起始单号和数量。",
        "No numbers found: paste numbers (one per line), upload a file, or give a range start and count.",
    ),
    "pool.import.dup_in_input": ("与第 {row} 行重复，只导入一次。", "Same as row {row}; imported once only."),
    "pool.import.strict_refused": (
        "有 {count} 行不能导入，本次什么都没有导入。请先处理这些行。",
        "{count} rows cannot be imported, so nothing was imported. Fix those rows first.",
    ),
    # refund / extend / recycle
    "pool.act.nothing": ("请先选择单号。", "Choose numbers first."),
    "pool.act.unknown": ("库存里没有这个单号。", "This number is not in the pool."),
    "pool.act.not_available": (
        "单号状态为「{status}」，只有未使用的单号可以退款或延期。",
        "The number is {status}; only unused numbers can be refunded or extended.",
    ),
    "pool.act.expired": ("单号已过期，不能退款或延期。", "The number has expired; it cannot be refunded or extended."),
    "pool.act.not_purchased": (
        "这个单号不是在市场购买的（网点导入或手工录入），请到原网点办理。",
        "This number was not bought on the market (outlet import or typed in); ask the outlet it came from.",
    ),
    "pool.act.held": (
        "这个单号正在发货窗口中被占用，请稍后再试。",
        "This number is held by an open ship dialog; try again in a few minutes.",
    ),
    "pool.act.provider_failed": (
        "快递平台暂时无法处理（{error}），没有做任何改动，请稍后重试。",
        "The carrier platform could not do it right now ({error}); nothing was changed. Try again later.",
    ),
    "pool.act.provider_refused": ("快递平台拒绝：{why}", "Refused by the carrier platform: {why}"),
    "pool.act.bad_days": ("延期天数必须在 1 到 365 天之间。", "Extend by 1 to 365 days."),
    # alerts
    "pool.alert.expiring": (
        "{carrier}有 {count} 个单号将在 {days} 天内过期，请尽快使用，或在 单号库存 申请延期/退款。",
        "{count} {carrier} numbers expire within {days} days; use them soon, or extend or refund them on the Pool page.",
    ),
    "pool.alert.expiring_outlet": (
        "{carrier}有 {count} 个单号将在 {days} 天内过期，请尽快使用。这些单号是从网点导入的，不能在这里退款或延期，如需处理请联系网点。",
        "{count} {carrier} numbers expire within {days} days; use them soon. They were imported from an outlet, so they cannot be refunded or extended here: ask the outlet.",
    ),
    "pool.alert.expiring_mixed": (
        "{carrier}有 {count} 个单号将在 {days} 天内过期，请尽快使用。其中 {bought} 个是在物流市场采购的，可在 单号库存 申请延期/退款；其余是网点导入的，请联系网点。",
        "{count} {carrier} numbers expire within {days} days; use them soon. {bought} of them were bought on the market and can be extended or refunded on the Pool page; ask the outlet about the rest.",
    ),
    "pool.alert.expired": (
        "{carrier}有 {count} 个单号已过期（本次新过期 {newly} 个），不能再用于发货，也不能再退款或延期。以后请在到期前使用，或提前在 单号库存 申请延期/退款。",
        "{count} {carrier} numbers have expired ({newly} just now); they can no longer ship, nor be refunded or extended. Next time use them, or extend or refund them on the Pool page, before they expire.",
    ),
    "pool.alert.low_threshold": (
        "{carrier}单号库存只剩 {count} 个，低于设定的 {threshold} 个，请及时补充。",
        "Only {count} {carrier} numbers left, below your minimum of {threshold}; buy or import more.",
    ),
    "pool.alert.low_lead_time": (
        "{carrier}单号库存 {count} 个，按最近用量只够 {days} 天，少于补货所需的 {lead} 天，请及时补充。",
        "{count} {carrier} numbers last only {days} days at the recent rate, less than the "
        "{lead} days it takes to get more; buy or import more.",
    ),
    "pool.alert.low_empty_but_active": (
        "{carrier}单号已用完，但最近 14 天还在使用，请立即补充，否则无法发货。",
        "No {carrier} numbers left, yet the carrier was used in the last 14 days; "
        "buy or import more now or shipping stops.",
    ),
    # audit trail
    "pool.action.import": ("导入", "imported"),
    "pool.action.allocate": ("分配发货", "allocated"),
    "pool.action.void": ("作废", "voided"),
    "pool.action.expire": ("过期", "expired"),
    "pool.action.refund": ("退款", "refunded"),
    "pool.action.extend": ("延期", "extended"),
    "pool.action.recycle": ("回收", "recycled"),
    "pool.action.purchased": ("购买入库", "bought"),
    "pool.why.allocated": ("分配给发货", "handed out for a shipment"),
    "pool.why.shipment_cancelled": ("揽收前取消发货", "shipment cancelled before pickup"),
    "pool.why.outlet_import": ("从快递网点导入", "imported from a carrier outlet"),
    "pool.why.past_expiry": ("超过有效期", "past its expiry date"),
    "pool.why.refund": ("未使用单号退款", "unused number refunded"),
    "pool.why.extend": ("申请延长有效期", "validity extended"),
    "pool.why.provider_confirmed": ("快递平台已确认回收", "the carrier platform confirmed the recycling"),
    "pool.col.carrier": ("快递公司", "Carrier"),
    "pool.col.number": ("单号", "Number"),
    "pool.col.status": ("状态", "Status"),
    "pool.col.origin": ("来源", "Origin"),
    "pool.col.expires_at": ("到期时间", "Expires"),
    "pool.col.created_at": ("入库时间", "Added"),
    "pool.col.order_no": ("订单号", "Order"),
    "pool.col.shipped_at": ("发货时间", "Shipped"),
    "pool.audit.col.at": ("时间", "Time"),
    "pool.audit.col.actor": ("操作人", "By"),
    "pool.audit.col.carrier": ("快递公司", "Carrier"),
    "pool.audit.col.number": ("单号", "Number"),
    "pool.audit.col.action": ("操作", "Action"),
    "pool.audit.col.from": ("原状态", "From"),
    "pool.audit.col.to": ("新状态", "To"),
    "pool.audit.col.reason": ("原因", "Why"),
    "pool.audit.col.details": ("详情", "Details"),
}

TEXTS.update(
    {
        "pool.not_found": ("{carrier}没有单号 {number} 的记录。", "No record of {carrier} number {number}."),
    }
)
TEXTS.update(
    {
        "pool.api.bad_status": ("状态只能是：{allowed}", "status must be one of: {allowed}"),
    }
)
