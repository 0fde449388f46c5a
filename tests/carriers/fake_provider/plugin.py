"""Fakeq declared as a plug-in: settings, capabilities, status mapping, rate rule, push callback."""

from __future__ import annotations

import json

from tests.carriers.fake_provider import units, wire
from waybill_ui.carriers.plugin import BuildContext, Plugin, PushContext, PushFormat, PushVerdict, SettingSpec
from waybill_ui.carriers.protocol import (
    CarrierProvider,
    ProviderConfigError,
    ProviderError,
    PushUpdate,
    TrackQuery,
    TrackResult,
)
from waybill_ui.carriers.track_common import check_http_status


class FakeqProvider(CarrierProvider):
    name = "fakeq"
    capabilities = frozenset({"track"})

    def __init__(self, http, *, token: str, url: str, region: str):
        self.http, self.token, self.url, self.region = http, token, url, region

    async def track(self, query: TrackQuery) -> TrackResult:
        if not self.token:
            raise ProviderConfigError("Fakeq token is not set", code="not_configured")
        response = await self.http.request(
            "POST", self.url, json=wire.query_request(query, region=self.region), headers={"X-Token": self.token}
        )
        check_http_status(response.status_code, "Fakeq")
        return wire.parse_track_response(response.content, query)

    async def test_connection(self) -> str:
        await self.track(TrackQuery(carrier="YTO", number="PROBE"))
        return "ok"


def build(ctx: BuildContext) -> FakeqProvider:
    return FakeqProvider(ctx.http, token=ctx.values["token"], url=ctx.values["url"], region=ctx.values["region"])


def handle_push(form, ctx: PushContext) -> PushVerdict:
    body, sig = form.get("body", ""), form.get("sig", "")
    token = getattr(ctx.tracking, "token", "")
    if not wire.sign_ok(body, sig, token):
        return PushVerdict("fakeq", refused=403, error="bad_sign: sig", ok_body={"ok": False})
    try:
        data = json.loads(body)
        query = TrackQuery(carrier=data["carrier"], number=data["no"])
        result = wire.parse_track_response(body, query)
    except (ValueError, KeyError, ProviderError) as exc:
        return PushVerdict("fakeq", refused=400, error=f"malformed: {exc}", ok_body={"ok": False})
    update = PushUpdate(provider="fakeq", number=query.number, carrier=query.carrier, result=result)
    return PushVerdict("fakeq", updates=[update], ok_body={"ok": True}, retry_body={"ok": False, "again": True})


PLUGIN = Plugin(
    name="fakeq",
    label=("假快递查询", "Fakeq"),
    tracking_label=("假快递查询 API", "Fakeq tracking API"),
    capabilities=frozenset({"track"}),
    build=build,
    units=units,
    status_of=units.map_code,
    min_gap_min=7.0,
    qps=3.0,
    settings=(
        SettingSpec("token", ("假快递 令牌", "Fakeq token"), secret=True, env="fakeq_token"),
        SettingSpec("url", ("假快递 查询地址", "Fakeq URL"), kind="url", default="https://fakeq.example/track"),
        SettingSpec(
            "region",
            ("假快递 区域", "Fakeq region"),
            kind="choice",
            choices={"cn": "中国大陆", "hk": "香港"},
            default="cn",
        ),
    ),
    push=PushFormat("fakeq", ("假快递", "Fakeq"), handle_push),
)
