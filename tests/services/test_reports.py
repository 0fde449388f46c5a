"""Every report figure on the hand-built January shop (tests/report_data.py), whose answers are
worked out by hand in that file's docstring."""

from datetime import date

import pytest

from waybill_ui.services.reports import summary as reports
from waybill_ui.services.common.errors import Invalid
from waybill_ui.services.reports.tables import make_period, preset
from tests.report_data import JANUARY, NOW, alert, january, local


@pytest.fixture
def report(db):
    january(db)
    return reports.build(db, period=JANUARY, now=NOW)


def by(table, key, value):
    [row] = [r for r in table.rows if r[key] == value]
    return row


def test_carrier_figures(report):
    carriers = report.tables["carriers"]
    zto = by(carriers, "code", "ZTO")
    assert (zto["shipments"], zto["delivered"], zto["spend_fen"]) == (4, 3, 500)
    assert zto["cost_per_delivered_fen"] == 167
    assert zto["on_time_rate"] == pytest.approx(2 / 3)
    assert (zto["late"], zto["late_rate"]) == (1, pytest.approx(1 / 3))
    assert zto["exception_rate"] == pytest.approx(1 / 4)
    assert zto["returned_rate"] == 0
    assert zto["avg_pickup_hours"] == pytest.approx(5.0)
    assert zto["avg_transit_days"] == pytest.approx(7 / 3)

    yto = by(carriers, "code", "YTO")
    assert (yto["shipments"], yto["delivered"], yto["spend_fen"], yto["cost_per_delivered_fen"]) == (3, 1, 450, 450)
    assert (yto["on_time_rate"], yto["late"]) == (1.0, 0)
    assert yto["exception_rate"] == pytest.approx(0.5)
    assert yto["returned_rate"] == pytest.approx(0.5)
    assert yto["avg_transit_days"] == pytest.approx(2.0)

    total = carriers.total
    assert (total["shipments"], total["delivered"], total["spend_fen"], total["late"]) == (7, 4, 950, 1)
    assert total["on_time_rate"] == pytest.approx(3 / 4)
    assert total["exception_rate"] == pytest.approx(2 / 6)


def test_findings_name_the_cheapest_and_the_latest(report):
    assert report.findings.cheapest["code"] == "ZTO"
    assert report.findings.latest["code"] == "ZTO"
    text = " ".join(report.findings.sentences("zh"))
    assert "每件签收最便宜的是 中通快递：¥1.67（3 件签收）" in text
    assert "最常迟到的是 中通快递：迟到率 33.3%（3 件签收中 1 件迟到）" in text


def test_pool_figures(report):
    pool = report.tables["pool"]
    zto = by(pool, "code", "ZTO")
    assert {
        k: zto[k]
        for k in (
            "bought",
            "bought_fen",
            "imported",
            "used",
            "voided",
            "expired",
            "refunded",
            "refunded_fen",
            "waste_fen",
        )
    } == {
        "bought": 10,
        "bought_fen": 1000,
        "imported": 6,
        "used": 4,
        "voided": 1,
        "expired": 5,
        "refunded": 4,
        "refunded_fen": 400,
        "waste_fen": 600,
    }
    yto = by(pool, "code", "YTO")
    assert (yto["used"], yto["bought"], yto["waste_fen"]) == (3, 0, 0)
    assert (pool.total["used"], pool.total["waste_fen"]) == (7, 600)


def test_province_figures(report):
    provinces = report.tables["provinces"]
    zj, gd, bj = (by(provinces, "province", p) for p in ("浙江省", "广东省", "北京市"))
    assert (zj["shipments"], zj["delivered"], zj["avg_transit_days"], zj["exception_rate"]) == (2, 2, 2.0, 0)
    assert (gd["shipments"], gd["delivered"], gd["avg_transit_days"]) == (2, 1, 3.0)
    assert gd["exception_rate"] == pytest.approx(0.5)
    assert (bj["shipments"], bj["delivered"], bj["exception_rate"]) == (3, 1, 0.5)
    assert provinces.total["shipments"] == 7


def test_alert_figures(report):
    alerts = report.tables["alerts"]
    pickup = by(alerts, "kind", "揽收超时")
    assert (pickup["raised"], pickup["resolved"], pickup["still_open"]) == (2, 1, 1)
    assert pickup["avg_resolve_hours"] == pytest.approx(5.0)
    low = by(alerts, "kind", "库存不足")
    assert (low["raised"], low["resolved"], low["avg_resolve_hours"]) == (1, 1, pytest.approx(10.0))
    assert alerts.total["raised"] == 3
    assert alerts.total["avg_resolve_hours"] == pytest.approx(7.5)


def test_an_empty_period_has_no_rows_and_says_so(db):
    january(db)
    empty = reports.build(db, period=make_period("2025-06-01", "2025-06-30"), now=NOW)
    assert all(not t.rows and t.total is None for t in empty.tables.values())
    assert empty.findings.sentences("en") == [
        "No parcel was delivered in this period yet, so carriers cannot be compared."
    ]


def test_the_market_rating_and_the_report_agree_on_on_time(db):
    """One definition of on time: the market's rating over the same parcels gives the same counts."""
    from waybill_ui.services.market import ratings

    january(db)
    rated = ratings.compute(db, origin="浙江省", now=local(2, 1, 0))
    report = reports.build(db, period=make_period("2025-08-05", "2026-02-01"), now=NOW)
    zto = by(report.tables["carriers"], "code", "ZTO")
    assert (rated["ZTO"].delivered, rated["ZTO"].on_time) == (zto["delivered"], zto["delivered"] - zto["late"])
    assert rated["ZTO"].exception_rate == zto["exception_rate"]


def test_periods():
    assert preset("last_month", today=date(2026, 2, 10)) == JANUARY
    assert preset("last_month", today=date(2026, 1, 3)).label() == "2025-12-01 ~ 2025-12-31"
    assert preset("this_month", today=date(2026, 2, 10)).days == 10
    assert preset("last_7", today=date(2026, 2, 10)).start == date(2026, 2, 4)
    assert JANUARY.since.isoformat() == "2026-01-01T00:00:00+08:00"
    with pytest.raises(Invalid) as bad:
        make_period("2026-02-01", "2026-01-01")
    assert "早于开始日期" in bad.value.message("zh")
    with pytest.raises(Invalid):
        make_period("2026-13-01", "2026-12-31")
    with pytest.raises(Invalid):
        make_period("2020-01-01", "2026-01-01")


def test_alert_kinds_of_other_areas_are_named(db):
    january(db)
    alert(db, "purchase_stuck", created=local(1, 9))
    table = reports.build(db, period=JANUARY, now=NOW, sections=("alerts",)).tables["alerts"]
    assert by(table, "kind", "采购同步卡住")["raised"] == 1
