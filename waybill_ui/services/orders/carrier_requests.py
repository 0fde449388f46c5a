"""买家指定快递: what a buyer (or the seller's own memo) asks for in 买家留言 / 卖家备注.

"请发顺丰，谢谢" wants SF; "不要发韵达" refuses YD; "韵达收不到" refuses YD too. A bare mention
("顺丰到付可以吗") counts as a wish, because that is how buyers write it. The result is pure data:
the matcher (services/shipping/matching.py) prefers what is wanted and skips what is refused, and the pages
show the request next to the order and loudly when it is not followed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

# Every way buyers write a carrier, longest first so that "中国邮政" wins over "邮政".
_NAMES: dict[str, str] = {
    "顺丰速运": "SF",
    "顺丰快递": "SF",
    "顺丰": "SF",
    "sf": "SF",
    "中通快递": "ZTO",
    "中通": "ZTO",
    "zto": "ZTO",
    "圆通速递": "YTO",
    "圆通快递": "YTO",
    "圆通": "YTO",
    "yto": "YTO",
    "申通快递": "STO",
    "申通": "STO",
    "sto": "STO",
    "韵达快递": "YD",
    "韵达速递": "YD",
    "韵达": "YD",
    "yunda": "YD",
    "极兔速递": "JTSD",
    "极兔快递": "JTSD",
    "极兔": "JTSD",
    "j&t": "JTSD",
    "jt": "JTSD",
    "中国邮政": "EMS",
    "邮政快递": "EMS",
    "邮政包裹": "EMS",
    "邮政小包": "EMS",
    "邮政": "EMS",
    "ems": "EMS",
    "京东快递": "JD",
    "京东物流": "JD",
    "京东": "JD",
    "jd": "JD",
    "德邦快递": "DBL",
    "德邦物流": "DBL",
    "德邦": "DBL",
}
_BEFORE = r"(?:不要|不想要|不想|不能|不用|不发|不走|不寄|别|拒收|不收|不接受|除了)"
_VERB = r"(?:发|用|走|寄|给我发)?"
_AFTER = r"(?:不到|收不到|到不了|送不到|不送|不派|不行|不要|除外|太慢|不好)"


def _alternation() -> str:
    parts = []
    for name in sorted(_NAMES, key=len, reverse=True):
        escaped = re.escape(name)
        # Latin abbreviations only as whole words: "SF" yes, "SFX" or "jdk" no.
        parts.append(rf"(?<![a-z]){escaped}(?![a-z])" if name.isascii() else escaped)
    return "|".join(parts)


_NAME = f"(?P<name>{_alternation()})"
_REFUSE_BEFORE = re.compile(rf"{_BEFORE}\s*{_VERB}\s*{_NAME}", re.IGNORECASE)
_REFUSE_AFTER = re.compile(rf"{_NAME}\s*(?:快递)?\s*{_AFTER}", re.IGNORECASE)
_MENTION = re.compile(_NAME, re.IGNORECASE)


@dataclass(frozen=True)
class CarrierRequest:
    wanted: tuple[str, ...] = ()  # carrier codes asked for, in the order written
    refused: frozenset[str] = field(default_factory=frozenset)
    text: str = ""  # the words it came from, for the explanation

    def __bool__(self) -> bool:
        return bool(self.wanted or self.refused)

    def allows(self, code: str | None) -> bool:
        """False when the buyer asked for another carrier, or refused this one."""
        if not code:
            return True
        if code in self.refused:
            return False
        return not self.wanted or code in self.wanted


NONE = CarrierRequest()


@lru_cache(maxsize=4096)
def _parse(text: str) -> CarrierRequest:
    lowered = text.lower()
    refused: set[str] = set()
    spans: list[tuple[int, int]] = []
    for pattern in (_REFUSE_BEFORE, _REFUSE_AFTER):
        for found in pattern.finditer(lowered):
            refused.add(_NAMES[found.group("name").lower()])
            spans.append(found.span("name"))
    wanted: list[str] = []
    for found in _MENTION.finditer(lowered):
        if any(start <= found.start() < end for start, end in spans):
            continue
        code = _NAMES[found.group("name").lower()]
        if code not in refused and code not in wanted:
            wanted.append(code)
    if not wanted and not refused:
        return NONE
    return CarrierRequest(tuple(wanted), frozenset(refused), text.strip()[:60])


def parse(*texts: str | None) -> CarrierRequest:
    """The request in a buyer's message and the seller's memo (either may be empty)."""
    joined = " ".join(t.strip() for t in texts if t and t.strip())
    return _parse(joined) if joined else NONE


def warning(request: CarrierRequest, chosen: str | None, lang: str | None = "zh", *, why: str = "") -> str:
    """The loud line shown when `chosen` goes against the request ("" when it follows it)."""
    from waybill_ui.carriers.codes import name_of
    from waybill_ui.texts import tr

    if not request or request.allows(chosen):
        return ""
    chosen_name = name_of(chosen) if chosen else tr("request.no_carrier", lang)
    if chosen in request.refused:
        return tr("request.refused", lang, carrier=chosen_name, text=request.text)
    wanted = "/".join(name_of(code) for code in request.wanted)
    because = tr(f"request.why_{why}", lang, carrier=wanted) if why else tr("request.why_chosen", lang)
    return tr("request.ignored", lang, wanted=wanted, chosen=chosen_name, why=because)


def label(request: CarrierRequest, lang: str | None = "zh") -> str:
    """Short chip text for lists: "买家要求：顺丰速运" / "买家拒收：韵达快递"."""
    from waybill_ui.carriers.codes import name_of
    from waybill_ui.texts import tr

    parts = []
    if request.wanted:
        parts.append(tr("request.chip_wanted", lang, carriers="/".join(name_of(c) for c in request.wanted)))
    if request.refused:
        parts.append(tr("request.chip_refused", lang, carriers="/".join(name_of(c) for c in sorted(request.refused))))
    return "；".join(parts) if lang != "en" else "; ".join(parts)
