"""设置 → 合同价's parts: the shipping origin card, the list of own contract prices (with 删除) and
the form that adds or replaces one (services/market/contracts.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from waybill_ui import runtime
from waybill_ui.carriers import geo
from waybill_ui.carriers.codes import name_of
from waybill_ui.db.models import ContractPrice
from waybill_ui.db.rows import row_id
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.services.market import contracts
from waybill_ui.services.market import quotes as market
from waybill_ui.services.settings import store as shop_settings
from waybill_ui.ui.i18n import fen, lang, t
from waybill_ui.ui.work import io_bound


def zone_label(zone: str) -> str:
    return t(f"market.col.{zone}") if zone in geo.ZONES else zone


async def origin_card(me) -> None:
    """Where parcels leave from: the zone prices are reckoned from it."""
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


class ContractList:
    """Drawn into the current container; `reload` draws it again from the database."""

    def __init__(self, me):
        self.db = runtime.get().db
        self.me = me
        self.box = ui.column().classes("w-full")  # the gap of the section around it

    async def reload(self) -> None:
        rows = await io_bound(contracts.list_contracts, self.db)
        self.box.clear()
        with self.box:
            if not rows:
                ui.label(t("contract.none")).classes("text-gray-500").mark("contract-none")
            for row in rows:
                self._row(row)

    def _row(self, row: ContractPrice) -> None:
        with ui.row().classes("w-full items-center gap-3 bg-white rounded p-2").mark(f"contract-row-{row.id}"):
            ui.label(f"{name_of(row.carrier_code)}（{row.carrier_code}）").classes("font-bold w-40")
            ui.label(zone_label(row.zone)).classes("w-32")
            terms = t(
                "contract.terms", first=fen(row.first_fen), kg=row.first_g / 1000, extra=fen(row.extra_fen_per_kg)
            )
            ui.label(terms)
            ui.label(row.outlet).classes("text-gray-500")
            ui.space()
            ui.button(t("common.delete"), on_click=lambda: self.remove(row_id(row))).props(
                "flat dense no-caps color=negative"
            ).mark(f"contract-delete-{row.id}")

    async def remove(self, contract_id: int) -> None:
        try:
            await io_bound(contracts.delete_contract, self.db, contract_id=contract_id, actor=self.me)
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
        await self.reload()


class ContractForm:
    """`saved()` runs after a contract price is stored."""

    def __init__(self, me, carriers: dict[str, str], saved: Callable[[], Awaitable[None]]):
        self.me = me
        self.saved = saved
        zones = {
            **{z: t("contract.zone_option", zone=zone_label(z)) for z in geo.ZONES},
            **{p: t("contract.province_option", province=p) for p in geo.PROVINCES},
        }
        with ui.card().classes("w-full max-w-3xl").mark("contract-form"):
            ui.label(t("contract.add")).classes("font-bold")
            with ui.row().classes("items-end gap-2"):
                self.carrier = (
                    ui.select(carriers, label=t("market.col.carrier"))
                    .props("outlined dense")
                    .classes("w-44")
                    .mark("contract-carrier")
                )
                self.zone = (
                    ui.select(zones, label=t("contract.zone"), with_input=True)
                    .props("outlined dense")
                    .classes("w-40")
                    .mark("contract-zone")
                )
                self.first = self._yuan(t("contract.first_yuan"), 0.01, "contract-first")
                self.extra = self._yuan(t("contract.extra_yuan"), 0, "contract-extra")
                self.outlet = (
                    ui.input(t("contract.outlet")).props("outlined dense").classes("w-40").mark("contract-outlet")
                )
                ui.button(t("common.save"), icon="handshake", on_click=self.add).mark("contract-save")

    @staticmethod
    def _yuan(label: str, least: float, marker: str) -> ui.number:
        return (
            ui.number(label, min=least, format="%.2f", prefix="¥").props("outlined dense").classes("w-28").mark(marker)
        )

    async def add(self) -> None:
        try:
            await io_bound(
                contracts.save_contract,
                runtime.get().db,
                carrier_code=self.carrier.value or "",
                zone=self.zone.value or "",
                first_fen=round(float(self.first.value or 0) * 100),
                extra_fen_per_kg=round(float(self.extra.value or 0) * 100),
                outlet=self.outlet.value or "",
                actor=self.me,
            )
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
            return
        ui.notify(t("contract.saved"), type="positive")
        await self.saved()
