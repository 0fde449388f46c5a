"""拦截与退货 tab: request an interception by number, the interceptions sent, the return records
(paged on the server) with 签收入库, and the return rate per carrier and province."""

from __future__ import annotations

from datetime import timedelta

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui.runtime import providers_of
from waybill_ui import runtime
from waybill_ui.carriers import codes
from waybill_ui.clock import fmt_local, utcnow
from waybill_ui.services.aftership import interception
from waybill_ui.services.aftership import returns
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.ui.i18n import fen, lang, t
from waybill_ui.ui.session import actor
from typing import Any


def _address(text: str) -> dict[str, Any]:
    """省 市 区 详细地址 typed in one line (spaces between); the detail keeps the rest."""
    parts = text.split()
    keys = ("province", "city", "district")
    found = dict(zip(keys, parts[:3], strict=False))
    found["address"] = " ".join(parts[3:]) or (parts[-1] if parts else "")
    return found


async def build(*, prefill: str = "") -> None:
    """`prefill`: a waybill number to intercept (the shipment page's 申请拦截 button)."""
    rt = runtime.get()
    db = rt.db
    with ui.card().classes("w-full").mark("intercept-card"):
        ui.label(t("returns.intercept_title")).classes("text-lg font-bold")
        ui.label(t("returns.intercept_hint")).classes("text-sm text-gray-600")
        with ui.row().classes("w-full items-end gap-2"):
            number = (
                ui.input(t("returns.number"), value=prefill)
                .props("outlined dense")
                .classes("w-56")
                .mark("intercept-number")
            )
            kind = (
                ui.select(
                    {k: t(f"intercept.kind.{k}") for k in interception.KINDS}, value="return", label=t("returns.kind")
                )
                .props("outlined dense")
                .classes("w-36")
                .mark("intercept-kind")
            )
            address = (
                ui.input(t("returns.new_address"))
                .props("outlined dense")
                .classes("w-96 max-w-full")
                .mark("intercept-address")
            )
            address.bind_visibility_from(kind, "value", backward=lambda v: v == "redirect")
            send = ui.button(t("returns.send"), icon="pan_tool").mark("intercept-send")
        outcome = ui.label().mark("intercept-outcome")

    async def request() -> None:
        send.disable()
        try:
            sid = await io_bound(interception.shipment_by_number, db, number=number.value or "")
            row = await interception.request(
                db,
                providers_of(rt).market,
                shipment_id=sid,
                kind=kind.value,
                address=_address(address.value or "") if kind.value == "redirect" else {},
                actor=actor(),
            )
        except ServiceError as exc:
            outcome.set_text(exc.message(lang()))
            ui.notify(exc.message(lang()), type="negative")
            return
        finally:
            send.enable()
        text = t("returns.sent", number=number.value.strip().upper(), status=t(f"intercept.status.{row.status}"))
        if row.error:
            text += f"（{row.error}）"
        outcome.set_text(text)
        ui.notify(text, type="positive" if row.status != "failed" else "warning")
        await load_interceptions()

    send.on_click(request)

    ui.label(t("returns.list_title")).classes("text-lg font-bold")
    status = (
        ui.toggle(
            {"open": t("returns.filter.open"), "received": t("returns.filter.received"), "": t("returns.filter.all")},
            value="open",
        )
        .props("no-caps dense")
        .mark("returns-filter")
    )
    columns = [
        {"name": k, "label": t(f"returns.col.{k}"), "field": k, "align": "left"}
        for k in ("order", "number", "carrier", "province", "reason", "status", "opened")
    ]
    columns.append({"name": "action", "label": "", "field": "id"})
    table = (
        ui.table(columns=columns, rows=[], row_key="id", pagination={"page": 1, "rowsPerPage": 25, "rowsNumber": 0})
        .classes("w-full")
        .props("flat dense")
        .mark("returns-table")
    )
    table.add_slot(
        "body-cell-action",
        f"""
        <q-td :props="props">
          <q-btn v-if="props.row.open" dense no-caps color="primary" label="{t("returns.receive")}"
                 @click="$parent.$emit('receive', props.row.id)" />
        </q-td>""",
    )

    async def load(page: int | None = None) -> None:
        p = dict(table.pagination)
        if page is not None:
            p["page"] = page
        rows, total = await io_bound(
            returns.list_returns, db, status=status.value or None, page=p["page"], size=p["rowsPerPage"] or 25
        )
        table.rows = [
            {
                "id": r["id"],
                "order": r["order_no"],
                "number": r["number"],
                "carrier": codes.name_of(r["carrier"]),
                "province": r["province"],
                "reason": t(f"returns.reason.{r['reason']}"),
                "status": t(f"returns.status.{r['status']}"),
                "opened": fmt_local(r["opened_at"], "%Y-%m-%d %H:%M"),
                "open": r["status"] == "open",
            }
            for r in rows
        ]
        table.pagination = {**p, "rowsNumber": total}
        table.update()

    async def receive(e) -> None:
        try:
            await io_bound(returns.mark_received, db, return_id=int(e.args), actor=actor())
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
        else:
            ui.notify(t("returns.received_ok"), type="positive")
        await load()
        await load_rates()

    async def on_request(e) -> None:
        table.pagination = {**table.pagination, **(e.args.get("pagination", {}) if isinstance(e.args, dict) else {})}
        await load()

    table.on("request", on_request)
    table.on("receive", receive)
    status.on_value_change(lambda _: load(page=1))

    ui.label(t("returns.rates_title")).classes("text-lg font-bold")
    rates = ui.row().classes("w-full gap-8 items-start").mark("returns-rates")

    async def load_rates() -> None:
        now = utcnow()
        found = {
            by: await io_bound(returns.return_rates, db, by=by, since=now - timedelta(days=30), until=now)
            for by in ("carrier", "province")
        }
        rates.clear()
        with rates:
            for by, title in (("carrier", "returns.rates_by_carrier"), ("province", "returns.rates_by_province")):
                with ui.column().classes("gap-0"):
                    ui.label(t(title)).classes("font-bold")
                    for r in found[by][:15]:
                        key = codes.name_of(r["key"]) if by == "carrier" else r["key"]
                        ui.label(
                            t(
                                "returns.rate_line",
                                key=key,
                                shipped=r["shipped"],
                                returns=r["returns"],
                                rate=f"{r['rate'] * 100:.1f}%",
                            )
                        ).classes("text-sm")

    ui.label(t("returns.interceptions")).classes("text-lg font-bold")
    sent = ui.column().classes("w-full gap-0").mark("intercept-list")

    async def load_interceptions() -> None:
        rows, _ = await io_bound(interception.list_interceptions, db, page=1, size=20)
        sent.clear()
        with sent:
            for r in rows:
                extra = f" · {r['error']}" if r["error"] else ""
                ui.label(
                    f"{fmt_local(r['requested_at'], '%m-%d %H:%M')} {codes.name_of(r['carrier'])} {r['number']} "
                    f"· {t('intercept.kind.' + r['kind'])} · {t('intercept.status.' + r['status'])}"
                    f"{' · ' + fen(r['fee_fen']) if r['fee_fen'] else ''}{extra}"
                ).classes("text-sm")

    await load()
    await load_rates()
    await load_interceptions()
