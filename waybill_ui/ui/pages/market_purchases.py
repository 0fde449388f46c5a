"""采购记录: every purchase with its status and numbers received, 重新同步 and cancel-with-refund,
filters and paging; and one purchase's page, which follows its sync live."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui.runtime import providers_of
from waybill_ui.db.rows import row_id
from waybill_ui import runtime
from waybill_ui.carriers.codes import CARRIERS
from waybill_ui.clock import fmt_local
from waybill_ui.services.market import purchases
from waybill_ui.services.market import checkout as purchasing
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.services.market.purchases import OPEN, PurchaseInfo
from waybill_ui.ui.frame import frame
from waybill_ui.services.tracking.provider_health import friendly_error
from waybill_ui.ui.i18n import fen, lang, t
from waybill_ui.ui.live import follow
from waybill_ui.ui.market_parts import Pager, status_badge, subnav
from waybill_ui.ui.session import principal

PAGE_SIZE = 20


async def _sync_now(me, purchase_id: int, after) -> None:
    rt = runtime.get()
    ui.notify(t("purchase.syncing", id=purchase_id))
    try:
        info = await purchasing.sync_now(
            rt.db, provider=providers_of(rt).market, purchase_id=purchase_id, actor=me.username
        )
    except ServiceError as exc:
        ui.notify(exc.message(lang()), type="negative")
        return
    p = info.purchase
    if p.status == "synced":
        ui.notify(t("purchase.synced_now", count=p.numbers_received), type="positive")
    else:
        ui.notify(t("purchase.still_pending", received=p.numbers_received, total=p.numbers_count), type="warning")
    await after()


def _cancel_dialog(me, info: PurchaseInfo, after) -> None:
    p = info.purchase
    missing = p.numbers_count - p.numbers_received
    refund = p.amount_fen - p.amount_fen * p.numbers_received // p.numbers_count
    with ui.dialog() as dialog, ui.card().mark("cancel-dialog"):
        ui.label(t("purchase.cancel_title", id=p.id)).classes("text-lg font-bold")
        ui.label(t("purchase.cancel_body", missing=missing, refund=fen(refund), received=p.numbers_received))

        async def confirm() -> None:
            try:
                await io_bound(purchases.cancel_purchase, runtime.get().db, purchase_id=row_id(p), actor=me)
            except ServiceError as exc:
                ui.notify(exc.message(lang()), type="negative")
            else:
                ui.notify(t("purchase.cancelled", refund=fen(refund)), type="positive")
            dialog.close()
            await after()

        with ui.row():
            ui.button(t("purchase.cancel_confirm"), on_click=confirm).props("color=negative").mark("cancel-confirm")
            ui.button(t("common.cancel"), on_click=dialog.close).props("flat")
    dialog.open()


def _actions(me, info: PurchaseInfo, after) -> None:
    p = info.purchase
    if p.status in OPEN:
        ui.button(t("purchase.sync_now"), icon="sync", on_click=lambda: _sync_now(me, row_id(p), after)).props(
            "outline dense no-caps"
        ).mark(f"sync-{p.id}")
        if me.is_owner:
            ui.button(t("purchase.cancel"), icon="undo", on_click=lambda: _cancel_dialog(me, info, after)).props(
                "flat dense no-caps color=negative"
            ).mark(f"cancel-{p.id}")


def _progress(p) -> str:
    return t("purchase.received_of", received=f"{p.numbers_received:,}", total=f"{p.numbers_count:,}")


@ui.page("/market/purchases", title="采购记录 · 快递单号管家")
async def purchases_page(status: str = "", carrier: str = "") -> None:
    db = runtime.get().db
    me = principal()
    with frame("/market"):
        await subnav("/market/purchases")
        ui.label(t("purchase.list_title")).classes("text-2xl font-bold")
        with ui.row().classes("items-end gap-3"):
            status_filter = (
                ui.select(
                    {
                        "": t("purchase.all_statuses"),
                        **{s: t(f"purchase.status.{s}") for s in purchases.STATUSES if s != "created"},
                    },
                    value=status if status in purchases.STATUSES else "",
                    label=t("purchase.filter_status"),
                )
                .props("outlined dense")
                .classes("w-40")
                .mark("filter-status")
            )
            carrier_filter = (
                ui.select(
                    {"": t("purchase.all_carriers"), **{c: v.name for c, v in CARRIERS.items()}},
                    value=carrier if carrier in CARRIERS else "",
                    label=t("purchase.filter_carrier"),
                )
                .props("outlined dense")
                .classes("w-40")
                .mark("filter-carrier")
            )
        listing = ui.column().classes("w-full gap-2").mark("purchase-list")

        async def load(page: int | None = None) -> None:
            if page is None:
                pager.page = 1
            rows, total = await io_bound(
                purchases.list_purchases,
                db,
                status=status_filter.value or None,
                carrier=carrier_filter.value or None,
                page=pager.page,
                size=PAGE_SIZE,
            )
            listing.clear()
            with listing:
                if not rows:
                    ui.label(t("purchase.none")).classes("text-gray-500").mark("purchase-none")
                for info in rows:
                    _row(me, info, reload)
            pager.set_total(total)

        async def reload() -> None:
            await load(pager.page)

        pager = Pager(PAGE_SIZE, load, marker="purchase-pager")
        status_filter.on_value_change(lambda: load())
        carrier_filter.on_value_change(lambda: load())
        follow("purchases", reload)
        await load()


def _row(me, info: PurchaseInfo, after) -> None:
    p = info.purchase
    with ui.card().classes("w-full").mark(f"purchase-{p.id}"):
        with ui.row().classes("w-full items-center gap-4"):
            ui.link(f"#{p.id}", f"/market/purchases/{p.id}").classes("font-bold")
            ui.label(fmt_local(p.created_at)).classes("text-gray-500")
            ui.label(f"{info.carrier_name} · {p.package_id} × {p.quantity}")
            if p.status == "rejected":  # an attempt refused for a short balance: no numbers, no money
                ui.label(fen(p.amount_fen)).classes("line-through text-gray-500")
                ui.label(t("purchase.not_charged")).classes("text-gray-600").mark(f"not-charged-{p.id}")
            else:
                ui.label(_progress(p)).mark(f"received-{p.id}")
                ui.label(fen(p.amount_fen)).classes("font-bold")
            status_badge(p.status)
            if info.refunded_fen:
                ui.label(t("purchase.refunded_amount", amount=fen(info.refunded_fen))).classes("text-purple-700")
            ui.space()
            _actions(me, info, after)
        if p.status in OPEN and p.last_error:
            ui.label(t("purchase.waiting", error=p.last_error, next=fmt_local(p.next_attempt_at, "%H:%M:%S"))).classes(
                "text-orange-700 text-sm"
            )


@ui.page("/market/purchases/{purchase_id}", title="采购单 · 快递单号管家")
async def purchase_page(purchase_id: int) -> None:
    db = runtime.get().db
    me = principal()
    with frame("/market"):
        await subnav("/market/purchases")
        body = ui.column().classes("w-full max-w-2xl gap-2")

        async def load() -> None:
            try:
                info = await io_bound(purchases.get_purchase, db, purchase_id)
            except ServiceError as exc:
                body.clear()
                with body:
                    ui.label(exc.message(lang())).classes("text-red-700").mark("purchase-missing")
                return
            p = info.purchase
            body.clear()
            with body:
                with ui.row().classes("items-center gap-3"):
                    ui.label(t("purchase.title", id=p.id)).classes("text-2xl font-bold")
                    status_badge(p.status)
                with ui.card().classes("w-full gap-1"):
                    ui.label(f"{info.carrier_name}（{p.carrier_code}） · {p.package_id} × {p.quantity}").classes(
                        "text-lg"
                    )
                    if p.status == "rejected":
                        ui.label(t("purchase.rejected_note", time=fmt_local(p.created_at))).classes(
                            "text-red-700"
                        ).mark("purchase-rejected")
                        ui.link(t("checkout.topup_link"), "/market/balance")
                    else:
                        ui.linear_progress(value=p.numbers_received / p.numbers_count, show_value=False).props(
                            "rounded size=12px"
                        )
                        ui.label(_progress(p)).classes("font-bold").mark("purchase-received")
                    ui.label(
                        t(
                            "purchase.detail_money",
                            amount=fen(p.amount_fen),
                            unit=fen(p.unit_price_fen),
                            days=p.validity_days,
                        )
                    )
                    if p.paid_at:
                        ui.label(t("purchase.paid_at", time=fmt_local(p.paid_at)))
                    if p.synced_at:
                        ui.label(t("purchase.synced_at", time=fmt_local(p.synced_at)))
                    if info.refunded_fen or p.refunded_at:
                        ui.label(
                            t("purchase.refund_line", amount=fen(info.refunded_fen), time=fmt_local(p.refunded_at))
                        ).classes("text-purple-700").mark("purchase-refund")
                    if p.status in OPEN:
                        ui.label(
                            t(
                                "purchase.pending_help",
                                attempts=p.attempts,
                                next=fmt_local(p.next_attempt_at, "%H:%M:%S") or "—",
                            )
                        ).classes("text-orange-700").mark("purchase-pending")
                        if p.last_error:
                            ui.label(t("purchase.last_error", error=friendly_error(p.last_error, lang()))).classes(
                                "text-sm text-gray-600"
                            ).mark("purchase-last-error")
                            with ui.expansion(t("common.details")).classes("text-xs text-gray-500"):
                                ui.label(p.last_error).classes("font-mono break-all")
                with ui.row():
                    _actions(me, info, load)
                    if p.numbers_received:
                        ui.button(
                            t("purchase.see_pool"), icon="inventory_2", on_click=lambda: ui.navigate.to("/pool")
                        ).props("flat no-caps")

        follow("purchases", load)
        await load()
