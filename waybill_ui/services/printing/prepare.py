"""What must happen online before labels are drawn, for the labels page/dialog and the API alike:
routing codes the shipments still lack (services/printing/routing.py), and reprints of e-waybills at
the providers that count them (services/ewaybill/reprint.py). Then services/printing/labels.py draws."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from waybill_ui.db import Database
from waybill_ui.services.ewaybill import reprint as ewaybill_reprint
from waybill_ui.services.printing import routing as label_routing

if TYPE_CHECKING:  # annotations only
    from waybill_ui.carriers.protocol import CarrierProvider
    from waybill_ui.services.ewaybill.issue import ProviderFor


async def before_print(
    db: Database,
    *,
    shipment_ids: list[int],
    market: CarrierProvider | None,
    provider_for: ProviderFor | None,
    now: datetime | None = None,
) -> label_routing.RoutingOutcome:
    routing = await label_routing.fill_routing(db, market, shipment_ids)
    await ewaybill_reprint.at_providers(db, shipment_ids=shipment_ids, provider_for=provider_for, now=now)
    return routing
