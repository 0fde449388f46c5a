"""拦截: ask the carrier to stop a parcel by its number, and the interceptions sent so far (part of
the 拦截与退货 tab, ui/aftership/returns_tab.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from nicegui import ui

from waybill_ui import runtime
from waybill_ui.carriers import codes
from waybill_ui.clock import fmt_local
from waybill_ui.runtime import providers_of
from waybill_ui.services.aftership import interception
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.ui.i18n import fen, lang, t
from waybill_ui.ui.session import actor
from waybill_ui.ui.work import io_bound

LIST_SIZE = 20


def address_of(text: str) -> dict[str, Any]:
    """省 市 区 详细地址 typed in one line (spaces between); the detail keeps the rest."""
    parts = text.split()
    keys = ("province", "city", "district")
    found = dict(zip(keys, parts[:3], strict=False))
    found["address"] = " ".join(parts[3:]) or (parts[-1] if parts else "")
    return found


class InterceptForm:
    """`sent()` runs after a request reached the carrier (accepted or not)."""

    def __init__(self, *, prefill: str, sent: Callable[[], Awaitable[None]]):
        self.sent = sent
        with ui.card().classes("w-full").mark("intercept-card"):
            ui.label(t("returns.intercept_title")).classes("text-lg font-bold")
            ui.label(t("returns.intercept_hint")).classes("text-sm text-gray-600")
            with ui.row().classes("w-full items-end gap-2"):
                self.number = (
                    ui.input(t("returns.number"), value=prefill)
                    .props("outlined dense")
                    .classes("w-56")
                    .mark("intercept-number")
                )
                kinds = {k: t(f"intercept.kind.{k}") for k in interception.KINDS}
                self.kind = (
                    ui.select(kinds, value="return", label=t("returns.kind"))
                    .props("outlined dense")
                    .classes("w-36")
                    .mark("intercept-kind")
                )
                self.address = (
                    ui.input(t("returns.new_address"))
                    .props("outlined dense")
                    .classes("w-96 max-w-full")
                    .mark("intercept-address")
                )
                self.address.bind_visibility_from(self.kind, "value", backward=lambda v: v == "redirect")
                self.send = ui.button(t("returns.send"), icon="pan_tool", on_click=self.request).mark("intercept-send")
            self.outcome = ui.label().mark("intercept-outcome")

    async def request(self) -> None:
        rt = runtime.get()
        redirect = self.kind.value == "redirect"
        self.send.disable()
        try:
            sid = await io_bound(interception.shipment_by_number, rt.db, number=self.number.value or "")
            row = await interception.request(
                rt.db,
                providers_of(rt).market,
                shipment_id=sid,
                kind=self.kind.value,
                address=address_of(self.address.value or "") if redirect else {},
                actor=actor(),
            )
        except ServiceError as exc:
            self.outcome.set_text(exc.message(lang()))
            ui.notify(exc.message(lang()), type="negative")
            return
        finally:
            self.send.enable()
        text = t("returns.sent", number=self.number.value.strip().upper(), status=t(f"intercept.status.{row.status}"))
        if row.error:
            text += f"（{row.error}）"
        self.outcome.set_text(text)
        ui.notify(text, type="positive" if row.status != "failed" else "warning")
        await self.sent()


class InterceptList:
    """The newest interceptions, one line each."""

    def __init__(self) -> None:
        self.db = runtime.get().db
        ui.label(t("returns.interceptions")).classes("text-lg font-bold")
        self.box = ui.column().classes("w-full gap-0").mark("intercept-list")

    async def load(self) -> None:
        rows, _ = await io_bound(interception.list_interceptions, self.db, page=1, size=LIST_SIZE)
        self.box.clear()
        with self.box:
            for r in rows:
                extra = f" · {r['error']}" if r["error"] else ""
                ui.label(
                    f"{fmt_local(r['requested_at'], '%m-%d %H:%M')} {codes.name_of(r['carrier'])} {r['number']} "
                    f"· {t('intercept.kind.' + r['kind'])} · {t('intercept.status.' + r['status'])}"
                    f"{' · ' + fen(r['fee_fen']) if r['fee_fen'] else ''}{extra}"
                ).classes("text-sm")
