"""Printing labels as one use case for the pages and the API: check the request, do what must
happen online first (services/printing/prepare.py: the sorting codes the labels lack, e-waybill
reprints at the providers that count them; provider I/O on the event loop), then draw the PDF in
a worker thread (services/printing/labels.py), every page counting as a print, written page by
page to a file."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from waybill_ui.carriers.protocol import CarrierProvider
from waybill_ui.db import Database
from waybill_ui.services.printing import prepare as label_prepare
from waybill_ui.services.printing import labels

if TYPE_CHECKING:  # annotations only
    from waybill_ui.services.ewaybill.issue import ProviderFor


@dataclass
class MadeLabels:
    result: labels.PrintResult
    routing_missing: int  # labels drawn without their sorting codes (the provider did not answer)


async def make_labels(
    db: Database,
    *,
    market: CarrierProvider | None,
    provider_for: ProviderFor | None = None,
    shipment_ids: str | Iterable[int | str],
    actor: str,
    size: str | None = None,
    mask_phone: bool | None = None,
    progress: Callable[[int, int], None] | None = None,
    folder: Path | None = None,
) -> MadeLabels:
    """The labels' PDF as a file in `folder` (services/printing/labels.py `print_labels`)."""
    ids = labels.parse_ids(shipment_ids)  # bad or too many ids fail before any work
    if size:
        size = labels.check_size(size)
    routing = await label_prepare.before_print(db, shipment_ids=ids, market=market, provider_for=provider_for)
    result = await asyncio.to_thread(
        labels.print_labels,
        db,
        shipment_ids=ids,
        actor=actor,
        size=size,
        mask_phone=mask_phone,
        progress=progress,
        folder=folder,
    )
    return MadeLabels(result, routing.missing)
