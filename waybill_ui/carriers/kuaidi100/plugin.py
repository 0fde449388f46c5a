"""Kuaidi100 (快递100) as a plug-in: tracking, push subscription, its callback, and its e-waybill
face (电子面单 label API)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from waybill_ui.carriers.kuaidi100 import subscribe, units
from waybill_ui.carriers.plugin import BuildContext, Plugin, PushContext, PushFormat, PushVerdict, SettingSpec
from waybill_ui.carriers.protocol import CarrierProvider, ProviderError

if TYPE_CHECKING:
    from waybill_ui.carriers.ewaybill import EwaybillProvider

SETTINGS = (
    SettingSpec("customer", ("快递100 customer（公司编号）", "Kuaidi100 customer"), env="kuaidi100_customer"),
    SettingSpec("key", ("快递100 授权 key", "Kuaidi100 key"), secret=True, env="kuaidi100_key"),
    SettingSpec("url", ("快递100 查询地址", "Kuaidi100 query URL"), kind="url", env="kuaidi100_url"),
)


def build(ctx: BuildContext) -> CarrierProvider:
    from waybill_ui.carriers.kuaidi100 import Kuaidi100Provider

    return Kuaidi100Provider(
        ctx.http,
        customer=ctx.values.get("customer"),
        key=ctx.values.get("key"),
        url=ctx.values.get("url") or ctx.settings.kuaidi100_url,
        subscribe_url=ctx.settings.kuaidi100_subscribe_url,
    )


def handle_push(form: Mapping[str, str], ctx: PushContext) -> PushVerdict:
    """Kuaidi100's push (form `param`, `sign` = MD5(param + salt)); the embedded network's too, so
    its callbacks are counted under "sandbox" while it is the tracking provider."""
    channel = "sandbox" if ctx.tracking.name == "sandbox" else "kuaidi100"
    param, sign = str(form.get("param") or ""), str(form.get("sign") or "")
    retry = {"result": False, "returnCode": "500", "message": "保存失败，请重试"}
    if not subscribe.sign_ok(param, sign, ctx.salt):
        return PushVerdict(
            channel,
            refused=403,
            error="bad_sign: 签名不符（sign ≠ MD5(param + salt)）",
            ok_body={"result": False, "returnCode": "403", "message": "签名验证失败"},
        )
    try:
        update = subscribe.parse_callback(param, provider=channel)
    except ProviderError as exc:
        return PushVerdict(
            channel,
            refused=400,
            error=f"malformed: {exc}",
            ok_body={"result": False, "returnCode": "400", "message": "数据格式错误"},
        )
    return PushVerdict(channel, updates=[update], ok_body=subscribe.CALLBACK_OK, retry_body=retry)


def build_ewaybill(ctx: BuildContext, api_secret: str) -> EwaybillProvider:
    from waybill_ui.carriers.ewaybill import Kuaidi100Label

    return Kuaidi100Label(
        ctx.http, key=ctx.settings.kuaidi100_key or "", secret=api_secret, url=ctx.settings.kuaidi100_label_url
    )


def ewaybill_needs(values: Mapping[str, str]) -> str | None:
    """Kuaidi100 identifies the account by partnerId / outlet / monthly code, with its secret."""
    if not (values.get("partner_id") or values.get("send_site") or values.get("month_code")):
        return "ewaybill.partner_required"
    if not values.get("customer_pwd"):
        return "ewaybill.secret_required"
    return None


PLUGIN = Plugin(
    name="kuaidi100",
    label=("快递100", "Kuaidi100"),
    tracking_label=("快递100 实时查询", "Kuaidi100 real-time query"),
    capabilities=frozenset({"track", "subscribe", "detect", "ewaybill"}),
    build=build,
    settings=SETTINGS,
    units=units,
    status_of=units.map_code,
    # Kuaidi100 locks a number queried more often than every 30 minutes
    min_gap_min=30.0,
    qps=20.0,
    push=PushFormat("kuaidi100", ("快递100", "Kuaidi100"), handle_push),
    ewaybill=build_ewaybill,
    ewaybill_needs=ewaybill_needs,
)
