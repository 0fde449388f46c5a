"""报表: column names, section titles, the notes that explain each figure, period errors."""

TEXTS = {
    "reports.title": ("物流报表", "Logistics report"),
    "reports.intro": (
        "选一个时间段，看每家快递花了多少钱、快不快、出问题多不多；单号库存用了多少、浪费了多少；"
        "发往各省的表现；预警处理得怎样。每张表都可以导出 CSV，整份报表可以导出 Excel。",
        "Pick a period to see what each carrier cost, how fast it was and how often things went wrong; how the "
        "number pool was used and what was wasted; how parcels to each province did; and how alerts were handled. "
        "Each table exports as CSV, the whole report as Excel.",
    ),
    "reports.nav": ("报表", "Reports"),
    "reports.period": ("时间段", "Period"),
    "reports.preset.last_month": ("上个月", "Last month"),
    "reports.preset.this_month": ("本月", "This month"),
    "reports.preset.last_7": ("最近 7 天", "Last 7 days"),
    "reports.preset.last_30": ("最近 30 天", "Last 30 days"),
    "reports.preset.custom": ("自定义", "Custom"),
    "reports.from": ("开始日期", "From"),
    "reports.to": ("结束日期", "To"),
    "reports.show": ("查看", "Show"),
    "reports.export_xlsx": ("导出 Excel（整份报表）", "Export Excel (whole report)"),
    "reports.export_csv": ("导出 CSV", "Export CSV"),
    "reports.period_label": (
        "统计时间：{period}（含首尾两天，北京时间）",
        "Period: {period} (both days included, Beijing time)",
    ),
    "reports.findings": ("结论", "In short"),
    "reports.empty": ("这个时间段没有数据。", "Nothing in this period."),
    "reports.total": ("合计", "Total"),
    "reports.unknown_province": ("（未知省份）", "(unknown province)"),
    "reports.bad_date": (
        "日期格式不对，请用 年-月-日（例如 2026-01-31）。",
        "That date is not valid; use YYYY-MM-DD (e.g. 2026-01-31).",
    ),
    "reports.end_before_start": (
        "结束日期 {end} 早于开始日期 {start}，请调换或重新选择。",
        "The end date {end} is before the start date {start}; swap them or pick again.",
    ),
    "reports.too_long": (
        "时间段最长 {days} 天，请选短一些。",
        "A period can be at most {days} days; pick a shorter one.",
    ),
    "reports.bad_section": (
        "没有「{section}」这张报表，可选：{choices}。",
        "There is no “{section}” report; choose one of: {choices}.",
    ),
    "reports.bad_preset": (
        "没有「{period}」这个时间段，可选：{choices}；或用 start 和 end 指定日期。",
        "There is no “{period}” period; choose one of: {choices}, or give start and end dates.",
    ),
    "reports.section.carriers": ("各快递表现", "Carriers"),
    "reports.section.pool": ("单号库存", "Number pool"),
    "reports.section.provinces": ("各省份", "Provinces"),
    "reports.section.alerts": ("预警处理", "Alerts"),
    "reports.col.carrier": ("快递", "Carrier"),
    "reports.col.shipments": ("发货量", "Shipments"),
    "reports.col.delivered": ("已签收", "Delivered"),
    "reports.col.spend_fen": ("单号花费", "Spend on numbers"),
    "reports.col.cost_per_delivered_fen": ("每件签收成本", "Cost per delivered parcel"),
    "reports.col.avg_pickup_hours": ("平均揽收用时", "Avg. pickup delay"),
    "reports.col.avg_transit_days": ("平均运输天数", "Avg. transit"),
    "reports.col.on_time_rate": ("准时率", "On time"),
    "reports.col.late": ("迟到件数", "Late parcels"),
    "reports.col.late_rate": ("迟到率", "Late"),
    "reports.col.exception_rate": ("异常率", "Exceptions"),
    "reports.col.returned_rate": ("拒收/退回率", "Refused/returned"),
    "reports.col.weighed": ("已称重", "Weighed"),
    "reports.col.avg_weight_g": ("平均重量(克)", "Avg. weight (g)"),
    "reports.col.freight_fen": ("估算运费(按实重)", "Freight at weighed weight"),
    "reports.col.bought": ("购买", "Bought"),
    "reports.col.bought_fen": ("购买金额", "Bought for"),
    "reports.col.imported": ("网点导入", "Imported"),
    "reports.col.used": ("已用", "Used"),
    "reports.col.voided": ("作废", "Voided"),
    "reports.col.expired": ("过期未用", "Expired unused"),
    "reports.col.refunded": ("退款", "Refunded"),
    "reports.col.refunded_fen": ("退回金额", "Refunded amount"),
    "reports.col.waste_fen": ("浪费金额", "Waste"),
    "reports.col.province": ("省份", "Province"),
    "reports.col.kind": ("预警类型", "Alert kind"),
    "reports.col.raised": ("产生", "Raised"),
    "reports.col.resolved": ("已处理", "Resolved"),
    "reports.col.still_open": ("未处理", "Still open"),
    "reports.col.avg_resolve_hours": ("平均处理用时", "Avg. time to resolve"),
    "reports.unit.yuan": ("（元）", " (yuan)"),
    "reports.unit.pct": ("（%）", " (%)"),
    "reports.unit.hours": ("（小时）", " (hours)"),
    "reports.unit.days": ("（天）", " (days)"),
    "reports.note.spend": (
        "单号花费 = 这段时间发货用掉的单号的买入价（取消的发货也算：作废的单号不能再用）；每件签收成本 = 单号花费 ÷ 已签收件数，"
        "退回和丢件会让它变贵；还在路上的包裹尚未计入签收。",
        "Spend = what the numbers used in the period cost (a cancelled shipment's number too: it cannot be used "
        "again); cost per delivered parcel = spend ÷ parcels delivered, so returns and losses make it dearer; parcels "
        "still on the way are not delivered yet.",
    ),
    "reports.note.on_time": (
        "准时 = 在该快递自己承诺的时效天数内签收（从揽收算起，没有揽收记录时从发货算起，按北京时间的自然日）；与物流市场的评分同一口径。",
        "On time = delivered within the carrier's own promised transit days (counted in Beijing calendar days from "
        "pickup, or from shipping when no pickup was seen) — the same rule as the market's rating.",
    ),
    "reports.note.exception": (
        "异常率、拒收/退回率 = 已结束的包裹（签收或出问题）中，途中出现过异常 / 被拒收或退回的比例。平均揽收用时以小时计，平均运输天数从揽收到签收。",
        "Exceptions and refused/returned = share of the parcels that ended (delivered or in trouble) that had an "
        "exception / were refused or returned at some point. Pickup delay in hours; transit from pickup to delivery.",
    ),
    "reports.note.pool": (
        "购买、网点导入 = 这段时间进库的单号；已用 = 这段时间发货用掉的；作废 = 取消发货后作废的；过期未用 = 这段时间到期时还没用的；"
        "退款 = 这段时间退回的。浪费金额 = 作废和过期未用单号的买入价。",
        "Bought and imported = numbers that came in during the period; used = numbers shipments took; voided = "
        "numbers of cancelled shipments; expired unused = numbers that reached their expiry unused; refunded = "
        "numbers refunded. Waste = what the voided and expired numbers cost.",
    ),
    "reports.note.alerts": (
        "按这段时间产生的预警统计；平均处理用时 = 从产生到处理完成的小时数。",
        "Alerts raised in the period; time to resolve = hours from raised to resolved.",
    ),
    "reports.finding.cheapest": (
        "每件签收最便宜的是 {carrier}：{cost}（{delivered} 件签收）。",
        "Cheapest per delivered parcel: {carrier} at {cost} ({delivered} delivered).",
    ),
    "reports.finding.latest": (
        "最常迟到的是 {carrier}：迟到率 {rate}（{delivered} 件签收中 {late} 件迟到）。",
        "Late most often: {carrier}, {rate} late ({late} of {delivered} delivered).",
    ),
    "reports.finding.none_late": ("这段时间签收的包裹都准时。", "Every parcel delivered in this period was on time."),
    "reports.finding.no_data": (
        "这段时间还没有签收的包裹，暂时比较不出哪家快递更好。",
        "No parcel was delivered in this period yet, so carriers cannot be compared.",
    ),
    # alert kinds the pool and purchases raise (the tracking kinds are named in texts/alerts.py)
}
