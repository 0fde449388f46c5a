"""The sandbox's carriers: zone prices, service areas, transit days and number packages.

Prices are in fen. Package prices are whole fen per number so refunds are exact.
"""

from __future__ import annotations

from waybill_ui.carriers.codes import CARRIERS
from typing import Any

# code: (first_fen per zone local/region/national/remote, extra per kg per zone, transit days per zone,
#        excluded provinces, fen per number in the 100/500/1000/5000 packages)
_TABLE: dict[str, tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], list[str], tuple[int, ...]]] = {
    "SF": ((1200, 1400, 1800, 2300), (200, 400, 600, 1200), (1, 1, 2, 3), [], (30, 28, 26, 24)),
    "ZTO": ((350, 450, 550, 1200), (100, 200, 400, 900), (1, 2, 3, 5), ["西藏自治区"], (12, 11, 10, 9)),
    "YTO": ((340, 440, 560, 1250), (100, 200, 400, 900), (1, 2, 3, 5), ["西藏自治区"], (12, 11, 10, 9)),
    "STO": (
        (320, 420, 520, 1300),
        (100, 200, 400, 1000),
        (2, 2, 3, 6),
        ["西藏自治区", "新疆维吾尔自治区"],
        (11, 10, 9, 8),
    ),
    "YD": (
        (330, 430, 530, 1300),
        (100, 200, 400, 1000),
        (1, 2, 3, 6),
        ["西藏自治区", "新疆维吾尔自治区"],
        (11, 10, 9, 8),
    ),
    "JTSD": ((300, 400, 500, 1400), (100, 200, 350, 1000), (2, 3, 4, 6), ["西藏自治区", "青海省"], (10, 9, 8, 7)),
    "EMS": ((800, 1000, 1300, 1500), (200, 400, 600, 900), (2, 3, 4, 5), [], (20, 19, 18, 17)),
    "JD": ((900, 1100, 1500, 2000), (200, 400, 600, 1200), (1, 1, 2, 4), ["西藏自治区"], (25, 24, 23, 22)),
    "DBL": ((700, 900, 1200, 1800), (150, 300, 500, 1000), (2, 3, 4, 5), ["西藏自治区"], (18, 17, 16, 15)),
}
ZONES = ("local", "region", "national", "remote")
PACKAGE_SIZES = (100, 500, 1000, 5000)
VALIDITY_DAYS = {100: 90, 500: 180, 1000: 365, 5000: 365}
FIRST_WEIGHT_G = 1000


def catalogue() -> list[dict[str, Any]]:
    """The wire form of GET /sandbox/api/catalogue."""
    result = []
    for code, (first, extra, days, excluded, per_number) in _TABLE.items():
        result.append(
            {
                "code": code,
                "name": CARRIERS[code].name,
                "prices": {
                    zone: {"first_fen": first[i], "first_g": FIRST_WEIGHT_G, "extra_fen_per_kg": extra[i]}
                    for i, zone in enumerate(ZONES)
                },
                "transit_days": {zone: days[i] for i, zone in enumerate(ZONES)},
                "provinces_excluded": list(excluded),
                "packages": [
                    {
                        "id": f"{code}-{size}",
                        "quantity": size,
                        "price_fen": size * per_number[i],
                        "validity_days": VALIDITY_DAYS[size],
                    }
                    for i, size in enumerate(PACKAGE_SIZES)
                ],
            }
        )
    return result


def package(package_id: str) -> dict[str, Any] | None:
    for carrier in catalogue():
        for pkg in carrier["packages"]:
            if pkg["id"] == package_id:
                return {**pkg, "carrier": carrier["code"]}
    return None
