"""小红书 (千帆 商家后台 → 订单 → 导出). Orders ship per package (包裹号). The layout is not public:
every header here is assumed (docs/order-import.md); an export that differs goes through the
mapping step."""

from waybill_ui.services.orders.importing.formats.base import CLOSED, PENDING, SHIPPED, UNPAID, Format, ShipBack

FORMAT = Format(
    key="xiaohongshu",
    marketplace="xiaohongshu",
    label="marketplace.xiaohongshu",
    detect=("订单号", "包裹号"),
    columns={
        "order_no": ("订单号",),
        "status": ("订单状态",),
        "title": ("商品名称",),
        "sku": ("SKU编码", "商家编码"),
        "spec": ("规格",),
        "quantity": ("商品数量",),
        "paid": ("实付金额",),
        "postage": ("运费",),
        "receiver": ("收件人姓名",),
        "mobile": ("收件人手机号",),
        "province": ("省",),
        "city": ("市",),
        "district": ("区",),
        "detail": ("详细地址",),
        "ordered_at": ("下单时间",),
        "paid_at": ("支付时间",),
        "buyer_message": ("用户备注",),
        "seller_memo": ("商家备注",),
        "carrier": ("物流公司",),
        "waybill": ("物流单号",),
    },
    statuses={
        "待付款": UNPAID,
        "待发货": PENDING,
        "待配货": PENDING,
        "已发货": SHIPPED,
        "已签收": SHIPPED,
        "已完成": SHIPPED,
        "已取消": CLOSED,
        "已关闭": CLOSED,
        "售后中": CLOSED,
        "退款中": CLOSED,
    },
    ship_back=ShipBack(
        ("订单号", "物流公司", "物流单号"),
        {
            "SF": "顺丰速运",
            "ZTO": "中通快递",
            "YTO": "圆通速递",
            "STO": "申通快递",
            "YD": "韵达快递",
            "JTSD": "极兔速递",
            "EMS": "EMS",
            "JD": "京东物流",
            "DBL": "德邦快递",
        },
        kind="xlsx",
    ),
)
