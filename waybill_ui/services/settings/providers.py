"""Tracking-provider keys entered in the app: stored with shop_settings, the environment's
WAYBILL_* values (docs/api.md) as defaults. What is in effect, and where it came from, is shown on
the settings page; saved keys take effect at once by rebuilding the providers."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlparse
from typing import TYPE_CHECKING

from waybill_ui.runtime import http_of, providers_of
from waybill_ui.carriers import registry
from waybill_ui.carriers.http import ProviderHTTP
from waybill_ui.carriers.kdniao.request import REQUEST_TYPES
from waybill_ui.carriers.protocol import CarrierProvider
from waybill_ui.config import Settings
from waybill_ui.db import Database
from waybill_ui.services.settings import store as shop_settings
from waybill_ui.services.common.errors import Invalid
from waybill_ui.services.accounts.users import Principal, require_owner

if TYPE_CHECKING:  # annotations only
    from waybill_ui.runtime import Runtime

# setting key -> Settings attribute (the WAYBILL_* variable of the same name)
FIELDS: dict[str, str] = {
    "tracking.provider": "tracking_provider",
    "tracking.kuaidi100.customer": "kuaidi100_customer",
    "tracking.kuaidi100.key": "kuaidi100_key",
    "tracking.kuaidi100.url": "kuaidi100_url",
    "tracking.kdniao.business_id": "kdniao_business_id",
    "tracking.kdniao.api_key": "kdniao_api_key",
    "tracking.kdniao.url": "kdniao_url",
    "tracking.kdniao.request_type": "kdniao_request_type",
}
SECRETS = frozenset({"tracking.kuaidi100.key", "tracking.kdniao.api_key"})
PROVIDERS = ("sandbox", "kuaidi100", "kdniao")


@dataclass
class InEffect:
    key: str
    value: str
    source: str  # "saved" (entered in the app), "env" (WAYBILL_* / .env) or "default"

    @property
    def shown(self) -> str:
        """Secrets are never shown whole."""
        if self.key in SECRETS and self.value:
            return f"{self.value[:2]}…{self.value[-2:]}" if len(self.value) > 6 else "••••"
        return self.value


def stored(db: Database) -> dict[str, str]:
    values = shop_settings.get_many(db, {key: "" for key in FIELDS})
    return {k: str(v) for k, v in values.items() if v not in (None, "")}


def in_effect(db: Database, settings: Settings) -> dict[str, InEffect]:
    saved = stored(db)
    out = {}
    for key, attr in FIELDS.items():
        if key in saved:
            out[key] = InEffect(key, saved[key], "saved")
        else:
            value = getattr(settings, attr)
            out[key] = InEffect(key, "" if value is None else str(value),
                                "env" if attr in settings.model_fields_set else "default")
    return out


def effective_settings(db: Database, settings: Settings, overrides: dict[str, str] | None = None) -> Settings:
    """The environment's settings with the saved (and any unsaved, being tested) values on top."""
    values = {**stored(db), **{k: v for k, v in (overrides or {}).items() if v not in (None, "")}}
    return settings.model_copy(update={FIELDS[k]: v for k, v in values.items() if k in FIELDS})


def validate(values: dict[str, str]) -> dict[str, str]:
    cleaned = {}
    for key, value in values.items():
        if key not in FIELDS:
            raise Invalid("providers.unknown_field", field=key)
        value = (value or "").strip()
        if key == "tracking.provider" and value and value not in PROVIDERS:
            raise Invalid("providers.bad_provider", provider=value)
        if key.endswith(".url") and value and (urlparse(value).scheme not in ("http", "https") or not urlparse(value).netloc):
            raise Invalid("providers.bad_url", url=value)
        if key == "tracking.kdniao.request_type" and value and value not in REQUEST_TYPES:
            raise Invalid("providers.bad_request_type", value=value)
        cleaned[key] = value
    return cleaned


def save(db: Database, *, values: dict[str, str], actor: Principal, clear: frozenset[str] = frozenset()) -> None:
    """Store the values (owner only); an empty value means "use the environment's". A secret left
    empty keeps what is saved (the form never shows it whole) unless it is named in `clear`."""
    require_owner(actor)
    cleaned = validate(values)
    saved = stored(db)
    for key in SECRETS:
        if key in cleaned and not cleaned[key] and key in saved and key not in clear:
            cleaned.pop(key)
    shop_settings.put(db, values=cleaned, actor=actor.username)


def sandbox_url_of(providers: registry.Providers) -> str:
    return getattr(providers.market, "base_url", "")


def build(db: Database, settings: Settings, http: ProviderHTTP, sandbox_url: str,
          overrides: dict[str, str] | None = None) -> registry.Providers:
    return registry.build(effective_settings(db, settings, overrides), http, sandbox_url)


def provider_for_test(db: Database, rt: Runtime, overrides: dict[str, str]) -> CarrierProvider:
    """A tracking provider from values on the form (not saved yet), for "test the connection"."""
    return build(db, rt.settings, http_of(rt), sandbox_url_of(providers_of(rt)), validate(overrides)).tracking


def apply(rt: Runtime) -> registry.Providers:
    """Rebuild the running app's providers from the saved values (no restart needed)."""
    rt.providers = build(rt.db, rt.settings, http_of(rt), sandbox_url_of(providers_of(rt)))
    return rt.providers
