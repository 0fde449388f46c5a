"""The mapping step: each field we can import → one of the file's columns, asked once per shop
when no marketplace plug-in knows the layout and the shop has no mapping that fits."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from waybill_ui.services.orders import importing as orders_import
from waybill_ui.ui.i18n import t

ApplyMapping = Callable[[dict[str, str]], Awaitable[None]]


def ask_mapping(box: ui.column, headers: list[str], message: str, apply: ApplyMapping) -> None:
    """Fills `box` with one select per field and shows it; `apply` gets the fields mapped."""
    box.clear()
    selects: dict[str, ui.select] = {}
    with box:
        ui.label(t("import.mapping.title")).classes("font-bold")
        ui.label(message).classes("text-sm text-orange-800")
        with ui.grid(columns=3).classes("w-full gap-1"):
            for field_name in orders_import.formats.FIELDS:
                selects[field_name] = (
                    ui.select({h: h for h in headers}, label=t(f"field.{field_name}"), clearable=True)
                    .props("outlined dense")
                    .mark(f"map-{field_name}")
                )

        async def applied() -> None:
            await apply({f: s.value for f, s in selects.items() if s.value})

        ui.button(t("import.mapping.apply"), icon="check", on_click=applied).mark("import-mapping-apply")
    box.set_visibility(True)
