"""Refund or extend unused bought numbers (owner only; the API checks too)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from waybill_ui.services.accounts.users import Principal
from waybill_ui.runtime import providers_of
from waybill_ui import runtime
from waybill_ui.services.pool import importing as pool_import
from waybill_ui.services.pool import provider_ops as pool_provider
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.ui.i18n import fen, lang, t
from waybill_ui.ui.pool.common import carrier_options
from typing import Any


def open_action_dialog(
    kind: str, rows: list[dict[str, Any]], *, actor: Principal, on_done: Callable[[], Awaitable[None]]
) -> None:
    """kind: "refund" or "extend"; rows: selected rows of the number table (may be empty)."""
    carriers = {r["carrier"] for r in rows}
    with ui.dialog() as dialog, ui.card().classes("w-[40rem] max-w-full").mark(f"{kind}-dialog"):
        ui.label(t(f"poolui.act.{kind}_title")).classes("text-xl font-bold")
        ui.label(t(f"poolui.act.{kind}_body")).classes("text-gray-600")
        carrier = (
            ui.select(
                carrier_options(),
                value=next(iter(carriers)) if len(carriers) == 1 else None,
                label=t("pool.col.carrier"),
            )
            .props("outlined dense")
            .classes("w-48")
            .mark("act-carrier")
        )
        numbers = (
            ui.textarea(t("poolui.act.numbers"), value="\n".join(r["number"] for r in rows))
            .props("outlined autogrow")
            .classes("w-full font-mono")
            .mark("act-numbers")
        )
        days = (
            ui.number(t("poolui.act.days"), value=30, min=1, max=365, precision=0)
            .props("outlined dense")
            .classes("w-32")
            .mark("act-days")
        )
        days.set_visibility(kind == "extend")
        result = ui.column().classes("w-full gap-1").mark("act-result")

        async def submit() -> None:
            rt = runtime.get()
            wanted = pool_import.split_numbers(numbers.value or "")
            button.props("loading")
            try:
                if kind == "refund":
                    out = await pool_provider.refund(
                        rt.db, providers_of(rt).market, carrier=carrier.value or "", numbers=wanted, actor=actor
                    )
                    message = t("poolui.act.refunded", count=len(out.done), amount=fen(out.amount_fen))
                else:
                    out = await pool_provider.extend(
                        rt.db,
                        providers_of(rt).market,
                        carrier=carrier.value or "",
                        numbers=wanted,
                        days=int(days.value or 0),
                        actor=actor,
                    )
                    message = t("poolui.act.extended", count=len(out.done), fee=fen(out.fee_fen))
            except ServiceError as exc:
                ui.notify(exc.message(lang()), type="negative", multi_line=True)
                return
            finally:
                button.props(remove="loading")
            ui.notify(message, type="positive" if out.done else "warning")
            result.clear()
            with result:
                ui.label(message).classes("font-bold").mark("act-summary")
                if out.rejected:
                    ui.label(t("poolui.act.rejected", count=len(out.rejected))).classes("text-red-700")
                    for row in out.rejected_texts(lang())[:200]:
                        ui.label(f"{row['number']}：{row['reason']}").classes("text-sm")
            if out.done:
                await on_done()

        with ui.row().classes("w-full justify-end"):
            ui.button(t("common.cancel"), on_click=dialog.close).props("flat")
            button = ui.button(t(f"poolui.act.submit_{kind}"), on_click=submit).mark("act-submit")
    dialog.open()
