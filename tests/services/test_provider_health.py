"""A failing tracking service raises ONE 查询服务故障 alert with its error, holds the no-news
alerts it would otherwise cause for every parcel, and clears itself when answers come back."""

from datetime import datetime, timedelta, timezone

from sqlmodel import select

from tests.tracking_factories import FakeProvider, make_many, result, transient
from waybill_ui.db.models import Alert
from waybill_ui.services.alerts import center as alert_center
from waybill_ui.services.alerts import sweep as alert_sweep
from waybill_ui.services.tracking import provider_health
from waybill_ui.services.tracking import refresh as tracking
from waybill_ui.services.tracking import config as tracking_config

T0 = datetime(2026, 5, 1, 0, 0, tzinfo=timezone.utc)
H = timedelta(hours=1)


def open_kinds(db):
    with db.read() as session:
        return sorted(a.kind for a in session.exec(select(Alert).where(Alert.status != "resolved")))


async def test_one_service_alert_instead_of_a_flood(db):
    ids = make_many(db, 8, shipped_at=T0)
    cfg = tracking_config.build({"tracking.concurrency": 4}, provider="fake")
    down = FakeProvider(default=transient("http_error"))
    summary = await tracking.refresh_due(db, down, cfg=cfg, now_fn=lambda: T0 + 25 * H)
    assert summary.failed == 8
    assert open_kinds(db) == ["provider_down"]  # not eight 揽收超时
    [row] = alert_center.list_alerts(db, status="open")[0]
    assert row.message.startswith("物流查询服务（fake）连续 8 次查询失败：查询服务返回了错误")
    assert "http_error" not in row.message and row.details["raw_error"].startswith("http_error")
    # the sweep does not raise the time-based alerts either while the service is down
    assert alert_sweep.sweep(db, cfg=cfg, now=T0 + 26 * H) == set()
    assert open_kinds(db) == ["provider_down"]
    # the service answers again: its alert clears, and the parcels' real situation shows
    up = FakeProvider(default=lambda q: result(q.number, []))
    await tracking.refresh_now(db, up, ids=ids[:1], cfg=cfg, now_fn=lambda: T0 + 27 * H)
    assert "provider_down" not in open_kinds(db)
    alert_sweep.sweep(db, cfg=cfg, now=T0 + 27 * H)
    assert open_kinds(db) == ["pickup_overdue"] * 8


async def test_a_few_failures_are_not_an_outage(db):
    make_many(db, provider_health.DOWN_AFTER - 1, shipped_at=T0)
    cfg = tracking_config.build({}, provider="fake")
    await tracking.refresh_due(db, FakeProvider(default=transient("timeout")), cfg=cfg, now_fn=lambda: T0 + H)
    assert open_kinds(db) == []


def test_errors_in_the_sellers_words():
    assert (
        provider_health.friendly_error("http_error: provider answered HTTP 503")
        == "查询服务返回了错误（服务器暂时不可用）"
    )
    assert provider_health.friendly_error("timeout: read timed out", "en") == "the service did not answer in time"
    assert provider_health.friendly_error("weird: x") == "查询失败"
    assert provider_health.friendly_error("") == ""
