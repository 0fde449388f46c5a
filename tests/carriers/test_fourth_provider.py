"""A fourth tracking provider added as its own package (tests/carriers/fake_provider/) and one
registration call: it is selectable and validated in the settings, shown on the settings page,
used by the tracking refresh with its own status mapping and rate rule, and its pushed callbacks
come to /api/v1/tracking/push/fakeq — without a change anywhere in waybill_ui/."""

import json
from datetime import datetime, timedelta, timezone

import httpx
import pytest
from nicegui.testing import User
from sqlmodel import select

from tests.carriers.fake_provider import wire
from tests.carriers.fake_provider.plugin import PLUGIN
from tests.helpers import login
from tests.factories import shipment as make_shipment
from waybill_ui import runtime
from waybill_ui.carriers import registry
from waybill_ui.carriers.http import ProviderHTTP
from waybill_ui.carriers.status import TrackingStatus as S
from waybill_ui.config import load_settings
from waybill_ui.db.models import Shipment, TrackingEvent
from waybill_ui.jobs import tracking_refresh
from waybill_ui.runtime import Runtime
from waybill_ui.services.accounts.users import Principal
from waybill_ui.services.common.errors import Invalid
from waybill_ui.services.settings import providers as ps
from waybill_ui.services.tracking import config as tracking_config

OWNER = Principal(id=1, username="owner", role="owner")
T0 = datetime(2026, 5, 1, tzinfo=timezone.utc)


@pytest.fixture
def fakeq():
    registry.register(PLUGIN)
    yield PLUGIN
    registry.unregister(PLUGIN.name)


def fakeq_server(seen: list):
    """Fakeq's query endpoint: two scans for any number, the token checked."""

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append((str(request.url), request.headers.get("X-Token"), json.loads(request.content)))
        if request.headers.get("X-Token") != "tok-123":
            return httpx.Response(200, json={"ok": False, "why": "token"})
        return httpx.Response(
            200,
            json={
                "ok": True,
                "state": "PROBLEM",
                "events": [
                    {"at": (T0 + timedelta(hours=2)).isoformat(), "what": "已揽收", "state": "GOT", "where": "杭州"},
                    {
                        "at": (T0 + timedelta(hours=9)).isoformat(),
                        "what": "地址不详，联系不上收件人",
                        "state": "PROBLEM",
                    },
                ],
            },
        )

    return answer


def test_it_is_listed_and_its_settings_are_validated(fakeq, db, monkeypatch):
    assert "fakeq" in registry.available() and "fakeq" in ps.providers()
    assert {"tracking.fakeq.token", "tracking.fakeq.url", "tracking.fakeq.region"} <= set(ps.fields())
    assert "tracking.fakeq.token" in ps.secret_keys()
    for bad in ({"tracking.fakeq.url": "ftp://x"}, {"tracking.fakeq.region": "mars"}, {"tracking.fakeq.nope": "1"}):
        with pytest.raises(Invalid) as err:
            ps.save(db, values=bad, actor=OWNER)
        assert err.value.message("zh")
    monkeypatch.setenv("WAYBILL_TRACKING_PROVIDER", "fakeq")  # the environment may name it too
    monkeypatch.setenv("WAYBILL_FAKEQ_TOKEN", "from-env")
    settings = load_settings()
    shown = ps.in_effect(db, settings)
    assert settings.tracking_provider == "fakeq" and shown["tracking.fakeq.token"].source == "env"
    assert shown["tracking.fakeq.region"].value == "cn" and shown["tracking.fakeq.region"].source == "default"
    # its rate rule is a tracking setting like the built-in providers' ones
    assert tracking_config.load(db, provider="fakeq").min_gap == timedelta(minutes=7)
    tracking_config.save(db, values={"tracking.rate.fakeq.min_gap_min": 11}, actor=OWNER)
    assert tracking_config.load(db, provider="fakeq").min_gap == timedelta(minutes=11)


async def test_the_tracking_refresh_uses_it(fakeq, settings, db):
    seen = []
    http = ProviderHTTP(retries=0, transport=httpx.MockTransport(fakeq_server(seen)))
    rt = Runtime(settings=settings, db=db, http=http)
    rt.providers = ps.build(db, settings, http, "http://sandbox.test/sandbox")
    ps.save(
        db,
        values={
            "tracking.provider": "fakeq",
            "tracking.fakeq.token": "tok-123",
            "tracking.fakeq.url": "https://fakeq.test/q",
            "tracking.fakeq.region": "hk",
        },
        actor=OWNER,
    )
    assert ps.apply(rt).tracking.name == "fakeq" and rt.providers.market.name == "sandbox"
    sid = make_shipment(db, number="YT9000000077001", shipped_at=T0)
    summary = await tracking_refresh.refresh_once(rt, now_fn=lambda: T0 + timedelta(hours=10))
    assert summary.checked == 1
    assert seen == [("https://fakeq.test/q", "tok-123", {"no": "YT9000000077001", "carrier": "YTO", "region": "hk"})]
    with db.read() as session:
        shipment = session.get(Shipment, sid)
        texts = [e.text for e in session.exec(select(TrackingEvent).where(TrackingEvent.shipment_id == sid))]
    assert shipment.status == S.exception.value and sorted(texts) == ["地址不详，联系不上收件人", "已揽收"]
    await http.aclose()


async def test_it_is_chosen_on_the_settings_page_and_takes_its_callbacks(fakeq, user: User):
    await login(user)
    rt = runtime.get()
    await user.open("/settings?tab=providers")
    await user.should_see(marker="provider-form", retries=100)
    await user.should_see("假快递 令牌")  # its own labels, as it declares them
    select = user.find(marker="provider-select").elements.pop()
    assert "fakeq" in select.options
    select.value = "fakeq"
    user.find(marker="field-tracking.fakeq.token").type("tok-123")
    user.find(marker="provider-save").click()
    await user.should_see("新的设置已生效", retries=100)
    assert rt.providers.tracking.name == "fakeq" and rt.providers.tracking.token == "tok-123"
    assert user.find(marker="effect-tracking.provider").elements.pop().text == "假快递查询 API"
    assert user.find(marker="source-tracking.fakeq.token").elements.pop().text == "本页保存"
    # its callback: signed with its token, read by its own package, stored as any push
    sid = make_shipment(rt.db, number="YT9000000077002", shipped_at=T0)
    body = json.dumps(
        {
            "no": "YT9000000077002",
            "carrier": "YTO",
            "state": "DONE",
            "events": [{"at": (T0 + timedelta(hours=30)).isoformat(), "what": "已签收", "state": "DONE"}],
        }
    )
    client: httpx.AsyncClient = user.http_client
    refused = await client.post("/api/v1/tracking/push/fakeq", data={"body": body, "sig": "0" * 64})
    assert refused.status_code == 403 and refused.json()["code"] == "bad_sign"
    answer = await client.post("/api/v1/tracking/push/fakeq", data={"body": body, "sig": wire.sign(body, "tok-123")})
    assert answer.status_code == 200 and answer.json() == {"ok": True}
    with rt.db.read() as session:  # answered once stored
        assert session.get(Shipment, sid).status == S.delivered.value
