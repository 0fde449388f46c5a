"""The parser's shortcuts for the cells every row has (services/orders/importing/cells.py): an
amount or a time found in its cache must be exactly what the full conversion (cleaning.py) gives,
and a bad cell must be refused every time it comes, never remembered as good."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest

from waybill_ui.services.orders.importing import cells, cleaning
from waybill_ui.services.orders.importing.cleaning import CellError


def test_times_from_the_hour_cache_equal_the_full_conversion():
    rng = random.Random(8)
    start = datetime(2023, 12, 30)
    moments = [start + timedelta(seconds=rng.randrange(3 * 366 * 86400)) for _ in range(20_000)]
    moments += [datetime(2024, 3, 1, 3, 0, 0), datetime(2024, 1, 1, 7, 59, 59), datetime(2025, 1, 1, 0, 0, 0)]
    for moment in moments:
        text = moment.strftime("%Y-%m-%d %H:%M:%S")
        assert cells.fast_when(text) == cleaning.when(text), text
        assert cells.fast_when(text) == cleaning.when(text), text  # the second time from the cache
    assert cells.fast_when("2024-03-01 03:00:00") == "2024-02-29 19:00:00.000000"  # back over a leap day
    for other in ("2024/5/23 22:02", "2024-05-23 22:0٣:00", "2024-05-23T22:02:11"):  # no shortcut: the full way
        assert cells.fast_when(other) == cleaning.when(other), other


@pytest.mark.parametrize(
    "bad",
    ["2024-02-30 10:00:00", "2024-05-23 22:61:00", "2024-05-23 22:00:60", "2024-05-23 25:00:00"],
)
def test_an_impossible_time_is_refused_every_time(bad):
    for _ in range(2):
        with pytest.raises(CellError) as caught:
            cells.fast_when(bad)
        assert caught.value.key == "import.problem.bad_date"


def test_amounts_from_the_cache_equal_the_full_conversion():
    for text in ["118.00", "0.05", "12.5", "7", "1,234.50", "￥99.90", "118.00", "12.5"]:
        assert cells.fast_money(text) == cleaning.money_fen(text), text
    for _ in range(2):
        with pytest.raises(CellError):
            cells.fast_money("十二元")
    assert cells.fast_money("１２.５") == cleaning.money_fen("１２.５")  # full-width: the full conversion decides
