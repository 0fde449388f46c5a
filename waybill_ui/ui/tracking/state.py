"""What the 物流跟踪 page shows, which parcel is open in the timeline and which are ticked, as
typed state instead of closure cells."""

from __future__ import annotations

from dataclasses import dataclass, field

from waybill_ui.services.tracking import queries as tq


@dataclass
class TrackingState:
    status: str | None = None  # the status chip chosen; None: every status
    page: int = 1
    rows: list[tq.ShipmentRow] = field(default_factory=list)  # the parcels on the page shown
    selected: int | None = None  # the parcel whose timeline is shown
    checked: set[int] = field(default_factory=set)  # ticked, on any page

    @property
    def visible(self) -> list[int]:
        """The ids on the page shown, in order."""
        return [r.id for r in self.rows]

    def check(self, shipment_id: int, value: bool) -> None:
        if value:
            self.checked.add(shipment_id)
        else:
            self.checked.discard(shipment_id)
