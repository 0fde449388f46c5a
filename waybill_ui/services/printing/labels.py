"""Printing 面单: one PDF page per shipment, the print counted on the shipment.

`print_labels` is the one use case (pages, API and other areas call it): it checks the request,
counts the print on every shipment in one transaction (so the 补打 mark and the counter always
agree), then draws the PDF outside the transaction. Routing codes are fetched before, by
`label_routing.fill_routing` (provider I/O, async).
"""

from __future__ import annotations

import os
import re
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import ColumnElement, and_, func, update
from sqlmodel import Session, select, col

from typing import Any
from waybill_ui.carriers import codes
from waybill_ui.db import Database
from waybill_ui.db.models import Carrier, Order, SenderAddress, Shipment
from waybill_ui.db.rows import row_id, stored_ids
from waybill_ui.clock import fmt_local, utcnow
from waybill_ui.services.accounts import audit
from waybill_ui.services.orders.address_check import dialable
from waybill_ui.services.printing import label_pdf
from waybill_ui.services.settings import store as shop_settings
from waybill_ui.services.common.errors import Conflict, Invalid, NotFound
from waybill_ui.services.printing.label_pdf import LabelData
from waybill_ui.services.settings.senders import default_in, require_in
from waybill_ui.services.accounts.users import Principal, require_owner
from waybill_ui.texts import tr

SIZES: dict[str, tuple[int, int]] = {"76x130": (76, 130), "100x180": (100, 180)}
DEFAULT_SIZE = "76x130"
MAX_LABELS = 10_000  # one PDF (bench/labels_10k.py: peak memory for 10,000 stays under 300 MB); more is split
# Privacy on by default: a label lies on a doorstep; the courier calls the number the platform gives.
OPTION_DEFAULTS = {"labels.size": DEFAULT_SIZE, "labels.mask_phone": True}
FILE_TTL_S = 6 * 3600  # generated PDFs kept for the browser tab, then swept
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


@dataclass
class LabelOptions:
    size: str
    mask_phone: bool


@dataclass
class PrintResult:
    pdf: bytes
    count: int
    reprints: int
    size: str
    printed: list[tuple[str, str, str]] = field(default_factory=list)  # (order no, carrier, number), in order


# --- options -----------------------------------------------------------------------------------


def options(db: Database) -> LabelOptions:
    values = shop_settings.get_many(db, OPTION_DEFAULTS)
    size = values["labels.size"] if values["labels.size"] in SIZES else DEFAULT_SIZE
    return LabelOptions(size=size, mask_phone=bool(values["labels.mask_phone"]))


def save_options(db: Database, *, size: str, mask_phone: bool, actor: Principal) -> None:
    require_owner(actor)
    shop_settings.put(
        db, values={"labels.size": check_size(size), "labels.mask_phone": bool(mask_phone)}, actor=actor.username
    )


# --- request checks ----------------------------------------------------------------------------


def check_size(size: str | None) -> str:
    value = (size or DEFAULT_SIZE).strip().lower().replace("×", "x").replace("*", "x")
    if value not in SIZES:
        raise Invalid("labels.bad_size", size=size, sizes=", ".join(SIZES))
    return value


def parse_ids(value: str | Iterable[int | str]) -> list[int]:
    """Shipment ids from "1,2,3" (commas, spaces or new lines) or a list; duplicates dropped,
    order kept (it is the page order)."""
    parts = re.split(r"[\s,，;；]+", value) if isinstance(value, str) else list(value)
    ids: list[int] = []
    seen: set[int] = set()
    for part in parts:
        text = str(part).strip()
        if not text:
            continue
        if not text.isdigit() or len(text) > 12:
            raise Invalid("labels.bad_ids", value=text[:20])
        number = int(text)
        if number not in seen:
            seen.add(number)
            ids.append(number)
    if not ids:
        raise Invalid("labels.none_selected")
    if len(ids) > MAX_LABELS:
        raise Invalid("labels.too_many", code="too_many_labels", limit=MAX_LABELS, count=len(ids))
    return ids


def _id_list(ids: list[int]) -> str:
    shown = ", ".join(str(i) for i in ids[:20])
    return shown + (f" … (+{len(ids) - 20})" if len(ids) > 20 else "")


# --- what goes on a label ----------------------------------------------------------------------


def full_address(order: Order) -> str:
    """省 市 区 street, without repeating what the street already says (exports often do)."""
    street = (order.address or "").strip()
    if not street:
        return (order.full_address or "").strip()
    admin = [
        p.strip()
        for p in dict.fromkeys((order.province, order.city, order.district))
        if p and p.strip() and p.strip() != "市辖区"
    ]
    shorts = [p.rstrip("省市") or p for p in admin[:2]]
    if any(street.startswith(short) for short in shorts):
        return street
    return " ".join([*admin, street])


def destination(order: Order) -> str:
    """The fallback for a missing 大头笔: the destination city (and district)."""
    city = order.city if order.city and order.city != "市辖区" else order.province
    return " ".join(p for p in (city, order.district) if p) or "—"


def _sender_texts(sender: SenderAddress | None) -> tuple[str, str, str]:
    if sender is None:
        return "", "", tr("senders.missing_on_label", "zh")
    place = " ".join(p for p in dict.fromkeys((sender.province, sender.city, sender.district)) if p)
    return sender.name, sender.phone, f"{place} {sender.address}"


def _items(order: Order) -> str:
    items = (order.items or "").strip()
    if items and order.item_count and order.item_count > 1 and "共" not in items:
        items += f"（共{order.item_count}件）"
    return items


def _parcel_texts(session: Session, shipment: Shipment, order: Order) -> tuple[str, str]:
    """(order no, items) a label shows: a merged parcel names its orders and all their items, a
    split order's parcel says which of how many and what is in it (docs/merge-split.md)."""
    from waybill_ui.services.shipping import parcels as parcel_ship

    if shipment.merge_group_id:
        members = parcel_ship.group_members(session, shipment.merge_group_id)
        return (
            tr("labels.merged_orders", "zh", order_no=order.order_no, count=len(members)),
            "；".join(_items(m) for m in members if _items(m)),
        )
    plan = parcel_ship.plan_of(session, row_id(order))
    if len(plan) > 1:
        what = plan.get(shipment.parcel_seq) or _items(order)
        return order.order_no, f"{tr('labels.parcel_of', 'zh', seq=shipment.parcel_seq, total=len(plan))} {what}"
    return order.order_no, _items(order)


def take_for_print(
    db: Database, *, shipment_ids: list[int], actor: str, size: str, now: datetime | None = None
) -> list[LabelData]:
    """Count one print on each shipment (one transaction, an audit row each) and return what
    their labels show; a shipment printed before gets the 补打 mark."""
    now = now or utcnow()
    printed_at = fmt_local(now)
    with db.write() as session:
        rows = session.exec(
            select(Shipment, Order)
            .join(Order, col(Order.id) == col(Shipment.order_id))
            .where(col(Shipment.id).in_(shipment_ids))
        ).all()
        found = {shipment.id: (shipment, order) for shipment, order in rows}
        missing = [i for i in shipment_ids if i not in found]
        if missing:
            raise NotFound("labels.not_found", ids=_id_list(missing))
        cancelled = [i for i in shipment_ids if found[i][0].cancelled_at is not None]
        if cancelled:  # its number is voided: a label would send a parcel under a dead number
            raise Conflict("labels.cancelled", ids=_id_list(cancelled))
        senders = {s.id: s for s in session.exec(select(SenderAddress))}
        default = (
            require_in(session)
            if any(found[i][0].sender_address_id not in senders for i in shipment_ids)
            else default_in(session)
        )
        carrier_codes = {shipment.carrier_code for shipment, _ in rows}
        carrier_names = {
            c.code: c.name for c in session.exec(select(Carrier).where(col(Carrier.code).in_(carrier_codes)))
        }
        before = {i: found[i][0].printed_count for i in shipment_ids}
        parcel_texts = {i: _parcel_texts(session, *found[i]) for i in shipment_ids}
        from waybill_ui.services.ewaybill import (
            reprint as ewaybill_reprint,
        )  # e-waybill reprints follow the provider's limit

        ewaybill_reprint.count_reprints(session, shipment_ids=[i for i in shipment_ids if before[i] > 0], now=now)
        session.execute(
            update(Shipment)
            .where(col(Shipment.id).in_(shipment_ids))
            .values(printed_count=Shipment.printed_count + 1, last_printed_at=now)
            .execution_options(synchronize_session=False)
        )
        audit.record_many(
            session,
            (
                {
                    "entity": "shipment",
                    "entity_id": i,
                    "action": "print_label",
                    "details": {"print_count": before[i] + 1, "size": size},
                }
                for i in shipment_ids
            ),
            actor=actor,
        )
    packages = _package_names(db, shipment_ids)
    labels = []
    total = len(shipment_ids)
    for index, shipment_id in enumerate(shipment_ids, start=1):
        shipment, order = found[shipment_id]
        sender = senders.get(shipment.sender_address_id) if shipment.sender_address_id else default
        sender_name, sender_phone, sender_address = _sender_texts(sender)
        known = codes.CARRIERS.get(shipment.carrier_code)
        labels.append(
            LabelData(
                shipment_id=shipment_id,
                carrier_name=known.name if known else carrier_names.get(shipment.carrier_code, shipment.carrier_code),
                number=shipment.number,
                route_code=shipment.route_code,
                sort_name=shipment.sort_name or destination(order),
                receiver_name=order.receiver_name,
                phone=dialable(order.phone, order.phone_ext) or order.landline,
                address=full_address(order),
                sender_name=sender_name,
                sender_phone=sender_phone,
                sender_address=sender_address,
                order_no=parcel_texts[shipment_id][0],
                items=parcel_texts[shipment_id][1],
                buyer_note=order.buyer_message.strip(),
                seller_memo=order.seller_memo.strip(),
                printed_at=printed_at,
                print_count=before[shipment_id] + 1,
                index=index,
                total=total,
                package_name=packages.get(shipment_id, ""),
            )
        )
    return labels


def _package_names(db: Database, shipment_ids: list[int]) -> dict[int, str]:
    """集包地 of the e-waybills among these shipments (their 大头笔/三段码 are on the shipment)."""
    from sqlalchemy import text as sql

    out: dict[int, str] = {}
    with db.read() as session:
        for start in range(0, len(shipment_ids), 500):
            chunk = shipment_ids[start : start + 500]
            rows = session.execute(
                sql(
                    "SELECT s.id, i.package_name FROM shipment s JOIN ewaybill_issue i ON i.order_id = s.order_id "
                    "AND i.number = s.number AND i.status = 'issued' WHERE s.id IN (%s)"
                    % ",".join(str(int(i)) for i in chunk)
                )
            )
            out.update({sid: name for sid, name in rows if name})
    return out


def print_labels(
    db: Database,
    *,
    shipment_ids: str | Iterable[int],
    actor: str,
    size: str | None = None,
    mask_phone: bool | None = None,
    progress: Callable[[int, int], None] | None = None,
    now: datetime | None = None,
) -> PrintResult:
    """The PDF of the shipments' labels, one page each in the order given. Blocking (CPU):
    pages call it with run.io_bound, the API from a worker thread."""
    ids = parse_ids(shipment_ids)
    chosen = options(db)
    size = check_size(size or chosen.size)
    mask = chosen.mask_phone if mask_phone is None else mask_phone
    labels = take_for_print(db, shipment_ids=ids, actor=actor, size=size, now=now)
    pdf = label_pdf.render(
        labels, size_mm=SIZES[size], mask_phone=mask, progress=progress, title=f"面单 {len(labels)} 张"
    )
    return PrintResult(
        pdf=pdf,
        count=len(labels),
        reprints=sum(1 for label in labels if label.reprint),
        size=size,
        printed=[(label.order_no, label.carrier_name, label.number) for label in labels],
    )


# --- "not printed yet" -------------------------------------------------------------------------


def not_printed() -> ColumnElement[Any]:
    """A WHERE clause lists can add: live shipments whose label was never printed."""
    return and_(col(Shipment.printed_count) == 0, col(Shipment.cancelled_at).is_(None))


def unprinted_ids(db: Database, *, limit: int = 500, carrier: str | None = None) -> list[int]:
    """Oldest first: the parcels that have waited longest for their label."""
    with db.read() as session:
        query = (
            select(col(Shipment.id))
            .where(not_printed())
            .order_by(col(Shipment.shipped_at), col(Shipment.id))
            .limit(limit)
        )
        if carrier:
            query = query.where(col(Shipment.carrier_code) == carrier)
        return stored_ids(session.exec(query))


def count_unprinted(db: Database) -> int:
    with db.read() as session:
        return session.exec(select(func.count()).select_from(Shipment).where(not_printed())).one()


# --- generated files (opened in a browser tab) -------------------------------------------------


def files_folder(data_dir: Path) -> Path:
    return data_dir / "labels"


def save_file(folder: Path, pdf: bytes) -> str:
    """Keep a generated PDF for the browser to fetch; returns its token. Old files are swept."""
    folder.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - FILE_TTL_S
    for old in folder.glob("*.pdf"):
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:  # another print swept it first
            pass
    token = secrets.token_hex(16)
    partial = folder / f"{token}.part"
    partial.write_bytes(pdf)
    os.replace(partial, folder / f"{token}.pdf")
    return token


def file_path(folder: Path, token: str) -> Path:
    path = folder / f"{token}.pdf"
    if not _TOKEN.match(token or "") or not path.is_file():
        raise NotFound("labels.file_gone")
    return path


def sample_label(db: Database) -> LabelData:
    """A label with made-up recipient data and the shop's default sender (layout checks, test prints)."""
    with db.read() as session:
        sender_name, sender_phone, sender_address = _sender_texts(default_in(session))
    return LabelData(
        shipment_id=0,
        carrier_name="中通快递（样张）",
        number="773000000000000",
        route_code="342-081-00 052",
        sort_name="342杭州",
        receiver_name="张三",
        phone="13800138000",
        address="浙江省 杭州市 西湖区 文三路 90 号 东部软件园 1 号楼 1208 室",
        sender_name=sender_name,
        sender_phone=sender_phone,
        sender_address=sender_address,
        order_no="3000000000000000000",
        items="纯棉T恤 白色 XL ×2；帆布包 ×1",
        buyer_note="请放快递柜",
        seller_memo="",
        printed_at=fmt_local(utcnow()),
        print_count=1,
    )


def sample_pdf(db: Database, *, size: str | None = None, mask_phone: bool | None = None) -> bytes:
    """The sample label as a PDF, to check the layout and the printer; nothing is counted."""
    chosen = options(db)
    size = check_size(size or chosen.size)
    return label_pdf.render(
        [sample_label(db)],
        size_mm=SIZES[size],
        mask_phone=chosen.mask_phone if mask_phone is None else mask_phone,
        title="面单样张",
    )
