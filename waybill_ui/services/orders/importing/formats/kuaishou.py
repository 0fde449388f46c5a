"""快手小店 (商家后台 → 订单 → 导出). The layout is not public: every header here is assumed
(docs/order-import.md); an export that differs goes through the mapping step."""

from waybill_ui.services.orders.importing.formats.base import CLOSED, PENDING, SHIPPED, UNPAID, Format, ShipBack

FORMAT = Format(
    key="kuaishou",
    marketplace="kuaishou",
    label="marketplace.kuaishou",
    detect=("订单号", "成交数量", "收货人电话"),
    columns={
        "order_no": ("订单号",),
        "status": ("订单状态",),
        "title": ("商品名称",),
        "sku": ("SKU编码", "商品编码"),
        "spec": ("商品规格",),
        "quantity": ("成交数量",),
        "paid": ("实付款",),
        "postage": ("运费",),
        "buyer_nick": ("买家昵称",),
        "receiver": ("收货人",),
        "mobile": ("收货人电话",),
        "address": ("收货地址",),
        "ordered_at": ("订单创建时间",),
        "paid_at": ("订单支付时间",),
        "buyer_message": ("买家留言",),
        "seller_memo": ("商家备注",),
        "carrier": ("快递公司",),
        "waybill": ("快递单号",),
    },
    statuses={
        "待付款": UNPAID,
        "待发货": PENDING,
        "已发货": SHIPPED,
        "已收货": SHIPPED,
        "交易成功": SHIPPED,
        "交易关闭": CLOSED,
        "已关闭": CLOSED,
        "退款中": CLOSED,
    },
    ship_back=ShipBack(
        ("订单编号", "快递公司", "快递单号"),
        {
            "SF": "顺丰速运",
            "ZTO": "中通快递",
            "YTO": "圆通快递",
            "STO": "申通快递",
            "YD": "韵达快递",
            "JTSD": "极兔速递",
            "EMS": "EMS",
            "JD": "京东快递",
            "DBL": "德邦快递",
        },
        kind="xlsx",
    ),
)
