"""Kdniao (快递鸟) as a plug-in: instant query, track subscription with its pushes (101/102), and
its e-waybill face (EOrderService, with the quota query 1127)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from waybill_ui.carriers.kdniao import subscribe, units
from waybill_ui.carriers.kdniao.request import REQUEST_TYPES
from waybill_ui.carriers.plugin import BuildContext, Plugin, PushContext, PushFormat, PushVerdict, SettingSpec
from waybill_ui.carriers.protocol import CarrierProvider, ProviderError

if TYPE_CHECKING:
    from waybill_ui.carriers.ewaybill import EwaybillProvider

REQUEST_TYPE_NAMES = {"1002": "1002 即时查询", "8001": "8001 即时查询(增值版)", "8002": "8002 快递查询"}
assert tuple(REQUEST_TYPE_NAMES) == REQUEST_TYPES

SETTINGS = (
    SettingSpec("business_id", ("快递鸟 用户ID（EBusinessID）", "Kdniao business id"), env="kdniao_business_id"),
    SettingSpec("api_key", ("快递鸟 API key", "Kdniao API key"), secret=True, env="kdniao_api_key"),
    SettingSpec("url", ("快递鸟 接口地址", "Kdniao URL"), kind="url", env="kdniao_url"),
    SettingSpec(
        "request_type",
        ("快递鸟 指令（RequestType）", "Kdniao RequestType"),
        kind="choice",
        choices=REQUEST_TYPE_NAMES,
        env="kdniao_request_type",
        error="providers.bad_request_type",
    ),
)


def build(ctx: BuildContext) -> CarrierProvider:
    from waybill_ui.carriers.kdniao import KdniaoProvider

    return KdniaoProvider(
        ctx.http,
        business_id=ctx.values.get("business_id"),
        api_key=ctx.values.get("api_key"),
        url=ctx.values.get("url") or ctx.settings.kdniao_url,
        request_type=ctx.values.get("request_type") or "1002",
    )


def _account(ctx: PushContext) -> tuple[str, str]:
    """(EBusinessID, ApiKey) of the Kdniao account in use (keys saved in the app win)."""
    if ctx.tracking.name == "kdniao":
        return getattr(ctx.tracking, "business_id", ""), getattr(ctx.tracking, "api_key", "")
    return ctx.settings.kdniao_business_id or "", ctx.settings.kdniao_api_key or ""


def handle_push(form: Mapping[str, str], ctx: PushContext) -> PushVerdict:
    """Kdniao's push 101/102 (form RequestData, DataSign, RequestType, EBusinessID)."""
    data, sign = str(form.get("RequestData") or ""), str(form.get("DataSign") or "")
    request_type, business_id = str(form.get("RequestType") or ""), str(form.get("EBusinessID") or "")
    expected_id, api_key = _account(ctx)

    def reply(reason: str = "") -> dict[str, Any]:
        return subscribe.push_reply(business_id, ctx.now, success=not reason, reason=reason)

    if request_type not in subscribe.PUSH_TYPES:
        return PushVerdict(
            "kdniao",
            refused=400,
            error=f"bad_request_type: RequestType {request_type[:8]!r}",
            ok_body=reply("RequestType 不是推送"),
        )
    if not (expected_id and business_id == expected_id and subscribe.sign_ok(data, sign, api_key)):
        return PushVerdict(
            "kdniao", refused=403, error="bad_sign: EBusinessID 或 DataSign 不符", ok_body=reply("签名验证失败")
        )
    try:
        updates = subscribe.parse_push(data)
    except ProviderError as exc:
        return PushVerdict("kdniao", refused=400, error=f"malformed: {exc}", ok_body=reply("数据格式错误"))
    return PushVerdict("kdniao", updates=updates, ok_body=reply(), retry_body=reply("保存失败，请重试"))


def build_ewaybill(ctx: BuildContext, api_secret: str) -> EwaybillProvider:
    from waybill_ui.carriers.ewaybill import KdniaoEorder

    return KdniaoEorder(
        ctx.http,
        business_id=ctx.settings.kdniao_business_id or "",
        api_key=ctx.settings.kdniao_api_key or "",
        url=ctx.settings.kdniao_eorder_url,
    )


def ewaybill_needs(values: Mapping[str, str]) -> str | None:
    if not (values.get("customer_name") or values.get("month_code") or values.get("send_site")):
        return "ewaybill.customer_required"
    return None


PLUGIN = Plugin(
    name="kdniao",
    label=("快递鸟", "Kdniao"),
    tracking_label=("快递鸟 即时查询", "Kdniao instant query"),
    capabilities=frozenset({"track", "subscribe", "detect", "ewaybill", "balance"}),
    build=build,
    settings=SETTINGS,
    units=units,
    status_of=units.map_state,
    min_gap_min=0.0,
    qps=10.0,
    push=PushFormat(
        "kdniao",
        ("快递鸟", "Kdniao"),
        handle_push,
        console_note=(
            "快递鸟的回调地址需在快递鸟后台填写为上面的地址。",
            "Kdniao takes its callback address in its own console: enter the address above there.",
        ),
    ),
    ewaybill=build_ewaybill,
    ewaybill_needs=ewaybill_needs,
)
