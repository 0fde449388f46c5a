"""拼多多: 商家后台 → 订单查询 → 导出. 订单号, 订单状态, 商品数量(件), 用户实付金额(元), 商家备注,
快递单号, 快递公司, 发货时间, 商家编码-规格维度 are known; the receiver columns (收货人, 手机,
省/市/区/街道) are assumed (docs/order-import.md)."""

from waybill_ui.services.orders.importing.formats.base import CLOSED, PENDING, SHIPPED, UNPAID, Format, ShipBack

FORMAT = Format(
    key="pdd", marketplace="pdd", label="marketplace.pdd",
    detect=("订单号", "商品数量(件)", "用户实付金额(元)"),
    columns={
        "order_no": ("订单号",),
        "status": ("订单状态",),
        "title": ("商品",),
        "quantity": ("商品数量(件)",),
        "paid": ("用户实付金额(元)",),
        "total": ("商品总价(元)",),
        "postage": ("邮费(元)",),
        "receiver": ("收货人",),
        "mobile": ("手机",),
        "province": ("省",),
        "city": ("市",),
        "district": ("区",),
        "detail": ("街道",),
        "ordered_at": ("订单成交时间", "拼单成功时间"),
        "paid_at": ("支付时间",),
        "waybill": ("快递单号",),
        "carrier": ("快递公司",),
        "seller_memo": ("商家备注",),
        "buyer_message": ("买家留言",),
        "sku": ("商家编码-规格维度", "商家编码-SKU维度"),
        "spec": ("商品规格",),
    },
    statuses={"待支付": UNPAID, "待成团": UNPAID, "待发货": PENDING, "已发货,待签收": SHIPPED, "已签收": SHIPPED,
              "已发货,退款成功": CLOSED, "未发货,退款成功": CLOSED, "已取消": CLOSED, "退款中": CLOSED,
              "交易关闭": CLOSED},
    ship_back=ShipBack(("订单号", "快递公司", "快递单号"), {
        "SF": "顺丰快递", "ZTO": "中通快递", "YTO": "圆通快递", "STO": "申通快递", "YD": "韵达快递",
        "JTSD": "极兔速递", "EMS": "邮政EMS", "JD": "京东配送", "DBL": "德邦快递"}, kind="xlsx"),
)
