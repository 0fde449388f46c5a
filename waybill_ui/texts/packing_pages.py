"""Texts of the packing pages (打包发货, 交接, 商品条码) and the orders page's pick-list buttons."""

TEXTS = {
    "nav.packing": ("打包", "Packing"),
    "packing.title": ("打包发货", "Packing"),
    "packing.open_station": ("打开扫描验货台", "Open the scan station"),
    "packing.open_handover": ("快递交接（交接单）", "Courier handover"),
    "packing.pager": ("第 {page}/{pages} 页 · 共 {total} 条", "Page {page}/{pages} · {total} in all"),
    "packing.left.title": ("未交接的包裹", "Parcels not handed over"),
    "packing.left.intro": (
        "截至所选日期结束已发货、还没交给快递员也还没揽收的包裹。下班前这里应该是空的。",
        "Shipped by the end of the chosen day, not handed to a courier and not picked up. "
        "It should be empty before you close.",
    ),
    "packing.left.day": ("日期", "Day"),
    "packing.left.carrier": ("快递（可选）", "Carrier (optional)"),
    "packing.left.bad_day": ("日期看不懂，请重新选择。", "The date is not understood; pick it again."),
    "packing.left.none": ("✓ 没有未交接的包裹", "✓ Nothing left to hand over"),
    "packing.left.packed": ("已验货", "Checked"),
    "packing.left.not_packed": ("未验货", "Not checked"),
    "packing.history.title": ("交接记录", "Handovers"),
    "packing.history.none": ("还没有交接记录。", "No handovers yet."),
    "packing.history.count": ("{count} 件", "{count} parcels"),
    "packing.history.sheet": ("交接单 PDF", "Sheet PDF"),
    "packing.barcodes.title": ("商品条码", "Item barcodes"),
    "packing.barcodes.intro": (
        "把包装上的条码（如 69 开头的 EAN-13）对应到你的商家编码；填上单件重量，扫描台就能算出包裹应有的重量。"
        "条码和商家编码相同时也可以只填重量。",
        "Map a product's box barcode (e.g. EAN-13) to your 商家编码; with the weight of one piece "
        "the station knows what a parcel should weigh. Use the 商家编码 itself as the barcode to "
        "record only a weight.",
    ),
    "packing.barcodes.barcode": ("条码（可扫描）", "Barcode (scan it)"),
    "packing.barcodes.sku": ("商家编码", "商家编码 (SKU)"),
    "packing.barcodes.weight": ("单件重量（克）", "Piece weight (g)"),
    "packing.barcodes.save": ("保存", "Save"),
    "packing.barcodes.search": ("查找条码或商家编码", "Find a barcode or SKU"),
    "packing.barcodes.empty": ("还没有条码。", "No barcodes yet."),
    "packing.barcodes.saved": ("已保存：{barcode} → {sku}", "Saved: {barcode} → {sku}"),
    "handover.page.title": ("快递交接", "Courier handover"),
    "handover.page.keys": (
        "选快递 → 逐个扫描包裹单号（回车）→ 空白处再按回车生成交接单并打印",
        "Choose the carrier → scan each parcel (Enter) → Enter on an empty box records it and prints the sheet",
    ),
    "handover.page.carrier": ("快递公司", "Carrier"),
    "handover.page.scan": ("扫描包裹单号", "Scan a parcel's number"),
    "handover.page.count": ("已扫描 {count} 件", "{count} scanned"),
    "handover.page.record": ("生成交接单并打印", "Record and print the sheet"),
    "handover.page.clear": ("清空", "Clear"),
    "handover.page.pick_carrier": ("请先选择快递公司。", "Choose the carrier first."),
    "handover.page.already_listed": ("单号 {number} 已经扫过了。", "{number} is already on the list."),
    "handover.page.added": ("✓ {number}", "✓ {number}"),
    "handover.page.recorded": (
        "✓ 交接单 HO{id} 已生成：{carrier} {count} 件，正在打印。",
        "✓ Handover HO{id} recorded: {carrier}, {count} parcels; printing.",
    ),
    "orders.action.pick_list": ("拣货单", "Pick list"),
    "orders.action.slips": ("发货单", "Packing slips"),
    "pick.printing": ("正在打印 {count} 个订单的{what}。", "Printing the {what} of {count} orders."),
    "pick.no_items": (
        "所选订单没有商品明细（商家编码），无法生成拣货单。请导入带商家编码的订单报表。",
        "The selected orders have no items (商家编码); import an export with item columns first.",
    ),
}
