"""Alert rules at their thresholds, raising/clearing through services.alerts, the sweep."""

from datetime import datetime, timedelta, timezone

import pytest
from sqlmodel import select

from waybill_ui.carriers.status import TrackingStatus as S
from waybill_ui.db.models import Alert, Shipment
from waybill_ui.services.alerts import center as alert_center
from waybill_ui.services.alerts import rules as alert_rules
from waybill_ui.services.alerts import sweep as alert_sweep
from waybill_ui.services.tracking import config as tracking_config
from waybill_ui.services.alerts.rules import ShipmentFacts, evaluate
from tests.tracking_factories import make_shipment

T0 = datetime(2026, 5, 1, 0, 0, tzinfo=timezone.utc)
H = timedelta(hours=1)
TH = tracking_config.build({}, provider="kuaidi100").thresholds


def facts(status, **kw):
    return ShipmentFacts(id=1, carrier_code="YTO", number="YT1", order_no="T1", status=status, shipped_at=T0, **kw)


@pytest.mark.parametrize(
    "kind, make, threshold",
    [
        ("pickup_overdue", lambda: facts(S.pending), 24),
        ("transit_stalled", lambda: facts(S.in_transit, picked_up_at=T0, last_event_at=T0 + 10 * H), 10 + 48),
        (
            "delivery_overdue",
            lambda: facts(S.out_for_delivery, last_event_at=T0 + 30 * H, delivering_since=T0 + 20 * H),
            20 + 24,
        ),
    ],
)
def test_time_rules_fire_exactly_at_their_threshold(kind, make, threshold):
    f = make()
    assert kind not in evaluate(f, TH, T0 + threshold * H - timedelta(seconds=1))
    fired = evaluate(f, TH, T0 + threshold * H)
    assert kind in fired and fired[kind]["hours"] >= 24


def test_transit_overdue_against_the_carriers_days_for_the_route():
    f = facts(S.in_transit, picked_up_at=T0, last_event_at=T0 + 40 * H, transit_days=2)
    due = T0 + 2 * 24 * H + 12 * H  # two days plus the 12 h grace
    assert "transit_overdue" not in evaluate(f, TH, due - timedelta(seconds=1))
    assert evaluate(f, TH, due)["transit_overdue"]["days"] == 2
    assert (
        alert_rules.transit_days_for(
            {"local": 1, "region": 2, "national": 3, "remote": 5}, origin="浙江", destination="新疆维吾尔自治区"
        )
        == 5
    )
    assert alert_rules.transit_days_for({"local": 1, "national": 3}, origin=None, destination="广东省") == 3


@pytest.mark.parametrize(
    "status, kind",
    [(S.exception, "exception"), (S.refused, "refused"), (S.returning, "returned"), (S.returned, "returned")],
)
def test_state_rules(status, kind):
    assert kind in evaluate(facts(status, last_text="派件异常"), TH, T0 + H)


def test_nothing_once_delivered_or_cancelled():
    assert evaluate(facts(S.delivered, transit_days=1), TH, T0 + 900 * H) == {}
    assert evaluate(facts(S.pending, cancelled=True), TH, T0 + 900 * H) == {}


def test_delivery_run_starts_at_the_first_attempt():
    events = [
        (T0, S.in_transit),
        (T0 + H, S.out_for_delivery),
        (T0 + 2 * H, S.failed_attempt),
        (T0 + 30 * H, S.out_for_delivery),
    ]
    assert alert_rules.delivering_since(events) == T0 + H
    assert alert_rules.delivering_since(events + [(T0 + 31 * H, S.delivered)]) is None


def test_sped_up_thresholds_and_hours_in_shop_time():
    th = tracking_config.build({}, provider="sandbox", sandbox_speed=3600).thresholds
    fired = evaluate(facts(S.pending), th, T0 + timedelta(seconds=25))
    assert fired["pickup_overdue"]["hours"] == 25  # 25 s of a 3600× demo = 25 simulated hours


def test_raise_once_clear_when_the_cause_goes_and_respect_manual_resolution(db):
    sid = make_shipment(db, shipped_at=T0)
    cfg = tracking_config.build({}, provider="kuaidi100")
    assert alert_sweep.sweep(db, cfg=cfg, now=T0 + 23 * H) == set()
    assert alert_sweep.sweep(db, cfg=cfg, now=T0 + 25 * H) == {sid}
    assert alert_sweep.sweep(db, cfg=cfg, now=T0 + 26 * H) == set()  # already open: nothing new
    rows, total = alert_center.list_alerts(db, status="open")
    assert total == 1 and rows[0].kind == "pickup_overdue" and rows[0].number.startswith("YT")
    assert "25 小时仍未揽收" in rows[0].message

    alert_center.resolve(db, alert_id=rows[0].id, note="已电话催网点", actor="owner")
    assert alert_sweep.sweep(db, cfg=cfg, now=T0 + 30 * H) == set()  # cause persists, seller handled it
    assert alert_center.open_total(db) == 0

    with db.write() as session:  # picked up at last
        row = session.get(Shipment, sid)
        row.status, row.picked_up_at, row.last_event_at = "in_transit", T0 + 31 * H, T0 + 31 * H
        session.add(row)
    assert alert_sweep.sweep(db, cfg=cfg, now=T0 + 32 * H) == {sid}  # flag dropped
    with db.read() as session:
        assert session.get(Shipment, sid).alert_flags == []
    # stuck again later: a new alert row, the old resolved one stays as history
    alert_sweep.sweep(db, cfg=cfg, now=T0 + 31 * H + 48 * H)
    with db.read() as session:
        kinds = [(a.kind, a.status) for a in session.exec(select(Alert).order_by(Alert.id))]
    assert kinds == [("pickup_overdue", "resolved"), ("transit_stalled", "open")]


def test_cancelled_shipment_alerts_are_cleared(db):
    sid = make_shipment(db, shipped_at=T0)
    cfg = tracking_config.build({}, provider="kuaidi100")
    alert_sweep.sweep(db, cfg=cfg, now=T0 + 25 * H)
    with db.write() as session:
        row = session.get(Shipment, sid)
        row.cancelled_at, row.status = T0 + 26 * H, "cancelled"
        session.add(row)
    assert alert_sweep.sweep(db, cfg=cfg, now=T0 + 27 * H) == {sid}
    assert alert_center.open_total(db) == 0


def test_just_overdue_reads_as_just_past_not_zero_hours():
    params = {"carrier": "中通快递", "number": "75000001", "order_no": "T1", "days": 3, "hours": 0}
    assert (
        alert_rules.message("transit_overdue", params)
        == "中通快递 75000001（订单 T1）刚超过承诺时效（3 天），仍未送达。"
    )
    assert "0 小时" not in alert_rules.message("transit_overdue", params)
    assert "5 小时" in alert_rules.message("transit_overdue", {**params, "hours": 5})
