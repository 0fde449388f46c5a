"""Why a provider refused an e-waybill call, in one vocabulary for every provider (the
services turn each kind into a plain-Chinese message with what to do)."""

from __future__ import annotations

QUOTA = "quota"  # 单号余额不足
ADDRESS = "address"  # 地址不在服务范围
ACCOUNT = "account"  # 账号/密码/月结号不对
SIGN = "sign"  # 签名或接口密钥不对
PARAMS = "params"  # 参数不全或含非法字符
PICKED_UP = "picked_up"  # 已揽收，不能取消
NOT_FOUND = "not_found"  # 没有这个单号/订单
REPRINT_LIMIT = "reprint_limit"  # 补打次数用完或超过时限
OTHER = "other"

KINDS = (QUOTA, ADDRESS, ACCOUNT, SIGN, PARAMS, PICKED_UP, NOT_FOUND, REPRINT_LIMIT, OTHER)

# Words in a provider's reason text, most specific first (Kdniao sends free text only).
WORDS: list[tuple[tuple[str, ...], str]] = [
    (("余额", "单号不足", "额度"), QUOTA),
    (("已揽收", "已揽件", "已发货", "不能取消", "无法取消"), PICKED_UP),
    (("超区", "不在服务", "不支持该地址", "地址"), ADDRESS),
    (("签名", "DataSign", "非法参数[请核实ID"), SIGN),
    (("账号", "密码", "月结", "CustomerName", "CustomerPwd", "网点", "partner"), ACCOUNT),
    (("不存在", "未找到"), NOT_FOUND),
    (("补打", "打印次数"), REPRINT_LIMIT),
    (("参数", "不能为空", "非法字符"), PARAMS),
]


def classify(text: str) -> str:
    for words, kind in WORDS:
        if any(word in (text or "") for word in words):
            return kind
    return OTHER
