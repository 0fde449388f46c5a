"""Tracking-provider keys entered in the app: stored with shop_settings, the environment's
WAYBILL_* values (docs/api.md) as defaults. What is in effect, and where it came from, is shown on
the settings page; saved keys take effect at once by rebuilding the providers."""

from __future__ import annotations

from dataclasses import dataclass
from waybill_ui.carriers import registry
from waybill_ui.carriers.http import ProviderHTTP
from waybill_ui.carriers.protocol import CarrierProvider
from waybill_ui.config import Settings
from waybill_ui.db import Database
from waybill_ui.services.settings import store as shop_settings
from waybill_ui.services.common.errors import Invalid
from waybill_ui.services.accounts.users import Principal, require_owner
from waybill_ui.runtime import http_of
from waybill_ui.runtime import providers_of
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only
    from waybill_ui.runtime import Runtime

PROVIDER = "tracking.provider"


def fields() -> list[str]:
    """Every key the providers section saves: the provider, then each provider's declared settings."""
    return [PROVIDER, *registry.setting_specs()]


def secret_keys() -> frozenset[str]:
    return frozenset(key for key, (_, spec) in registry.setting_specs().items() if spec.secret)


def providers() -> list[str]:
    return registry.available()


@dataclass
class InEffect:
    key: str
    value: str
    source: str  # "saved" (entered in the app), "env" (WAYBILL_* / .env) or "default"

    @property
    def shown(self) -> str:
        """Secrets are never shown whole."""
        if self.key in secret_keys() and self.value:
            return f"{self.value[:2]}…{self.value[-2:]}" if len(self.value) > 6 else "••••"
        return self.value


def stored(db: Database) -> dict[str, str]:
    values = shop_settings.get_many(db, {key: "" for key in fields()})
    return {k: str(v) for k, v in values.items() if v not in (None, "")}


def in_effect(db: Database, settings: Settings) -> dict[str, InEffect]:
    saved = stored(db)
    out = {
        PROVIDER: InEffect(PROVIDER, saved[PROVIDER], "saved")
        if PROVIDER in saved
        else InEffect(
            PROVIDER,
            settings.tracking_provider,
            "env" if "tracking_provider" in settings.model_fields_set else "default",
        )
    }
    for key, (_, spec) in registry.setting_specs().items():
        if key in saved:
            out[key] = InEffect(key, saved[key], "saved")
        else:
            value, from_env = registry.env_default(settings, spec)
            out[key] = InEffect(key, value, "env" if from_env else "default")
    return out


def _saved_with(db: Database, overrides: dict[str, str] | None) -> dict[str, str]:
    return {**stored(db), **{k: v for k, v in (overrides or {}).items() if v not in (None, "")}}


def effective_settings(db: Database, settings: Settings, overrides: dict[str, str] | None = None) -> Settings:
    """The environment's settings with the saved (and any unsaved, being tested) values on top,
    for the settings config.py knows (a plug-in's own settings reach it through `build`)."""
    values = _saved_with(db, overrides)
    update = {"tracking_provider": values[PROVIDER]} if PROVIDER in values else {}
    for key, (_, spec) in registry.setting_specs().items():
        if key in values and spec.env in type(settings).model_fields:
            update[spec.env] = values[key]
    return settings.model_copy(update=update)


def validate(values: dict[str, str]) -> dict[str, str]:
    specs = registry.setting_specs()
    cleaned = {}
    for key, value in values.items():
        value = (value or "").strip()
        if key == PROVIDER:
            if value and value not in providers():
                raise Invalid("providers.bad_provider", provider=value, known=", ".join(providers()))
        elif key not in specs:
            raise Invalid("providers.unknown_field", field=key)
        else:
            problem = specs[key][1].problem(value)
            if problem:
                raise Invalid(problem[0], **problem[1])
        cleaned[key] = value
    return cleaned


def save(db: Database, *, values: dict[str, str], actor: Principal, clear: frozenset[str] = frozenset()) -> None:
    """Store the values (owner only); an empty value means "use the environment's". A secret left
    empty keeps what is saved (the form never shows it whole) unless it is named in `clear`."""
    require_owner(actor)
    cleaned = validate(values)
    saved = stored(db)
    for key in secret_keys():
        if key in cleaned and not cleaned[key] and key in saved and key not in clear:
            cleaned.pop(key)
    shop_settings.put(db, values=cleaned, actor=actor.username)


def sandbox_url_of(providers: registry.Providers) -> str:
    return getattr(providers.market, "base_url", "")


def build(
    db: Database, settings: Settings, http: ProviderHTTP, sandbox_url: str, overrides: dict[str, str] | None = None
) -> registry.Providers:
    return registry.build(effective_settings(db, settings, overrides), http, sandbox_url, _saved_with(db, overrides))


def provider_for_test(db: Database, rt: Runtime, overrides: dict[str, str]) -> CarrierProvider:
    """A tracking provider from values on the form (not saved yet), for "test the connection"."""
    return build(db, rt.settings, http_of(rt), sandbox_url_of(providers_of(rt)), validate(overrides)).tracking


def apply(rt: Runtime) -> registry.Providers:
    """Rebuild the running app's providers from the saved values (no restart needed)."""
    rt.providers = build(rt.db, rt.settings, http_of(rt), sandbox_url_of(providers_of(rt)))
    return rt.providers
