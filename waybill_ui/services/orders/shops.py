"""店铺: the seller's shops, each on one marketplace; every order belongs to one.

Order numbers are unique per shop only (two marketplaces may hand out the same number), so a
lookup by order number alone goes through `order_id`: with a shop it looks there, without one it
takes the single match and refuses to guess when the number is in two shops. Reading shops is
open to everyone (filters, the import dialog); changing them is the owner's.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, text
from sqlmodel import Session, col, select

from waybill_ui.db import Database
from waybill_ui.db.models import Marketplace, Order, Shop
from waybill_ui.services.accounts import audit
from waybill_ui.services.common.errors import Conflict, Invalid, NotFound
from waybill_ui.services.accounts.users import Principal, require_owner

MARKETPLACES = tuple(m.value for m in Marketplace)
DEFAULT_SHOP_ID = 1  # made by migration 0015_shops; every order of an upgraded copy is in it
MAX_SHOPS = 100


def list_shops(db: Database, *, active_only: bool = False) -> list[Shop]:
    with db.read() as session:
        query = select(Shop).order_by(col(Shop.id))
        if active_only:
            query = query.where(Shop.active)
        return list(session.exec(query))


def get_shop(db: Database, *, shop_id: int) -> Shop:
    with db.read() as session:
        return shop_in(session, shop_id)


def shop_in(session: Session, shop_id: int) -> Shop:
    shop = session.get(Shop, shop_id)
    if shop is None:
        raise NotFound("shops.not_found", id=shop_id)
    return shop


def names(db: Database) -> dict[int, str]:
    """id → name, for showing the shop on rows and in reports."""
    with db.read() as session:
        return dict(session.execute(text("SELECT id, name FROM shop ORDER BY id")).all())


def order_counts(db: Database) -> dict[int, int]:
    with db.read() as session:
        return dict(session.execute(text("SELECT shop_id, count(*) FROM orders GROUP BY shop_id")).all())


def _clean_name(name: str) -> str:
    clean = " ".join((name or "").split())
    if not clean or len(clean) > 60:
        raise Invalid("shops.bad_name", code="bad_name")
    return clean


def _check_marketplace(marketplace: str) -> str:
    if marketplace not in MARKETPLACES:
        raise Invalid("shops.bad_marketplace", code="bad_marketplace", value=str(marketplace)[:30])
    return marketplace


def _name_free(session: Session, name: str, but: int | None = None) -> None:
    other = session.exec(select(Shop.id).where(func.lower(Shop.name) == name.lower())).first()
    if other is not None and other != but:
        raise Conflict("shops.name_taken", code="name_taken", name=name)


def create_shop(db: Database, *, name: str, marketplace: str, actor: Principal) -> Shop:
    require_owner(actor)
    clean, market = _clean_name(name), _check_marketplace(marketplace)
    with db.write() as session:
        if session.exec(select(func.count()).select_from(Shop)).one() >= MAX_SHOPS:
            raise Conflict("shops.too_many", limit=MAX_SHOPS)
        _name_free(session, clean)
        shop = Shop(name=clean, marketplace=market)
        session.add(shop)
        session.flush()
        audit.record(
            session,
            actor=actor.username,
            entity="shop",
            entity_id=shop.id,
            action="create",
            details={"name": clean, "marketplace": market},
        )
    return shop


def update_shop(
    db: Database,
    *,
    shop_id: int,
    actor: Principal,
    name: str | None = None,
    marketplace: str | None = None,
    active: bool | None = None,
) -> Shop:
    """Rename, change the marketplace, (de)activate. A deactivated shop keeps its orders (lists,
    reports, exports still show them) but is no longer offered for imports."""
    require_owner(actor)
    with db.write() as session:
        shop = shop_in(session, shop_id)
        before = {"name": shop.name, "marketplace": shop.marketplace, "active": shop.active}
        if name is not None:
            shop.name = _clean_name(name)
            _name_free(session, shop.name, but=shop.id)
        if marketplace is not None:
            shop.marketplace = _check_marketplace(marketplace)
        if active is not None:
            if (
                not active
                and session.exec(select(func.count()).select_from(Shop).where(Shop.active, Shop.id != shop.id)).one()
                == 0
            ):
                raise Conflict("shops.last_active", code="last_active")
            shop.active = active
        session.add(shop)
        audit.record(
            session,
            actor=actor.username,
            entity="shop",
            entity_id=shop.id,
            action="update",
            details={"from": before, "to": {"name": shop.name, "marketplace": shop.marketplace, "active": shop.active}},
        )
    return shop


def delete_shop(db: Database, *, shop_id: int, actor: Principal) -> None:
    """Only a shop without orders goes (a mistake just made); one with orders is deactivated instead."""
    require_owner(actor)
    with db.write() as session:
        shop = shop_in(session, shop_id)
        if shop.id == DEFAULT_SHOP_ID:
            raise Conflict("shops.default_stays", code="default_shop")
        used = session.exec(select(func.count()).select_from(Order).where(Order.shop_id == shop_id)).one()
        if used:
            raise Conflict("shops.has_orders", code="shop_has_orders", count=used)
        audit.record(
            session,
            actor=actor.username,
            entity="shop",
            entity_id=shop.id,
            action="delete",
            details={"name": shop.name, "marketplace": shop.marketplace},
        )
        session.delete(shop)


def forget_mapping(db: Database, *, shop_id: int, actor: Principal) -> Shop:
    """Forget the column mapping remembered for the shop (orders_import saves it when a mapped
    import succeeds): its next unknown file asks again."""
    require_owner(actor)
    with db.write() as session:
        shop = shop_in(session, shop_id)
        before = shop.column_mapping
        shop.column_mapping = {}
        session.add(shop)
        audit.record(
            session,
            actor=actor.username,
            entity="shop",
            entity_id=shop.id,
            action="forget_mapping",
            details={"before": before},
        )
    return shop


def usable_for_import(db: Database, *, shop_id: int | None) -> Shop:
    """The shop an import goes into: the one chosen, else the only active one."""
    with db.read() as session:
        if shop_id is not None:
            shop = shop_in(session, shop_id)
            if not shop.active:
                raise Conflict("shops.inactive", code="shop_inactive", name=shop.name)
            return shop
        active = list(session.exec(select(Shop).where(Shop.active).order_by(col(Shop.id)).limit(2)))
        if len(active) != 1:
            raise Invalid("shops.choose", code="shop_required")
        return active[0]


# --- order numbers: unique per shop ----------------------------------------------------------


def order_ids(session: Session, order_no: str) -> list[tuple[int, int]]:
    """(order id, shop id) of every order with this number."""
    return [
        tuple(r)
        for r in session.execute(
            text("SELECT id, shop_id FROM orders WHERE order_no = :no ORDER BY shop_id"), {"no": order_no}
        ).all()
    ]


def order_id(session: Session, order_no: str, shop_id: int | None = None) -> int | None:
    """The order with this number: in `shop_id` when given; else the only one. A number found in
    two shops is refused (409 `ambiguous_order`) rather than guessed."""
    if shop_id is not None:
        return session.execute(
            text("SELECT id FROM orders WHERE order_no = :no AND shop_id = :shop"), {"no": order_no, "shop": shop_id}
        ).scalar()
    found = order_ids(session, order_no)
    if len(found) > 1:
        shop_names = dict(session.execute(text("SELECT id, name FROM shop")).all())
        raise Conflict(
            "shops.ambiguous_order",
            code="ambiguous_order",
            order_no=order_no,
            shops="、".join(shop_names.get(s, str(s)) for _, s in found),
        )
    return found[0][0] if found else None


def issue_code(order_no: str, shop_id: int, attempt: int) -> str:
    """The e-waybill order code (the provider's idempotency key, unique): "<order no>-<attempt>" in
    the default shop as before shops existed; other shops add theirs, so the same number in two
    shops never shares a code — a provider answering "already issued" would hand both one number."""
    if shop_id == DEFAULT_SHOP_ID:
        return f"{order_no}-{attempt}"
    return f"{order_no}-S{shop_id}-{attempt}"


def find_order(session: Session, order_no: str, shop_id: int | None = None) -> Order | None:
    found = order_id(session, order_no, shop_id)
    return session.get(Order, found) if found is not None else None


def ambiguous(session: Session, order_nos: Iterable[str]) -> set[str]:
    """The numbers of `order_nos` that name orders in more than one shop."""
    wanted = list(dict.fromkeys(order_nos))
    out: set[str] = set()
    for start in range(0, len(wanted), 900):
        part = wanted[start : start + 900]
        marks = ",".join(f":n{i}" for i in range(len(part)))
        out.update(
            session.execute(
                text(f"SELECT order_no FROM orders WHERE order_no IN ({marks}) GROUP BY order_no HAVING count(*) > 1"),
                {f"n{i}": n for i, n in enumerate(part)},
            ).scalars()
        )
    return out
