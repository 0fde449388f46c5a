"""The orders list's filter (订单列表 筛选): which orders a tab, a search and the filter chips
match, as SQL clauses (services/orders/listing.py pages them; docs/scaling.md says why each is
spelt the way it is)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from waybill_ui.carriers import codes, geo
from waybill_ui.clock import SHANGHAI
from waybill_ui.db.models import OrderStatus
from waybill_ui.services.common.errors import Invalid
from waybill_ui.services.orders import address_check as order_address
from waybill_ui.services.orders import carrier_key

STATUSES = tuple(s.value for s in OrderStatus)
CARRIER_KEY = "o.carrier_code = :carrier"  # the carrier filter's indexed part (OrderFilter.where)
_HIGH = "\U0010ffff"  # sorts after every character: [q, q+_HIGH) is "starts with q"


def utc_text(moment: datetime) -> str:
    """A time as UTCDateTime stores it on SQLite, for comparisons in raw SQL."""
    return moment.astimezone(timezone.utc).replace(tzinfo=None).isoformat(" ", "microseconds")


def _from_db(value: str | datetime | None) -> datetime | None:
    """A stored UTC time from raw SQL: text on SQLite, a naive datetime on PostgreSQL."""
    if not value:
        return None
    return (value if isinstance(value, datetime) else datetime.fromisoformat(value)).replace(tzinfo=timezone.utc)


# the last four characters of the phone, as spelt in the expression index ix_orders_phone_tail
# (db/models/orders.py): both engines use the index only for this exact expression
PHONE_TAIL = "substr(phone, length(phone) - 3)"


def _live_shipment(condition: str) -> str:
    """Orders with a live (not cancelled) shipment meeting `condition` (SQL on the shipment table).
    Correlated, so a page walking a sort index checks its rows one by one (ux_shipment_live_order)
    instead of first listing every shipment. Spelt as a scalar subquery rather than EXISTS:
    PostgreSQL turns an EXISTS inside an OR into a hash of every matching shipment, built for
    each query (180,000 rows for a big carrier), where one index probe per row read is enough."""
    return f"(SELECT 1 FROM shipment WHERE order_id = o.id AND {condition} AND cancelled_at IS NULL LIMIT 1) = 1"


@dataclass
class OrderFilter:
    status: str | None = None  # None: every status
    q: str = ""
    province: str | None = None
    date_from: date | None = None  # shop-local dates of the order time, inclusive
    date_to: date | None = None
    carrier: str | None = None
    unprinted: bool = False  # only orders whose live shipment's label was never printed
    needs_address: bool = False  # only waiting orders that cannot ship yet (待补地址, services/orders/address_check.py)
    shop_id: int | None = None  # one shop (services/orders/shops.py); None: every shop
    only_ids: tuple[int, ...] | None = None  # only these orders (可合并: services/orders/merging.mergeable_ids)

    def where(self, *, broad: bool = False) -> tuple[list[str], dict[str, Any]]:
        """WHERE clauses and their parameters. `broad`: the search matches many orders (a surname),
        so it is spelt as conditions on the row itself, checked as the sort index passes each
        row — the first 50 of many come soon — rather than as the set of every match, built for
        each page (the same orders either way)."""
        clauses: list[str] = []
        params: dict[str, Any] = {}
        if self.status:
            if self.status not in STATUSES:
                raise Invalid("orders.bad_status", value=self.status)
            clauses.append("o.status = :status")
            params["status"] = self.status
        if self.province:
            params["province"] = geo.normalize_province(self.province) or self.province
            clauses.append("o.province = :province")
        if self.date_from:
            clauses.append("o.ordered_at >= :date_from")
            params["date_from"] = utc_text(datetime.combine(self.date_from, time(), SHANGHAI))
        if self.date_to:
            clauses.append("o.ordered_at < :date_to")
            params["date_to"] = utc_text(datetime.combine(self.date_to + timedelta(days=1), time(), SHANGHAI))
        if self.carrier:
            code = codes.resolve(self.carrier) or self.carrier
            names = sorted({name for name, c in codes.ALIASES.items() if c == code} | {code})
            marks = ", ".join(f":ext{i}" for i in range(len(names)))
            params.update({f"ext{i}": name for i, name in enumerate(names)})
            params["carrier"] = code
            # the key on the order row (carrier_key.py) gives a carrier's orders by index; the few
            # orders with several keys are checked as they always were
            several = f"o.carrier_code = '{carrier_key.SEVERAL}' AND ({_live_shipment('carrier_code = :carrier')} OR o.external_carrier IN ({marks}))"
            clauses.append(f"({several})" if code == carrier_key.SEVERAL else f"({CARRIER_KEY} OR ({several}))")
        if self.unprinted:  # few, and listed by ix_shipment_unprinted: found from the shipment side
            clauses.append("o.id IN (SELECT order_id FROM shipment WHERE printed_count = 0 AND cancelled_at IS NULL)")
        if self.only_ids is not None:
            clauses.append(f"o.id IN ({','.join(str(int(i)) for i in self.only_ids)})" if self.only_ids else "1 = 0")
        if self.needs_address:
            clauses.append(order_address.needs_sql("o"))
        if self.shop_id is not None:
            clauses.append("o.shop_id = :shop_id")
            params["shop_id"] = int(self.shop_id)
        q = (self.q or "").strip()
        if q:
            # One indexed lookup per field, united: SQLite's planner would rather scan 100,000 rows
            # than combine six OR-ed range conditions.
            params.update(q=q, q_high=q + _HIGH)
            parts = [
                f"SELECT id FROM orders WHERE {c} >= :q AND {c} < :q_high"
                for c in ("order_no", "buyer_nick", "receiver_name", "phone")
            ]
            parts.append("SELECT order_id FROM shipment WHERE number = :q")
            # every order of a merged parcel, not only the one its shipment hangs on
            parts.append(
                "SELECT id FROM orders WHERE merge_group_id IN "
                "(SELECT merge_group_id FROM shipment WHERE number = :q AND merge_group_id IS NOT NULL)"
            )
            parts.append("SELECT id FROM orders WHERE external_number = :q")
            if len(q) == 4 and q.isdigit():  # the last four digits of a phone, as buyers quote them
                parts.append(f"SELECT id FROM orders WHERE {PHONE_TAIL} = :q")
            if broad:
                row = [
                    f"(o.{c} >= :q AND o.{c} < :q_high)" for c in ("order_no", "buyer_nick", "receiver_name", "phone")
                ]
                row += [f"o.id IN ({parts[4]})", f"o.id IN ({parts[5]})", "o.external_number = :q"]
                if len(q) == 4 and q.isdigit():
                    row.append("substr(o.phone, length(o.phone) - 3) = :q")
                clauses.append("(" + " OR ".join(row) + ")")
            else:
                clauses.append("o.id IN (" + " UNION ALL ".join(parts) + ")")
        return clauses, params

    def candidates(self) -> str | None:
        """SQL listing a superset of the matching ids from a small index (unprinted labels,
        待补地址, a search), or None when no filter names such a set. Uses where()'s params."""
        if self.only_ids is not None:  # 可合并: the few ids the merge rule named
            return f"SELECT id FROM orders WHERE id IN ({','.join(str(int(i)) for i in self.only_ids) or 'NULL'})"
        if self.unprinted:
            return "SELECT order_id FROM shipment WHERE printed_count = 0 AND cancelled_at IS NULL"
        if self.needs_address:
            return f"SELECT id FROM orders o WHERE {order_address.needs_sql('o')}"
        if (self.q or "").strip():
            return self.where()[0][-1].removeprefix("o.id IN (")[:-1]
        if self.date_from or self.date_to:  # a few days of orders, by ix_orders_ordered_at_id
            return "SELECT id FROM orders o WHERE " + " AND ".join(
                c for c in self.where()[0] if c.startswith("o.ordered_at")
            )
        return None
