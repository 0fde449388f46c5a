"""Split a marketplace address into province / city / district / detail.

Taobao exports write ``省 市 区 详细地址(邮编)`` separated by spaces, so a space-split is the fast
path (a few microseconds a row — it runs 100,000 times per large import). Provinces are checked
against carriers/geo.py; cities and districts against the bundled 2023 administrative divisions
(services/orders/addresses/divisions.py — the one table the smart paste uses too). A district the
export names that is not in it (江干区, merged in 2021) is kept as the marketplace wrote it.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from typing import NamedTuple, Any

from waybill_ui.carriers.geo import MUNICIPALITIES, PROVINCES, SHORT, normalize_province

_POSTCODE = re.compile(r"[(（]\s*(\d{6})\s*[)）]\s*$")
_CITY_SUFFIXES = ("市", "自治州", "地区", "盟")
_DISTRICT_SUFFIXES = ("区", "县", "市", "旗")


class Address(NamedTuple):  # a tuple: built 100,000 times per large import
    province: str
    city: str
    district: str
    detail: str
    postcode: str


@dataclass
class _Divisions:
    cities: dict[str, dict[str, frozenset[str]]]  # province -> city -> districts
    city_province: dict[str, list[str]]  # city (full and short) -> provinces having it
    short_city: dict[str, dict[str, str]]  # province -> short city name -> full name


def _short(name: str, suffixes: tuple[str, ...]) -> str:
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


_TABLE: _Divisions | None = None


def divisions() -> _Divisions:
    global _TABLE
    if _TABLE is None:
        _TABLE = _load()
    return _TABLE


def _load() -> _Divisions:
    from waybill_ui.services.orders.addresses import divisions as bundled

    tab = bundled.table()
    cities: dict[str, dict[str, frozenset[str]]] = {p: {} for p in PROVINCES}
    city_province: dict[str, list[str]] = {}
    short_city: dict[str, dict[str, str]] = {p: {} for p in PROVINCES}
    for ident, city in enumerate(tab.names):
        if tab.level[ident] != bundled.CITY:
            continue
        province = tab.names[tab.province_of[ident]]
        # sys.intern: every imported order shares these strings instead of holding its own copy
        names = frozenset(sys.intern(tab.names[d]) for d in tab.children.get(ident, ()))
        cities[province][city] = names
        short = _short(city, _CITY_SUFFIXES)
        short_city[province][short] = city
        for key in {city, short}:
            city_province.setdefault(key, []).append(province)
    return _Divisions(cities, city_province, short_city)


def _canonical_city(province: str, token: str) -> str | None:
    table = divisions()
    known = table.cities.get(province, {})
    if token in known:
        return token
    return table.short_city.get(province, {}).get(token)


_NONE: frozenset[str] = frozenset()
_EMPTY: dict[str, frozenset[str]] = {}


def _match_district(province: str, city: str, token: str) -> str | None:
    districts = (_TABLE or divisions()).cities.get(province, _EMPTY).get(city, _NONE)
    return token if token in districts else None


def split(raw: str) -> Address:
    """Best split of one address; `province` is "" when it cannot be determined."""
    text = (raw or "").replace("\u3000", " ").strip()
    postcode = ""
    if text[-1:] in (")", "）"):  # "(310000)" at the end; a regex anchored at $ would scan the whole line
        found = _POSTCODE.search(text, max(0, len(text) - 12))
        if found:
            postcode, text = found.group(1), text[: found.start()].rstrip()
    parts = text.split()
    if len(parts) >= 2:
        key = (*parts[:3], min(len(parts), 4))
        try:
            head = _HEADS[key]
        except KeyError:
            if len(_HEADS) > 20000:
                _HEADS.clear()
            head = _HEADS[key] = _split_head(parts[:3], min(len(parts), 4))
        if head is not None:
            province, city, district, used = head
            return Address(province, city, district, " ".join(parts[used:]), postcode)
    joined = _split_joined(text.replace(" ", ""), postcode)
    return joined if joined.province else Address("", "", "", text, postcode)


# "省 市 区" heads repeat across thousands of orders: decide each distinct head once
_HEADS: dict[tuple[Any, ...], tuple[str, str, str, int] | None] = {}


def _split_head(head: list[str], count: int) -> tuple[str, str, str, int] | None:
    """(province, city, district, tokens used) from the first three space-separated tokens;
    `count` is how many tokens the address has (4 meaning "four or more")."""
    province = normalize_province(head[0])
    if province is None or len(head[0]) > len(province) + 1:
        return None  # not "省 市 区 …": e.g. "浙江杭州西湖区…" written as one word
    used = 1
    city = ""
    if province in MUNICIPALITIES:
        city = province
        if used < len(head) and head[used] in (province, province[:-1], "市辖区", "县"):
            used += 1
    elif used < len(head):
        token = head[used]
        city = _canonical_city(province, token) or (token if token.endswith(_CITY_SUFFIXES) else "")
        if city:
            used += 1
    district = ""
    if used < len(head):
        token = head[used]
        if _match_district(province, city, token):
            district, used = token, used + 1
        elif token.endswith(("区", "县", "旗")) and count > used + 1 and len(token) <= 8:
            # a district newer than our table (renamed/merged since): keep what the marketplace says
            district, used = token, used + 1
    return sys.intern(province), sys.intern(city), sys.intern(district), used


def _split_joined(text: str, postcode: str) -> Address:
    """ "浙江杭州西湖区文三路90号" or "杭州市西湖区…" (no spaces): prefix matching on the table."""
    province = ""
    for short, full in sorted(SHORT.items(), key=lambda kv: -len(kv[0])):
        if text.startswith(full):
            province, text = full, text[len(full) :]
            break
        if text.startswith(short):
            province, text = full, text[len(short) :]
            break
    table = divisions()
    city = ""
    if province in MUNICIPALITIES:
        city = province
        for prefix in (province, province[:-1], "市辖区"):
            if text.startswith(prefix):
                text = text[len(prefix) :]
                break
    else:
        candidates = [province] if province else list(table.cities)
        hits = []
        for prov in candidates:
            for name in table.cities[prov]:
                short = _short(name, _CITY_SUFFIXES)
                for form in (name, short):
                    # "朝阳区…" names a district, not the city 朝阳市
                    if (
                        len(form) >= 2
                        and text.startswith(form)
                        and not (form is short and text[len(form) : len(form) + 1] in ("区", "县", "旗"))
                    ):
                        hits.append((len(form), prov, name, form))
        if hits:
            hits.sort(reverse=True)
            best = [h for h in hits if h[0] == hits[0][0]]
            # a city name alone may exist in two provinces (e.g. 朝阳): only infer a unique one
            if province or len({h[1] for h in best}) == 1:
                _, province, city, form = best[0]
                text = text[len(form) :]
    district = ""
    if province and city:
        for name in sorted(table.cities[province].get(city, ()), key=len, reverse=True):
            if text.startswith(name):
                district, text = name, text[len(name) :]
                break
    return Address(province, city, district, text, postcode)
