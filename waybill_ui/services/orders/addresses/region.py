"""An address without spaces → province / city / district / detail, checked against the bundled
divisions (divisions.py), with a confidence and the part that is ambiguous.

The scan walks the start of the text once: at each position it tries the longest names the index
knows for the next two characters (a dict hit per length), keeps the meanings that agree with what
was already found, and stops at the first text that names no division. What is left is the detail.
A name that fits several places (鼓楼区: 南京, 徐州, 福州, 开封) with nothing before it to decide
is not guessed: the result names it in `ambiguous` and lists the places in `candidates`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from waybill_ui.services.orders.addresses.divisions import (
    CITY,
    DISTRICT,
    FULL,
    OLD,
    PROVINCE,
    SHORT_FORM,
    SPLIT,
    VARIANT,
    Divisions,
    Entry,
    table,
)

# A short form followed by one of these is a street or a building named after the place
# (中山路, 西湖大道, 北京饭店), not the place itself.
_NOT_AFTER_SHORT = (
    "路",
    "街",
    "道",
    "巷",
    "弄",
    "桥",
    "村",
    "大道",
    "大街",
    "大厦",
    "广场",
    "饭店",
    "酒店",
    "宾馆",
    "公园",
    "小区",
    "花园",
    "中路",
    "北路",
    "南路",
    "西路",
    "东路",
    "中学",
    "小学",
    "大学",
)
_SEPARATORS = frozenset("-_—/|,，;；:：.。 ")
_PENALTY = {FULL: 0.0, SHORT_FORM: 0.03, VARIANT: 0.05, OLD: 0.08, SPLIT: 0.15}


@dataclass
class Region:
    province: str = ""
    city: str = ""
    district: str = ""
    detail: str = ""
    confidence: float = 0.0
    ambiguous: str = ""  # the part of the text that could mean several places (鼓楼区)
    candidates: list[str] = field(default_factory=list)  # "江苏省南京市鼓楼区", … when ambiguous
    notes: list[str] = field(default_factory=list)  # "江干区→上城区 (2021)": an old name was read


def _fits(entry: Entry, p: int, c: int) -> bool:
    if p >= 0 and entry.province != p:
        return False
    if c >= 0 and entry.city != c and entry.via != c:
        return False
    return True


def _deeper(entry: Entry, level: int) -> bool:
    """The entry names something below what was found so far (level: deepest level found)."""
    if level < PROVINCE:
        return True
    if level == PROVINCE:
        return entry.city >= 0
    return entry.district >= 0 and level == CITY


def _step(tab: Divisions, text: str, at: int, p: int, c: int, level: int) -> tuple[int, Sequence[Entry]] | None:
    """The longest name at `at` with meanings that fit: (length, [entries]) or None."""
    longest = tab.longest.get(text[at : at + 2])
    if not longest:
        return None
    end = len(text)
    index = tab.index
    for size in range(min(longest, end - at), 1, -1):
        entries = index.get(text[at : at + size])
        if entries is None:
            continue
        if not entries:  # a noise word (中国, 市辖区)
            return size, []
        if len(entries) == 1:  # the common case, without building a list
            e = entries[0]
            fitting: Sequence[Entry] = entries if _fits(e, p, c) and _deeper(e, level) else ()
        else:
            fitting = [e for e in entries if _fits(e, p, c) and _deeper(e, level)]
        if not fitting:
            if any(e.district < 0 and (e.province, e.city) in ((p, c), (p, -1)) for e in entries):
                return size, []  # the place already found, written again (上海市上海市, 北京北京市)
            continue
        if all(e.kind in (SHORT_FORM, VARIANT) for e in fitting):
            if text.startswith(_NOT_AFTER_SHORT, at + size) and not _continues(tab, text, at + size, fitting):
                continue  # 中山路 is a street; 哈尔滨道外区 and 台州路桥区 go on with a district
            if at + size == end and level >= CITY:
                continue
        return size, fitting
    return None


def _continues(tab: Divisions, text: str, at: int, entries: Sequence[Entry]) -> bool:
    """Does a division below one of `entries` follow at `at`?"""
    for e in entries:
        depth = _deepest(e)
        if depth < DISTRICT:
            found = _step(tab, text, at, e.province, e.city, depth)
            if found is not None and found[1]:
                return True
    return False


def _shallowest_that_continues(tab: Divisions, text: str, at: int, entries: Sequence[Entry]) -> list[Entry]:
    """吉林 is a province and a city, 通化 a city and a county: "吉林长春…" means the province and
    "通化集安市…" the city, because a division of it follows. Without one, the deepest meaning."""
    depths = sorted({_deepest(e) for e in entries})
    for depth in depths[:-1]:
        at_depth = [e for e in entries if _deepest(e) == depth]
        if _continues(tab, text, at, at_depth):
            return at_depth
    return [e for e in entries if _deepest(e) == depths[-1]]


def _deepest(entry: Entry) -> int:
    return DISTRICT if entry.district >= 0 else CITY if entry.city >= 0 else PROVINCE


def parse_region(text: str) -> Region:
    """`text`: one address, spaces already removed (paste.py normalises the block)."""
    tab = table()
    names = tab.names
    at, p, c, d, level = 0, -1, -1, -1, -1
    penalty = 0.0
    ambiguous, candidates, notes = "", [], []
    while at < len(text) and level < DISTRICT:
        while at < len(text) and text[at] in _SEPARATORS:  # 浙江省-杭州市-西湖区, 浙江省_台州市
            at += 1
        if text.startswith("null", at):  # an empty column glued in by some exports
            at += 4
            continue
        found = _step(tab, text, at, p, c, level)
        if found is None:
            break
        size, entries = found
        word = text[at : at + size]
        at += size
        if not entries:
            continue
        places = {(e.province, e.city, e.district) for e in entries} if len(entries) > 1 else ()
        if len(places) > 1:
            # one level of meaning (see _shallowest_that_continues); if several places remain at
            # that level, the name is ambiguous
            entries = _shallowest_that_continues(tab, text, at, entries)
            full = [e for e in entries if e.kind == FULL]
            entries = full or entries
            places = {(e.province, e.city, e.district) for e in entries}
        if len(places) > 1:
            provinces = {e.province for e in entries}
            cities = {e.city for e in entries}
            if len(provinces) == 1 and p < 0:
                p = entries[0].province
            if len(cities) == 1 and c < 0 and entries[0].city >= 0:
                c = entries[0].city
            ambiguous = word
            candidates = sorted(
                {
                    "".join(
                        names[i]
                        for i in dict.fromkeys(chain)
                        if i >= 0 and not (i == chain[1] and names[i] == names[chain[0]])
                    )
                    for chain in places
                }
            )
            level = max(level, PROVINCE if p >= 0 else level, CITY if c >= 0 else level)
            break
        entry = entries[0]
        penalty += _PENALTY[entry.kind]
        if entry.kind in (OLD, SPLIT):
            note = tab.notes.get((word, entry.district if entry.district >= 0 else entry.city))
            if note:
                notes.append(note)
            if entry.kind == SPLIT:
                ambiguous = word
        p, c = entry.province, entry.city if entry.city >= 0 else c
        if entry.district >= 0:
            d = entry.district
        level = _deepest(entry)
    detail = text[at:].lstrip(",，;；:： ")
    region = Region(
        province=names[p] if p >= 0 else "",
        city=names[c] if c >= 0 else "",
        district=names[d] if d >= 0 else "",
        detail=detail,
        ambiguous=ambiguous,
        candidates=candidates,
        notes=notes,
    )
    region.confidence = _confidence(region, penalty)
    return region


def _confidence(region: Region, penalty: float) -> float:
    if not region.province:
        return 0.1 if region.ambiguous else 0.0
    score = 1.0 - penalty
    if region.ambiguous:
        score -= 0.35
    if not region.city:
        score -= 0.3
    elif not region.district:
        score -= 0.15
    if len(region.detail) < 2:
        score -= 0.3
    elif "*" in region.detail:
        score -= 0.3
    return round(max(0.0, min(1.0, score)), 2)
