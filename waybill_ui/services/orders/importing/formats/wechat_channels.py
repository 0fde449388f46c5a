"""微信视频号小店 (小店后台 → 订单 → 导出). The layout is not public: every header here is
assumed (docs/order-import.md); an export that differs goes through the mapping step."""

from waybill_ui.services.orders.importing.formats.base import CLOSED, PENDING, SHIPPED, UNPAID, Format, ShipBack

FORMAT = Format(
    key="wechat_channels", marketplace="wechat_channels", label="marketplace.wechat_channels",
    detect=("订单号", "订单实际支付金额", "收件人手机"),
    columns={
        "order_no": ("订单号",),
        "status": ("订单状态",),
        "title": ("商品名称",),
        "sku": ("SKU编码(自定义)", "商品编码(自定义)"),
        "spec": ("商品规格", "规格"),
        "quantity": ("商品数量",),
        "paid": ("订单实际支付金额",),
        "postage": ("运费",),
        "receiver": ("收件人姓名",),
        "mobile": ("收件人手机",),
        "province": ("省份",),
        "city": ("城市",),
        "district": ("区县",),
        "detail": ("详细地址",),
        "ordered_at": ("下单时间",),
        "paid_at": ("支付时间",),
        "buyer_message": ("买家留言",),
        "seller_memo": ("商家备注",),
        "carrier": ("快递公司",),
        "waybill": ("快递单号",),
    },
    statuses={"待付款": UNPAID, "待发货": PENDING, "部分发货": PENDING, "待收货": SHIPPED, "已发货": SHIPPED,
              "已完成": SHIPPED, "已取消": CLOSED, "已关闭": CLOSED, "售后中": CLOSED, "退款中": CLOSED},
    ship_back=ShipBack(("订单号", "快递公司", "快递单号"), {
        "SF": "顺丰速运", "ZTO": "中通快递", "YTO": "圆通速递", "STO": "申通快递", "YD": "韵达快递",
        "JTSD": "极兔速递", "EMS": "中国邮政", "JD": "京东快递", "DBL": "德邦快递"}, kind="xlsx"),
)
