"""Set-based steps 1 and 3 of e-waybill issuing for a batch (services/ewaybill/issue.py has the rule
for one order; this is the same rule for hundreds of orders per statement, as batch_ship.py does
for pool numbers): write every order's issue row before any call, then record answers in groups.

Same guarantees as the single path: an order gets at most one live issue row (unique order id +
attempt, ON CONFLICT keeps the first), the order is re-checked pending inside the write
transaction, and the live-shipment unique index turns any clash into "already shipped"."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import Connection, Row
from sqlmodel import Session
from typing import Any

from collections.abc import Iterator
from waybill_ui.carriers.protocol import EwaybillIssued, EwaybillOrder, Party
from waybill_ui.db.models import EwaybillAccount
from waybill_ui.carriers import codes
from waybill_ui.services.ewaybill import accounts as ewaybill_accounts
from waybill_ui.services.ewaybill import unsure as ewaybill_unsure
from waybill_ui.services.pool import history as pool_audit
from waybill_ui.services.shipping import single as shipping
from waybill_ui.services.orders import shops
from waybill_ui.services.orders import carrier_key
from waybill_ui.services.shipping.batch import _AUDIT, _INSERT_SHIPMENT, _MARK_SHIPPED
from waybill_ui.services.orders.listing import utc_text
from waybill_ui.services.orders.importing.cleaning import phone_tail
from waybill_ui.services.tracking import config as tracking_config

CHUNK = 500  # ids per IN (...) list, under SQLite's variable limit
_ORDERS = (
    "SELECT id, order_no, shop_id, status, receiver_name, phone, phone_ext, landline, province, city, district, address, "
    "full_address, items, weight_g FROM orders WHERE order_no IN ({})"
)
_INSERT_ISSUE = (
    "INSERT INTO ewaybill_issue (order_id, attempt, order_code, account_id, provider, carrier, status, "
    "number, child_numbers, sort_name, package_code, package_name, sorting_code, provider_order_id, "
    "task_id, answer, error, reprints, created_at) VALUES (?, ?, ?, ?, ?, ?, 'requested', '', '[]', '', "
    "'', '', '', '', '', ?, '', '[]', ?) ON CONFLICT DO NOTHING"
)
_LIVE = "SELECT order_id, id, order_code, status, attempt, answer FROM ewaybill_issue WHERE order_id IN ({})"


def _chunks(items: list[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def prepare(
    session: Session, *, order_nos: list[str], account: EwaybillAccount, sender: Party, now: datetime
) -> tuple[list[tuple[str, int, EwaybillOrder]], list[tuple[str, str, dict[str, Any]]]]:
    """→ (order_no, issue id, what to send) per order to call, and (order_no, failure code, params)."""
    conn = session.connection()
    rows: dict[str, Row[Any]] = {}
    for chunk in _chunks(order_nos):
        for fetched in conn.exec_driver_sql(_ORDERS.format(",".join("?" * len(chunk))), tuple(chunk)).all():
            rows[fetched.order_no] = fetched
    failed: list[tuple[str, str, dict[str, Any]]] = []
    ready: list[Row[Any]] = []
    twice = shops.ambiguous(session, order_nos)  # a number in two shops is refused, never guessed
    for no in order_nos:
        row = rows.get(no)
        if no in twice:
            failed.append((no, "shops.ambiguous_order", {"order_no": no, "shops": "?"}))
        elif row is None:
            failed.append((no, "ship.order_not_found", {"order_no": no}))
        elif row.status != "pending":
            failed.append(
                (
                    no,
                    "ship.already_shipped" if row.status == "shipped" else f"ship.not_shippable_{row.status}",
                    {"order_no": no},
                )
            )
        elif not (row.receiver_name and (row.phone or row.landline) and (row.address or row.full_address)):
            failed.append((no, "ewaybill.no_receiver", {"order_no": no}))
        else:
            ready.append(row)
    ids = [r.id for r in ready]
    live, top = _live(conn, ids)
    room = ewaybill_accounts.view(account).quota  # None: not known, the provider decides
    if room is not None:  # orders past the quota fail here, each with the reason, none silently
        fresh_rows = [r for r in ready if r.id not in live]
        over = {r.id for r in fresh_rows[max(0, room) :]}
        failed += [
            (
                r.order_no,
                "ewaybill.quota_exhausted",
                {"order_no": r.order_no, "quota": max(0, room), "carrier": codes.name_of(account.carrier)},
            )
            for r in ready
            if r.id in over
        ]
        ready = [r for r in ready if r.id not in over]
    stamp = utc_text(now)
    # Where the provider may not dedupe our code, a lost answer holds the order (services/ewaybill/unsure.py).
    guarded = ewaybill_unsure.applies(account.provider)
    if guarded:
        held = {r.id for r in ready if r.id in live and live[r.id][2]}
        failed += [
            (
                r.order_no,
                "ewaybill.unsure",
                {"order_no": r.order_no, "order_code": live[r.id][1], "carrier": codes.name_of(account.carrier)},
            )
            for r in ready
            if r.id in held
        ]
        ready = [r for r in ready if r.id not in held]
        again = [(live[r.id][0],) for r in ready if r.id in live]
        if again:
            conn.exec_driver_sql(
                "UPDATE ewaybill_issue SET answer = '{\"unsure\": true}' WHERE id = ? AND status = 'requested'", again
            )
    mark = json.dumps({ewaybill_unsure.MARK: True}) if guarded else "{}"
    fresh = [
        (
            r.id,
            top.get(r.id, 0) + 1,
            shops.issue_code(r.order_no, r.shop_id, top.get(r.id, 0) + 1),
            account.id,
            account.provider,
            account.carrier,
            mark,
            stamp,
        )
        for r in ready
        if r.id not in live
    ]
    if fresh:
        conn.exec_driver_sql(_INSERT_ISSUE, fresh)
        live, _ = _live(conn, ids)
    todo = []
    for r in ready:
        issue_id, code, _ = live[r.id]
        receiver = Party(
            r.receiver_name,
            r.phone or r.landline,
            r.province,
            r.city,
            r.district,
            r.address or r.full_address,
            extension=r.phone_ext if r.phone else "",
        )
        todo.append(
            (
                r.order_no,
                issue_id,
                EwaybillOrder(
                    order_code=code,
                    carrier=account.carrier,
                    sender=sender,
                    receiver=receiver,
                    goods=(r.items or "商品")[:50],
                    weight_kg=round((r.weight_g or 0) / 1000, 3),
                ),
            )
        )
    return todo, failed


def _loads(answer: Any) -> dict[str, Any]:
    if isinstance(answer, dict):
        return answer
    try:
        value = json.loads(answer or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _live(conn: Connection, ids: list[int]) -> tuple[dict[int, tuple[int, str, bool]], dict[int, int]]:
    live: dict[int, tuple[int, str, bool]] = {}
    top: dict[int, int] = {}
    for chunk in _chunks(ids):
        for order_id, issue_id, code, status, attempt, answer in conn.exec_driver_sql(
            _LIVE.format(",".join("?" * len(chunk))), tuple(chunk)
        ).all():
            top[order_id] = max(top.get(order_id, 0), attempt)
            if status in ("requested", "issued"):
                unsure = status == "requested" and bool(_loads(answer).get(ewaybill_unsure.MARK))
                live[order_id] = (issue_id, code, unsure)
    return live, top


def record(
    session: Session,
    *,
    answers: list[tuple[str, int, EwaybillIssued]],
    carrier: str,
    account_id: int,
    actor: str,
    now: datetime,
    batch_id: int | None = None,
) -> tuple[list[dict[str, Any]], list[tuple[str, str, dict[str, Any]]]]:
    """Numbers, shipments, orders shipped, audit and quota for a group of answers, set-based."""
    conn = session.connection()
    stamp, check_at = utc_text(now), utc_text(now + tracking_config.first_check_after(session))
    issue_ids = [a[1] for a in answers]
    state = {}
    for chunk in _chunks(issue_ids):
        for issue_id, order_id, status, o_status in conn.exec_driver_sql(
            "SELECT i.id, i.order_id, i.status, o.status FROM ewaybill_issue i JOIN orders o ON o.id = i.order_id "
            f"WHERE i.id IN ({','.join('?' * len(chunk))})",
            tuple(chunk),
        ).all():
            state[issue_id] = (order_id, status, o_status)
    failed, good = [], []
    for order_no, issue_id, got in answers:
        order_id, status, o_status = state[issue_id]
        if o_status != "pending" or status != "requested":
            failed.append((order_no, "ship.already_shipped", {"order_no": order_no}))
        else:
            good.append((order_no, issue_id, order_id, got))
    if not good:
        return [], failed
    shipping.ensure_carrier(session, carrier)
    conn.exec_driver_sql(
        "INSERT INTO waybill (carrier_code, number, status, origin, cost_fen, created_at, updated_at) "
        "VALUES (?, ?, 'used', 'ewaybill', 0, ?, ?)",
        [(carrier, g[3].number, stamp, stamp) for g in good],
    )
    waybill_of = {}
    numbers = [g[3].number for g in good]
    for chunk in _chunks(numbers):
        for wid, number in conn.exec_driver_sql(
            f"SELECT id, number FROM waybill WHERE carrier_code = ? AND number IN ({','.join('?' * len(chunk))})",
            (carrier, *chunk),
        ).all():
            waybill_of[number] = wid
    pool_audit.record_numbers(
        session,
        [(carrier, n, waybill_of[n]) for n in numbers],
        action="allocate",
        from_status="new",
        to_status="used",
        actor=actor,
        reason="e-waybill batch",
    )
    conn.exec_driver_sql(
        "UPDATE ewaybill_issue SET status = 'issued', number = ?, issued_at = ?, error = '', child_numbers = ?, "
        "sort_name = ?, sorting_code = ?, package_code = ?, package_name = ?, provider_order_id = ?, task_id = ?, "
        "answer = ? WHERE id = ? AND status = 'requested'",
        [
            (
                g.number,
                stamp,
                json.dumps(g.child_numbers),
                g.sort_name,
                g.sorting_code,
                g.package_code,
                g.package_name,
                g.provider_order_id,
                g.task_id,
                json.dumps(g.raw, ensure_ascii=False),
                issue_id,
            )
            for _, issue_id, _, g in good
        ],
    )
    conn.exec_driver_sql(
        "UPDATE ewaybill_account SET issued_count = issued_count + ?, quota_local = quota_local - ? WHERE id = ?",
        (len(good), len(good), account_id),
    )
    phones: dict[int, str | None] = dict(
        conn.exec_driver_sql(
            f"SELECT id, coalesce(nullif(phone, ''), landline) FROM orders WHERE id IN ({','.join('?' * len(good))})",
            tuple(g[2] for g in good),
        ).all()
    )
    conn.exec_driver_sql(
        _INSERT_SHIPMENT,
        [
            (
                order_id,
                waybill_of[g.number],
                carrier,
                g.number,
                phone_tail(phones.get(order_id) or ""),
                batch_id,
                stamp,
                check_at,
                actor,
            )
            for _, _, order_id, g in good
        ],
    )
    carrier_key.refresh(session, [order_id for _, _, order_id, _ in good])  # the list's carrier filter
    conn.exec_driver_sql(
        "UPDATE shipment SET route_code = ?, sort_name = ? WHERE order_id = ? AND number = ?",
        [(g.sorting_code[:40], g.sort_name[:60], order_id, g.number) for _, _, order_id, g in good],
    )
    conn.exec_driver_sql(_MARK_SHIPPED, [(stamp, order_id) for _, _, order_id, _ in good])
    shipment_of: dict[int, int] = dict(
        conn.exec_driver_sql(
            f"SELECT order_id, id FROM shipment WHERE cancelled_at IS NULL AND order_id IN ({','.join('?' * len(good))})",
            tuple(g[2] for g in good),
        ).all()
    )
    conn.exec_driver_sql(
        _AUDIT,
        [
            (
                stamp,
                actor,
                "order",
                no,
                "ship",
                "pending",
                "shipped",
                json.dumps(
                    {"shipment_id": shipment_of[order_id], "carrier": carrier, "number": g.number, "reason": "ewaybill"}
                ),
            )
            for no, _, order_id, g in good
        ],
    )
    shipped = [
        {"order_no": no, "carrier": carrier, "number": g.number, "shipment_id": shipment_of[order_id]}
        for no, _, order_id, g in good
    ]
    return shipped, failed
