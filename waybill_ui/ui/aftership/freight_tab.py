"""运费对账 tab: import a bill (with the column-mapping dialog when the headers are unusual),
totals per carrier and month, the bills, one bill's lines by issue (paged on the server), the
shipments it left out, and the dispute list to send back."""

from __future__ import annotations

from nicegui import events, ui

from waybill_ui.db.rows import row_id
from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.carriers import codes
from waybill_ui.clock import fmt_local, utcnow
from waybill_ui.services.aftership import freight
from waybill_ui.services.common import uploads
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.services.aftership.freight.reading import FIELDS
from waybill_ui.ui.components.drop_zone import drop_zone, save_upload
from waybill_ui.ui.i18n import fen, lang, t
from waybill_ui.ui.pool.common import carrier_options
from waybill_ui.ui.session import actor
from typing import Any

ISSUE_FILTERS = ("disputed", "overcharge", "weight", "not_ours", "duplicate", "ok", "missing")


def _kg(grams: int | None) -> str:
    return "—" if grams is None else f"{grams / 1000:.2f}"


def _line_row(ln) -> dict[str, Any]:
    return {
        "id": ln.id,
        "row": ln.row_no,
        "number": ln.number,
        "destination": ln.destination,
        "weight": _kg(ln.weight_g),
        "ours": _kg(ln.our_weight_g),
        "fee": fen(ln.fee_fen + ln.surcharge_fen),
        "expected": fen(ln.expected_fen),
        "diff": fen(ln.diff_fen) if ln.diff_fen else "",
        "issue": t(f"freight.issue.{ln.issue}"),
    }


def _missing_row(m: dict[str, Any]) -> dict:
    return {
        "id": m["shipment_id"],
        "row": "",
        "number": m["number"],
        "destination": m["province"],
        "weight": "",
        "ours": "",
        "fee": "",
        "expected": "",
        "diff": "",
        "issue": t("freight.issue.missing"),
    }


async def build() -> None:
    rt = runtime.get()
    db = rt.db
    state: dict[str, Any] = {"bill": None}
    with ui.row().classes("w-full items-end gap-2"):
        carrier = (
            ui.select(carrier_options(with_all=False), label=t("freight.carrier"))
            .props("outlined dense")
            .classes("w-44")
            .mark("freight-carrier")
        )
        month = (
            ui.input(t("freight.month"), value=f"{utcnow():%Y-%m}", placeholder="2026-05")
            .props("outlined dense")
            .classes("w-32")
            .mark("freight-month")
        )
    drop_zone(
        accept=".csv,.txt,.xlsx",
        limit_mb=rt.settings.upload_limit_mb,
        on_upload=lambda e: received(e),
        marker="freight-upload",
        kinds="CSV / XLSX",
    )
    result = ui.label().classes("font-bold").mark("freight-result")
    ui.label(t("freight.totals")).classes("text-lg font-bold")
    totals = ui.column().classes("w-full gap-1").mark("freight-totals")
    ui.label(t("freight.bills")).classes("text-lg font-bold")
    bills = ui.column().classes("w-full gap-1").mark("freight-bills")
    detail = ui.column().classes("w-full").mark("freight-detail")

    async def import_file(path, name: str, mapping: dict[str, Any] | None) -> None:
        try:
            bill = await io_bound(
                freight.import_bill,
                db,
                carrier=carrier.value or "",
                month=month.value or "",
                data=path.read_bytes(),
                filename=name,
                mapping=mapping,
                actor=actor(),
            )
        except ServiceError as exc:
            if exc.code == "need_mapping":
                await ask_mapping(path, name)
                return
            uploads.remove(path)
            result.set_text(exc.message(lang()))
            ui.notify(exc.message(lang()), type="negative")
            return
        uploads.remove(path)
        text = t("freight.imported", lines=bill.lines, over=f"{bill.overcharge_fen / 100:.2f}", missing=bill.missing)
        rejected = bill.counts.get("rejected_rows", 0)
        if rejected:
            rows = "、".join(str(r) for r, _ in bill.counts.get("rejected_sample", [])[:5])
            text += " " + t("freight.rejected_rows", count=rejected, rows=rows)
        result.set_text(text)
        ui.notify(text, type="positive")
        await refresh()
        await show_bill(row_id(bill))

    async def received(e: events.UploadEventArguments) -> None:
        if not carrier.value:
            ui.notify(t("freight.choose_carrier"), type="warning")
            return
        try:
            path = await save_upload(e, folder=rt.settings.uploads_dir, limit_mb=rt.settings.upload_limit_mb)
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
            return
        await import_file(path, e.file.name, None)

    async def ask_mapping(path, name: str) -> None:
        headers = await io_bound(freight.reading.headers_of, path.read_bytes())
        remembered = await io_bound(freight.mapping_for, db, carrier=carrier.value)
        options = {"": "—", **{h: h for h in headers if h}}
        with ui.dialog() as dialog, ui.card().classes("w-[32rem] max-w-full").mark("freight-mapping"):
            ui.label(t("freight.mapping")).classes("text-lg font-bold")
            ui.label(t("freight.mapping_hint")).classes("text-sm text-gray-600")
            selects = {
                f: ui.select(
                    options,
                    value=remembered.get(f) if remembered.get(f) in options else "",
                    label=t(f"freight.field.{f}"),
                )
                .props("outlined dense")
                .classes("w-full")
                .mark(f"freight-map-{f}")
                for f in FIELDS
            }

            async def confirm() -> None:
                dialog.close()
                await import_file(path, name, {f: s.value for f, s in selects.items() if s.value})

            with ui.row().classes("w-full justify-end"):

                def cancel() -> None:
                    uploads.remove(path)
                    dialog.close()

                ui.button(t("common.cancel"), on_click=cancel).props("flat")
                ui.button(t("freight.mapping_save"), on_click=confirm).mark("freight-map-save")
        dialog.open()

    async def refresh() -> None:
        summary = await io_bound(freight.summary_by_month, db)
        rows, _ = await io_bound(freight.list_bills, db, page=1, size=24)
        totals.clear()
        with totals:
            for s in summary:
                ui.label(
                    t(
                        "freight.summary_line",
                        carrier=codes.name_of(s["carrier"]),
                        month=s["month"],
                        lines=s["lines"],
                        billed=f"{s['billed_fen'] / 100:.2f}",
                        expected=f"{s['expected_fen'] / 100:.2f}",
                        over=f"{s['overcharge_fen'] / 100:.2f}",
                        missing=s["missing"],
                    )
                ).classes("text-sm")
            if not summary:
                ui.label(t("freight.none")).classes("text-gray-600")
        bills.clear()
        with bills:
            for b in rows:
                ui.button(
                    f"#{b.id} {codes.name_of(b.carrier_code)} {b.month} · {b.filename} · "
                    f"{fmt_local(b.imported_at, '%Y-%m-%d %H:%M')}",
                    on_click=lambda b=b: show_bill(b.id),
                ).props("flat no-caps dense align=left").classes("w-full").mark(f"freight-bill-{b.id}")

    async def show_bill(bill_id: int) -> None:
        state["bill"] = bill_id
        detail.clear()
        with detail:
            with ui.row().classes("w-full items-center gap-2"):
                ui.label(t("freight.lines_of", id=bill_id)).classes("text-lg font-bold")
                issue = (
                    ui.select({k: t(f"freight.issue.{k}") for k in ISSUE_FILTERS}, value="disputed")
                    .props("outlined dense")
                    .classes("w-36")
                    .mark("freight-issue")
                )
                ui.space()
                ui.button(t("freight.export_csv"), icon="download", on_click=lambda: export("csv")).props(
                    "outline dense no-caps"
                ).mark("freight-export-csv")
                ui.button(t("freight.export_xlsx"), icon="download", on_click=lambda: export("xlsx")).props(
                    "outline dense no-caps"
                ).mark("freight-export-xlsx")
            columns = [
                {"name": k, "label": t(f"freight.col.{c}"), "field": k, "align": "left"}
                for k, c in (
                    ("row", "row"),
                    ("number", "number"),
                    ("destination", "destination"),
                    ("weight", "weight_kg"),
                    ("ours", "our_weight_kg"),
                    ("fee", "fee"),
                    ("expected", "expected"),
                    ("diff", "diff"),
                    ("issue", "issue"),
                )
            ]
            table = (
                ui.table(
                    columns=columns, rows=[], row_key="id", pagination={"page": 1, "rowsPerPage": 50, "rowsNumber": 0}
                )
                .classes("w-full")
                .props("flat dense")
                .mark("freight-lines")
            )

        async def load(page: int | None = None) -> None:
            p = dict(table.pagination)
            if page is not None:
                p["page"] = page
            size = p["rowsPerPage"] or 50
            if issue.value == "missing":
                missing, total = await io_bound(freight.list_missing, db, bill_id=bill_id, page=p["page"], size=size)
                table.rows = [_missing_row(m) for m in missing]
            else:
                found, total = await io_bound(
                    freight.list_lines, db, bill_id=bill_id, issue=issue.value, page=p["page"], size=size
                )
                table.rows = [_line_row(ln) for ln in found]
            table.pagination = {**p, "rowsNumber": total}
            table.update()

        async def on_request(e) -> None:
            table.pagination = {
                **table.pagination,
                **(e.args.get("pagination", {}) if isinstance(e.args, dict) else {}),
            }
            await load()

        async def export(fmt: str) -> None:
            maker = freight.dispute_csv if fmt == "csv" else freight.dispute_xlsx
            data = await io_bound(maker, db, bill_id=bill_id, lang=lang())
            ui.download.content(data, f"freight-disputes-{bill_id}.{fmt}")

        table.on("request", on_request)
        issue.on_value_change(lambda _: load(page=1))
        await load()

    await refresh()
