"""Every code docs/carrier-formats.md lists (§1.3, §2.6) has a mapping, to a status of our model."""

import pytest

from waybill_ui.carriers.kdniao import units as kdn
from waybill_ui.carriers.kuaidi100 import units as k100
from waybill_ui.carriers.status import TERMINAL, TrackingStatus as S

KUAIDI100_BASIC_OLD = ["0", "1", "2", "3", "4", "5", "6", "7", "10", "11", "12", "13", "14"]
KUAIDI100_BASIC_NEW = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "14"]
KUAIDI100_SUB = [
    "1001",
    "1002",
    "1003",
    "101",
    "102",
    "103",
    "201",
    "202",
    "203",
    "204",
    "205",
    "206",
    "207",
    "208",
    "209",
    "210",
    "301",
    "302",
    "303",
    "304",
    "401",
    "14",
    "501",
    "10",
    "11",
    "12",
    "13",
]
KDNIAO_STATE = ["1", "2", "3", "4", "5", "6", "10"]
KDNIAO_STATE_EX = [
    "1",
    "10",
    "2",
    "201",
    "202",
    "204",
    "205",
    "206",
    "211",
    "3",
    "301",
    "302",
    "304",
    "311",
    "4",
    "401",
    "402",
    "403",
    "404",
    "405",
    "406",
    "407",
    "412",
    "413",
    "414",
    "415",
    "416",
    "417",
    "418",
    "419",
    "420",
    "421",
    "422",
    "423",
    "5",
    "6",
    "601",
    "602",
    "603",
    "604",
]


@pytest.mark.parametrize("code", sorted(set(KUAIDI100_BASIC_OLD + KUAIDI100_BASIC_NEW + KUAIDI100_SUB)))
def test_kuaidi100_code_is_mapped(code):
    assert isinstance(k100.map_code(code), S)
    assert k100.map_code(int(code)) == k100.map_code(code)  # numbers and strings alike


@pytest.mark.parametrize("code", KDNIAO_STATE)
def test_kdniao_state_is_mapped(code):
    assert isinstance(kdn.map_state(code), S) and kdn.map_state(int(code)) == kdn.map_state(code)


@pytest.mark.parametrize("code", KDNIAO_STATE_EX)
def test_kdniao_state_ex_is_mapped(code):
    assert isinstance(kdn.map_state_ex(code), S) and kdn.map_state_ex(int(code)) == kdn.map_state_ex(code)


def test_no_trace_is_not_a_status():
    assert kdn.map_state("0") is None and "0" in kdn.NO_TRACE
    assert k100.ERRORS["500"].what == "no_result"


def test_tables_hold_nothing_undocumented():
    assert set(k100.STATE) == set(KUAIDI100_BASIC_OLD + KUAIDI100_BASIC_NEW + KUAIDI100_SUB)
    assert set(kdn.STATE_EX) == set(KDNIAO_STATE_EX) and set(kdn.STATE) == set(KDNIAO_STATE)


def test_key_meanings_agree_across_providers():
    # signed, refused, returned and locker mean the same thing whoever reports them
    assert k100.map_code("3") == kdn.map_state("3") == S.delivered
    assert k100.map_code("14") == kdn.map_state_ex("404") == S.refused
    assert k100.map_code("4") == kdn.map_state_ex("406") == S.returned
    assert k100.map_code("501") == kdn.map_state_ex("211") == S.available_for_pickup
    assert k100.map_code("5") == kdn.map_state_ex("202") == S.out_for_delivery
    assert k100.map_code("102") == kdn.map_state_ex("10") == S.pending
    assert S.delivered in TERMINAL


def test_every_kuaidi100_error_code_has_a_meaning():
    for code in ("400", "408", "500", "501", "502", "503", "601"):
        assert k100.ERRORS[code].what in {"config", "parcel", "no_result", "transient"}
    assert {c for c, k in k100.ERRORS.items() if k.what == "transient"} == {"501", "502"}
    assert {c for c, k in k100.ERRORS.items() if k.what == "config"} == {"400", "503", "601"}
