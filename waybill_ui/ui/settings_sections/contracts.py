"""Shipping origin and own contract prices (与快递公司建立长期合作), owner only."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.carriers import geo
from waybill_ui.carriers.codes import name_of
from waybill_ui.services.market import catalogue
from waybill_ui.services.market import contracts
from waybill_ui.services.market import quotes as market
from waybill_ui.services.settings import store as shop_settings
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.ui.i18n import fen, lang, t

TAB_KEY = "settings.tab.contracts"
ORDER = 30
OWNER_ONLY = True


def _zone_label(zone: str) -> str:
    return t(f"market.col.{zone}") if zone in geo.ZONES else zone


async def render(me) -> None:
    db = runtime.get().db
    with ui.card().classes("w-full max-w-2xl"):
        ui.label(t("contract.origin_title")).classes("font-bold")
        ui.label(t("contract.origin_help")).classes("text-gray-600 text-sm")
        origin = (
            ui.select(
                geo.PROVINCES,
                value=await io_bound(market.origin_province, db),
                with_input=True,
                label=t("contract.origin"),
            )
            .props("outlined dense")
            .classes("w-56")
            .mark("origin-province")
        )

        async def save_origin() -> None:
            await io_bound(shop_settings.put, db, values={market.ORIGIN_KEY: origin.value}, actor=me.username)
            ui.notify(t("common.saved"), type="positive")

        ui.button(t("common.save"), on_click=save_origin).mark("origin-save")

    ui.label(t("contract.intro")).classes("text-gray-600")

    @ui.refreshable
    async def contract_list() -> None:
        rows = await io_bound(contracts.list_contracts, db)
        if not rows:
            ui.label(t("contract.none")).classes("text-gray-500").mark("contract-none")
        for row in rows:
            with ui.row().classes("w-full items-center gap-3 bg-white rounded p-2").mark(f"contract-row-{row.id}"):
                ui.label(f"{name_of(row.carrier_code)}（{row.carrier_code}）").classes("font-bold w-40")
                ui.label(_zone_label(row.zone)).classes("w-32")
                ui.label(
                    t(
                        "contract.terms",
                        first=fen(row.first_fen),
                        kg=row.first_g / 1000,
                        extra=fen(row.extra_fen_per_kg),
                    )
                )
                ui.label(row.outlet).classes("text-gray-500")
                ui.space()
                ui.button(t("common.delete"), on_click=lambda r=row: remove(r.id)).props(
                    "flat dense no-caps color=negative"
                ).mark(f"contract-delete-{row.id}")

    async def remove(contract_id: int) -> None:
        try:
            await io_bound(contracts.delete_contract, db, contract_id=contract_id, actor=me)
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
        contract_list.refresh()

    await contract_list()
    carriers = {c.code: f"{c.name}（{c.code}）" for c, _ in await io_bound(catalogue.list_carriers, db)}
    zones = {
        **{z: t("contract.zone_option", zone=_zone_label(z)) for z in geo.ZONES},
        **{p: t("contract.province_option", province=p) for p in geo.PROVINCES},
    }
    with ui.card().classes("w-full max-w-3xl").mark("contract-form"):
        ui.label(t("contract.add")).classes("font-bold")
        with ui.row().classes("items-end gap-2"):
            carrier = (
                ui.select(carriers, label=t("market.col.carrier"))
                .props("outlined dense")
                .classes("w-44")
                .mark("contract-carrier")
            )
            zone = (
                ui.select(zones, label=t("contract.zone"), with_input=True)
                .props("outlined dense")
                .classes("w-40")
                .mark("contract-zone")
            )
            first = (
                ui.number(t("contract.first_yuan"), min=0.01, format="%.2f", prefix="¥")
                .props("outlined dense")
                .classes("w-28")
                .mark("contract-first")
            )
            extra = (
                ui.number(t("contract.extra_yuan"), min=0, format="%.2f", prefix="¥")
                .props("outlined dense")
                .classes("w-28")
                .mark("contract-extra")
            )
            outlet = ui.input(t("contract.outlet")).props("outlined dense").classes("w-40").mark("contract-outlet")

            async def add() -> None:
                try:
                    await io_bound(
                        contracts.save_contract,
                        db,
                        carrier_code=carrier.value or "",
                        zone=zone.value or "",
                        first_fen=round(float(first.value or 0) * 100),
                        extra_fen_per_kg=round(float(extra.value or 0) * 100),
                        outlet=outlet.value or "",
                        actor=me,
                    )
                except ServiceError as exc:
                    ui.notify(exc.message(lang()), type="negative")
                    return
                ui.notify(t("contract.saved"), type="positive")
                contract_list.refresh()

            ui.button(t("common.save"), icon="handshake", on_click=add).mark("contract-save")
