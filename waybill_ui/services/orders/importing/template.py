"""The plain import template: the same header names as Taobao's export (so one importer reads
both), for orders from elsewhere. Documented column by column in docs/order-import.md."""

from __future__ import annotations

# (header, required, what it holds) — the importer also accepts the synonyms in reading.SYNONYMS
COLUMNS: list[tuple[str, bool, str]] = [
    ("订单编号", True, "字母或数字，4–40 位；同一编号再次导入只会更新"),
    ("订单状态", False, "留空 = 已付款待发货；也可写淘宝的状态文字或 pending/unpaid/shipped/closed"),
    ("买家会员名", False, "买家昵称"),
    ("收货人姓名", True, ""),
    ("联系手机", True, "11 位手机号（与联系电话至少填一个）"),
    ("联系电话", False, "固定电话，如 0571-88888888"),
    ("收货地址", True, "省 市 区 详细地址，用空格分开，如「浙江省 杭州市 西湖区 文三路90号」"),
    ("宝贝标题", False, "用于按关键字匹配快递"),
    ("宝贝总数量", False, "整数，默认 1"),
    ("买家实际支付金额", False, "元，如 59.00"),
    ("重量(克)", False, "整数克，用于按重量匹配快递和估算运费"),
    ("买家留言", False, "如「请发顺丰」，可用于匹配快递"),
    ("订单备注", False, "卖家备注"),
    ("订单创建时间", False, "2024-05-23 22:02:11 或 2024/5/23 22:02"),
    ("订单付款时间", False, "同上"),
]


def csv_bytes() -> bytes:
    """Header row only, UTF-8 with BOM so Excel shows the Chinese headers."""
    return (",".join(name for name, _, _ in COLUMNS) + "\r\n").encode("utf-8-sig")
