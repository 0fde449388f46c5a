"""Number formats of the nine carriers: good and bad samples each, S10 check digits, ranges."""

import pytest

from waybill_ui.carriers import formats
from waybill_ui.carriers.codes import CARRIERS

GOOD = {
    "SF": ["SF1234567890123", "SF0000000000001", "123456789012"],
    "YTO": ["YT1234567890123", "YT9876543210987", "800000000000000001"],
    "ZTO": ["75123456789012", "73000000000001", "78999999999999", "123456789012"],
    "STO": ["773123456789012", "268123456789", "5501234567890"],
    "YD": ["431234567890123", "312345678901234", "3950055201640"],
    "JTSD": ["JT1234567890123", "JT0001112223334"],
    "EMS": ["1123456789012", "9812345678901", "EA123456785CN", "RB123456785CN"],
    "JD": ["JDVA12345678901", "JDX012345678901", "JD0012345678901", "JD123456789012"],
    "DBL": ["DPK123456789012", "12345678", "1234567890"],
}
BAD = {
    "SF": ["SF123456789012", "SF12345678901234", "YT1234567890123", "SFA234567890123"],
    "YTO": ["YT123456789012", "SF1234567890123", "YT12345678901234"],
    "ZTO": ["72123456789012", "7512345678901", "751234567890123", "ZT123456789012"],
    "STO": ["781234567890123", "77312345678901", "ST1234567890123"],
    "YD": ["531234567890123", "4312345678901234", "YD1234567890123"],
    "JTSD": ["JT123456789012", "J1234567890123", "JD1234567890123"],
    "EMS": ["2123456789012", "112345678901", "EA123456784CN", "EA123456785US", "XX123456785CN"],
    "JD": ["JD12345678901", "JDVA1234567890", "XDVA12345678901"],
    "DBL": ["DPK12345678901", "1234567", "12345678901", "DPX123456789012"],
}


def test_the_samples_cover_all_nine_carriers():
    assert set(GOOD) == set(BAD) == set(CARRIERS) and len(CARRIERS) == 9


@pytest.mark.parametrize("carrier", sorted(GOOD))
def test_good_numbers_pass(carrier):
    for number in GOOD[carrier]:
        assert formats.check(carrier, number) is None, number
        assert carrier in formats.suggest_carriers(number), number
    assert formats.check(carrier, formats.FORMATS[carrier].example) is None


@pytest.mark.parametrize("carrier", sorted(BAD))
def test_bad_numbers_are_refused_with_a_reason(carrier):
    for number in BAD[carrier]:
        assert formats.check(carrier, number) in ("number.bad_format", "number.bad_check_digit"), number


def test_s10_check_digit():
    assert formats.s10_check_digit("12345678") == 5  # the S10 standard's RB123456785GB (docs/carrier-formats.md §3)
    assert formats.check("EMS", "EA123456785CN") is None
    assert formats.check("EMS", "EA123456786CN") == "number.bad_check_digit"
    # the two special cases of the rule: 11 - r = 10 -> 0 and 11 - r = 11 -> 5
    for serial in (f"{n:08d}" for n in range(0, 3000, 7)):
        r = sum(int(d) * w for d, w in zip(serial, (8, 6, 4, 2, 3, 5, 9, 7), strict=False)) % 11
        assert formats.s10_check_digit(serial) == {0: 5, 1: 0}.get(r, 11 - r)


def test_cleaning_what_scanners_and_pastes_add():
    assert formats.validate("SF", " sf 1234-5678-90123 ") == ("SF1234567890123", None)
    assert formats.validate("ZTO", "７５１２３４５６７８９０１２") == ("75123456789012", None)
    assert formats.validate("JTSD", "ＪＴ1234567890123") == ("JT1234567890123", None)
    assert formats.check("ZTO", "") == "number.empty"
    assert formats.check("ZTO", "7" * 41) == "number.too_long"
    assert formats.check("NOPE", "75123456789012") == "number.unknown_carrier"


def test_ranges_keep_width_and_recompute_s10_check_digits():
    assert formats.number_range("75000000000098", 3) == ["75000000000098", "75000000000099", "75000000000100"]
    assert formats.number_range("JT0000000000009", 2) == ["JT0000000000009", "JT0000000000010"]
    s10 = formats.number_range("EA123456785CN", 3)
    assert s10[0] == "EA123456785CN" and all(formats.check("EMS", n) is None for n in s10)
    assert [n[2:10] for n in s10] == ["12345678", "12345679", "12345680"]
    with pytest.raises(formats.RangeError) as overflow:
        formats.number_range("JT9999999999999", 2)
    assert overflow.value.key == "number.range_overflow"
    with pytest.raises(formats.RangeError):
        formats.number_range("SF", 2)
    with pytest.raises(formats.RangeError):
        formats.number_range("SF1234567890123", 0)
