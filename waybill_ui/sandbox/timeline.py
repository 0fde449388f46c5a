"""Parcel lives in the embedded network: deterministic per (seed, number), realistic in shape.

揽收 → 干线/转运 → 到达派件城市 → 派件 → 签收, with a share of slow pickups, stuck parcels,
疑难, 拒签 → 退回, 驿站/快递柜 and long deliveries. Codes are Kuaidi100's (state + sub-code).
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from waybill_ui.carriers.geo import PROVINCES, REGION_OF, normalize_province
from waybill_ui.clock import SHANGHAI
from typing import Any

HUBS = [
    "杭州转运中心",
    "上海转运中心",
    "南京转运中心",
    "武汉转运中心",
    "郑州转运中心",
    "广州转运中心",
    "成都转运中心",
    "西安转运中心",
    "沈阳转运中心",
    "北京转运中心",
    "长沙转运中心",
    "昆明转运中心",
]
# The trunk hub a region's parcels go through: a parcel leaves its origin's region hub and reaches
# the destination's region hub, never detouring through a third region (杭州 → 上海 stays in 华东).
REGION_HUB = {
    "华东": "上海转运中心",
    "华南": "广州转运中心",
    "华北": "北京转运中心",
    "华中": "武汉转运中心",
    "西南": "成都转运中心",
    "西北": "西安转运中心",
    "东北": "沈阳转运中心",
}


def route(origin_city: str, province: str, city: str) -> list[str]:
    """The hubs a parcel passes, in order: the origin city's sorting centre, then the trunk hubs of
    the origin's and the destination's regions where they differ (the destination city's own
    centre is the last stop and is added by `build`)."""
    origin_province = normalize_province(origin_city) or _province_of_city(origin_city)
    hubs = [f"{origin_city.removesuffix('市')}转运中心"]
    regions = [REGION_OF.get(p or "", "") for p in (origin_province, province)]
    if regions[0] != regions[1]:  # across regions: through both regions' trunk hubs
        for region in regions:
            hub = REGION_HUB.get(region, "")
            if hub and hub not in hubs:
                hubs.append(hub)
    dest_hub = f"{city.removesuffix('市')}转运中心"
    return [h for h in hubs if h != dest_hub]


_CITY_PROVINCE = {
    "杭州市": "浙江省",
    "宁波市": "浙江省",
    "温州市": "浙江省",
    "义乌市": "浙江省",
    "广州市": "广东省",
    "深圳市": "广东省",
    "南京市": "江苏省",
    "苏州市": "江苏省",
}


def _province_of_city(city: str) -> str:
    return _CITY_PROVINCE.get(city, "")


STATE_NAMES = {"0": "在途", "1": "揽收", "2": "疑难", "3": "签收", "4": "退签", "5": "派件", "6": "退回", "14": "拒签"}

# (share, scenario) — shares add up to 1
SCENARIOS = [
    (0.62, "delivered"),
    (0.12, "locker"),
    (0.06, "slow_pickup"),
    (0.05, "stuck"),
    (0.04, "problem"),
    (0.04, "refused"),
    (0.03, "locker_overdue"),
    (0.04, "long_delivery"),
]


@dataclass(frozen=True)
class SimEvent:
    hours: float  # simulated hours after the parcel entered the network
    state: str
    substate: str
    context: str
    location: str


def scenario_of(seed: int, number: str) -> str:
    u = _rng(seed, number, "scenario").random()
    for share, name in SCENARIOS:
        if u < share:
            return name
        u -= share
    return "delivered"


def _rng(seed: int, number: str, salt: str) -> random.Random:
    return random.Random(hashlib.sha256(f"{seed}|{number}|{salt}".encode()).digest())


def destination(to_text: str) -> tuple[str, str]:
    """(province, city) from a Kuaidi100 `to` text such as "广东省深圳市南山区"."""
    province = normalize_province(to_text) or ""
    rest = to_text[len(province) :] if province and to_text.startswith(province) else to_text
    match = re.match(r"(.{1,8}?(市|自治州|地区|盟))", rest)
    city = match.group(1) if match else (province if province.endswith("市") else "")
    return province, city


def build(seed: int, number: str, to_text: str = "", origin_city: str = "杭州市") -> list[SimEvent]:
    rng = _rng(seed, number, "events")
    kind = scenario_of(seed, number)
    province, city = destination(to_text)
    if not province:
        province = PROVINCES[rng.randrange(len(PROVINCES))]
        city = city or province
    city = city or province
    dest_hub = f"{city.removesuffix('市')}转运中心"
    station = f"{city}{rng.choice(['东区', '西区', '南区', '北区', '城关'])}营业部"
    courier = f"{rng.choice('王李张刘陈杨黄赵周吴')}师傅（1{rng.randrange(30, 99)}****{rng.randrange(1000, 9999)}）"
    events: list[SimEvent] = []
    t = rng.uniform(1, 6) if kind != "slow_pickup" else rng.uniform(30, 40)

    def add(state: str, sub: str, text: str, where: str) -> None:
        events.append(SimEvent(round(t, 3), state, sub, text, where))

    add("1", "103", f"【{origin_city}】快件已由{origin_city}揽收网点揽收", origin_city)
    for hub in route(origin_city, province, city):
        t += rng.uniform(3, 10)
        add("0", "1002", f"快件已到达【{hub}】", hub.removesuffix("转运中心"))
        t += rng.uniform(1, 4)
        add("0", "1002", f"快件已从【{hub}】发出，下一站【{dest_hub}】", hub.removesuffix("转运中心"))
    if kind == "stuck":
        t += rng.uniform(55, 70)  # no news for well over two days
    t += rng.uniform(4, 12)
    add("0", "1001", f"快件已到达【{dest_hub}】，即将派送", city)
    t += rng.uniform(2, 6)
    add("5", "5", f"【{station}】快递员{courier}正在为您派件", city)

    if kind == "delivered":
        t += rng.uniform(1, 5)
        add("3", "301", "您的快件已签收，签收人：本人。感谢使用，期待再次为您服务", city)
    elif kind == "long_delivery":
        t += rng.uniform(28, 36)
        add("3", "301", "您的快件已签收，签收人：本人", city)
    elif kind in ("locker", "locker_overdue"):
        t += rng.uniform(1, 3)
        add("5", "501", f"您的快件已放入【{city}菜鸟驿站】，请凭取件码领取", city)
        if kind == "locker_overdue":
            t += rng.uniform(70, 80)
            add("2", "205", "快件在驿站超时未取，请尽快领取", city)
        t += rng.uniform(3, 20)
        add("3", "304", "您的快件已从驿站取出签收，感谢使用", city)
    elif kind == "problem":
        t += rng.uniform(1, 4)
        add("2", rng.choice(["204", "206"]), "派件异常：收件人电话无人接听，快递员将再次派送", city)
        t += rng.uniform(18, 26)
        add("5", "5", f"【{station}】快递员{courier}正在为您再次派件", city)
        t += rng.uniform(1, 4)
        add("3", "302", "您的快件已签收（派件异常后签收）", city)
    elif kind == "refused":
        t += rng.uniform(1, 4)
        add("14", "14", "收件人拒收，快件将退回寄件人", city)
        t += rng.uniform(6, 12)
        add("6", "6", f"快件已从【{dest_hub}】发出，退回寄件人", city)
        t += rng.uniform(30, 60)
        add("4", "4", "退回件已由寄件人签收", origin_city)
    elif kind == "slow_pickup":
        t += rng.uniform(1, 5)
        add("3", "301", "您的快件已签收，签收人：家人", city)
    elif kind == "stuck":
        t += rng.uniform(1, 5)
        add("3", "303", "您的快件已签收，签收人：门卫代签", city)
    return events


def visible(events: list[SimEvent], elapsed_hours: float) -> list[SimEvent]:
    return [e for e in events if e.hours <= elapsed_hours]


def kuaidi100_body(
    *, com: str, number: str, events: list[SimEvent], t0: datetime, speed: float, order: str = "desc"
) -> dict[str, Any]:
    """A Kuaidi100 real-time query answer (docs/carrier-formats.md §1.2) for the events seen so far."""
    nodes = []
    for event in events:
        at = (t0 + timedelta(hours=event.hours / speed)).astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")
        nodes.append(
            {
                "time": at,
                "ftime": at,
                "context": event.context,
                "location": event.location,
                "areaName": event.location,
                "status": STATE_NAMES.get(event.state, "在途"),
                "statusCode": event.substate,
            }
        )
    if order != "asc":
        nodes.reverse()
    last = events[-1]
    return {
        "message": "ok",
        "nu": number,
        "ischeck": "1" if last.state in ("3", "4") else "0",
        "condition": "F00",
        "com": com,
        "status": "200",
        "state": last.state,
        "data": nodes,
    }
