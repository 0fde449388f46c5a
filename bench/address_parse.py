"""address_parse: unspaced addresses placed per second by the smart-paste parser
(services/orders/addresses/region.py), and — given a public corpus of real addresses — how many it places.

    .venv/bin/python bench/address_parse.py [--count 100000] [--corpus PATH/test.txt ...]

Speed: `--count` unspaced addresses ("浙江省杭州市西湖区文三路90号", short forms, cities written
without their province, old district names) built from the bundled divisions. Baseline: the order
importer's older splitter (services/orders/importing/address.py `split`) on the same strings, in the
same run. Target (issue 19): ≥ 20,000 addresses/s.

Corpus: the annotated addresses of "Neural Chinese Address Parsing" (Li et al., NAACL 2019;
github repository leodotnet/neural-chinese-address-parsing, data/{train,dev,test}.txt: one
character per line with its BIO tag, a blank line between addresses). The corpus is not bundled
(it carries no licence): pass the files' paths. For each address the report counts how often we
find a province, a city and a district, and how often they agree with the corpus's own
prov/city/district tags where it has them (a tag such as 杭州 agrees with 杭州市).
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from _common import emit_json, result

from waybill_ui.carriers.geo import SHORT

STREETS = (
    "文三路90号",
    "人民路1号3栋502室",
    "解放大道188号",
    "科技园南区1栋",
    "建设街道幸福小区5幢",
    "中山北路300弄2号",
)


def synthetic(count: int, seed: int = 7) -> list[str]:
    from waybill_ui.services.orders.addresses import divisions

    tab = divisions.table()
    rng = random.Random(seed)
    districts = [i for i, level in enumerate(tab.level) if level == divisions.DISTRICT]
    out = []
    for _ in range(count):
        d = rng.choice(districts)
        p, c = tab.province_of[d], tab.city_of[d]
        province, city, district = tab.names[p], tab.names[c], tab.names[d]
        style = rng.random()
        if style < 0.6:
            head = province + (city if city != province else "") + district
        elif style < 0.8:
            head = city + district  # the province left out
        else:
            short = divisions.stem(city, divisions.CITY) or city
            province_short = min((k for k, v in SHORT.items() if v == province), key=len)
            head = province_short + short + district  # 浙江杭州西湖区
        out.append(head + rng.choice(STREETS))
    return out


def read_corpus(paths: list[Path]) -> list[tuple[str, dict[str, str]]]:
    """(address, {tag: text}) from the CoNLL-style files."""
    out: list[tuple[str, dict[str, str]]] = []
    chars: list[str] = []
    tags: dict[str, str] = {}
    current = ""

    def flush() -> None:
        nonlocal chars, tags, current
        if chars:
            out.append(("".join(chars), tags))
        chars, tags, current = [], {}, ""

    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                flush()
                continue
            token, _, label = line.rpartition(" ")
            chars.append(token)
            kind = label[2:]
            if label.startswith("B-"):
                current = kind
                tags.setdefault(kind, "")
                if tags[kind]:
                    current = ""  # a second span of the same kind: keep the first
                else:
                    tags[kind] = token
            elif label.startswith("I-") and current == kind:
                tags[kind] += token
        flush()
    return out


def _agrees(ours: str, gold: str, notes: list[str]) -> bool:
    """Same name (杭州 / 杭州市), or our note says the corpus's name is an old one we rewrote
    (the corpus predates 2021: its 江干区 is 上城区 today)."""
    from waybill_ui.services.orders.addresses.divisions import DISTRICT, stem

    if not ours:
        return False
    if ours.startswith(gold) or gold.startswith(ours) or any(n.startswith(gold) for n in notes):
        return True
    return bool(stem(gold, DISTRICT)) and stem(gold, DISTRICT) == stem(ours, DISTRICT)  # 玉环县 → 玉环市


def corpus_rates(paths: list[Path]) -> dict[str, float]:
    from waybill_ui.services.orders.addresses.region import parse_region

    items = read_corpus(paths)
    found = {"province": 0, "city": 0, "district": 0, "ambiguous": 0}
    agree = {"province": [0, 0], "city": [0, 0], "district": [0, 0]}
    start = time.perf_counter()
    for address, gold in items:
        got = parse_region(address)
        found["ambiguous"] += bool(got.ambiguous)
        for field, tag in (("province", "prov"), ("city", "city"), ("district", "district")):
            ours = getattr(got, field)
            found[field] += bool(ours)
            if gold.get(tag):
                agree[field][1] += 1
                agree[field][0] += _agrees(ours, gold[tag], got.notes)
    elapsed = time.perf_counter() - start
    n = len(items)
    print(
        f"corpus: {n:,} real addresses from {', '.join(p.name for p in paths)} in {elapsed:.2f} s "
        f"({n / elapsed:,.0f}/s)"
    )
    for field in ("province", "city", "district"):
        hit, total = agree[field]
        print(
            f"  {field:9s} found in {found[field] / n:6.1%};  agrees with the corpus tag in {hit / max(total, 1):6.1%} "
            f"of the {total:,} addresses that have one"
        )
    print(f"  ambiguous (named several places, not guessed): {found['ambiguous'] / n:.1%}")
    rates = {f"{k}_found": found[k] / n for k in ("province", "city", "district")}
    rates.update({f"{k}_agrees": agree[k][0] / max(agree[k][1], 1) for k in agree})
    rates["count"] = n
    return rates


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--corpus", type=Path, nargs="*", default=[])
    parser.add_argument("--json", action="store_true", help="end with the figures as one JSON line")
    args = parser.parse_args()

    from waybill_ui.services.orders.addresses.region import parse_region
    from waybill_ui.services.orders.importing.address import split

    addresses = synthetic(args.count)
    parse_region(addresses[0])  # load the table outside the timing
    split(addresses[0])
    start = time.perf_counter()
    placed = sum(1 for a in addresses if parse_region(a).district)
    ours = len(addresses) / (time.perf_counter() - start)
    start = time.perf_counter()
    old_placed = sum(1 for a in addresses if split(a).district)
    base = len(addresses) / (time.perf_counter() - start)
    print(
        f"unspaced addresses: {len(addresses):,};  parse_region {ours:,.0f}/s (district found {placed / len(addresses):.1%})"
    )
    print(
        f"baseline, the importer's older splitter on the same strings: {base:,.0f}/s "
        f"(district found {old_placed / len(addresses):.1%});  target ≥ 20,000/s"
    )
    figures = [result("address_parse", ours, "addresses/s", baseline=base, target="≥ 20,000/s", ok=ours >= 20_000)]
    if args.corpus:
        rates = corpus_rates(args.corpus)
        figures.append(
            result(
                "address_parse_corpus_district", rates["district_agrees"] * 100, "% agree", target="reported", ok=True
            )
        )
    if args.json:
        emit_json(figures)


if __name__ == "__main__":
    main()
