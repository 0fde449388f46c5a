TEXTS = {
    # --- ship one order ---
    "ship.order_not_found": (
        "找不到订单 {order_no}。请先导入订单。",
        "Order {order_no} not found. Import the orders first.",
    ),
    "ship.shipment_not_found": ("找不到发货记录 {id}。", "Shipment {id} not found."),
    "ship.already_shipped": (
        "订单 {order_no} 已经发货，不能重复发货。",
        "Order {order_no} is already shipped; it cannot be shipped twice.",
    ),
    "ship.not_shippable_unpaid": (
        "订单 {order_no} 买家还未付款，付款后才能发货。",
        "Order {order_no} is not paid yet; ship it once the buyer has paid.",
    ),
    "ship.not_shippable_closed": (
        "订单 {order_no} 已关闭，不能发货。",
        "Order {order_no} is closed and cannot be shipped.",
    ),
    "ship.unknown_carrier": (
        "不认识快递公司「{carrier}」。请从列表中选择。",
        "Unknown carrier “{carrier}”. Choose one from the list.",
    ),
    "ship.no_carrier": ("没有能发订单 {order_no} 的快递：{reason}", "No carrier can ship order {order_no}: {reason}"),
    "ship.no_stock": (
        "{carrier}的单号库存用完了。请到物流市场购买，或换一家快递。",
        "{carrier} has no numbers in stock. Buy some in the carrier market, or choose another carrier.",
    ),
    "ship.hold_lapsed": (
        "为订单 {order_no} 保留的单号已超时释放，请重新匹配单号后再确认。",
        "The number held for order {order_no} was released after the timeout; match a number again, then confirm.",
    ),
    "ship.number_used": (
        "单号 {number} 已用于订单 {order_no}（{carrier}），不能重复使用。",
        "Number {number} was already used for order {order_no} ({carrier}); it cannot be used again.",
    ),
    "ship.number_taken": (
        "单号 {number} 刚刚被别人用掉了，请换一个单号。",
        "Number {number} was just used by someone else; use another one.",
    ),
    "ship.number_in_pool": (
        "单号 {number} 已在单号库存中（{carrier}，状态：{state}），不能作为手输单号使用。",
        "Number {number} is already in the pool ({carrier}, status {state}); it cannot be typed in.",
    ),
    "ship.number_bad_format": (
        "单号 {number} 不符合{carrier}的单号格式（例如 {example}）。请核对后重新输入。",
        "Number {number} does not fit {carrier}'s format (e.g. {example}). Check it and type it again.",
    ),
    "ship.number_empty": ("请输入或扫描单号。", "Type or scan a number."),
    "ship.number_bad_check_digit": (
        "单号 {number} 的校验位不对，可能输错了一位。",
        "Number {number} has a wrong check digit; a digit may be mistyped.",
    ),
    "ship.number_unknown_carrier": ("{carrier}没有已知的单号格式。", "No number format is known for {carrier}."),
    "ship.already_cancelled": (
        "单号 {number} 的发货已经取消过了。",
        "The shipment with number {number} is already cancelled.",
    ),
    "ship.cancel_after_pickup": (
        "单号 {number} 已被揽收（{state}），不能取消发货。请联系快递拦截。",
        "Number {number} was already picked up ({state}); it cannot be cancelled. Ask the carrier to intercept it.",
    ),
    # --- batch ---
    "batch.fail.not_found": ("找不到订单", "order not found"),
    "batch.fail.already_shipped": ("已经发货", "already shipped"),
    "batch.fail.not_unpaid": ("买家未付款", "not paid yet"),
    "batch.fail.not_closed": ("订单已关闭", "order closed"),
    "batch.fail.no_stock": ("{carrier}单号库存不足", "{carrier} is out of numbers"),
    "batch.fail.no_carrier": ("没有可用快递：{reason}", "no carrier: {reason}"),
    "batch.fail.not_served": ("{carrier}不服务{province}", "{carrier} does not deliver to {province}"),
    # --- matching ---
    "match.by_rule": ("规则 {n}：{rule} → {carrier}", "Rule {n}: {rule} → {carrier}"),
    "match.by_score": (
        "得分最高：价格 {price} 元，{days} 天，库存 {stock}",
        "Best score: price ¥{price}, {days} days, {stock} in stock",
    ),
    "match.by_score_rated": (
        "得分最高：价格 {price} 元，{days} 天，评分 {rating}，库存 {stock}",
        "Best score: price ¥{price}, {days} days, rating {rating}, {stock} in stock",
    ),
    "match.none": (
        "没有快递服务「{province}」。请在物流市场查看或添加规则。",
        "No carrier delivers to {province}. Check the carrier market or add a rule.",
    ),
    "match.no_province": (
        "地址中没有可识别的省份，无法匹配快递。",
        "The address has no recognisable province; no carrier can be matched.",
    ),
    "match.cond.weight": ("重量 {low}–{high}", "weight {low}–{high}"),
    "match.cond.amount": ("金额 {low}–{high}", "amount {low}–{high}"),
    "match.cond.title": ("宝贝含「{words}」", "item contains “{words}”"),
    "match.cond.message": ("留言含「{words}」", "message contains “{words}”"),
    "match.cond.all": ("所有订单", "all orders"),
    "match.rule_needs_carrier": ("请选择快递公司。", "Choose a carrier."),
    "match.rule_bad_range": ("{what}的下限不能大于上限。", "The lower bound of {what} cannot exceed the upper bound."),
    "match.rule_not_found": ("规则不存在（可能已被删除）。", "The rule does not exist (it may have been deleted)."),
    "match.bad_province": ("不认识省份「{value}」。", "Unknown province “{value}”."),
    "orders.bad_status": (
        "订单状态「{value}」无效（可选 pending、unpaid、shipped、closed）。",
        "Invalid order status “{value}” (use pending, unpaid, shipped or closed).",
    ),
    "exports.nothing": (
        "没有可导出的发货记录。请先发货，或调整时间范围。",
        "No shipments to export. Ship first, or change the time range.",
    ),
    "exports.bad_ids": ("shipment_ids 应为逗号分隔的数字。", "shipment_ids must be comma-separated numbers."),
    "exports.need_filter": ("请指定 shipment_ids 或 shipped_since。", "Give shipment_ids or shipped_since."),
}
