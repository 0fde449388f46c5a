"""Which providers exist, what each declares (carriers/plugin.py) and how each is built from the
settings. Everything outside `carriers/` asks here instead of naming a provider.

A provider is found three ways: the packages shipped here (BUILTIN), installed packages that
declare an entry point in the group "waybill_ui.providers" (value: a `Plugin`), and `register()`
called at run time (tests add a fake provider this way)."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import TYPE_CHECKING

from waybill_ui.carriers.http import ProviderHTTP
from waybill_ui.carriers.plugin import BuildContext, Plugin, PushFormat, SettingSpec
from waybill_ui.carriers.protocol import CarrierProvider

if TYPE_CHECKING:
    from waybill_ui.carriers.ewaybill import EwaybillProvider
    from waybill_ui.config import Settings

BUILTIN = (
    "waybill_ui.carriers.sandbox.plugin",
    "waybill_ui.carriers.kuaidi100.plugin",
    "waybill_ui.carriers.kdniao.plugin",
)
ENTRY_POINT_GROUP = "waybill_ui.providers"
MARKET = "sandbox"  # the provider the market operations go to (the embedded network)
_PLUGINS: dict[str, Plugin] = {}
_loaded = False


def register(plugin: Plugin) -> None:
    _PLUGINS[plugin.name] = plugin


def unregister(name: str) -> None:
    _PLUGINS.pop(name, None)


def _load() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for module in BUILTIN:
        register(importlib.import_module(module).PLUGIN)
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        register(entry.load())


def plugins() -> list[Plugin]:
    """Every provider, the embedded network first, then by name."""
    _load()
    return sorted(_PLUGINS.values(), key=lambda p: (p.name != MARKET, p.name))


def get(name: str) -> Plugin | None:
    _load()
    return _PLUGINS.get(name)


def available() -> list[str]:
    """The tracking providers one may choose."""
    return [p.name for p in plugins() if "track" in p.capabilities and p.build is not None]


def with_capability(capability: str) -> list[Plugin]:
    return [p for p in plugins() if capability in p.capabilities]


def label(name: str, lang: str = "zh") -> str:
    plugin = get(name)
    return plugin.label[lang == "en"] if plugin else name


def tracking_label(name: str, lang: str = "zh") -> str:
    plugin = get(name)
    return plugin.tracking_label[lang == "en"] if plugin else name


# --- settings ---------------------------------------------------------------------------------


def setting_specs() -> dict[str, tuple[Plugin, SettingSpec]]:
    """Every provider setting key (tracking.<provider>.<field>) with its owner and declaration."""
    return {key: (plugin, spec) for plugin in plugins() for key, spec in plugin.setting_keys.items()}


def env_default(settings: Settings, spec: SettingSpec) -> tuple[str, bool]:
    """A setting's value from the environment and whether the environment set it: the config
    attribute named `spec.env` when config.Settings has one, else WAYBILL_<ENV>, else the default."""
    if spec.env and spec.env in type(settings).model_fields:
        value = getattr(settings, spec.env)
        return ("" if value is None else str(value)), spec.env in settings.model_fields_set
    variable = f"WAYBILL_{spec.env.upper()}" if spec.env else ""
    if variable and os.environ.get(variable):
        return os.environ[variable], True
    return spec.default, False


def rate_defaults() -> dict[str, float]:
    out: dict[str, float] = {}
    for plugin in with_capability("track"):
        out.update(plugin.rate_defaults)
    return out


# --- building ---------------------------------------------------------------------------------


@dataclass
class Providers:
    market: CarrierProvider  # catalogue, numbers, cancel/refund/extend, routing
    tracking: CarrierProvider


def context(
    plugin: Plugin, settings: Settings, http: ProviderHTTP, sandbox_url: str, saved: dict[str, str] | None = None
) -> BuildContext:
    """`saved`: values entered in the app (setting key -> value), on top of the environment's."""
    saved = saved or {}
    values: dict[str, str] = {}
    for key, spec in plugin.setting_keys.items():
        values[spec.field] = saved[key] if saved.get(key) else env_default(settings, spec)[0]
    return BuildContext(settings=settings, values=values, http=http, sandbox_url=sandbox_url)


def _builder(name: str) -> tuple[Plugin, Callable[[BuildContext], CarrierProvider]]:
    """A provider that can be built (the market's, or one `available()` named)."""
    plugin = get(name)
    if plugin is None or plugin.build is None:
        raise ValueError(f"provider {name!r} cannot be built")
    return plugin, plugin.build


def build(settings: Settings, http: ProviderHTTP, sandbox_url: str, saved: dict[str, str] | None = None) -> Providers:
    market_plugin, build_market = _builder(MARKET)
    market = build_market(context(market_plugin, settings, http, sandbox_url, saved))
    name = (saved or {}).get("tracking.provider") or settings.tracking_provider
    if name not in available():
        raise ValueError(f"tracking provider {name!r} is not available; choose one of {', '.join(available())}")
    if name == MARKET:
        return Providers(market=market, tracking=market)
    plugin, build_tracking = _builder(name)
    return Providers(market=market, tracking=build_tracking(context(plugin, settings, http, sandbox_url, saved)))


# --- push callbacks ---------------------------------------------------------------------------


def push_format(name: str) -> PushFormat | None:
    """The callback format named in the address /api/v1/tracking/push/<name>."""
    for plugin in plugins():
        if plugin.push is not None and plugin.push.name == name:
            return plugin.push
    return None


def push_format_of(provider_name: str) -> PushFormat | None:
    """Which callback a provider's pushes come to (the embedded network speaks Kuaidi100's)."""
    plugin = get(provider_name)
    return push_format(plugin.callback_format) if plugin else None


# --- e-waybills: which provider serves an account ---------------------------------------------


def ewaybill_providers() -> list[str]:
    return [p.name for p in with_capability("ewaybill") if p.ewaybill is not None]


def __getattr__(name: str) -> tuple[str, ...]:
    if name == "EWAYBILL_PROVIDERS":  # the old constant, computed from the plug-ins
        return tuple(ewaybill_providers())
    raise AttributeError(name)


def ewaybill_needs(name: str, values: dict[str, str]) -> str | None:
    plugin = get(name)
    return plugin.ewaybill_needs(values) if plugin and plugin.ewaybill_needs else None


def ewaybill_provider(
    name: str, settings: Settings, http: ProviderHTTP, sandbox_url: str, *, api_secret: str = ""
) -> EwaybillProvider:
    """The e-waybill client of provider `name` (its endpoints and keys from the settings; an
    account's own API secret where the provider wants one, e.g. Kuaidi100)."""
    plugin = get(name)
    if plugin is None or plugin.ewaybill is None:
        raise ValueError(
            f"e-waybill provider {name!r} is not available; choose one of {', '.join(ewaybill_providers())}"
        )
    return plugin.ewaybill(context(plugin, settings, http, sandbox_url), api_secret)
