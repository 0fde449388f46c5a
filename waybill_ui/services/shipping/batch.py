"""批量发货: thousands of orders in a few large set-based transactions.

Per chunk (one write transaction): read the orders' current status, pick each one's carrier
(matching rules, or one carrier for all), take numbers per carrier with ONE allocation call, insert
the shipments and audit rows with executemany, mark the orders shipped. Two people batch-shipping
overlapping orders at once are safe: writes are serialized (in-process lock + BEGIN IMMEDIATE), each
chunk re-reads the orders' status inside its own transaction, and the partial unique index on live
shipments per order plus the unique waybill_id back that up — a clash becomes "already shipped".
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Row, text
from sqlalchemy.exc import IntegrityError
from typing import Any
from sqlmodel import Session

from waybill_ui.events import OrdersShipped, publish
from waybill_ui.carriers import codes
from waybill_ui.db import Database
from waybill_ui.db.models import Carrier, Order, OrderStatus, ShipBatch
from waybill_ui.clock import utcnow
from waybill_ui.services.pool import allocation
from waybill_ui.services.orders import carrier_requests
from waybill_ui.services.shipping import matching
from waybill_ui.services.shipping import matcher_loading
from waybill_ui.services.orders import address_check as order_address
from waybill_ui.services.orders import shops
from waybill_ui.services.orders import carrier_key
from waybill_ui.services.orders.address_check import dialable
from waybill_ui.services.settings import senders
from waybill_ui.services.common.errors import Conflict, Invalid
from waybill_ui.services.orders.listing import utc_text
from waybill_ui.services.orders.importing.cleaning import phone_tail
from waybill_ui.services.tracking import config as tracking_config
from waybill_ui.services.shipping import parcels as parcel_ship
from waybill_ui.texts import tr
from waybill_ui.db.rows import must_get
from waybill_ui.db.rows import row_id

Progress = Callable[[float], None]
_COLUMNS = (
    "id, order_no, status, province, city, weight_g, amount_fen, items, buyer_message, seller_memo, phone, "
    "phone_ext, landline, receiver_name, address, merge_group_id"
)
_INSERT_SHIPMENT = (
    "INSERT INTO shipment (order_id, waybill_id, carrier_code, number, status, raw_state, phone_tail, route_code, "
    "sort_name, batch_id, printed_count, shipped_at, next_check_at, check_failures, last_error, alert_flags, "
    "cancel_reason, created_by) VALUES (?, ?, ?, ?, 'pending', '', ?, '', '', ?, 0, ?, ?, 0, '', '[]', '', ?)"
)
_MARK_SHIPPED = "UPDATE orders SET status = 'shipped', updated_at = ? WHERE id = ? AND status = 'pending'"
_AUDIT = (
    "INSERT INTO audit_log (at, actor, entity, entity_id, action, from_status, to_status, reason, details) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, '', ?)"
)


@dataclass
class BatchResult:
    batch_id: int
    shipped: list[dict[str, Any]] = field(default_factory=list)  # {"order_no", "carrier", "number", "shipment_id"}
    failed: list[dict[str, Any]] = field(default_factory=list)  # {"order_no", "code", "reason"}
    warnings: list[dict[str, Any]] = field(
        default_factory=list
    )  # {"order_no", "warning"}: buyer's request not followed
    # carrier → order numbers matched to a carrier with an e-waybill account: not shipped from the
    # pool here; services/ewaybill/batch.ship_batch issues them through the provider
    deferred: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class CarrierGroup:
    carrier: str
    orders: int
    stock: int  # pool numbers, or the e-waybill quota for a carrier with an account
    ewaybill: bool = False
    unknown: bool = False  # e-waybill quota not checked yet: the provider decides
    # numbers the orders take: one per order, but a merged group shares one and a split order
    # takes one per parcel (services/shipping/parcels.numbers_needed); None: one per order
    numbers: int | None = None

    @property
    def needed(self) -> int:
        return self.orders if self.numbers is None else self.numbers

    @property
    def short(self) -> int:
        return 0 if self.unknown else max(0, self.needed - self.stock)


@dataclass
class BatchPreview:
    total: int
    groups: list[CarrierGroup]
    not_shippable: list[dict[str, Any]]  # {"order_no", "code", "reason"}
    reasons: dict[str, list[str]] = field(default_factory=dict)  # explanation → the orders it covers
    warnings: list[dict[str, Any]] = field(
        default_factory=list
    )  # {"order_no", "warning"}: buyer's request not followed


def _rows(session: Session, ids: list[int]) -> list[Row[Any]]:
    out: list[Row[Any]] = []
    for start in range(0, len(ids), 900):
        part = ids[start : start + 900]
        out += session.execute(text(f"SELECT {_COLUMNS} FROM orders WHERE id IN ({','.join(map(str, part))})")).all()
    return out


def ids_for(db: Database, order_nos: list[str]) -> tuple[list[int], list[str]]:
    """Order ids for order numbers, and the numbers we do not have. A number found in two shops
    is left out of both (the caller reports it: services/orders/shops.py never guesses)."""
    found: dict[str, int] = {}
    with db.read() as session:
        twice = shops.ambiguous(session, order_nos)
        conn = session.connection()
        for start in range(0, len(order_nos), 900):
            part = order_nos[start : start + 900]
            marks = ",".join("?" for _ in part)
            found.update(
                conn.exec_driver_sql(f"SELECT order_no, id FROM orders WHERE order_no IN ({marks})", tuple(part)).all()
            )
    return (
        [found[n] for n in order_nos if n in found and n not in twice],
        [n for n in order_nos if n not in found and n not in twice],
    )


def _failure(order_no: str, code: str, lang: str | None, **params: Any) -> dict[str, Any]:
    return {"order_no": order_no, "code": code, "reason": tr(f"batch.fail.{code}", lang, order_no=order_no, **params)}


def _choose(
    row: Any, carrier: str | None, matcher: matching.Matcher, lang: str | None, override: str = ""
) -> tuple[str | None, str, dict[str, Any]]:
    """(carrier code, failure code, params) for one order row; params may carry "reason" (why this
    carrier), "warning" (the buyer asked otherwise) and "override" (shipped where it is not served)."""
    if row.status != OrderStatus.pending:
        return None, "already_shipped" if row.status == OrderStatus.shipped else f"not_{row.status}", {}
    if not order_address.of(row):
        return None, "needs_address", {}
    facts = matching.OrderFacts(
        province=row.province,
        city=row.city,
        weight_g=row.weight_g,
        amount_fen=row.amount_fen,
        title=row.items,
        message=row.buyer_message,
        memo=row.seller_memo,
    )
    if carrier:
        params: dict[str, Any] = {}
        info: Carrier | None = matcher.carriers.get(carrier)
        if info and row.province in info.provinces_excluded:
            if not override:
                return None, "not_served", {"carrier": codes.name_of(carrier), "province": row.province}
            params["override"] = override
        warning = carrier_requests.warning(carrier_requests.parse(row.buyer_message, row.seller_memo), carrier, lang)
        if warning:
            params["warning"] = warning
        return carrier, "", params
    decision = matcher.decide(facts, consume=True, lang=lang)
    if decision.carrier is None:
        return None, "no_carrier", {"reason": decision.reason(lang)}
    params = {"reason": decision.reason(lang)}
    if warning := decision.warning(lang):
        params["warning"] = warning
    return decision.carrier, "", params


def preview_batch(
    db: Database,
    *,
    order_ids: list[int],
    carrier: str | None = None,
    override_reason: str = "",
    lang: str | None = "zh",
) -> BatchPreview:
    """What a batch would do: orders per carrier against stock, why (with the orders each reason
    covers, biggest first), the buyers' carrier requests it would not follow, and what cannot ship."""
    code = codes.resolve(carrier) if carrier else None
    groups: Counter[str] = Counter()  # orders per carrier
    numbers: Counter[str] = Counter()  # the numbers they take
    reasons: dict[str, list[str]] = defaultdict(list)
    warnings: list[dict[str, Any]] = []
    not_shippable: list[dict[str, Any]] = []
    with db.read() as session:
        matcher = matcher_loading.load_matcher(session)
        stock = dict(matcher.stock)
        need = parcel_ship.numbers_needed(session, order_ids)  # merged: one number for all; split: one per parcel
        for row in _rows(session, order_ids):
            chosen, failure, params = _choose(row, code, matcher, lang, override_reason.strip())
            if chosen is None:
                not_shippable.append(_failure(row.order_no, failure, lang, **params))
                continue
            groups[chosen] += 1
            numbers[chosen] += need.get(row.id, 1)
            if "reason" in params:
                reasons[params["reason"]].append(row.order_no)
            if "warning" in params:
                warnings.append({"order_no": row.order_no, "warning": params["warning"]})
    ordered = [
        CarrierGroup(
            c,
            n,
            stock.get(c, 0),
            c in matcher.ewaybill,
            c in matcher.ewaybill and matcher.ewaybill[c] is None,
            numbers[c],
        )
        for c, n in groups.most_common()
    ]
    by_size = dict(sorted(reasons.items(), key=lambda item: -len(item[1])))
    return BatchPreview(
        total=len(order_ids), groups=ordered, not_shippable=not_shippable, reasons=by_size, warnings=warnings
    )


def batch_ship(
    db: Database,
    *,
    actor: str,
    order_ids: list[int] | None = None,
    order_nos: list[str] | None = None,
    carrier: str | None = None,
    source: str = "page",
    progress: Progress | None = None,
    chunk_size: int = 5000,
    now: datetime | None = None,
    lang: str | None = "zh",
    override_reason: str = "",
) -> BatchResult:
    failed: list[dict[str, Any]] = []
    ids = list(dict.fromkeys(order_ids or []))
    if order_nos:
        wanted = list(dict.fromkeys(order_nos))
        more, missing = ids_for(db, wanted)
        seen = set(ids)
        ids += [i for i in more if i not in seen]
        failed += [_failure(n, "not_found", lang) for n in missing]
        with db.read() as session:
            twice = shops.ambiguous(session, wanted)
        failed += [_failure(n, "ambiguous", lang) for n in wanted if n in twice]
    code = codes.resolve(carrier) if carrier else None
    if carrier and code is None:
        raise Invalid("ship.unknown_carrier", carrier=carrier)
    with db.write() as session:
        senders.require_in(session)
        batch = ShipBatch(requested=len(ids) + len(failed), created_by=actor, source=source)
        session.add(batch)
        session.flush()
        batch_id = row_id(batch)
    result = BatchResult(batch_id, failed=failed)
    with db.read() as session:
        matcher = matcher_loading.load_matcher(session)
    for start in range(0, len(ids), chunk_size):
        part = ids[start : start + chunk_size]
        for attempt in (1, 2):
            try:
                shipped, chunk_failed, deferred = _ship_chunk(
                    db,
                    part,
                    code,
                    matcher,
                    batch_id,
                    actor,
                    now or utcnow(),
                    lang,
                    override_reason.strip(),
                    result.warnings,
                )
                break
            except IntegrityError:
                # someone outside this process shipped one of these orders in between: re-read and retry;
                # the second pass sees them as shipped and reports them so
                if attempt == 2:
                    raise
        result.shipped += shipped
        result.failed += chunk_failed
        for code_, nos in deferred.items():
            result.deferred.setdefault(code_, []).extend(nos)
        if progress:
            progress(min(1.0, (start + len(part)) / max(1, len(ids))))
    with db.write() as session:
        batch = must_get(session, ShipBatch, batch_id)
        batch.shipped, batch.failed = len(result.shipped), len(result.failed)
        batch.failures = result.failed[:1000]  # the full list is returned; the record keeps the first thousand
        batch.finished_at = utcnow()
        session.add(batch)
    if progress:
        progress(1.0)
    publish(OrdersShipped(shipment_ids=tuple(dict.fromkeys(s["shipment_id"] for s in result.shipped))))
    return result


def _ship_chunk(
    db: Database,
    ids: list[int],
    carrier: str | None,
    matcher: matching.Matcher,
    batch_id: int,
    actor: str,
    now: datetime,
    lang: str | None,
    override: str,
    warnings: list[dict[str, Any]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, list[str]]]:
    failed: list[dict[str, Any]] = []
    shipped: list[dict[str, Any]] = []
    deferred: dict[str, list[str]] = defaultdict(list)
    with db.write() as session:
        stamp, check_at = utc_text(now), utc_text(now + tracking_config.first_check_after(session))
        by_carrier: dict[str, list[Row[Any]]] = defaultdict(list)
        extra: dict[int, dict[str, Any]] = {}  # order id → warning / override to keep with its shipment
        special = parcel_ship.special_ids(session, ids)  # merged or split: one at a time, below
        one_by_one: list[tuple[Row[Any], str, dict[str, Any]]] = []
        for row in _rows(session, ids):
            chosen, failure, params = _choose(row, carrier, matcher, lang, override)
            if chosen is None:
                failed.append(_failure(row.order_no, failure, lang, **params))
            elif chosen in matcher.ewaybill:  # its number comes from the provider, not the pool
                deferred[chosen].append(row.order_no)
                if "warning" in params:
                    warnings.append({"order_no": row.order_no, "warning": params["warning"]})
            elif row.id in special:
                one_by_one.append((row, chosen, params))
            else:
                by_carrier[chosen].append(row)
                extra[row.id] = {k: params[k] for k in ("warning", "override") if k in params}
        shipped += _ship_parcels(session, one_by_one, batch_id, actor, now, lang, failed, warnings)
        shipments, marks, audits = [], [], []
        for code, rows in by_carrier.items():
            numbers = allocation.take(
                session, carrier=code, count=len(rows), now=now, actor=actor, reason=f"batch {batch_id}"
            )
            for row, (waybill_id, number) in zip(rows, numbers, strict=False):
                shipments.append(
                    (
                        row.id,
                        waybill_id,
                        code,
                        number,
                        phone_tail(dialable(row.phone, row.phone_ext) or row.landline),
                        batch_id,
                        stamp,
                        check_at,
                        actor,
                    )
                )
                marks.append((stamp, row.id))
            for row in rows[len(numbers) :]:
                failed.append(_failure(row.order_no, "no_stock", lang, carrier=codes.name_of(code)))
        if not shipments:
            return shipped, failed, deferred
        conn = session.connection()
        before = conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM shipment").scalar()
        conn.exec_driver_sql(_INSERT_SHIPMENT, shipments)
        carrier_key.refresh(session, [s[0] for s in shipments])  # the list's carrier filter
        conn.exec_driver_sql(_MARK_SHIPPED, marks)
        order_no_of = {row.id: row.order_no for rows in by_carrier.values() for row in rows}
        created = conn.exec_driver_sql(
            "SELECT id, order_id, waybill_id, carrier_code, number FROM shipment WHERE batch_id = ? AND id > ?",
            (batch_id, before),
        ).all()
        for shipment_id, order_id, _waybill_id, code, number in created:
            order_no = order_no_of[order_id]
            shipped.append({"order_no": order_no, "carrier": code, "number": number, "shipment_id": shipment_id})
            noted = extra.get(order_id, {})
            if "warning" in noted:
                warnings.append({"order_no": order_no, "warning": noted["warning"]})
            audits.append(
                (
                    stamp,
                    actor,
                    "order",
                    order_no,
                    "ship",
                    "pending",
                    "shipped",
                    json.dumps(
                        {"shipment_id": shipment_id, "carrier": code, "number": number, "batch_id": batch_id, **noted},
                        ensure_ascii=False,
                    ),
                )
            )
        conn.exec_driver_sql(_AUDIT, audits)
    return shipped, failed, deferred


def _ship_parcels(
    session: Session,
    rows: list[tuple[Row[Any], str, dict[str, Any]]],  # (order row, carrier code, _choose's params)
    batch_id: int,
    actor: str,
    now: datetime,
    lang: str | None,
    failed: list[dict[str, Any]],
    warnings: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """Merged and split orders of a batch, each through services/shipping/parcels.py in its own
    savepoint: a merge group is ONE parcel (one number for all its orders, shipped once even when
    several of its orders are selected), a split order one number per parcel still to ship."""
    shipped: list[dict[str, Any]] = []
    done_groups: set[int] = set()
    for row, code, params in rows:
        if row.merge_group_id is not None and row.merge_group_id in done_groups:
            continue  # its group went out above, this order with it
        try:
            with session.begin_nested():
                target = parcel_ship.target_in(session, must_get(session, Order, row.id))  # read by _rows
                numbers = allocation.take(
                    session, carrier=code, count=len(target.parcels), now=now, actor=actor, reason=f"batch {batch_id}"
                )
                if len(numbers) < len(target.parcels):
                    raise Conflict(
                        "batch.fail.no_stock", code="no_stock", carrier=codes.name_of(code), order_no=row.order_no
                    )
                made = parcel_ship.record_in(
                    session,
                    target=target,
                    numbers=numbers,
                    carrier=code,
                    actor=actor,
                    now=now,
                    reason=params.get("reason", ""),
                    warning=params.get("warning", ""),
                    override_reason=params.get("override", ""),
                    batch_id=batch_id,
                )
        except Conflict as exc:
            failed.append({"order_no": row.order_no, "code": exc.code, "reason": exc.message(lang)})
            continue
        if target.group_id is not None:
            done_groups.add(target.group_id)
        if "warning" in params:
            warnings.append({"order_no": row.order_no, "warning": params["warning"]})
        # one entry per order and parcel: a merged parcel's orders share its number and shipment
        shipped += [
            {"order_no": no, "carrier": code, "number": number, "shipment_id": shipment_id}
            for no in target.order_nos
            for shipment_id, _, number in made
        ]
    return shipped
