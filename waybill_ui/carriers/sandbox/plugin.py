"""The embedded carrier network as a plug-in: the market (catalogue, number packages, refunds,
routing, interception) and tracking in Kuaidi100's wire format, so its pushes come to Kuaidi100's
callback; its e-waybill face speaks Kdniao's EOrderService with the sandbox credentials."""

from __future__ import annotations

from typing import TYPE_CHECKING

from waybill_ui.carriers.kdniao.plugin import ewaybill_needs
from waybill_ui.carriers.kuaidi100 import units
from waybill_ui.carriers.plugin import BuildContext, Plugin
from waybill_ui.carriers.protocol import CarrierProvider

if TYPE_CHECKING:
    from waybill_ui.carriers.ewaybill import EwaybillProvider


def build(ctx: BuildContext) -> CarrierProvider:
    from waybill_ui.carriers.sandbox import SandboxProvider

    return SandboxProvider(
        ctx.http,
        base_url=ctx.sandbox_url,
        customer=ctx.settings.secrets.sandbox_customer,
        key=ctx.settings.secrets.sandbox_key,
    )


def build_ewaybill(ctx: BuildContext, api_secret: str) -> EwaybillProvider:
    from waybill_ui.carriers.ewaybill import KdniaoEorder

    return KdniaoEorder(
        ctx.http,
        business_id=ctx.settings.secrets.sandbox_customer,
        api_key=ctx.settings.secrets.sandbox_key,
        url=f"{ctx.sandbox_url.rstrip('/')}/kdniao/api/EOrderService",
    )


PLUGIN = Plugin(
    name="sandbox",
    label=("内置网络", "Built-in network"),
    tracking_label=("内置模拟快递网络", "Built-in simulated network"),
    capabilities=frozenset({"market", "track", "subscribe", "detect", "ewaybill", "balance"}),
    build=build,
    units=units,
    status_of=units.map_code,
    push_format="kuaidi100",
    ewaybill=build_ewaybill,
    ewaybill_needs=ewaybill_needs,
)
