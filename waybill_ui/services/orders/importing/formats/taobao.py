"""淘宝/天猫: 已卖出的宝贝 → 批量导出 (订单报表, 宝贝报表 and the newer 子订单 layout), also the
app's own plain template, which uses the same headers. The broadest plug-in: tried last."""

from waybill_ui.services.orders.importing.formats.base import CLOSED, PENDING, SHIPPED, UNPAID, Format, ShipBack

COLUMNS: dict[str, tuple[str, ...]] = {
    "order_no": ("订单编号", "主订单编号", "订单号", "订单ID", "订单id"),
    "sub_order_no": ("子订单编号",),
    "buyer_nick": ("买家会员名", "买家昵称", "买家账号", "买家"),
    "paid": ("买家实际支付金额", "买家实付金额", "实付金额", "实付款"),
    "total": ("总金额", "买家应付货款", "订单金额"),
    "postage": ("买家应付邮费", "邮费", "运费"),
    "status": ("订单状态", "交易状态"),
    "buyer_message": ("买家留言", "买家备注"),
    "receiver": ("收货人姓名", "收件人姓名", "收货人", "收件人"),
    "address": ("收货地址", "收件地址", "收货人地址"),
    "province": ("收货省份", "省份", "省"),
    "city": ("收货市", "收货城市", "城市", "市"),
    "district": ("收货区", "收货区县", "区县", "区"),
    "town": ("收货镇", "收货街道", "街道"),
    "detail": ("详细地址",),
    "postcode": ("邮编", "邮政编码"),
    "landline": ("联系电话", "固定电话"),
    "mobile": ("联系手机", "收货人手机号", "收件人手机", "手机号", "手机", "收货人电话"),
    "ordered_at": ("订单创建时间", "创建时间", "下单时间"),
    "paid_at": ("订单付款时间", "付款时间"),
    "title": ("宝贝标题", "商品标题", "标题", "商品名称"),
    "quantity": ("宝贝总数量", "购买数量", "数量", "商品数量"),
    "waybill": ("物流单号", "运单号", "快递单号"),
    "carrier": ("物流公司", "快递公司"),
    "seller_memo": ("订单备注", "商家备注", "卖家备注"),
    "weight": ("重量(克)", "重量（克）", "重量(g)", "重量"),
    # the item of a row (宝贝明细, filled into order_item): 商家编码 is the seller's own code
    "sku": ("商家编码", "外部系统编号", "商品编码"),
    "spec": ("商品属性", "销售属性", "颜色分类"),
}

FORMAT = Format(
    key="taobao",
    marketplace="taobao",
    label="marketplace.taobao",
    detect=(),
    columns=COLUMNS,
    statuses={
        "等待买家付款": UNPAID,
        "买家已付款,等待卖家发货": PENDING,
        "卖家部分发货": PENDING,
        "卖家已发货,等待买家确认": SHIPPED,
        "交易成功": SHIPPED,
        "交易关闭": CLOSED,
        "退款成功": CLOSED,
        "退款中": CLOSED,
    },
    ship_back=ShipBack(
        ("订单编号", "物流公司", "运单号"),
        {
            "SF": "顺丰速运",
            "ZTO": "中通快递",
            "YTO": "圆通速递",
            "STO": "申通快递",
            "YD": "韵达快递",
            "JTSD": "极兔速递",
            "EMS": "EMS",
            "JD": "京东快递",
            "DBL": "德邦快递",
        },
    ),
    assumed=False,
)
