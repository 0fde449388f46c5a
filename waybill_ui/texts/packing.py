"""Texts of the packing station (扫描验货发货)."""

TEXTS = {
    "pack.code_empty": ("请扫描拣货单条码或面单单号。", "Scan the pick slip barcode or the label's waybill number."),
    "pack.not_found": ("找不到订单或单号 {code}。请核对后重新扫描。", "No order or waybill number {code}. Check it and scan again."),
    "pack.weight_bad": ("重量「{raw}」看不懂。请输入千克（如 1.25）或克（如 1250g）。",
                        "Weight “{raw}” is not understood. Enter kilograms (1.25) or grams (1250g)."),
    "pack.blocked": ("订单 {order_no} 已退款/关闭或未付款，不能打包发货。请把货放回货架。",
                     "Order {order_no} is refunded/closed or unpaid and must not be packed. Put the goods back."),
    "pack.counts_differ": ("订单 {order_no} 的商品数量还没对上，请扫完所有商品再确认。",
                           "The items of order {order_no} do not match yet; scan every item before confirming."),
    "pack.no_shipment": ("订单 {order_no} 没有发货记录。", "Order {order_no} has no shipment."),
    "pack.already_packed": ("订单 {order_no} 已经验货打包过了。", "Order {order_no} has already been checked and packed."),
}
TEXTS.update({
    "pick.none_selected": ("请先选择订单，再打印拣货单。", "Select orders first, then print the pick list."),
    "pick.too_many": ("一次最多 {limit} 个订单的拣货单，请分批打印。", "At most {limit} orders per pick list; print in batches."),
})
