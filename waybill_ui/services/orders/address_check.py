"""待补地址: the one rule for "this waiting order has what a parcel needs" — a receiver, a placed
address (province and street) and a phone. Imports keep orders that lack it (newer exports have
no receiver columns; marketplaces mask buyers), and nothing ships them until it is filled.

Masked data is not usable: a street written only as asterisks (***) or a mobile with starred
digits (138****5678) cannot reach the buyer, so such an order is 待补地址 too (a privacy number
with an extension, 17012345678-1234, is a real number and is usable).

The same rule as Python (one order or an import record) and as SQL (lists, batches, auto-ship)."""

from __future__ import annotations

from typing import Any

COMPLETE_SQL = (
    "(coalesce({p}receiver_name, '') != '' AND coalesce({p}province, '') != '' "
    "AND replace(replace(coalesce({p}address, ''), '*', ''), ' ', '') != '' "
    "AND ((coalesce({p}phone, '') != '' AND {p}phone NOT LIKE '%*%') OR coalesce({p}landline, '') != ''))"
)


def complete_sql(alias: str = "") -> str:
    """A WHERE clause true for orders with a usable address (`alias`: the orders table's alias)."""
    return COMPLETE_SQL.format(p=f"{alias}." if alias else "")


def needs_sql(alias: str = "") -> str:
    """A WHERE clause true for waiting orders that cannot ship yet (待补地址). One NOT term, spelt
    as the partial index ix_orders_needs_address (db/models/orders.py) so both engines use it."""
    p = f"{alias}." if alias else ""
    return f"NOT ({p}status != 'pending' OR {complete_sql(alias)})"


def is_complete(
    *, receiver_name: str | None, province: str | None, address: str | None, phone: str | None, landline: str | None
) -> bool:
    usable_phone = bool(phone) and "*" not in (phone or "")
    return bool(receiver_name and province and (address or "").replace("*", "").strip() and (usable_phone or landline))


def dialable(phone: str | None, extension: str | None = "") -> str:
    """The number a courier dials: a privacy number with its extension as "17012345678-1234"
    (labels print it so; providers without an extension field get it so: docs/order-import.md)."""
    return f"{phone}-{extension}" if phone and extension else (phone or "")


def of(row: Any) -> bool:  # duck-typed: an Order or a query row with the same attribute names
    """`is_complete` for anything with the order's attributes (an Order, a query row)."""
    return is_complete(
        receiver_name=row.receiver_name,
        province=row.province,
        address=row.address,
        phone=row.phone,
        landline=getattr(row, "landline", ""),
    )  # list rows carry the phone shown, not the landline
