"""报表: how each carrier did over a period, what the pool cost and wasted, where parcels went,
and how alerts were handled. Every figure is one GROUP BY in SQL (a handful of queries per
report, whatever the number of orders); Python only looks at the grouped rows.

Definitions (the carrier ones are the market rating's, services/market/ratings.py):
* shipments — shipments made in the period and not cancelled.
* spend — what the numbers used in the period cost (`waybill.cost_fen`); a cancelled shipment's
  number counts too, since it can never be used again.
* cost per delivered parcel — spend ÷ parcels delivered: returns and losses make a carrier dearer.
* on time — delivered within the carrier's own transit days for the zone (shop calendar days
  from pickup, or from shipping when the pickup was not seen); late — delivered, not on time.
* exception % / returned % — of the parcels that ended (delivered or in trouble), those that had
  an exception / were returned or refused at any point.
* weighed / avg weight / freight — parcels weighed at the packing station, their mean weight,
  and what the carrier's price (contract first) asks for them at that weight (services/packing/freight.py).
* pool — numbers bought (market) and imported (outlet) in the period, used by shipments, voided
  by a cancelled shipment, expired unused, refunded; waste = what the voided and expired cost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session
from typing import Any

from waybill_ui.db import Database
from waybill_ui.clock import utcnow
from waybill_ui.services.market import quotes as market
from waybill_ui.services.aftership import returns
from waybill_ui.services.reports import shops as report_shops
from waybill_ui.services.reports.carriers import carriers_table
from waybill_ui.services.reports.sections import alerts_table, pool_table, provinces_table
from waybill_ui.services.reports.tables import Period, Table
from waybill_ui.texts import tr

SECTIONS = ("carriers", "shops", "pool", "provinces", "alerts", "returns")


# --- the whole report --------------------------------------------------------------------------


@dataclass
class Findings:
    cheapest: dict[str, Any] | None  # the carrier row with the lowest cost per delivered parcel
    latest: dict[str, Any] | None  # the carrier row with the highest share of late deliveries

    def sentences(self, lang: str = "zh") -> list[str]:
        from waybill_ui.services.reports.tables import cell_text

        out = []
        if self.cheapest:
            out.append(
                tr(
                    "reports.finding.cheapest",
                    lang,
                    carrier=self.cheapest["carrier"],
                    cost=cell_text("fen", self.cheapest["cost_per_delivered_fen"]),
                    delivered=self.cheapest["delivered"],
                )
            )
        if self.latest:
            out.append(
                tr(
                    "reports.finding.latest",
                    lang,
                    carrier=self.latest["carrier"],
                    rate=cell_text("pct", self.latest["late_rate"]),
                    late=self.latest["late"],
                    delivered=self.latest["delivered"],
                )
            )
        elif self.cheapest:
            out.append(tr("reports.finding.none_late", lang))
        return out or [tr("reports.finding.no_data", lang)]


def findings(carriers: Table) -> Findings:
    delivered = [r for r in carriers.rows if r["delivered"]]
    cheapest = min(delivered, key=lambda r: (r["cost_per_delivered_fen"], -r["delivered"]), default=None)
    late = [r for r in delivered if r["late"]]
    latest = max(late, key=lambda r: (r["late_rate"], r["late"]), default=None)
    return Findings(cheapest, latest)


@dataclass
class Report:
    period: Period
    tables: dict[str, Table]
    findings: Findings
    made_at: datetime


def build(
    db: Database,
    *,
    period: Period,
    lang: str = "zh",
    sections: tuple[str, ...] = SECTIONS,
    now: datetime | None = None,
    shop_id: int | None = None,
) -> Report:
    """The report over a period, in one read transaction (the sections agree with each other).
    `shop_id`: the carriers and shops tables for one shop only (services/reports/shops.py)."""
    origin = market.origin_province(db)
    builders: dict[str, Callable[[Session, Period, str], Table]] = {
        "carriers": lambda s, p, lang: carriers_table(s, p, lang, origin=origin, shop_id=shop_id),
        "shops": lambda s, p, lang: report_shops.table(s, p, lang, shop_id=shop_id),
        "pool": lambda s, p, lang: pool_table(s, p, lang, now=now),
        "provinces": provinces_table,
        "alerts": alerts_table,
        "returns": returns.report_table,
    }
    with db.read() as session:
        tables = {name: builders[name](session, period, lang) for name in SECTIONS if name in sections}
    found = findings(tables["carriers"]) if "carriers" in tables else Findings(None, None)
    return Report(period, tables, found, now or utcnow())
