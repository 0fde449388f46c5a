"""京东 (POP 商家后台 → 订单管理 → 订单导出). The layout is not public: every header here is
assumed from sellers' descriptions (docs/order-import.md); an export that differs goes through
the mapping step."""

from waybill_ui.services.orders.importing.formats.base import CLOSED, PENDING, SHIPPED, UNPAID, Format, ShipBack

FORMAT = Format(
    key="jd",
    marketplace="jd",
    label="marketplace.jd",
    detect=("订单号", "客户姓名", "客户地址"),
    columns={
        "order_no": ("订单号",),
        "status": ("订单状态",),
        "title": ("商品名称",),
        "sku": ("商家SKUID", "商品ID"),
        "quantity": ("订购数量",),
        "paid": ("应付金额", "结算金额"),
        "total": ("订单金额",),
        "postage": ("运费金额",),
        "buyer_nick": ("下单帐号", "下单账号"),
        "receiver": ("客户姓名",),
        "address": ("客户地址",),
        "mobile": ("联系电话",),
        "ordered_at": ("下单时间",),
        "paid_at": ("付款确认时间",),
        "buyer_message": ("订单备注",),
        "seller_memo": ("商家备注",),
        "carrier": ("承运商",),
        "waybill": ("运单号",),
    },
    statuses={
        "等待付款": UNPAID,
        "等待出库": PENDING,
        "等待发货": PENDING,
        "暂停": PENDING,
        "等待确认收货": SHIPPED,
        "已发货": SHIPPED,
        "完成": SHIPPED,
        "已完成": SHIPPED,
        "已取消": CLOSED,
        "(删除)已取消": CLOSED,
        "锁定": CLOSED,
        "退款中": CLOSED,
    },
    ship_back=ShipBack(
        ("订单号", "物流公司", "运单号"),
        {
            "SF": "顺丰快递",
            "ZTO": "中通速递",
            "YTO": "圆通快递",
            "STO": "申通快递",
            "YD": "韵达快递",
            "JTSD": "极兔速递",
            "EMS": "邮政EMS",
            "JD": "京东快递",
            "DBL": "德邦物流",
        },
        kind="xlsx",
    ),
)
