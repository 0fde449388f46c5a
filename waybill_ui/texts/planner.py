"""采购建议: the planner's arithmetic, step by step."""

TEXTS = {
    "planner.step.rate": (
        "最近 {days} 天用了 {used} 个单号 → 每天约 {rate} 个",
        "{used} numbers used in the last {days} days → about {rate} a day",
    ),
    "planner.step.pending": (
        "待发货订单 {pending} 单 × 该快递最近占比 {percent}% ≈ {share} 个",
        "{pending} orders waiting × this carrier's recent share {percent}% ≈ {share}",
    ),
    "planner.step.need": (
        "未来 {horizon} 天需要：{rate} × {horizon} + {share} ≈ {need} 个",
        "Next {horizon} days: {rate} × {horizon} + {share} ≈ {need} numbers",
    ),
    "planner.step.stock": (
        "现有可用 {available} 个，其中到期前能用掉 {usable} 个，{unused} 个会到期用不完",
        "{available} in stock: {usable} will be used before they expire, {unused} will expire unused",
    ),
    "planner.step.gap": ("缺口：{need} − {covered} = {gap} 个", "Short by: {need} − {covered} = {gap}"),
    "planner.step.buy": (
        "买 {count} × {size} 单套餐 = {price}（每单 {unit}，有效期 {validity} 天）",
        "Buy {count} × {size}-number package = {price} ({unit} each, valid {validity} days)",
    ),
    "planner.step.total": (
        "合计 {numbers} 个单号 {price}，按现在的用量约可用 {days} 天；到期用不完的：{unused} 个",
        "In all {numbers} numbers for {price}, lasting about {days} days at the current rate; "
        "left unused at expiry: {unused}",
    ),
    "planner.note.no_history": ("最近没有用过这家快递，不需要补货。", "Not used lately; nothing to buy."),
    "planner.note.enough": ("库存足够，不需要补货。", "Enough stock; nothing to buy."),
    "planner.note.no_packages": (
        "快递平台目前没有这家快递的套餐可买，可从网点导入单号。",
        "The platform sells no package of this carrier right now; import numbers from an outlet.",
    ),
    "planner.note.smallest_wastes": (
        "用量较少：即使买最小的套餐，也会有 {unused} 个单号到期用不完。可考虑从网点少量拿号。",
        "Slow use: even the smallest package leaves {unused} numbers unused at expiry. "
        "Consider getting a few numbers from an outlet.",
    ),
}
