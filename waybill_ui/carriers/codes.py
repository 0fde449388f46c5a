"""The major carriers and their codes in each system we talk to (docs/carrier-formats.md §1.8,
§2.7, §5.6)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CarrierCode:
    code: str  # ours (= Kdniao ShipperCode)
    name: str  # what the seller reads
    taobao_name: str  # 物流公司 as the marketplace shows it (batch-ship file)
    kuaidi100: str  # Kuaidi100 `com`
    kdniao: str  # Kdniao ShipperCode
    needs_phone: bool = False  # privacy waybills: tracking needs the phone's last 4 digits


CARRIERS: dict[str, CarrierCode] = {
    c.code: c
    for c in [
        CarrierCode("SF", "顺丰速运", "顺丰速运", "shunfeng", "SF", needs_phone=True),
        CarrierCode("ZTO", "中通快递", "中通快递", "zhongtong", "ZTO", needs_phone=True),
        CarrierCode("YTO", "圆通速递", "圆通速递", "yuantong", "YTO"),
        CarrierCode("STO", "申通快递", "申通快递", "shentong", "STO"),
        CarrierCode("YD", "韵达快递", "韵达快递", "yunda", "YD"),
        CarrierCode("JTSD", "极兔速递", "极兔速递", "jtexpress", "JTSD"),
        CarrierCode("EMS", "邮政EMS", "EMS", "ems", "EMS"),
        CarrierCode("JD", "京东快递", "京东快递", "jd", "JD"),
        CarrierCode("DBL", "德邦快递", "德邦快递", "debangkuaidi", "DBL"),
    ]
}

# Names sellers and marketplaces use for the same carrier (order exports, typed input).
ALIASES: dict[str, str] = {
    "顺丰": "SF",
    "顺丰速运": "SF",
    "顺丰快递": "SF",
    "shunfeng": "SF",
    "中通": "ZTO",
    "中通快递": "ZTO",
    "zhongtong": "ZTO",
    "圆通": "YTO",
    "圆通速递": "YTO",
    "圆通快递": "YTO",
    "yuantong": "YTO",
    "申通": "STO",
    "申通快递": "STO",
    "shentong": "STO",
    "韵达": "YD",
    "韵达快递": "YD",
    "韵达速递": "YD",
    "yunda": "YD",
    "YUNDA": "YD",
    "极兔": "JTSD",
    "极兔速递": "JTSD",
    "极兔快递": "JTSD",
    "jtexpress": "JTSD",
    "J&T": "JTSD",
    "EMS": "EMS",
    "邮政EMS": "EMS",
    "中国邮政EMS": "EMS",
    "ems": "EMS",
    "京东": "JD",
    "京东快递": "JD",
    "京东物流": "JD",
    "jd": "JD",
    "德邦": "DBL",
    "德邦快递": "DBL",
    "德邦物流": "DBL",
    "debangkuaidi": "DBL",
    "debangwuliu": "DBL",
}


def resolve(name_or_code: str | None) -> str | None:
    """Our carrier code for a code, a display name or an alias; None when unknown."""
    if not name_or_code:
        return None
    value = name_or_code.strip()
    if value.upper() in CARRIERS:
        return value.upper()
    return ALIASES.get(value) or ALIASES.get(value.lower())


def name_of(code: str) -> str:
    carrier = CARRIERS.get(code)
    return carrier.name if carrier else code
