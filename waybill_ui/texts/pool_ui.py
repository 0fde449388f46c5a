"""单号库存 pages: the pool page, its import dialog, refund/extend dialogs, the audit trail,
a number's history, the planner section and the pool settings."""

TEXTS = {
    "poolui.title": ("单号库存", "Number pool"),
    "poolui.intro": (
        "各快递单号的库存、用量和到期情况。单号按「最早到期先用」分配，用过或作废的单号永不再用。",
        "Stock, use and expiry of each carrier's numbers. Numbers go out soonest-expiring first; "
        "a used or voided number is never used again.",
    ),
    "poolui.import": ("导入单号", "Import numbers"),
    "poolui.audit": ("操作记录", "History"),
    "poolui.stats.title": ("各快递库存", "Stock per carrier"),
    "poolui.stats.empty": (
        "还没有单号。可以在「物流市场」购买，或点「导入单号」导入从快递网点拿到的单号。",
        "No numbers yet. Buy some on the carrier market, or import the numbers you got from a "
        "carrier outlet with “Import numbers”.",
    ),
    "poolui.col.available": ("可用", "Available"),
    "poolui.col.used": ("已使用", "Used"),
    "poolui.col.voided": ("已作废", "Voided"),
    "poolui.col.expired": ("已过期", "Expired"),
    "poolui.col.refunded": ("已退款", "Refunded"),
    "poolui.col.expiring": ("{days} 天内到期", "Expire in {days} days"),
    "poolui.col.rate": ("日均用量", "Used per day"),
    "poolui.col.days_left": ("还够几天", "Days left"),
    "poolui.col.state": ("提醒", "Notice"),
    "poolui.low": ("库存不足", "Low stock"),
    "poolui.days_left_none": ("—", "—"),
    "poolui.recycle_pending": ("{count} 个作废单号等待快递平台回收", "{count} voided numbers waiting to be recycled"),
    "poolui.recycle_now": ("立即回收", "Recycle now"),
    "poolui.recycled": (
        "已回收 {recycled} 个，{failed} 个稍后自动重试。",
        "{recycled} recycled; {failed} will be retried automatically.",
    ),
    "poolui.list.title": ("单号列表", "Numbers"),
    "poolui.filter.carrier": ("快递公司", "Carrier"),
    "poolui.filter.status": ("状态", "Status"),
    "poolui.filter.origin": ("来源", "Origin"),
    "poolui.filter.expires_from": ("到期从", "Expires from"),
    "poolui.filter.expires_to": ("到期至", "Expires until"),
    "poolui.filter.q": ("搜索单号", "Search number"),
    "poolui.filter.all": ("全部", "All"),
    "poolui.filter.expiring": ("只看即将到期", "Expiring soon only"),
    "poolui.filter.clear": ("清除筛选", "Clear filters"),
    "poolui.export": ("导出 CSV", "Export CSV"),
    "poolui.exported": ("已导出 {count} 行。", "{count} rows exported."),
    "poolui.held": ("发货中占用", "held by a ship dialog"),
    "poolui.refund": ("申请退款", "Refund"),
    "poolui.extend": ("申请延期", "Extend"),
    "poolui.selected": ("已选 {count} 个", "{count} selected"),
    "poolui.owner_actions_hint": (
        "勾选未使用的购买单号后可申请退款或延期（仅店主）。",
        "Select unused bought numbers to refund or extend them (owner only).",
    ),
    # refund / extend dialog
    "poolui.act.numbers": ("单号（每行一个）", "Numbers (one per line)"),
    "poolui.act.refund_title": ("申请退款", "Refund unused numbers"),
    "poolui.act.refund_body": (
        "未使用且未过期的购买单号可退款，按购买价退回余额。网点导入的单号请到原网点办理。",
        "Unused, unexpired bought numbers are refunded at the price paid, to the balance. "
        "Numbers imported from an outlet are refunded at that outlet.",
    ),
    "poolui.act.extend_title": ("申请延期", "Extend validity"),
    "poolui.act.extend_body": (
        "向快递平台申请延长未使用单号的有效期，平台可能收取费用（从余额扣除）。",
        "Ask the carrier platform for a later expiry of unused numbers; it may charge a fee (taken from the balance).",
    ),
    "poolui.act.days": ("延长天数", "Days"),
    "poolui.act.submit_refund": ("确认退款", "Refund"),
    "poolui.act.submit_extend": ("确认延期", "Extend"),
    "poolui.act.refunded": ("已退款 {count} 个单号，退回 {amount}。", "{count} numbers refunded, {amount} credited."),
    "poolui.act.extended": ("已延期 {count} 个单号，费用 {fee}。", "{count} numbers extended, fee {fee}."),
    "poolui.act.rejected": ("{count} 个没有办理：", "{count} not done:"),
    # import dialog
    "poolui.imp.title": ("导入快递网点单号", "Import numbers from a carrier outlet"),
    "poolui.imp.intro": (
        "把从快递网点拿到的单号导入库存。每个单号都会检查格式和是否用过，先预览，再一次性导入。",
        "Bring numbers you got from a carrier outlet into the pool. Each is checked for format and "
        "earlier use; preview first, then import them all at once.",
    ),
    "poolui.imp.tab_paste": ("粘贴单号", "Paste"),
    "poolui.imp.tab_file": ("上传文件", "Upload a file"),
    "poolui.imp.tab_range": ("号段", "Range"),
    "poolui.imp.paste": (
        "单号（每行一个，也可用逗号或空格分隔）",
        "Numbers (one per line, or separated by commas or spaces)",
    ),
    "poolui.imp.file_hint": (
        "支持 .txt / .csv（UTF-8 或 GBK）和 .xlsx，每行一个单号。",
        ".txt/.csv (UTF-8 or GBK) or .xlsx, one number per line.",
    ),
    "poolui.imp.file_loaded": ("已读取「{name}」：{count} 个单号", "Read “{name}”: {count} numbers"),
    "poolui.imp.start": ("起始单号", "First number"),
    "poolui.imp.count": ("数量", "How many"),
    "poolui.imp.expiry": ("到期日期（可不填）", "Expiry date (optional)"),
    "poolui.imp.note": ("备注（例如网点名称）", "Note (e.g. the outlet's name)"),
    "poolui.imp.preview": ("预览", "Preview"),
    "poolui.imp.commit": ("导入 {count} 个单号", "Import {count} numbers"),
    "poolui.imp.summary": (
        "共 {total} 行：可以导入 {accepted} 个，不能导入 {rejected} 个。",
        "{total} rows: {accepted} can be imported, {rejected} cannot.",
    ),
    "poolui.imp.rejected_title": ("不能导入的行", "Rows that cannot be imported"),
    "poolui.imp.col.row": ("行", "Row"),
    "poolui.imp.col.number": ("单号", "Number"),
    "poolui.imp.col.reason": ("原因", "Reason"),
    "poolui.imp.shown_first": ("只显示前 {shown} 行，共 {total} 行。", "First {shown} of {total} rows shown."),
    "poolui.imp.done": ("已导入 {count} 个单号。", "{count} numbers imported."),
    "poolui.imp.changed": ("库存在预览后有变化，请重新预览。", "The pool changed since the preview; preview again."),
    "poolui.imp.working": ("正在检查…", "Checking…"),
    # audit page and number page
    "poolui.audit.title": ("单号操作记录", "Number history"),
    "poolui.audit.intro": (
        "每个单号的每次状态变化：谁（或哪个自动任务）、何时、从什么状态到什么状态、为什么。",
        "Every status change of every number: who (or which automatic job), when, from, to, and why.",
    ),
    "poolui.audit.action": ("操作", "Action"),
    "poolui.audit.actor": ("操作人", "By"),
    "poolui.audit.since": ("从（日期）", "From (date)"),
    "poolui.audit.until": ("到（日期）", "Until (date)"),
    "poolui.audit.back": ("返回单号库存", "Back to the pool"),
    "poolui.number.title": ("单号 {number}", "Number {number}"),
    "poolui.number.facts": ("{carrier} · {status} · {origin}", "{carrier} · {status} · {origin}"),
    "poolui.number.expires": ("到期：{date}", "Expires: {date}"),
    "poolui.number.added": ("入库：{date}", "Added: {date}"),
    "poolui.number.cost": ("购买价：{amount}", "Price paid: {amount}"),
    "poolui.number.recycled": ("已回收：{date}", "Recycled: {date}"),
    "poolui.number.shipments": ("发货记录", "Shipments"),
    "poolui.number.shipment": (
        "订单 {order_no} · {date} 发货 · {status}",
        "Order {order_no} · shipped {date} · {status}",
    ),
    "poolui.number.cancelled": ("（{date} 取消：{reason}）", "(cancelled {date}: {reason})"),
    "poolui.number.history": ("状态变化", "Status changes"),
    "poolui.number.no_history": ("暂无记录。", "No changes recorded yet."),
    "poolui.number.not_found": ("找不到这个单号。", "This number is not known."),
    "poolui.number.known": ("查重结果", "Duplicate check"),
    # planner section
    "poolui.plan.title": ("采购建议", "What to buy"),
    "poolui.plan.intro": (
        "按最近的发货量和待发货订单预测未来用量，建议最省钱、且不会到期浪费的套餐组合。",
        "Forecasts use from recent shipments and waiting orders, and suggests the cheapest packages "
        "that will not expire unused.",
    ),
    "poolui.plan.horizon": ("预测天数", "Days ahead"),
    "poolui.plan.recalc": ("重新计算", "Recalculate"),
    "poolui.plan.buy": ("去购买：{count} × {size} 单套餐", "Buy: {count} × {size}-number package"),
    "poolui.plan.none": ("还没有发货记录，暂时无法预测。", "No shipments yet, so nothing to forecast."),
    "poolui.plan.alternatives": ("各套餐对比", "Packages compared"),
    "poolui.plan.alt_line": (
        "{size} 单套餐 × {count} = {price}，约 {unused} 个会到期用不完",
        "{size}-number package × {count} = {price}, about {unused} would expire unused",
    ),
    "poolui.plan.alt_line_ok": (
        "{size} 单套餐 × {count} = {price}，全部能在到期前用完",
        "{size}-number package × {count} = {price}, all used before they expire",
    ),
}

TEXTS.update(
    {
        "settings.tab.pool": ("单号库存", "Number pool"),
        "settings.pool.intro": (
            "到期提醒、库存不足提醒和采购建议的参数。",
            "Expiry warnings, low-stock alerts and the purchase planner.",
        ),
        "settings.pool.warn_days": ("提前几天提醒到期", "Warn this many days before numbers expire"),
        "settings.pool.lead_time": (
            "补货需要几天（库存只够这么多天时提醒）",
            "Days it takes to get more numbers (alert when stock lasts less)",
        ),
        "settings.pool.window": ("按最近几天的用量计算", "Measure the usage rate over the last N days"),
        "settings.pool.horizon": ("采购建议预测几天", "Planner looks this many days ahead"),
        "settings.pool.thresholds": (
            "各快递最低库存（0 = 只按用量提醒）",
            "Minimum stock per carrier (0 = by usage only)",
        ),
        "settings.pool.bad_value": (
            "「{field}」必须是 {low} 到 {high} 之间的整数。",
            "“{field}” must be a whole number from {low} to {high}.",
        ),
    }
)
