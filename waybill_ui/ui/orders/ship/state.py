"""What the 发货 dialog holds while it is open, as typed state instead of closure cells."""

from __future__ import annotations

from dataclasses import dataclass

from waybill_ui.services.shipping import single as shipping


@dataclass
class ShipState:
    hold: shipping.Hold | None = None  # the pool number held for this dialog (released on cancel, close, timeout)
    ewaybill: bool = False  # the chosen carrier's provider issues the number on confirm (no pool number)
    done: bool = False  # the dialog closed: a hold that arrives late is given back at once
    asked: int = 0  # the newest carrier/mode choice: a hold asked for an older one is given back
