"""What a provider package declares about itself (Karrio style): its name and labels, what it
can do, the settings it needs, how it is built from them, how its pushed callbacks are read and
its e-waybill face. `carriers/registry.py` finds the declarations; nothing outside `carriers/`
names a provider.

Capabilities (`Plugin.capabilities`): "track", "subscribe" (push), "detect" (carrier from the
number), "ewaybill" (issue and cancel numbers per order), "balance" (e-waybill quota), "market"
(the embedded network's catalogue and number packages).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from waybill_ui.carriers.protocol import CarrierProvider, PushUpdate

if TYPE_CHECKING:
    from waybill_ui.carriers.ewaybill import EwaybillProvider

Label = tuple[str, str]  # (Chinese, English)


@dataclass(frozen=True)
class SettingSpec:
    """One setting a provider needs, stored as `tracking.<provider>.<field>`. Its default comes
    from the environment: the `config.Settings` attribute named `env` when config has one, else the
    variable WAYBILL_<ENV> (a plug-in needs no change to config.py), else `default`."""

    field: str
    label: Label
    secret: bool = False
    kind: str = "text"  # "text", "url" (http/https only) or "choice"
    # dataclasses.field: inside this class `field` is the attribute declared above
    choices: Mapping[str, str] = dataclasses.field(default_factory=dict)  # value -> what the select shows
    env: str = ""
    default: str = ""
    error: str = ""  # text key for a refused value (params: value); "" -> a generic message

    def problem(self, value: str) -> tuple[str, dict[str, Any]] | None:
        """(text key, params) when `value` is not acceptable; None when it is (or empty)."""
        if not value:
            return None
        if self.kind == "url":
            parts = urlparse(value)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                return "providers.bad_url", {"url": value}
        if self.kind == "choice" and value not in self.choices:
            return self.error or "providers.bad_choice", {"value": value, "known": "、".join(self.choices)}
        return None


@dataclass
class BuildContext:
    """What a provider is built from: the app's settings, this provider's setting values in
    effect (field -> value), the shared HTTP client and the embedded network's address."""

    settings: Any  # config.Settings
    values: dict[str, str]
    http: Any  # carriers.http.ProviderHTTP
    sandbox_url: str


@dataclass
class PushContext:
    """What a callback is checked against: the app's settings, the tracking provider in use, the
    salt our subscriptions ask to be signed with, and the time."""

    settings: Any
    tracking: CarrierProvider
    salt: str
    now: Any  # datetime


@dataclass
class PushVerdict:
    """A callback read by its provider: `refused` (a 4xx status) with `error`, or `updates` to
    store. `ok_body` answers once they are stored, `retry_body` (with 500) when storing failed.
    `channel` is the name the callback is counted under."""

    channel: str
    updates: list[PushUpdate] = field(default_factory=list)
    ok_body: Any = None
    retry_body: Any = None
    refused: int = 0
    error: str = ""


@dataclass(frozen=True)
class PushFormat:
    """A callback address `/api/v1/tracking/push/<name>` and how its form is read."""

    name: str
    label: Label
    handle: Callable[[Mapping[str, str], PushContext], PushVerdict]
    console_note: Label | None = None  # where the seller enters the address at the vendor, if needed

    @property
    def path(self) -> str:
        return f"/api/v1/tracking/push/{self.name}"


@dataclass(frozen=True)
class Plugin:
    name: str
    label: Label  # short name: 快递100
    tracking_label: Label  # in the provider select: 快递100 实时查询
    capabilities: frozenset[str]
    build: Callable[[BuildContext], CarrierProvider] | None = None
    settings: tuple[SettingSpec, ...] = ()
    units: ModuleType | None = None  # its units.py: raw codes and errors in our terms
    status_of: Callable[[str], Any] | None = None  # a raw status code -> carriers.status.TrackingStatus | None
    # the provider's own rate rule: minimum minutes between two queries of a number, requests/s
    min_gap_min: float = 0.0
    qps: float = 0.0
    push: PushFormat | None = None
    push_format: str = ""  # the callback its pushes come to when not its own (the sandbox: kuaidi100)
    # builds the e-waybill client for an account: (context, account's API secret) -> client
    ewaybill: Callable[[BuildContext, str], EwaybillProvider] | None = None
    # what an e-waybill account must name here: account fields -> text key of what is missing
    ewaybill_needs: Callable[[Mapping[str, str]], str | None] | None = None

    def key(self, spec: SettingSpec) -> str:
        return f"tracking.{self.name}.{spec.field}"

    @property
    def setting_keys(self) -> dict[str, SettingSpec]:
        return {self.key(spec): spec for spec in self.settings}

    @property
    def rate_defaults(self) -> dict[str, float]:
        return {
            f"tracking.rate.{self.name}.min_gap_min": float(self.min_gap_min),
            f"tracking.rate.{self.name}.qps": float(self.qps),
        }

    @property
    def callback_format(self) -> str:
        return self.push_format or (self.push.name if self.push else "")
