"""Derive waybill_ui/services/orders/addresses/divisions.tsv from the 2023 statistical division codes.

Source: the CSV files in dist/ of github.com/modood/Administrative-divisions-of-China (WTFPL),
which transcribe the National Bureau of Statistics' "2023年统计用区划代码和城乡划分代码"
(state on 2023-06-30, published 2023-09-11). Run:

    python tools/build_divisions.py PATH/TO/dist > waybill_ui/services/orders/addresses/divisions.tsv

What is normalised (so the parser needs no special cases):
- the municipalities' placeholder cities 市辖区 / 县 become one city named like the province;
- the county-level cities directly under a province (省直辖县级行政区划: 济源, 仙桃, 琼海,
  石河子…) become cities of their own, each with itself as its one district — the same shape
  the table already gives 东莞 / 中山 / 儋州 / 嘉峪关;
- development zones (codes with 7 in the fifth digit: 苏州工业园区…) are kept, flagged Z, because
  addresses name them like districts.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

DATE = "2023-06-30"
MUNICIPALITIES = {"11", "12", "31", "50"}
DIRECT = {"省直辖县级行政区划", "自治区直辖县级行政区划"}


def main(dist: Path) -> None:
    provinces = {r["code"]: r["name"] for r in csv.DictReader((dist / "provinces.csv").open(encoding="utf-8"))}
    cities = {
        r["code"]: (r["name"], r["provinceCode"]) for r in csv.DictReader((dist / "cities.csv").open(encoding="utf-8"))
    }
    areas = [(r["code"], r["name"], r["cityCode"]) for r in csv.DictReader((dist / "areas.csv").open(encoding="utf-8"))]
    out = sys.stdout
    out.write(
        f"# China's administrative divisions as of {DATE} (NBS 2023 statistical division codes,\n"
        "# via modood/Administrative-divisions-of-China dist/*.csv, WTFPL). Built by tools/build_divisions.py.\n"
        "# level\tcode\tname\tparent code (P province, C city, D district, Z development zone)\n"
    )
    for code, name in sorted(provinces.items()):
        out.write(f"P\t{code}\t{name}\t\n")
        if code in MUNICIPALITIES:
            out.write(f"C\t{code}01\t{name}\t{code}\n")
        for ccode, (cname, pcode) in sorted(cities.items()):
            if pcode != code:
                continue
            if cname in DIRECT:
                for acode, aname, acity in areas:
                    if acity == ccode:
                        out.write(f"C\t{acode}\t{aname}\t{code}\n")
                        out.write(f"D\t{acode}\t{aname}\t{acode}\n")
                continue
            if code not in MUNICIPALITIES:
                out.write(f"C\t{ccode}\t{cname}\t{code}\n")
            parent = f"{code}01" if code in MUNICIPALITIES else ccode
            for acode, aname, acity in areas:
                if acity == ccode:
                    level = "Z" if acode[4] == "7" else "D"
                    out.write(f"{level}\t{acode}\t{aname}\t{parent}\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
