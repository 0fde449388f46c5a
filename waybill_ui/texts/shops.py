"""Texts for shops (店铺), marketplace formats, the column-mapping step and ship-back files."""

TEXTS = {
    "shops.not_found": ("没有编号为 {id} 的店铺。", "There is no shop {id}."),
    "shops.bad_name": ("店铺名不能为空，最多 60 个字。", "A shop name is required (at most 60 characters)."),
    "shops.bad_marketplace": ("不认识的平台「{value}」。", "Unknown marketplace “{value}”."),
    "shops.name_taken": ("已经有叫「{name}」的店铺了，换个名字。", "There is already a shop called “{name}”."),
    "shops.too_many": ("最多 {limit} 个店铺。", "At most {limit} shops."),
    "shops.last_active": ("至少要留一个启用的店铺。", "At least one shop must stay active."),
    "shops.default_stays": (
        "默认店铺不能删除，可以改名或停用。",
        "The default shop cannot be deleted; rename or deactivate it.",
    ),
    "shops.has_orders": (
        "这个店铺有 {count} 个订单，不能删除；可以停用它（订单照常保留）。",
        "This shop has {count} orders and cannot be deleted; deactivate it instead (its orders stay).",
    ),
    "shops.inactive": (
        "店铺「{name}」已停用，不能再导入订单。先在 设置 → 店铺 启用它。",
        "Shop “{name}” is deactivated; enable it in Settings → Shops before importing.",
    ),
    "shops.choose": ("请先选择订单要导入哪个店铺。", "Choose the shop the orders go into."),
    "shops.ambiguous_order": (
        "订单号 {order_no} 在多个店铺里都有（{shops}），请先选定店铺。",
        "Order {order_no} exists in several shops ({shops}); choose the shop first.",
    ),
    "shops.all": ("全部店铺", "All shops"),
    "shops.shop": ("店铺", "Shop"),
    "shops.marketplace": ("平台", "Marketplace"),
    "shops.default_name": ("淘宝店铺", "Taobao shop"),
    # marketplaces
    "marketplace.taobao": ("淘宝", "Taobao"),
    "marketplace.tmall": ("天猫", "Tmall"),
    "marketplace.pdd": ("拼多多", "Pinduoduo"),
    "marketplace.doudian": ("抖店", "Douyin shop"),
    "marketplace.jd": ("京东", "JD"),
    "marketplace.kuaishou": ("快手小店", "Kuaishou shop"),
    "marketplace.wechat_channels": ("微信视频号小店", "WeChat Channels shop"),
    "marketplace.xiaohongshu": ("小红书", "Xiaohongshu"),
    "marketplace.other": ("手工/其他", "Manual / other"),
    # settings → shops
    "shops.settings.title": ("店铺", "Shops"),
    "shops.settings.intro": (
        "每个订单属于一个店铺。导入时选店铺；有订单的店铺不能删除，只能停用。",
        "Every order belongs to a shop. Imports ask for the shop; a shop with orders cannot be "
        "deleted, only deactivated.",
    ),
    "shops.settings.add": ("添加店铺", "Add shop"),
    "shops.settings.name": ("店铺名", "Shop name"),
    "shops.settings.orders": ("订单数", "Orders"),
    "shops.settings.active": ("启用", "Active"),
    "shops.settings.inactive": ("已停用", "Deactivated"),
    "shops.settings.rename": ("改名", "Rename"),
    "shops.settings.deactivate": ("停用", "Deactivate"),
    "shops.settings.activate": ("启用", "Enable"),
    "shops.settings.delete": ("删除", "Delete"),
    "shops.settings.saved": ("已保存", "Saved"),
    "shops.settings.mapping": ("已记住列对应", "Column mapping saved"),
    "shops.settings.forget_mapping": ("忘掉列对应", "Forget mapping"),
    # import: formats and the mapping step
    "import.format": ("识别为：{name}", "Recognised as: {name}"),
    "import.format.mapped": ("按本店铺记住的列对应读取", "read with this shop's saved column mapping"),
    "import.needs_mapping": (
        "没认出这个文件的格式。请把下面每一项对应到文件里的一列（只需做一次，本店铺下次自动使用）。",
        "This layout is not recognised. Map each field below to a column of the file (once: the shop remembers it).",
    ),
    "import.mapping.no_header": ("文件前 10 行里没有找到表头行。", "No header row in the first 10 lines of the file."),
    "import.mapping.order_no_required": ("至少要对应「订单号」这一列。", "Map at least the order number column."),
    "import.mapping.unknown_field": ("不认识的字段「{field}」。", "Unknown field “{field}”."),
    "import.mapping.unknown_column": ("文件里没有「{column}」这一列。", "The file has no column “{column}”."),
    "import.mapping.title": ("列对应", "Column mapping"),
    "import.mapping.none": ("（不导入）", "(not imported)"),
    "import.mapping.apply": ("按这个对应预览", "Preview with this mapping"),
    "import.shop": ("导入到店铺", "Import into shop"),
    "import.problem.mangled_number": (
        "「{value}」是被 Excel 改成科学计数法的号码，后几位已经丢了。请从后台重新导出，不要用 Excel 打开后再保存。",
        "“{value}” is a number Excel turned into scientific notation; its last digits "
        "are lost. Export again and upload without re-saving in Excel.",
    ),
    "field.order_no": ("订单号", "Order number"),
    "field.sub_order_no": ("子订单号", "Sub-order number"),
    "field.status": ("订单状态", "Status"),
    "field.receiver": ("收货人", "Receiver"),
    "field.mobile": ("手机", "Mobile"),
    "field.landline": ("固定电话", "Landline"),
    "field.address": ("完整收货地址", "Full address"),
    "field.province": ("省", "Province"),
    "field.city": ("市", "City"),
    "field.district": ("区县", "District"),
    "field.town": ("街道/镇", "Town"),
    "field.detail": ("详细地址", "Street detail"),
    "field.postcode": ("邮编", "Postcode"),
    "field.paid": ("实付金额", "Amount paid"),
    "field.total": ("订单金额", "Order total"),
    "field.postage": ("运费", "Postage"),
    "field.quantity": ("数量", "Quantity"),
    "field.weight": ("重量(克)", "Weight (g)"),
    "field.ordered_at": ("下单时间", "Ordered at"),
    "field.paid_at": ("付款时间", "Paid at"),
    "field.carrier": ("快递公司", "Carrier"),
    "field.waybill": ("快递单号", "Waybill number"),
    "field.buyer_nick": ("买家昵称", "Buyer"),
    "field.title": ("商品标题", "Item title"),
    "field.buyer_message": ("买家留言", "Buyer message"),
    "field.seller_memo": ("商家备注", "Seller memo"),
    "field.sku": ("商家编码", "SKU code"),
    "field.spec": ("规格", "Spec"),
    # ship-back
    "shipback.button": ("批量发货文件", "Batch-ship file"),
    "shipback.none": ("这个店铺还没有可回传的已发货订单。", "This shop has no shipped orders to upload yet."),
    "shipback.choose_shop": (
        "先在上面选一个店铺：每个平台的批量发货模板不同。",
        "Choose a shop above first: each marketplace has its own batch-ship template.",
    ),
}

TEXTS.update(
    {
        "batch.fail.ambiguous": (
            "这个订单号在多个店铺里都有，请在订单列表里勾选后发货",
            "this order number exists in several shops; select the order in the list instead",
        ),
    }
)

TEXTS.update(
    {
        "shipback.ready": ("已生成 {count} 条（{marketplace}模板）", "{count} rows ({marketplace} template)"),
    }
)

TEXTS.update(
    {
        "orders.col.shop": ("店铺", "Shop"),
    }
)

TEXTS.update(
    {
        "reports.section.shops": ("各店铺", "Shops"),
        "reports.col.shop": ("店铺", "Shop"),
        "reports.col.marketplace": ("平台", "Marketplace"),
        "reports.col.orders": ("下单数", "Orders placed"),
        "reports.col.pending": ("待发货(现在)", "Waiting now"),
        "reports.note.shops": (
            "下单数按下单时间计；发货、签收和单号花费按发货时间计；待发货是此刻的数量。",
            "Orders count by order time; shipments, deliveries and spend by shipping time; "
            "waiting is the count right now.",
        ),
    }
)
