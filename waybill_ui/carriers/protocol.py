"""What a provider can do, as one protocol, and the plain data it speaks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from waybill_ui.carriers.status import TrackingStatus
from typing import Any


class ProviderError(Exception):
    """A provider call failed. `transient` errors are retried later; the others need a person
    (wrong key, feature not enabled…) and `code`/`message` say what to fix."""

    def __init__(self, message: str, *, code: str = "provider_error", transient: bool = True):
        super().__init__(message)
        self.code = code
        self.transient = transient


class ProviderConfigError(ProviderError):
    def __init__(self, message: str, *, code: str = "provider_config"):
        super().__init__(message, code=code, transient=False)


class NotSupported(ProviderError):
    def __init__(self, provider: str, operation: str):
        super().__init__(f"{provider} cannot {operation}", code="not_supported", transient=False)


@dataclass
class PackageOffer:
    id: str
    quantity: int
    price_fen: int
    validity_days: int


@dataclass
class CarrierOffer:
    code: str
    name: str
    prices: dict[str, dict[str, Any]]  # zone -> {"first_fen", "first_g", "extra_fen_per_kg"}
    transit_days: dict[str, int]  # zone -> days
    provinces_excluded: list[str] = field(default_factory=list)
    packages: list[PackageOffer] = field(default_factory=list)


@dataclass
class IssuedNumbers:
    order_ref: str
    carrier: str
    numbers: list[str]  # the numbers from `offset` on (maybe fewer than asked: a partial answer)
    offset: int
    expires_at: datetime | None = None


@dataclass
class NumberResult:
    done: list[str]
    rejected: dict[str, str]  # number -> reason
    fee_fen: int = 0
    expires_at: datetime | None = None


@dataclass
class Routing:
    number: str
    route_code: str  # 三段码
    sort_name: str  # 大头笔


@dataclass
class TrackQuery:
    carrier: str
    number: str
    phone: str = ""
    from_text: str = ""
    to_text: str = ""


@dataclass
class TrackEvent:
    time: datetime
    text: str
    status: TrackingStatus
    location: str = ""
    raw_state: str = ""
    raw_substate: str = ""


@dataclass
class TrackResult:
    carrier: str
    number: str
    status: TrackingStatus | None  # None: the provider has no information yet
    raw_state: str = ""
    events: list[TrackEvent] = field(default_factory=list)  # oldest first
    # What the newest event predicts for the next look (status.Phase: "long_haul" between two
    # trunk scans, "arrived" in the destination city…); "" when the provider's codes say nothing.
    phase: str = ""


@dataclass
class SubscribeQuery:
    """Ask a provider to push this parcel's changes to `callback_url` (signed with `salt`)."""

    carrier: str
    number: str
    callback_url: str
    phone: str = ""
    to_text: str = ""
    salt: str = ""


@dataclass
class SubscribeResult:
    """A provider's answer to a subscription. `outcome`: "subscribed" (accepted), "duplicate"
    (already tracked there: as good as accepted), "failed" (this parcel cannot be subscribed:
    poll it instead), "config" (our account is refused: fix the settings), "retry" (try later)."""

    outcome: str
    code: str = ""
    message: str = ""

    @property
    def accepted(self) -> bool:
        return self.outcome in ("subscribed", "duplicate")


@dataclass
class PushUpdate:
    """One parcel's news as a provider pushed it: a full snapshot of its trace (merge it, never
    append) plus the provider's monitoring state ("polling", "shutdown", "abort", "updateall")."""

    provider: str
    number: str
    carrier: str  # our carrier code ("" when the provider named one we do not know)
    monitor: str = "polling"
    message: str = ""
    carrier_new: str = ""  # the provider corrected the carrier (Kuaidi100 comNew)
    result: TrackResult | None = None


@dataclass
class InterceptAnswer:
    """A provider's answer about an interception (拦截): `status` accepted, succeeded, refused."""

    status: str
    ref: str = ""
    fee_fen: int = 0
    reason: str = ""  # why refused: delivered, returning, returned, refused, unknown
    message: str = ""


class CarrierProvider:
    """Base of every provider. An operation a provider lacks raises NotSupported."""

    name = "base"
    capabilities: frozenset[str] = frozenset()

    async def catalogue(self) -> list[CarrierOffer]:
        raise NotSupported(self.name, "list carriers")

    async def issue_numbers(
        self, *, order_ref: str, carrier: str, quantity: int, offset: int = 0, validity_days: int | None = None
    ) -> IssuedNumbers:
        raise NotSupported(self.name, "issue numbers")

    async def cancel_number(self, *, carrier: str, number: str) -> bool:
        raise NotSupported(self.name, "cancel numbers")

    async def refund_numbers(self, *, carrier: str, numbers: list[str]) -> NumberResult:
        raise NotSupported(self.name, "refund numbers")

    async def extend_numbers(self, *, carrier: str, numbers: list[str], days: int) -> NumberResult:
        raise NotSupported(self.name, "extend numbers")

    async def routing(self, *, carrier: str, items: list[dict[str, Any]]) -> list[Routing]:
        raise NotSupported(self.name, "give routing codes")

    async def track(self, query: TrackQuery) -> TrackResult:
        raise NotSupported(self.name, "track parcels")

    async def intercept(self, *, carrier: str, number: str, kind: str, address: str = "") -> InterceptAnswer:
        """Stop a parcel: kind "return" (退回寄件人) or "redirect" (改址, to `address`). Asking again
        for the same parcel must give the first answer (the request costs money)."""
        raise NotSupported(self.name, "intercept parcels")

    async def interception_status(self, *, carrier: str, number: str) -> InterceptAnswer:
        raise NotSupported(self.name, "report interceptions")

    async def subscribe(self, query: SubscribeQuery) -> SubscribeResult:
        """Subscribe a parcel for pushed updates (capability "subscribe")."""
        raise NotSupported(self.name, "subscribe parcels for pushed updates")

    async def test_connection(self) -> str:
        """A short human-readable result; raises ProviderError when the settings are wrong."""
        raise NotSupported(self.name, "test the connection")


# --- e-waybills (电子面单): a number issued by the provider for one order -------------------


@dataclass
class Party:
    name: str
    phone: str
    province: str
    city: str
    district: str
    address: str
    extension: str = ""  # a privacy number's extension, apart from `phone` (each provider sends it its way)

    def combined_phone(self) -> str:
        """ "17012345678-1234": for providers whose request has no extension field."""
        return f"{self.phone}-{self.extension}" if self.extension and self.phone else self.phone


@dataclass
class EwaybillAccount:
    """The account fields a provider/carrier needs; secrets never leave the services layer."""

    carrier: str
    customer_name: str = ""
    customer_pwd: str = ""
    month_code: str = ""
    send_site: str = ""
    partner_id: str = ""
    partner_key: str = ""


@dataclass
class EwaybillOrder:
    order_code: str  # ours, unique per issue: the idempotency key
    carrier: str
    sender: Party
    receiver: Party
    goods: str = "商品"
    quantity: int = 1
    weight_kg: float = 0.0


@dataclass
class EwaybillIssued:
    order_code: str
    number: str
    child_numbers: list[str] = field(default_factory=list)
    sort_name: str = ""  # 大头笔
    package_code: str = ""  # 集包地 code
    package_name: str = ""  # 集包地
    sorting_code: str = ""  # 三段码
    provider_order_id: str = ""  # Kuaidi100 kdComOrderNum (needed to cancel)
    task_id: str = ""  # Kuaidi100 taskId (needed to reprint)
    template: str = ""  # print template where given
    already: bool = False  # the provider said "already issued" and gave back the number
    raw: dict[str, Any] = field(default_factory=dict)


class EwaybillRefused(ProviderError):
    """The provider refused (quota, address, account…): `kind` is one of units.EWAYBILL_KINDS."""

    def __init__(self, message: str, *, kind: str, code: str = "ewaybill_refused"):
        super().__init__(message, code=code, transient=False)
        self.kind = kind
