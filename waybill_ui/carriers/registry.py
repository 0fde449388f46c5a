"""Which providers exist and how each is built from the settings. A new provider plugs in here
without touching the services."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from waybill_ui.carriers.http import ProviderHTTP
from waybill_ui.carriers.protocol import CarrierProvider
from waybill_ui.config import Settings

if TYPE_CHECKING:  # for the annotation only: ewaybill_provider() imports it when first called
    from waybill_ui.carriers.ewaybill import EwaybillProvider

Factory = Callable[[Settings, ProviderHTTP, str], CarrierProvider]
_FACTORIES: dict[str, Factory] = {}


def register(name: str, factory: Factory) -> None:
    _FACTORIES[name] = factory


def available() -> list[str]:
    return sorted(_FACTORIES)


@dataclass
class Providers:
    market: CarrierProvider  # catalogue, numbers, cancel/refund/extend, routing
    tracking: CarrierProvider


def build(settings: Settings, http: ProviderHTTP, sandbox_url: str) -> Providers:
    market = _FACTORIES["sandbox"](settings, http, sandbox_url)
    name = settings.tracking_provider
    if name not in _FACTORIES:
        raise ValueError(f"tracking provider {name!r} is not available; choose one of {', '.join(available())}")
    tracking = market if name == "sandbox" else _FACTORIES[name](settings, http, sandbox_url)
    return Providers(market=market, tracking=tracking)


def _sandbox(settings: Settings, http: ProviderHTTP, sandbox_url: str) -> CarrierProvider:
    from waybill_ui.carriers.sandbox import SandboxProvider

    return SandboxProvider(http, base_url=sandbox_url, customer=settings.secrets.sandbox_customer,
                           key=settings.secrets.sandbox_key)


def _kuaidi100(settings: Settings, http: ProviderHTTP, sandbox_url: str) -> CarrierProvider:
    from waybill_ui.carriers.kuaidi100 import Kuaidi100Provider

    return Kuaidi100Provider(http, customer=settings.kuaidi100_customer, key=settings.kuaidi100_key,
                             url=settings.kuaidi100_url, subscribe_url=settings.kuaidi100_subscribe_url)


def _kdniao(settings: Settings, http: ProviderHTTP, sandbox_url: str) -> CarrierProvider:
    from waybill_ui.carriers.kdniao import KdniaoProvider

    return KdniaoProvider(http, business_id=settings.kdniao_business_id, api_key=settings.kdniao_api_key,
                          url=settings.kdniao_url, request_type=settings.kdniao_request_type)


register("sandbox", _sandbox)
register("kuaidi100", _kuaidi100)
register("kdniao", _kdniao)


# --- e-waybills: which provider serves an account ---------------------------------------------

EWAYBILL_PROVIDERS = ("sandbox", "kdniao", "kuaidi100")


def ewaybill_provider(name: str, settings: Settings, http: ProviderHTTP, sandbox_url: str, *, api_secret: str = "") -> EwaybillProvider:
    """`sandbox` speaks Kdniao's EOrderService face of the embedded network with the sandbox
    credentials; `kdniao`/`kuaidi100` go to WAYBILL_KDNIAO_EORDER_URL / WAYBILL_KUAIDI100_LABEL_URL.
    Kuaidi100's secret belongs to the account (`api_secret`)."""
    from waybill_ui.carriers.ewaybill import KdniaoEorder, Kuaidi100Label

    if name == "sandbox":
        return KdniaoEorder(http, business_id=settings.secrets.sandbox_customer, api_key=settings.secrets.sandbox_key,
                            url=f"{sandbox_url.rstrip('/')}/kdniao/api/EOrderService")
    if name == "kdniao":
        return KdniaoEorder(http, business_id=settings.kdniao_business_id or "", api_key=settings.kdniao_api_key or "",
                            url=settings.kdniao_eorder_url)
    if name == "kuaidi100":
        return Kuaidi100Label(http, key=settings.kuaidi100_key or "", secret=api_secret, url=settings.kuaidi100_label_url)
    raise ValueError(f"e-waybill provider {name!r} is not available; choose one of {', '.join(EWAYBILL_PROVIDERS)}")
