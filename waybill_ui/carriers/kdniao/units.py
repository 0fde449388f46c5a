"""Kdniao State / StateEx / Traces[].Action codes (docs/carrier-formats.md §2.6) mapped to our
status model, and the `Reason` texts of `Success: false` answers. Codes arrive as strings or
numbers."""

from __future__ import annotations

from dataclasses import dataclass

from waybill_ui.carriers.status import Phase, TrackingStatus as S

NO_TRACE = frozenset({"0"})  # 暂无轨迹信息: not an error, nothing to show yet

STATE: dict[str, S] = {
    "1": S.picked_up,
    "2": S.in_transit,
    "3": S.delivered,
    "4": S.exception,
    "5": S.in_transit,  # 转寄 (newer docs)
    "6": S.in_transit,  # 清关 (newer docs)
    "10": S.pending,  # 待揽件 (newer docs)
}
STATE_EX: dict[str, S] = {
    "1": S.picked_up,
    "10": S.pending,
    "2": S.in_transit,
    "201": S.in_transit,  # 到达派件城市
    "202": S.out_for_delivery,  # 派件中
    "204": S.in_transit,
    "205": S.in_transit,
    "206": S.in_transit,  # 转运中心, 派件网点, 寄件网点发件
    "211": S.available_for_pickup,  # 已放入快递柜或驿站
    "3": S.delivered,
    "301": S.delivered,
    "302": S.delivered,
    "304": S.delivered,
    "311": S.delivered,
    "4": S.exception,
    "401": S.exception,  # 发货无信息
    "402": S.exception,  # 超时未签收
    "403": S.exception,  # 超时未更新
    "404": S.refused,  # 拒收(退件)
    "405": S.failed_attempt,  # 派件异常
    "406": S.returned,  # 退货签收
    "407": S.returning,  # 退货未签收
    "412": S.available_for_pickup,  # 快递柜或驿站超时未取 (still waiting there)
    "413": S.exception,  # 单号已拦截
    "414": S.exception,  # 破损
    "415": S.cancelled,  # 客户取消发货
    "416": S.failed_attempt,  # 无法联系
    "417": S.exception,  # 配送延迟
    "418": S.exception,  # 快件取出 (meaning unclear in the docs: keep an eye on it rather than assume delivery)
    "419": S.out_for_delivery,  # 重新派送
    "420": S.exception,  # 收货地址不详细
    "421": S.exception,  # 收件人电话错误
    "422": S.exception,  # 错分件
    "423": S.exception,  # 超区件
    "5": S.in_transit,  # 转寄
    "6": S.in_transit,
    "601": S.in_transit,
    "602": S.in_transit,
    "603": S.in_transit,  # 清关
    "604": S.exception,  # 清关异常
}

KEYWORDS: list[tuple[str, S]] = [
    ("拒收", S.refused),
    ("拒签", S.refused),
    ("退回", S.returning),
    ("退件", S.returning),
    ("驿站", S.available_for_pickup),
    ("快递柜", S.available_for_pickup),
    ("签收", S.delivered),
    ("派件", S.out_for_delivery),
    ("派送", S.out_for_delivery),
    ("揽收", S.picked_up),
    ("揽件", S.picked_up),
    ("收件", S.picked_up),
    ("异常", S.exception),
    ("问题件", S.exception),
]


@dataclass(frozen=True)
class ReasonKind:
    code: str
    what: str  # "no_result", "config", "parcel", "phone", "transient"


# `Reason` texts seen in the field (docs/carrier-formats.md §2.5), most specific first.
REASONS: list[tuple[tuple[str, ...], ReasonKind]] = [
    (("暂无轨迹", "没有物流轨迹", "查询无结果", "无轨迹"), ReasonKind("no_result", "no_result")),
    (("非法参数", "ID和key", "签名", "DataSign", "EBusinessID", "用户ID"), ReasonKind("bad_sign", "config")),
    (("套餐", "余额", "次数", "权限", "未开通", "过期"), ReasonKind("kdniao_no_package", "config")),
    (("ShipperCode", "快递公司编码", "不支持"), ReasonKind("kdniao_shipper", "parcel")),
    (("CustomerName", "手机号", "电话", "验证码"), ReasonKind("phone_required", "phone")),
]
UNKNOWN_REASON = ReasonKind("kdniao_error", "transient")


def classify_reason(reason: str) -> ReasonKind:
    for words, kind in REASONS:
        if any(word in reason for word in words):
            return kind
    return UNKNOWN_REASON


def _key(code: object) -> str | None:
    if code is None or isinstance(code, bool):
        return None
    text = str(code).strip()
    return text or None


def map_state(code: object) -> S | None:
    key = _key(code)
    return STATE.get(key) if key else None


def map_state_ex(code: object) -> S | None:
    key = _key(code)
    return STATE_EX.get(key) if key else None


def map_text(text: str) -> S | None:
    for word, status in KEYWORDS:
        if word in text:
            return status
    return None


# What the newest trace's Action predicts (status.Phase): a transfer hub or the sending outlet
# means a long-haul leg; the destination city or outlet means delivery is near. The bare "2"
# (在途中) says neither.
PHASE: dict[str, Phase] = {"204": Phase.long_haul, "206": Phase.long_haul, "201": Phase.arrived, "205": Phase.arrived}

# `Reason` words of a refused subscription (1008) that mean it is already subscribed.
DUPLICATE_WORDS = ("重复订阅", "已订阅", "已经订阅")
