"""Order import (订单导入): the marketplace's order export, as it really comes, into `orders`.

    preview(db, data=…)                 what would happen, row by row problems, nothing written
    import_orders(db, data=…, actor=…)  good rows imported in ONE transaction, bad rows listed

The page, `POST /api/v1/orders/import` and `waybill-ui import-orders FILE` all call these.
Re-importing the same export updates orders and never duplicates them; an order already shipped
(here or elsewhere) is never overwritten. A number is never reused: a row shipped elsewhere with a
number already used for another order is refused, in the preview as in the import. Imported text is
kept as data: it is never evaluated, and exports neutralise cells that a spreadsheet would read as
a formula.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

from waybill_ui.events import OrdersChanged, publish
from waybill_ui.db import Database
from waybill_ui.clock import utcnow
from waybill_ui.services.accounts import audit
from waybill_ui.services.common.errors import Invalid
from waybill_ui.services.orders.importing import reading
from waybill_ui.services.orders.importing.parsing import COL, ORDER_COLUMNS, Problem, lacks_address, records
from waybill_ui.services.orders.listing import utc_text
from waybill_ui.services.orders.importing.store import (NumbersTaken, StoreCounts, bulk_cache, existing_status,
                                                     indexes_built_after, refuse_reused, write_chunk)

Progress = Callable[[float], None]
SAMPLE_ROWS = 20


@dataclass
class ImportReport:
    imported: int = 0  # new orders (in a preview: would be new)
    updated: int = 0  # existing orders refreshed
    skipped_shipped: int = 0  # already shipped: left as they are
    external_numbers: int = 0  # numbers of orders shipped elsewhere, kept so they are never reused
    needs_address: int = 0  # waiting orders kept as 待补地址 (no receiver, address or phone in the file)
    rejected: list[Problem] = field(default_factory=list)
    by_status: dict[str, int] = field(default_factory=dict)
    encoding: str = ""
    committed: bool = False
    sample: list[dict[str, Any]] = field(default_factory=list)

    @property
    def good(self) -> int:
        return self.imported + self.updated + self.skipped_shipped

    def as_json(self, lang: str | None = "zh") -> dict[str, Any]:
        return {"imported": self.imported, "updated": self.updated, "skipped_shipped": self.skipped_shipped,
                "external_numbers": self.external_numbers, "needs_address": self.needs_address,
                "by_status": self.by_status, "encoding": self.encoding,
                "rejected": [{"row": p.row, "order_no": p.order_no, "reason": p.reason(lang)} for p in self.rejected]}


def check_size(size: int, limit_mb: int) -> None:
    """Refuse an upload over the limit before reading it (settings.upload_limit_mb)."""
    if size > limit_mb * 1024 * 1024:
        raise Invalid("import.too_large", status=413, code="too_large",
                      size_mb=f"{size / 1024 / 1024:.1f}", limit_mb=limit_mb)


def _open(data: reading.Source, filename: str, progress: Progress | None, report: ImportReport) -> reading.Table:
    total = max(reading.source_size(data), 1)
    on_bytes = (lambda done: progress(min(0.95, done / total))) if progress else None
    table = reading.open_table(data, filename=filename, on_bytes=on_bytes)
    report.encoding = table.encoding
    return table


def preview(db: Database, *, data: reading.Source, filename: str = "", progress: Progress | None = None) -> ImportReport:
    """Parse the whole file and compare with what we have; writes nothing."""
    report = ImportReport()
    table = _open(data, filename, progress, report)
    statuses: Counter[str] = Counter()
    taken: NumbersTaken = {}
    with db.read() as session:
        for chunk in records(table, on_problem=report.rejected.append):
            known = existing_status(session, [p.record[0] for p in chunk])
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


def import_orders(db: Database, *, data: reading.Source, filename: str = "", actor: str,
                  progress: Progress | None = None) -> ImportReport:
    """Import the good rows in one transaction (all or nothing for the good rows; bad rows listed)."""
    report = ImportReport()
    table = _open(data, filename, progress, report)
    counts = StoreCounts()
    statuses: Counter[str] = Counter()
    now = utc_text(utcnow())
    with db.write() as session, bulk_cache(session):
        empty = session.connection().exec_driver_sql("SELECT NOT EXISTS (SELECT 1 FROM orders)").scalar() == 1
        # no orders means no order items either: both tables' indexes are built once at the end
        with indexes_built_after(session) if empty else nullcontext(), \
                indexes_built_after(session, "order_item") if empty else nullcontext():
            for chunk in records(table, on_problem=report.rejected.append):
                written = write_chunk(session, chunk, now=now, counts=counts, actor=actor, empty_table=empty,
                                      on_problem=report.rejected.append)
                statuses.update(p.record[COL["status"]] for p in written)
                report.needs_address += sum(lacks_address(p.record) for p in written)
        audit.record_many(session, counts.status_changes, actor=actor)
        audit.record(session, actor=actor, entity="order_import", entity_id=filename[:60] or "upload",
                     action="import", details={
                         "imported": counts.imported, "updated": counts.updated,
                         "skipped_shipped": len(counts.skipped_shipped), "external_numbers": counts.external_numbers,
                         "rejected": len(report.rejected), "encoding": report.encoding})
    report.imported, report.updated = counts.imported, counts.updated
    report.skipped_shipped, report.external_numbers = len(counts.skipped_shipped), counts.external_numbers
    report.by_status, report.committed = dict(statuses), True
    report.rejected.sort(key=lambda p: p.row)
    if progress:
        progress(1.0)
    publish(OrdersChanged(reason="import", count=counts.imported + counts.updated))
    return report


__all__ = ["ImportReport", "Problem", "check_size", "import_orders", "preview"]
