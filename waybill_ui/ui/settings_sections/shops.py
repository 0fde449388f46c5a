"""店铺 (owner only): the seller's shops — add, rename, change marketplace, deactivate, delete an
empty one, forget a remembered column mapping. Rules live in services/orders/shops.py."""

from __future__ import annotations

from nicegui import ui

from waybill_ui import runtime
from waybill_ui.services.orders import shops
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.work import io_bound
from waybill_ui.db.rows import row_id

TAB_KEY = "shops.settings.title"
GROUP = "shop"
ORDER = 5
OWNER_ONLY = True


def marketplace_options() -> dict[str, str]:
    return {m: t(f"marketplace.{m}") for m in shops.MARKETPLACES}


async def render(me) -> None:
    db = runtime.get().db

    async def call(fn, **kw) -> bool:
        try:
            await io_bound(fn, db, actor=me, **kw)
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
            return False
        ui.notify(t("shops.settings.saved"), type="positive")
        await draw.refresh()
        return True

    with ui.card().classes("w-full max-w-3xl").mark("shops-card"):
        ui.label(t("shops.settings.title")).classes("text-lg font-bold")
        ui.label(t("shops.settings.intro")).classes("text-sm text-gray-600")
        with ui.row().classes("w-full items-end gap-2"):
            name = ui.input(t("shops.settings.name")).props("outlined dense").mark("shop-new-name")
            market = (
                ui.select(marketplace_options(), value="pdd", label=t("shops.marketplace"))
                .props("outlined dense")
                .classes("w-44")
                .mark("shop-new-marketplace")
            )

            async def add() -> None:
                if await call(shops.create_shop, name=name.value or "", marketplace=market.value):
                    name.value = ""

            ui.button(t("shops.settings.add"), icon="add", on_click=add).mark("shop-add")

        @ui.refreshable
        async def draw() -> None:
            rows = await io_bound(shops.list_shops, db)
            counts = await io_bound(shops.order_counts, db)
            for shop in rows:
                with ui.row().classes("w-full items-center gap-2 border-t pt-2").mark(f"shop-row-{shop.id}"):
                    label = (
                        ui.input(value=shop.name).props("outlined dense").classes("w-48").mark(f"shop-name-{shop.id}")
                    )
                    kind = (
                        ui.select(marketplace_options(), value=shop.marketplace)
                        .props("outlined dense")
                        .classes("w-40")
                        .mark(f"shop-marketplace-{shop.id}")
                    )
                    ui.label(f"{t('shops.settings.orders')} {counts.get(row_id(shop), 0):,}").classes("text-sm")
                    if not shop.active:
                        ui.badge(t("shops.settings.inactive"), color="grey").mark(f"shop-inactive-{shop.id}")
                    if (shop.column_mapping or {}).get("columns"):
                        ui.badge(t("shops.settings.mapping"), color="orange").mark(f"shop-mapping-{shop.id}")
                    ui.space()

                    def save(shop=shop, label=label, kind=kind):
                        return call(shops.update_shop, shop_id=shop.id, name=label.value or "", marketplace=kind.value)

                    ui.button(t("common.save"), on_click=save).props("flat dense no-caps").mark(f"shop-save-{shop.id}")
                    ui.button(
                        t("shops.settings.activate" if not shop.active else "shops.settings.deactivate"),
                        on_click=lambda shop=shop: call(shops.update_shop, shop_id=shop.id, active=not shop.active),
                    ).props("flat dense no-caps").mark(f"shop-toggle-{shop.id}")
                    if (shop.column_mapping or {}).get("columns"):
                        ui.button(t("shops.settings.forget_mapping"), on_click=lambda shop=shop: forget(shop.id)).props(
                            "flat dense no-caps"
                        ).mark(f"shop-forget-{shop.id}")
                    if not counts.get(row_id(shop)) and shop.id != shops.DEFAULT_SHOP_ID:
                        ui.button(
                            t("shops.settings.delete"),
                            icon="delete",
                            on_click=lambda shop=shop: call(shops.delete_shop, shop_id=shop.id),
                        ).props("flat dense no-caps color=negative").mark(f"shop-delete-{shop.id}")

        async def forget(shop_id: int) -> None:
            await call(shops.forget_mapping, shop_id=shop_id)

        await draw()
