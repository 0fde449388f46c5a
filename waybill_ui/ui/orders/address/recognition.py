"""What recognising a pasted block found beyond the fields: how sure it is, a place name that fits
more than one division (with a button per candidate), masked data and old place names."""

from __future__ import annotations

import html
from collections.abc import Callable

from nicegui import ui

from waybill_ui.services.orders.addresses.paste import Parsed
from waybill_ui.ui.i18n import t

CANDIDATES_SHOWN = 8


def show_confidence(label: ui.label, got: Parsed) -> None:
    label.set_text(t("address.paste.confidence", percent=round(got.confidence * 100)))
    label.classes(replace="text-sm " + ("text-green-700" if got.confidence >= 0.9 else "text-orange-700"))


def show_warnings(box: ui.column, got: Parsed, pick: Callable[[str], None]) -> None:
    """Fills `box`; `pick` gets the candidate place the seller chose."""
    box.clear()
    with box:
        if got.ambiguous and got.candidates:
            # the part is a name from the divisions table; escaped all the same (pasted text)
            ui.html(
                html.escape(t("address.paste.ambiguous", part="\0", places="")).replace(
                    "\0", f"<mark>{html.escape(got.ambiguous)}</mark>"
                )
            ).classes("text-orange-800").mark("address-ambiguous")
            with ui.row().classes("gap-1"):
                for place in got.candidates[:CANDIDATES_SHOWN]:
                    ui.button(place, on_click=lambda _, p=place: pick(p)).props("dense outline no-caps size=sm").mark(
                        "address-candidate"
                    )
        if got.masked:
            fields = "、".join(t(f"address.masked.{f}") for f in got.masked)
            ui.label(t("address.paste.masked", fields=fields)).classes("text-red-700").mark("address-masked")
        if got.notes:
            ui.label(t("address.paste.old_name", notes="；".join(got.notes))).classes("text-gray-600")
