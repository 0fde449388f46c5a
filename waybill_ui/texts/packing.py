"""Texts of the packing station (扫描验货发货)."""

TEXTS = {
    "pack.code_empty": ("请扫描拣货单条码或面单单号。", "Scan the pick slip barcode or the label's waybill number."),
    "pack.not_found": (
        "找不到订单或单号 {scanned}。请核对后重新扫描。",
        "No order or waybill number {scanned}. Check it and scan again.",
    ),
    "pack.weight_bad": (
        "重量「{raw}」看不懂。请输入千克（如 1.25）或克（如 1250g）。",
        "Weight “{raw}” is not understood. Enter kilograms (1.25) or grams (1250g).",
    ),
    "pack.blocked": (
        "订单 {order_no} 已退款/关闭或未付款，不能打包发货。请把货放回货架。",
        "Order {order_no} is refunded/closed or unpaid and must not be packed. Put the goods back.",
    ),
    "pack.counts_differ": (
        "订单 {order_no} 的商品数量还没对上，请扫完所有商品再确认。",
        "The items of order {order_no} do not match yet; scan every item before confirming.",
    ),
    "pack.no_shipment": ("订单 {order_no} 没有发货记录。", "Order {order_no} has no shipment."),
    "pack.already_packed": (
        "订单 {order_no} 已经验货打包过了。",
        "Order {order_no} has already been checked and packed.",
    ),
}
TEXTS.update(
    {
        "pick.none_selected": ("请先选择订单，再打印拣货单。", "Select orders first, then print the pick list."),
        "pick.too_many": (
            "一次最多 {limit} 个订单的拣货单，请分批打印。",
            "At most {limit} orders per pick list; print in batches.",
        ),
    }
)
TEXTS.update(
    {
        "pack.page.title": ("扫描验货发货", "Scan, check and ship"),
        "pack.page.keys": (
            "快捷键：回车 = 扫描/确认　Esc = 重新开始　扫码枪与电子秤都当键盘用",
            "Keys: Enter = scan/confirm · Esc = start over · scanner and scale type like a keyboard",
        ),
        "pack.page.input": ("扫描框", "Scan box"),
        "pack.step.order": ("① 扫描拣货单条码或面单单号", "① Scan the pick slip barcode or the label's waybill number"),
        "pack.step.items": ("② 逐件扫描商品条码", "② Scan every item's barcode"),
        "pack.step.weight": (
            "③ 放上电子秤（或输入重量，如 1.25）后回车",
            "③ Put it on the scale (or type the weight, e.g. 1.25) and press Enter",
        ),
        "pack.step.confirm": ("④ 按回车确认发货", "④ Press Enter to confirm and ship"),
        "pack.page.scale": ("连接电子秤（Web Serial）", "Connect a scale (Web Serial)"),
        "pack.page.order": ("订单 {order_no}", "Order {order_no}"),
        "pack.page.weight": ("重量：{kg} kg", "Weight: {kg} kg"),
        "pack.verdict.ok": ("✓ {sku}", "✓ {sku}"),
        "pack.verdict.done": ("✓ 商品齐了", "✓ All items checked"),
        "pack.verdict.wrong": (
            "✗ 扫错商品：{sku} 不在这个订单里，请拿出来",
            "✗ Wrong item: {sku} is not in this order; take it out",
        ),
        "pack.verdict.extra": ("✗ 多扫了：{sku} 已经够数了", "✗ Extra item: {sku} is already complete"),
        "pack.warn.refunded": ("✗ 订单已退款/关闭，不要发货！", "✗ Order refunded/closed — do not ship!"),
        "pack.warn.unpaid": ("✗ 买家还未付款，不要发货！", "✗ Not paid yet — do not ship!"),
        "pack.warn.already_shipped": ("已发货（单号已打印），验货后记录重量", "Already shipped; check and weigh it"),
        "pack.warn.carrier_request": (
            "✗ 买家指定快递，请看留言：{message}",
            "✗ The buyer asked for a carrier: {message}",
        ),
        "pack.warn.address_changed": ("✗ 地址有变更，请看备注：{memo}", "✗ Address changed, see the memo: {memo}"),
        "pack.weight_flag": (
            "✗ 重量与预计 {expected} g 相差很大，请检查",
            "✗ Weight far from the expected {expected} g; check the parcel",
        ),
        "pack.shipped": ("✓ 已发货：{carrier} {number}，重量 {weight} g", "✓ Shipped: {carrier} {number}, {weight} g"),
        "pack.packed": ("✓ 已验货：{carrier} {number}，重量 {weight} g", "✓ Checked: {carrier} {number}, {weight} g"),
    }
)
TEXTS.update(
    {
        "handover.empty": ("请先扫描要交接的包裹单号。", "Scan the parcels to hand over first."),
        "handover.unknown": ("单号 {number} 不是已发货的包裹，请核对。", "{number} is not a shipped parcel; check it."),
        "handover.other_carrier": (
            "单号 {number} 是{carrier}的包裹，不能交给这家快递。",
            "{number} belongs to {carrier}; it cannot go with this courier.",
        ),
        "handover.twice": ("单号 {number} 已经交接过了。", "{number} has already been handed over."),
    }
)
TEXTS["handover.not_found"] = ("找不到交接单 {id}。", "Handover {id} not found.")
TEXTS.update(
    {
        "barcode.bad_barcode": (
            "条码「{value}」不对：只能是字母、数字和 - _ . / +，最长 64 位。请重新扫描。",
            "Barcode “{value}” is not valid: letters, digits and - _ . / + only, at most 64. Scan it again.",
        ),
        "barcode.bad_sku": (
            "商家编码「{value}」不对：只能是字母、数字和 - _ . / +，最长 64 位。",
            "商家编码 (SKU) “{value}” is not valid: letters, digits and - _ . / + only, at most 64.",
        ),
        "barcode.bad_weight": (
            "单件重量要在 1 克到 {max_kg} 千克之间，不知道可以留空。",
            "A piece weighs between 1 g and {max_kg} kg; leave it empty when unknown.",
        ),
        "barcode.not_found": ("条码 {barcode} 不在列表里。", "Barcode {barcode} is not in the list."),
    }
)
TEXTS.update(
    {
        "pack.freight": ("运费约 ¥{yuan}（按实重）", "Freight about ¥{yuan} at this weight"),
        "pack.label_printed": ("✓ 面单 {number} 已发送打印", "✓ Label {number} sent to the printer"),
        "pack.label_failed": ("✗ 面单没打出来：{error}", "✗ The label did not print: {error}"),
    }
)
