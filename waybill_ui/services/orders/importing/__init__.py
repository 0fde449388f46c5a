"""Order import (订单导入): the marketplace's order export, as it really comes, into `orders`.

    preview(db, data=…, shop_id=…)                 what would happen, row by row problems, nothing written
    import_orders(db, data=…, shop_id=…, actor=…)  good rows imported in ONE transaction, bad rows listed

Orders go into one shop (services/orders/shops.py); the file's layout is recognised by a marketplace
plug-in (formats/), else read with the column mapping the seller made for that shop; a layout
neither knows raises `NeedsMapping` with the file's column names, for the dialog's mapping step.

The page, `POST /api/v1/orders/import` and `waybill-ui import-orders FILE` all call these.
Re-importing the same export updates orders and never duplicates them; an order already shipped
(here or elsewhere) is never overwritten. A number is never reused: a row shipped elsewhere with a
number already used for another order is refused, in the preview as in the import. Imported text is
kept as data: it is never evaluated, and exports neutralise cells that a spreadsheet would read as
a formula.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import nullcontext

from sqlmodel import Session

from waybill_ui.events import OrdersChanged, publish
from waybill_ui.db import Database
from waybill_ui.clock import utcnow
from waybill_ui.db.models import Shop
from waybill_ui.db.rows import must_get, row_id
from waybill_ui.services.accounts import audit
from waybill_ui.services.common.errors import Invalid
from waybill_ui.services.orders import shops
from waybill_ui.services.orders.importing import reading, worker
from waybill_ui.services.orders.importing.parsing import COL, ORDER_COLUMNS, Parsed, Problem, lacks_address
from waybill_ui.services.orders.importing.numbers import refuse_reused
from waybill_ui.services.orders.importing.report import ImportReport, NeedsMapping, check_mapping, check_size
from waybill_ui.services.orders.importing.seen import FileNumbers
from waybill_ui.services.orders.importing.worker import Layout
from waybill_ui.services.orders.listing import utc_text
from waybill_ui.services.orders.importing.plan import ChunkPlan, existing_status, plan_chunk, planned
from waybill_ui.services.orders.importing.store import StoreCounts, bulk_cache, indexes_built_after, write_plan

Progress = Callable[[float], None]
SAMPLE_ROWS = 20


def headers_of(data: reading.Source, *, filename: str = "") -> list[str]:
    """The file's column names, for the mapping step."""
    return reading.header_candidates(data, filename=filename)


def _layout(shop: Shop, mapping: dict[str, str] | None) -> Layout:
    return Layout(shop.marketplace, (shop.column_mapping or {}).get("columns") or {}, mapping or None)


def _open(
    db: Database,
    data: reading.Source,
    filename: str,
    on_bytes: Callable[[int], None] | None,
    report: ImportReport,
    shop_id: int | None,
    mapping: dict[str, str] | None,
) -> tuple[reading.Table, Shop, dict[str, str] | None]:
    shop = shops.usable_for_import(db, shop_id=shop_id)
    if mapping:
        mapping = check_mapping(mapping, headers_of(data, filename=filename))
    try:
        table = reading.open_table(data, filename=filename, on_bytes=on_bytes, choose=_layout(shop, mapping).chooser())
    except Invalid as exc:
        if exc.text_key != "import.no_header":
            raise
        raise NeedsMapping(headers_of(data, filename=filename)) from None
    report.encoding, report.shop_id = table.encoding, shop.id
    report.format, report.format_label = table.format.key, table.format.label
    return table, shop, mapping


def _on_bytes(data: reading.Source, progress: Progress | None) -> Callable[[int], None] | None:
    if progress is None:
        return None
    total = max(reading.source_size(data), 1)
    furthest = [0.0]

    def on_bytes(done: int) -> None:
        # the parser process reads the file again from the top (worker.py): progress never goes back
        fraction = min(0.95, done / total)
        if fraction > furthest[0]:
            furthest[0] = fraction
            progress(fraction)

    return on_bytes


def _chunks(
    data: reading.Source,
    table: reading.Table,
    *,
    filename: str,
    shop: Shop,
    mapping: dict[str, str] | None,
    report: ImportReport,
    on_bytes: Callable[[int], None] | None,
) -> Iterator[list[Parsed]]:
    return worker.chunks(
        data,
        table,
        filename=filename,
        layout=_layout(shop, mapping),
        on_problem=report.rejected.append,
        on_bytes=on_bytes,
    )


def preview(
    db: Database,
    *,
    data: reading.Source,
    filename: str = "",
    progress: Progress | None = None,
    shop_id: int | None = None,
    mapping: dict[str, str] | None = None,
) -> ImportReport:
    """Parse the whole file and compare with what we have in the shop; writes nothing."""
    report = ImportReport()
    on_bytes = _on_bytes(data, progress)
    table, shop, mapping = _open(db, data, filename, on_bytes, report, shop_id, mapping)
    statuses: Counter[str] = Counter()
    with db.read() as session, FileNumbers() as taken:
        for chunk in _chunks(
            data, table, filename=filename, shop=shop, mapping=mapping, report=report, on_bytes=on_bytes
        ):
            known = existing_status(session, [p.record[0] for p in chunk], row_id(shop))
            _, problems = refuse_reused(session, [p for p in chunk if known.get(p.record[0]) != "shipped"], taken)
            report.rejected.extend(problems)
            refused = {p.order_no for p in problems}
            for parsed in chunk:
                before = known.get(parsed.record[0])
                if parsed.record[0] in refused:
                    continue
                if before is None:
                    report.imported += 1
                elif before == "shipped":
                    report.skipped_shipped += 1
                else:
                    report.updated += 1
                statuses[parsed.record[COL["status"]]] += 1
                report.needs_address += lacks_address(parsed.record)
                if parsed.carrier_code and parsed.record[COL["external_number"]]:
                    report.external_numbers += 1
                if len(report.sample) < SAMPLE_ROWS:
                    report.sample.append({"row": parsed.row, **dict(zip(ORDER_COLUMNS, parsed.record, strict=False))})
    report.by_status = dict(statuses)
    report.rejected.sort(key=lambda p: p.row)
    if progress:
        progress(1.0)
    return report


def import_orders(
    db: Database,
    *,
    data: reading.Source,
    filename: str = "",
    actor: str,
    progress: Progress | None = None,
    shop_id: int | None = None,
    mapping: dict[str, str] | None = None,
) -> ImportReport:
    """Import the good rows into the shop in one transaction (all or nothing for the good rows; bad
    rows listed). A `mapping` the file was read with is remembered for the shop."""
    report = ImportReport()
    on_bytes = _on_bytes(data, progress)
    table, shop, mapping = _open(db, data, filename, on_bytes, report, shop_id, mapping)
    statuses: Counter[str] = Counter()
    now = utc_text(utcnow())
    with FileNumbers() as numbers, db.write() as session, bulk_cache(session):
        counts = StoreCounts()
        empty = session.connection().exec_driver_sql("SELECT NOT EXISTS (SELECT 1 FROM orders)").scalar() == 1
        chunks = _chunks(data, table, filename=filename, shop=shop, mapping=mapping, report=report, on_bytes=on_bytes)

        def decide(lookups: Session, chunk: list[Parsed]) -> ChunkPlan:
            return plan_chunk(
                lookups,
                chunk,
                numbers=numbers,
                now=now,
                shop_id=row_id(shop),
                empty_table=empty,
                on_problem=report.rejected.append,
            )

        # no orders means no order items either: both tables' indexes are built once at the end
        with (
            indexes_built_after(session) if empty else nullcontext(),
            indexes_built_after(session, "order_item") if empty else nullcontext(),
        ):
            for plan in planned(db, chunks, decide, writer=session):  # PostgreSQL: decided a chunk ahead
                write_plan(session, plan, now=now, counts=counts, actor=actor, shop_id=row_id(shop))
                statuses.update(p.record[COL["status"]] for p in plan.written)
                report.needs_address += sum(lacks_address(p.record) for p in plan.written)
        if mapping:
            stored = must_get(session, Shop, row_id(shop))  # usable_for_import found it a moment ago
            stored.column_mapping = {"columns": mapping}
            session.add(stored)
        audit.record_many(session, counts.status_changes, actor=actor)
        audit.record(
            session,
            actor=actor,
            entity="order_import",
            entity_id=filename[:60] or "upload",
            action="import",
            details={
                "imported": counts.imported,
                "updated": counts.updated,
                "skipped_shipped": len(counts.skipped_shipped),
                "external_numbers": counts.external_numbers,
                "rejected": len(report.rejected),
                "encoding": report.encoding,
                "shop_id": shop.id,
                "format": report.format,
                **({"mapping": mapping} if mapping else {}),
            },
        )
    report.imported, report.updated = counts.imported, counts.updated
    report.skipped_shipped, report.external_numbers = len(counts.skipped_shipped), counts.external_numbers
    report.by_status, report.committed = dict(statuses), True
    report.rejected.sort(key=lambda p: p.row)
    if progress:
        progress(1.0)
    publish(OrdersChanged(reason="import", count=counts.imported + counts.updated))
    return report


__all__ = [
    "ImportReport",
    "NeedsMapping",
    "Problem",
    "check_mapping",
    "check_size",
    "headers_of",
    "import_orders",
    "preview",
]
