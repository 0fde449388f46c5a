"""What the 运单详情 page shows, as typed state instead of closure variables: the shipment asked
for and, once loaded, its details, its open alerts, the notices given and its push subscription."""

from __future__ import annotations

from dataclasses import dataclass, field

from waybill_ui.db import Database
from waybill_ui.services.alerts import buyer_notices
from waybill_ui.services.alerts import center as alert_center
from waybill_ui.services.tracking import push_store
from waybill_ui.services.tracking import queries as tq

NOTICES_SHOWN = 20


@dataclass
class ShipmentState:
    shipment_id: int
    detail: tq.ShipmentDetail | None = None  # None until loaded
    open_alerts: list[alert_center.AlertRow] = field(default_factory=list)
    notices: list[buyer_notices.NoticeRow] = field(default_factory=list)
    pushed: push_store.SubscriptionView | None = None  # None: no push subscription

    def load(self, db: Database) -> tq.ShipmentDetail:
        """Everything the page shows, read in one go (a worker thread runs it); a missing shipment
        raises the service's NotFound and leaves the state as it was."""
        detail = tq.detail(db, self.shipment_id)
        self.open_alerts, _ = alert_center.list_alerts(db, status="open", shipment_id=self.shipment_id)
        self.notices, _ = buyer_notices.list_notices(db, shipment_id=self.shipment_id, size=NOTICES_SHOWN)
        self.pushed = push_store.subscription_of(db, self.shipment_id)
        self.detail = detail
        return detail
