"""抖店: 订单管理 → 批量导出. One row per sub-order (子订单编号) under its 主订单编号; 主订单编号,
子订单编号, 商品数量, 商家编码, 订单应付金额, 订单提交时间, 订单状态, 商家备注, 旗帜颜色 are known,
the receiver and logistics columns are assumed (docs/order-import.md)."""

from waybill_ui.services.orders.importing.formats.base import CLOSED, PENDING, SHIPPED, UNPAID, Format, ShipBack

FORMAT = Format(
    key="doudian", marketplace="doudian", label="marketplace.doudian",
    detect=("主订单编号", "子订单编号", "订单应付金额"),
    columns={
        "order_no": ("主订单编号",),
        "sub_order_no": ("子订单编号",),
        "status": ("订单状态",),
        "title": ("选购商品", "商品名称"),
        "spec": ("商品规格",),
        "quantity": ("商品数量",),
        "sku": ("商家编码",),
        "paid": ("订单应付金额",),
        "postage": ("运费",),
        "receiver": ("收件人",),
        "mobile": ("收件人手机号",),
        "province": ("省",),
        "city": ("市",),
        "district": ("区",),
        "town": ("街道",),
        "detail": ("详细地址",),
        "buyer_message": ("买家留言",),
        "seller_memo": ("商家备注",),
        "ordered_at": ("订单提交时间",),
        "paid_at": ("支付完成时间",),
        "carrier": ("快递公司",),
        "waybill": ("快递单号",),
    },
    statuses={"待支付": UNPAID, "待付款": UNPAID, "待发货": PENDING, "备货中": PENDING, "部分发货": PENDING,
              "已发货": SHIPPED, "已完成": SHIPPED, "已关闭": CLOSED, "已取消": CLOSED, "退款中": CLOSED,
              "售后中": CLOSED},
    ship_back=ShipBack(("订单号", "快递公司", "快递单号"), {
        "SF": "顺丰速运", "ZTO": "中通快递", "YTO": "圆通速递", "STO": "申通快递", "YD": "韵达速递",
        "JTSD": "极兔速递", "EMS": "中国邮政速递物流", "JD": "京东物流", "DBL": "德邦快递"}, kind="xlsx"),
)
