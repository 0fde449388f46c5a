"""智能识别: one pasted block → name, phone (+extension), landline and a placed address.

Blocks come as sellers copy them from a chat or a marketplace page: "张三 13800138000 浙江省杭州市
西湖区文三路90号", the same on three lines, with labels (收货人：, 手机号码：), full-width
punctuation, "+86", a privacy number with its extension (17012345678-1234, 17012345678转1234),
or masked parts (张**, 138****5678). Everything runs offline on the bundled divisions.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

from waybill_ui.services.orders.addresses.region import Region, parse_region

_LABELS = re.compile(
    r"(收货人|收件人|联系人|姓名|名字|收货地址|详细地址|所在地区|地址|联系电话|手机号码|手机号|电话号码|手机|电话|"
    r"联系方式|邮编|邮政编码)\s*[:：]?\s*"
)
# mobile (optionally +86), then an extension: "-1234", "转1234", "#1234", "分机1234", ",1234"
_MOBILE = re.compile(
    r"(?<![\d*])(?:\+?86[- ]?)?(1[3-9]\d)[- ]?(\d{4}|\*{4})[- ]?(\d{4})"
    r"(?:\s*(?:-|—|转|#|分机号?|ext\.?)\s*(\d{1,6}))?(?!\d)",
    re.IGNORECASE,
)
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3}-?\d{7,8})(?:-(\d{1,6}))?(?!\d)")
_POSTCODE = re.compile(r"(?<!\d)(\d{6})(?!\d)")
_SEPARATORS = re.compile(r"[\s,;，；、|/]+")
_NAME = re.compile(r"^[\u4e00-\u9fff·•*＊A-Za-z]{1,12}$")


@dataclass
class Parsed:
    name: str = ""
    phone: str = ""  # the main number (11 digits, or masked 138****5678)
    extension: str = ""  # a privacy number's extension, kept apart from the number
    landline: str = ""
    province: str = ""
    city: str = ""
    district: str = ""
    detail: str = ""
    postcode: str = ""
    confidence: float = 0.0
    ambiguous: str = ""
    candidates: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    masked: list[str] = field(default_factory=list)  # which fields hold masked data: name, phone, detail

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def normalise(text: str) -> str:
    """Full-width letters, digits and punctuation → their ASCII forms (NFKC)."""
    return unicodedata.normalize("NFKC", text or "").replace("＊", "*")


def split_phone(number: str) -> tuple[str, str]:
    """ "17012345678-1234" → ("17012345678", "1234"); a plain number has no extension."""
    found = _MOBILE.fullmatch(normalise(number).strip())
    if not found:
        return number.strip(), ""
    return "".join(found.group(1, 2, 3)), found.group(4) or ""


def is_masked(value: str) -> bool:
    return "*" in (value or "")


def parse_block(text: str) -> Parsed:
    out = Parsed()
    block = _LABELS.sub(" ", normalise(text))
    mobile = _MOBILE.search(block)
    if mobile:
        out.phone, out.extension = "".join(mobile.group(1, 2, 3)), mobile.group(4) or ""
        block = block[: mobile.start()] + "\n" + block[mobile.end() :]
    landline = _LANDLINE.search(block)
    if landline:
        out.landline = landline.group(1) + (f"-{landline.group(2)}" if landline.group(2) else "")
        block = block[: landline.start()] + "\n" + block[landline.end() :]
    chunks = [c for c in _SEPARATORS.split(block) if c]
    postcode = [i for i, c in enumerate(chunks) if _POSTCODE.fullmatch(c)]
    if postcode:
        out.postcode = chunks.pop(postcode[-1])
    out.name, address = _name_and_address(chunks)
    region = parse_region(address)
    _take(out, region)
    out.masked = [f for f in ("name", "phone", "detail") if is_masked(getattr(out, f))]
    if not (out.phone or out.landline):
        out.confidence = round(out.confidence * 0.8, 2)
    return out


def _name_and_address(chunks: list[str]) -> tuple[str, str]:
    """The name is a short chunk that places nowhere; the rest, joined, is the address."""
    if not chunks:
        return "", ""
    placed = [bool(parse_region(c).province or parse_region(c).ambiguous) for c in chunks]
    name = ""
    for i, chunk in enumerate(chunks):
        if (
            not placed[i]
            and _NAME.match(chunk)
            and len(chunk) <= 8
            and (i == 0 or i == len(chunks) - 1 or not any(placed[:i]))
        ):
            name = chunks.pop(i)
            break
    if not name and len(chunks) == 1:
        # "浙江省杭州市西湖区文三路90号张三": nothing to split on; the address keeps it all
        return "", chunks[0]
    return name, "".join(chunks)


def _take(out: Parsed, region: Region) -> None:
    out.province, out.city, out.district, out.detail = region.province, region.city, region.district, region.detail
    out.confidence, out.ambiguous = region.confidence, region.ambiguous
    out.candidates, out.notes = region.candidates, region.notes


def parse_column(texts: list[str]) -> list[Parsed]:
    """A whole pasted column: one result per non-empty line or block."""
    return [parse_block(t) for t in texts if t and t.strip()]
