"""What a marketplace plug-in declares: how to recognise its export, which column holds which
field, what its status texts mean, and its batch-ship (批量发货) upload template."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from waybill_ui.db.models import OrderStatus
from waybill_ui.services.orders.importing import cleaning

UNPAID, PENDING = OrderStatus.unpaid.value, OrderStatus.pending.value
SHIPPED, CLOSED = OrderStatus.shipped.value, OrderStatus.closed.value

# The fields a layout can fill (the mapping dialog offers these, order_no first).
FIELDS = (
    "order_no",
    "sub_order_no",
    "status",
    "receiver",
    "mobile",
    "landline",
    "address",
    "province",
    "city",
    "district",
    "town",
    "detail",
    "postcode",
    "paid",
    "total",
    "postage",
    "quantity",
    "weight",
    "ordered_at",
    "paid_at",
    "carrier",
    "waybill",
    "buyer_nick",
    "title",
    "buyer_message",
    "seller_memo",
    "sku",
    "spec",
)


def header_name(cell: object) -> str:  # a CSV string, or an XLSX cell value (None when empty)
    return str(cell or "").strip().strip("\ufeff").strip()


def status_key(text: str) -> str:
    """Full-width commas as half-width, no spaces: how status texts are compared."""
    return text.strip().replace("，", ",").replace(" ", "")


@dataclass(frozen=True)
class ShipBack:
    """The marketplace's batch-ship upload: its header for order number, carrier and number, the
    carrier names it accepts (our code → its spelling) and the file kind it takes."""

    headers: tuple[str, str, str]
    carrier_names: dict[str, str]
    kind: str = "csv"  # "csv" (UTF-8 with BOM) or "xlsx"
    sheet: str = "批量发货"


@dataclass(frozen=True)
class Format:
    key: str  # the plug-in's name, e.g. "pdd"
    marketplace: str  # db.models.Marketplace value
    label: str  # text key of its display name
    detect: tuple[str, ...]  # header names that must ALL be in the header row
    columns: dict[str, tuple[str, ...]]  # field → header names meaning it, best first
    ship_back: ShipBack  # every marketplace takes a batch-ship upload (services/orders/shipback.py)
    statuses: dict[str, str] = field(default_factory=dict)  # status text (status_key form) → OrderStatus
    assumed: bool = True  # layout not confirmed against a real export (docs/order-import.md)

    def header_columns(self, cells: Iterable[object]) -> dict[str, int]:
        """field → column index, the best-ranked header name winning."""
        found: dict[str, int] = {}
        rank: dict[str, int] = {}
        for index, cell in enumerate(cells):
            name = header_name(cell)
            if not name:
                continue
            for concept, names in self.columns.items():
                if name in names:
                    position = names.index(name)
                    if concept not in found or position < rank[concept]:
                        found[concept], rank[concept] = index, position
        return found

    def detects(self, cells: Sequence[object]) -> bool:
        names = {header_name(c) for c in cells}
        columns = self.header_columns(cells)
        return all(d in names for d in self.detect) and ("order_no" in columns or "sub_order_no" in columns)

    def status(self, text: str) -> str:
        """This marketplace's words first, then the texts every marketplace shares (cleaning.py)."""
        mapped = self.statuses.get(status_key(text))
        return mapped if mapped is not None else cleaning.status(text)
