"""The bundled table of administrative divisions, loaded once into a lookup index.

``divisions.tsv`` holds every province, city and county-level division as of 2023-06-30 (see
tools/build_divisions.py and docs/addresses.md for its source); ``renames.tsv`` maps names that
buyers still write (江干区, 襄樊市, 莱芜市钢城区…) to the division that holds the place today.

The index maps every name a buyer may write to the divisions it can mean: the full name, a short
form (杭州, 西湖, 景宁, 延边), a same-stem variant (临安市 for 临安区: most recent changes turned a
县 or 市 into a 区 without renaming it), or an old name. Lookups are plain dict hits on slices of
the text, which is what keeps parsing at tens of thousands of addresses a second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from collections.abc import Callable
from waybill_ui.carriers.geo import SHORT

HERE = Path(__file__).resolve().parent
DATA_DATE = "2023-06-30"

PROVINCE, CITY, DISTRICT = 0, 1, 2

# How a name was matched; the weaker kinds lower the confidence and some need a guard.
FULL, SHORT_FORM, VARIANT, OLD, SPLIT = "full", "short", "variant", "old", "split"

_ETHNIC = (
    "维吾尔|哈萨克|柯尔克孜|乌孜别克|塔吉克|塔塔尔|俄罗斯|鄂温克|鄂伦春|达斡尔|蒙古|朝鲜|土家|哈尼|"
    "傈僳|拉祜|纳西|景颇|仫佬|布依|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|德昂|保安|裕固|独龙|赫哲|门巴|"
    "珞巴|基诺|东乡|高山|回|藏|苗|彝|壮|满|侗|瑶|白|傣|黎|佤|畲|水|土|羌|怒|京"
)
_AUTONOMOUS = re.compile(rf"^(.+?)(?:(?:{_ETHNIC})族?)+(自治县|自治旗|自治州|区)$")
_DISTRICT_SUFFIXES = ("新区", "区", "县", "市", "旗")
_CITY_SUFFIXES = ("地区", "盟", "市")
# Words that are nothing but noise between divisions
SKIP_WORDS = ("中华人民共和国", "中国大陆", "中国", "市辖区", "省直辖县级行政区划", "自治区直辖县级行政区划")


class Entry(NamedTuple):
    """One meaning of a name: the division chain it names (-1 where unknown) and how it matched."""

    province: int
    city: int
    district: int
    kind: str
    via: int = -1  # an old name also fits the city it used to belong to


@dataclass
class Divisions:
    names: list[str] = field(default_factory=list)
    level: list[int] = field(default_factory=list)
    province_of: list[int] = field(default_factory=list)
    city_of: list[int] = field(default_factory=list)
    children: dict[int, list[int]] = field(default_factory=dict)
    index: dict[str, tuple[Entry, ...]] = field(default_factory=dict)
    longest: dict[str, int] = field(default_factory=dict)  # first two characters → longest name
    skip: frozenset[str] = frozenset()
    notes: dict[tuple[str, int], str] = field(default_factory=dict)  # (old name, target) → why

    def chain(self, ident: int) -> tuple[int, int, int]:
        level = self.level[ident]
        if level == PROVINCE:
            return ident, -1, -1
        if level == CITY:
            return self.province_of[ident], ident, -1
        return self.province_of[ident], self.city_of[ident], ident

    def find(self, name: str, level: int, parent: int = -1) -> int | None:
        for entry in self.index.get(name, ()):
            if entry.kind != FULL:
                continue
            ident = (entry.province, entry.city, entry.district)[level]
            if ident < 0 or self.level[ident] != level:
                continue
            if parent < 0 or parent in (entry.province, entry.city):
                return ident
        return None


def stem(name: str, level: int) -> str:
    """The name without its administrative suffix: 西湖区 → 西湖, 景宁畲族自治县 → 景宁; "" when
    that would leave fewer than two characters (沛县, 城区)."""
    found = _AUTONOMOUS.match(name)
    if found and len(found.group(1)) >= 2:
        return found.group(1)
    if name == "神农架林区":
        return "神农架"
    if "自治" in name:  # 东乡族自治县: the stem would be the people's name, not a place
        return ""
    for suffix in _CITY_SUFFIXES if level == CITY else _DISTRICT_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return ""


def _read(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def load(folder: Path = HERE) -> Divisions:
    table = Divisions()
    by_code: dict[tuple[str, str], int] = {}
    for level_code, code, name, parent in _read(folder / "divisions.tsv"):
        level = {"P": PROVINCE, "C": CITY, "D": DISTRICT, "Z": DISTRICT}[level_code]
        ident = len(table.names)
        table.names.append(name)
        table.level.append(level)
        if level == PROVINCE:
            table.province_of.append(ident)
            table.city_of.append(-1)
        elif level == CITY:
            table.province_of.append(by_code[("P", parent)])
            table.city_of.append(ident)
        else:
            city = by_code[("C", parent)]
            table.province_of.append(table.province_of[city])
            table.city_of.append(city)
            table.children.setdefault(city, []).append(ident)
        by_code[("P" if level == PROVINCE else "C" if level == CITY else "D", code)] = ident
    _index(table)
    return table


def _index(table: Divisions) -> None:
    index: dict[str, list[Entry]] = {}

    def add(name: str, entry: Entry) -> None:
        if len(name) >= 2 and entry not in index.setdefault(name, []):
            index[name].append(entry)

    for ident, name in enumerate(table.names):
        add(name, Entry(*table.chain(ident), FULL))
    full_names = set(index)
    for ident, name in enumerate(table.names):
        level, chain = table.level[ident], table.chain(ident)
        if level == PROVINCE:
            for short, full in SHORT.items():
                if full == name:
                    add(short, Entry(*chain, SHORT_FORM))
            continue
        if level == CITY and name == table.names[table.province_of[ident]]:  # 上海市 the city
            for short, full in SHORT.items():
                if full == name:
                    add(short, Entry(*chain, SHORT_FORM))
            continue
        short = stem(name, level)
        if not short:
            continue
        add(short, Entry(*chain, SHORT_FORM))
        suffixes = ("市", "地区", "州") if level == CITY else ("县", "区", "市")
        for suffix in suffixes:
            variant = short + suffix
            if variant != name and variant not in full_names:
                add(variant, Entry(*chain, VARIANT))
    table.index = index  # type: ignore[assignment]  # find() below reads the names so far
    _old_names(table, add)
    table.index = {name: tuple(entries) for name, entries in index.items()}
    for word in SKIP_WORDS:
        table.index.setdefault(word, ())
    table.skip = frozenset(SKIP_WORDS)
    longest: dict[str, int] = {}
    for name in table.index:
        longest[name[:2]] = max(longest.get(name[:2], 0), len(name))
    table.longest = longest


def _old_names(table: Divisions, add: Callable[[str, Entry], None]) -> None:
    for level_code, old, province, old_city, new_city, new_district, year, note in _read(HERE / "renames.tsv"):
        p = table.find(province, PROVINCE)
        if p is None:
            raise ValueError(f"renames.tsv: unknown province {province}")
        c = table.find(new_city, CITY, p)
        if c is None:
            raise ValueError(f"renames.tsv: unknown city {new_city} in {province}")
        via = table.find(old_city, CITY, p) if old_city else None
        if level_code == "C":
            add(old, Entry(p, c, -1, OLD))
            table.notes[(old, c)] = f"{old}→{new_city} ({year})"
            continue
        if not new_district:
            add(old, Entry(p, c, -1, SPLIT, via if via is not None else -1))
            table.notes[(old, c)] = f"{old}→{note} ({year})"
            continue
        d = table.find(new_district, DISTRICT, c)
        if d is None:
            raise ValueError(f"renames.tsv: unknown district {new_district} in {new_city}")
        add(old, Entry(p, c, d, OLD, via if via is not None else -1))
        table.notes[(old, d)] = f"{old}→{new_district} ({year})"


_TABLE: Divisions | None = None


def table() -> Divisions:
    global _TABLE
    if _TABLE is None:
        _TABLE = load()
    return _TABLE


# --- choices for the address form (province → cities → districts) ---------------------------------


def provinces() -> list[str]:
    tab = table()
    return [name for ident, name in enumerate(tab.names) if tab.level[ident] == PROVINCE]


def cities_of(province: str) -> list[str]:
    tab = table()
    p = tab.find(province, PROVINCE)
    return (
        []
        if p is None
        else [name for ident, name in enumerate(tab.names) if tab.level[ident] == CITY and tab.province_of[ident] == p]
    )


def districts_of(province: str, city: str) -> list[str]:
    tab = table()
    p = tab.find(province, PROVINCE)
    c = tab.find(city, CITY, p) if p is not None else None
    return [] if c is None else [tab.names[d] for d in tab.children.get(c, [])]
