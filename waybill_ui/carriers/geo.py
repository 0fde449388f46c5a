"""Provinces of mainland China, their regions, and the price zone between two provinces."""

from __future__ import annotations

REGIONS: dict[str, list[str]] = {
    "华东": ["上海市", "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省"],
    "华南": ["广东省", "广西壮族自治区", "海南省"],
    "华北": ["北京市", "天津市", "河北省", "山西省", "内蒙古自治区"],
    "华中": ["河南省", "湖北省", "湖南省"],
    "西南": ["重庆市", "四川省", "贵州省", "云南省", "西藏自治区"],
    "西北": ["陕西省", "甘肃省", "青海省", "宁夏回族自治区", "新疆维吾尔自治区"],
    "东北": ["辽宁省", "吉林省", "黑龙江省"],
}
PROVINCES: list[str] = [p for provinces in REGIONS.values() for p in provinces]
REGION_OF: dict[str, str] = {p: region for region, provinces in REGIONS.items() for p in provinces}
REMOTE: frozenset[str] = frozenset(
    {"新疆维吾尔自治区", "西藏自治区", "青海省", "内蒙古自治区", "宁夏回族自治区", "甘肃省"}
)
MUNICIPALITIES: frozenset[str] = frozenset({"北京市", "天津市", "上海市", "重庆市"})

ZONES = ("local", "region", "national", "remote")

# Short forms as addresses and people write them: "浙江", "广西", "新疆", "内蒙".
SHORT: dict[str, str] = {}
for _p in PROVINCES:
    for suffix in ("壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "省", "市"):
        if _p.endswith(suffix):
            SHORT[_p[: -len(suffix)]] = _p
            break
SHORT["内蒙"] = "内蒙古自治区"
SHORT["黑龙江"] = "黑龙江省"


def normalize_province(text: str | None) -> str | None:
    """Full official province name for "浙江", "浙江省", "广西壮族自治区"…; None if unknown."""
    if not text:
        return None
    text = text.strip()
    if text in REGION_OF:
        return text
    if text in SHORT:
        return SHORT[text]
    for short, full in sorted(SHORT.items(), key=lambda kv: -len(kv[0])):
        if text.startswith(short):
            return full
    return None


def zone_between(origin: str, destination: str) -> str:
    """The price zone of a parcel from one province to another."""
    if destination in REMOTE and origin != destination:
        return "remote"
    if origin == destination:
        return "local"
    if REGION_OF.get(origin) == REGION_OF.get(destination):
        return "region"
    return "national"


def place(*parts: str | None, sep: str = "") -> str:
    """Province, city, district… as a seller writes them: a municipality's city is not repeated
    ("上海市徐汇区", never "上海市上海市徐汇区"), empty parts are skipped."""
    out: list[str] = []
    for part in parts:
        part = (part or "").strip()
        if part and (not out or part != out[-1]):
            out.append(part)
    return sep.join(out)
