"""支付账户余额: the balance, the owner's top-ups (amount + reference), the ledger history (paged,
filterable) and its CSV export."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.db.models import LedgerKind
from waybill_ui.clock import fmt_local
from waybill_ui.services.market import ledger
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.ui.frame import frame
from waybill_ui.ui.i18n import fen, lang, t
from waybill_ui.ui.market_parts import Pager, subnav
from waybill_ui.ui.session import signed_in

PAGE_SIZE = 25


def _top_up_card(me, on_done) -> None:
    db = runtime.get().db
    with ui.card().classes("w-full max-w-2xl").mark("topup-card"):
        ui.label(t("balance.topup_title")).classes("text-lg font-bold")
        ui.label(t("balance.topup_help")).classes("text-gray-600 text-sm")
        with ui.row().classes("items-end gap-3"):
            amount = (
                ui.number(t("balance.amount_yuan"), min=0.01, step=100, format="%.2f", prefix="¥")
                .props("outlined dense")
                .classes("w-40")
                .mark("topup-amount")
            )
            reference = (
                ui.input(t("balance.reference"), placeholder=t("balance.reference_hint"))
                .props("outlined dense")
                .classes("w-72 max-w-full")
                .mark("topup-reference")
            )

            async def submit() -> None:
                fen_value = round(float(amount.value or 0) * 100)
                try:
                    await io_bound(ledger.top_up, db, amount_fen=fen_value, reference=reference.value or "", actor=me)
                except ServiceError as exc:
                    ui.notify(exc.message(lang()), type="negative")
                    return
                ui.notify(t("balance.topped_up", amount=fen(fen_value)), type="positive")
                amount.value, reference.value = None, ""
                await on_done()

            ui.button(t("balance.topup"), icon="add_card", on_click=submit).mark("topup-submit")


@ui.page("/market/balance", title="余额与账单 · 快递单号管家")
async def balance_page() -> None:
    db = runtime.get().db
    me = signed_in()
    with frame("/market"):
        nav = ui.column().classes("w-full")
        ui.label(t("balance.title")).classes("text-2xl font-bold")
        balance_label = ui.label().classes("text-4xl font-bold text-primary").mark("balance-amount")
        if me.is_owner:
            _top_up_card(me, lambda: reload())
        else:
            ui.label(t("balance.staff_note")).classes("text-gray-600").mark("balance-staff-note")
        with ui.row().classes("w-full items-end gap-3"):
            ui.label(t("balance.history")).classes("text-lg font-bold")
            kind = (
                ui.select(
                    {"": t("balance.all_kinds"), **{k.value: t(f"ledger.kind.{k.value}") for k in LedgerKind}},
                    value="",
                    label=t("balance.filter_kind"),
                )
                .props("outlined dense")
                .classes("w-36")
                .mark("ledger-kind")
            )
            ui.space()
            ui.button(t("common.export_csv"), icon="download", on_click=lambda: export()).props("outline").mark(
                "ledger-export"
            )
        columns = [
            {"name": "time", "label": t("ledger.csv.time"), "field": "time", "align": "left"},
            {"name": "kind", "label": t("ledger.csv.kind"), "field": "kind", "align": "left"},
            {"name": "amount", "label": t("ledger.csv.amount"), "field": "amount", "align": "right"},
            {"name": "balance", "label": t("ledger.csv.balance"), "field": "balance", "align": "right"},
            {
                "name": "reference",
                "label": t("ledger.csv.reference"),
                "field": "reference",
                "align": "left",
                "style": "white-space: normal",
            },
            {"name": "by", "label": t("ledger.csv.by"), "field": "by", "align": "left"},
        ]
        table = ui.table(columns=columns, rows=[], row_key="id").classes("w-full").mark("ledger-table")

        async def load(page: int | None = None) -> None:
            if page is None:
                pager.page = 1
            rows, total = await io_bound(ledger.history, db, page=pager.page, size=PAGE_SIZE, kind=kind.value or None)
            table.rows = [
                {
                    "id": r.id,
                    "time": fmt_local(r.created_at),
                    "kind": t(f"ledger.kind.{r.kind}"),
                    "amount": ("+" if r.amount_fen > 0 else "") + fen(r.amount_fen),
                    "balance": fen(r.balance_after_fen),
                    "reference": r.reference,
                    "by": r.created_by,
                }
                for r in rows
            ]
            table.update()
            pager.set_total(total)
            balance_label.text = fen(await io_bound(ledger.balance, db))

        async def reload() -> None:
            nav.clear()
            with nav:
                await subnav("/market/balance")
            await load()

        async def export() -> None:
            data = await io_bound(ledger.export_csv, db, kind=kind.value or None, lang=lang())
            ui.download.content(data, "ledger.csv", "text/csv")

        pager = Pager(PAGE_SIZE, load, marker="ledger-pager")
        kind.on_value_change(lambda: load())
        await reload()
