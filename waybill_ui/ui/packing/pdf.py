"""Print a PDF made on the server from the page: kept like a label file (services/printing/labels.py
save_file, served by /api/v1/labels/files/…) and printed from the hidden frame the label
printing uses (ui/components/labels.py PRINT_JS); a link opens it when printing is blocked."""

from __future__ import annotations

import json

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.services.printing import routing as label_routing
from waybill_ui.services.printing import labels
from waybill_ui.ui.components.labels import PRINT_JS, pdf_url


async def print_pdf(pdf: bytes, *, link_into: ui.element | None = None, mark: str = "pdf-link") -> str:
    token = await io_bound(labels.save_file, labels.files_folder(runtime.get().settings.data_dir), pdf)
    return _print_file(token, link_into, mark)


def _print_file(token: str, link_into: ui.element | None, mark: str) -> str:
    url = pdf_url(token)
    ui.run_javascript(PRINT_JS % json.dumps(url))
    if link_into is not None:
        link_into.clear()
        with link_into:
            ui.link("PDF", url, new_tab=True).mark(mark)
    return url


async def print_label(shipment_id: int, who: str) -> str:
    """One parcel's label without the label dialog (the scan station stays on the keyboard): the
    same routing fill and label use case as ui/components/labels.py, printed from the hidden frame.
    Raises the service's error (e.g. no sender address) for the page to show."""
    current = runtime.get()
    await label_routing.fill_routing(current.db, current.providers.market if current.providers else None, [shipment_id])
    folder = labels.files_folder(current.settings.data_dir)
    result = await io_bound(labels.print_labels, current.db, shipment_ids=[shipment_id], actor=who, folder=folder)
    return _print_file(result.token, None, "pdf-link")
