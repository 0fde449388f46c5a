"""Carrier suggestions from a typed or scanned number: ranked, never a decision."""

import pytest

from waybill_ui.carriers.formats import suggest_carriers


@pytest.mark.parametrize(
    "number, first",
    [
        ("SF1402239870351", "SF"),
        ("yt7426331238843", "YTO"),
        ("75100200300400", "ZTO"),
        ("773012345678901", "STO"),
        ("431234567890123", "YD"),
        ("JT0001234567890", "JTSD"),
        ("JDVA12345678901", "JD"),
        ("DPK123456789012", "DBL"),
        (" 1123 4567 89012 ", "EMS"),
    ],
)
def test_the_current_format_comes_first(number, first):
    assert suggest_carriers(number)[0] == first


def test_overlapping_legacy_forms_are_all_suggested_after_current_ones():
    assert set(suggest_carriers("123456789012")) >= {"SF", "ZTO"}  # 12 digits: several carriers used them
    assert suggest_carriers("3950055201640")[0] in {"YD", "EMS"}  # 13 digits: Yunda legacy vs. China Post
    assert suggest_carriers("not-a-number") == []
