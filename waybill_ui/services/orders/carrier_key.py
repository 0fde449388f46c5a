"""The carrier an order is listed under: `orders.carrier_code` (docs/scaling.md, "Carrier filter").

The list's carrier filter (services/orders/order_filter.OrderFilter) matches an order with a live
shipment of that carrier, or one shipped elsewhere whose `external_carrier` names it (the code
itself or one of its aliases in carriers/codes.ALIASES). Checking that per row made "carrier X,
sorted by status" walk 700,000 orders; the answer kept on the order row, with the index
(carrier_code, status, id), gives the page directly. The column holds:

- NULL: nothing to match (no live shipment, not shipped elsewhere);
- the one key that matches: a live shipment's carrier code, or the external carrier's code
  (ALIASES[name]) or, for a name we do not know, the name as written;
- SEVERAL ("*"): two or more keys (parcels of a split order with two carriers, or a live
  shipment of an order also shipped elsewhere) — the filter checks those few rows as before.

It is refreshed with the same SQL wherever a shipment becomes live or is cancelled and wherever
an order's external carrier is written (refresh(); grep for carrier_key.refresh); migration
0019_order_carrier back-fills it with a copy of this SQL.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import text
from sqlmodel import Session

from waybill_ui.carriers import codes

SEVERAL = "*"  # more than one key: the filter checks these rows one by one


def of_external(name: str | None) -> str | None:
    """The key of an order shipped elsewhere with carrier `name` (and no shipment of ours): the
    filter for code C matches `external_carrier` = C or an alias of C (exactly as written)."""
    if not name:
        return None
    return codes.ALIASES.get(name, name)


def _quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def external_sql(order: str) -> str:
    """of_external() in SQL, for `order`'s row."""
    whens = " ".join(f"WHEN {_quoted(name)} THEN {_quoted(code)}" for name, code in sorted(codes.ALIASES.items()))
    return f"CASE {order}.external_carrier {whens} ELSE {order}.external_carrier END"


def key_sql(order: str) -> str:
    """The key of `order`'s row in SQL (a correlated scalar subquery; ux_shipment_live_order finds
    the order's live shipments)."""
    return (
        f"(SELECT CASE count(*) WHEN 0 THEN NULL WHEN 1 THEN min(k) ELSE '{SEVERAL}' END FROM ("
        f"SELECT carrier_code AS k FROM shipment WHERE order_id = {order}.id AND cancelled_at IS NULL "
        f"UNION SELECT {external_sql(order)} WHERE {order}.external_carrier != '') keys)"
    )


def refresh(session: Session, order_ids: Iterable[int]) -> None:
    """Recompute the key of these orders, after their shipments or external carrier changed (in
    the caller's transaction)."""
    ids = sorted({int(i) for i in order_ids})
    session.flush()  # shipments added or cancelled through the ORM count too
    for start in range(0, len(ids), 500):
        marks = ",".join(map(str, ids[start : start + 500]))
        session.execute(text(f"UPDATE orders SET carrier_code = {key_sql('orders')} WHERE id IN ({marks})"))


def refresh_orders(session: Session, shop_id: int, order_nos: list[str]) -> None:
    """refresh() by order number: a re-import's updated orders (their external carrier may change)."""
    session.flush()
    for start in range(0, len(order_nos), 500):
        part = order_nos[start : start + 500]
        marks = ", ".join(f":n{i}" for i in range(len(part)))
        session.execute(
            text(
                f"UPDATE orders SET carrier_code = {key_sql('orders')} WHERE shop_id = :shop AND order_no IN ({marks})"
            ),
            {"shop": shop_id, **{f"n{i}": n for i, n in enumerate(part)}},
        )
