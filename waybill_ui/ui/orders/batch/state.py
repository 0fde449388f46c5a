"""What the 批量发货 dialog knows, as typed state instead of a dict of cells: the orders, the last
preview, and once shipped the batch and its shipments (for the file and the labels)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from waybill_ui.services.shipping import batch as batch_ship

SHOWN_FAILURES = 200  # lines of failures or warnings listed; the rest are counted
REASON_ORDERS_SHOWN = 5  # order numbers named after each reason


@dataclass
class BatchState:
    order_ids: list[int]
    mode: str = "rules"  # "rules": each order's carrier by the matching rules; "one": one carrier for all
    carrier: str | None = None  # the carrier for "one"
    preview: batch_ship.BatchPreview | None = None
    batch_id: int | None = None  # once shipped
    shipped: list[dict[str, Any]] = field(default_factory=list)  # {"order_no", "carrier", "number", "shipment_id"}
    asked: int = 0  # previews asked for: only the newest one's answer is drawn

    def ask(self) -> int:
        self.asked += 1
        return self.asked

    @property
    def chosen(self) -> str | None:
        """The carrier every order goes with, or None when the rules choose."""
        return self.carrier if self.mode == "one" else None

    @property
    def shipment_ids(self) -> list[int]:
        return [item["shipment_id"] for item in self.shipped]

    def take(self, result: batch_ship.BatchResult) -> None:
        self.batch_id, self.shipped = result.batch_id, result.shipped
