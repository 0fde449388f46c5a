"""Kuaidi100 codes (docs/carrier-formats.md §1.3, §1.4) mapped to our one status model.

Both the old 13-state list and the newer 10 basic states with advanced sub-codes are covered;
the raw code is always kept beside the mapped status. Codes arrive as strings or numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from waybill_ui.carriers.status import Phase, TrackingStatus as S

# Basic `state` values, old and new lists (0-8, 14; 10-13 as top-level customs states in the old list).
BASIC: dict[str, S] = {
    "0": S.in_transit,
    "1": S.picked_up,
    "2": S.exception,
    "3": S.delivered,
    "4": S.returned,
    "5": S.out_for_delivery,
    "6": S.returning,
    "7": S.in_transit,
    "8": S.in_transit,
    "14": S.refused,
    "10": S.in_transit,
    "11": S.in_transit,
    "12": S.in_transit,
    "13": S.exception,
}
# Advanced sub-codes (resultv2=4/8; also each node's `statusCode`).
SUB: dict[str, S] = {
    "101": S.pending,
    "102": S.pending,
    "103": S.picked_up,  # 已下单, 待揽收, 已揽收
    "1001": S.in_transit,
    "1002": S.in_transit,
    "1003": S.in_transit,  # 到达派件城市, 干线, 转递
    "201": S.exception,
    "202": S.exception,
    "203": S.refused,
    "204": S.failed_attempt,
    "205": S.available_for_pickup,
    "206": S.failed_attempt,
    "207": S.exception,
    "208": S.exception,
    "209": S.exception,
    "210": S.cancelled,
    "301": S.delivered,
    "302": S.delivered,
    "303": S.delivered,
    "304": S.delivered,
    "401": S.cancelled,  # 已销单
    "501": S.available_for_pickup,  # 投柜或驿站
}
STATE: dict[str, S] = {**BASIC, **SUB}

# Node `status` names that come with resultv2 (Chinese words, not numbers).
STATUS_NAME: dict[str, S] = {
    "在途": S.in_transit,
    "揽收": S.picked_up,
    "疑难": S.exception,
    "签收": S.delivered,
    "退签": S.returned,
    "派件": S.out_for_delivery,
    "退回": S.returning,
    "转投": S.in_transit,
    "转单": S.in_transit,
    "清关": S.in_transit,
    "拒签": S.refused,
    "待清关": S.in_transit,
    "清关中": S.in_transit,
    "已清关": S.in_transit,
    "清关异常": S.exception,
    "到达派件城市": S.in_transit,
    "干线": S.in_transit,
    "转递": S.in_transit,
    "已下单": S.pending,
    "待揽收": S.pending,
    "已揽收": S.picked_up,
    "超时未签收": S.exception,
    "超时未更新": S.exception,
    "拒收": S.refused,
    "派件异常": S.failed_attempt,
    "柜或驿站超时未取": S.available_for_pickup,
    "无法联系": S.failed_attempt,
    "超区": S.exception,
    "滞留": S.exception,
    "破损": S.exception,
    "销单": S.cancelled,
    "本人签收": S.delivered,
    "派件异常后签收": S.delivered,
    "代签": S.delivered,
    "投柜或站签收": S.delivered,
    "已销单": S.cancelled,
    "投柜或驿站": S.available_for_pickup,
}

# Last resort for answers without resultv2: words in the event text (most specific first).
KEYWORDS: list[tuple[str, S]] = [
    ("拒收", S.refused),
    ("拒签", S.refused),
    ("退回", S.returning),
    ("退件", S.returning),
    ("驿站", S.available_for_pickup),
    ("快递柜", S.available_for_pickup),
    ("代收点", S.available_for_pickup),
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
class ErrorKind:
    code: str  # our machine code (ProviderError.code)
    what: str  # "no_result" (not an error), "config" (a person must fix the settings),
    #            "parcel" (this parcel's query needs fixing), "transient" (retry later)


# Error answers (docs/carrier-formats.md §1.4):
# {"result": false, "returnCode": "...", "message": "..."}.
ERRORS: dict[str, ErrorKind] = {
    "400": ErrorKind("kuaidi100_400", "config"),  # missing fields, wrong customer, unsupported com, no balance
    "408": ErrorKind("phone_required", "parcel"),  # phone (last 4) missing or not matching
    "500": ErrorKind("no_result", "no_result"),  # no trace yet: retry later, not an error state
    "501": ErrorKind("kuaidi100_501", "transient"),  # server error
    "502": ErrorKind("kuaidi100_502", "transient"),  # server busy
    "503": ErrorKind("bad_sign", "config"),  # signature check failed: customer/key wrong
    "601": ErrorKind("kuaidi100_601", "config"),  # key expired / no quota
}
UNKNOWN_ERROR = ErrorKind("kuaidi100_error", "transient")

NO_RESULT = "500"
PHONE_REQUIRED = "408"
BAD_SIGN = "503"
BAD_REQUEST = "400"
NO_QUOTA = "601"
TRANSIENT = frozenset({"501", "502"})


def map_code(code: object) -> S | None:
    if code is None or isinstance(code, bool):
        return None
    return STATE.get(str(code).strip())


def map_text(text: str) -> S | None:
    for word, status in KEYWORDS:
        if word in text:
            return status
    return None


# What the newest node's sub-code predicts (status.Phase): 干线 and 转递 are long-haul legs,
# 到达派件城市 means delivery is near.
PHASE: dict[str, Phase] = {"1002": Phase.long_haul, "1003": Phase.long_haul, "1001": Phase.arrived}

# Subscription answers (docs/carrier-formats.md §1.5) -> SubscribeResult.outcome.
SUBSCRIBE: dict[str, str] = {
    "200": "subscribed",  # 提交成功
    "501": "duplicate",  # 重复订阅: already tracked there
    "500": "retry",  # 服务器错误 (also for malformed requests: retried later, then given up)
    "600": "config",  # 不是合法的订阅者: wrong key
    "601": "config",  # POLL:KEY已过期: no quota
    "700": "failed",  # 订阅数据有误: carrier, number or callback URL refused
    "701": "failed",  # 拒绝订阅的快递公司
    "702": "failed",  # autoCom could not tell the carrier
}
# The monitoring state of a push (`param.status`, docs/carrier-formats.md §1.6).
MONITOR_STATES = frozenset({"polling", "shutdown", "abort", "updateall"})
