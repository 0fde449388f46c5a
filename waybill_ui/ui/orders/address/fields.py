"""The address fields of one order: receiver, mobile and extension, landline, province → city →
district chosen from the divisions table (each choice narrows the next), and the street detail."""

from __future__ import annotations

from nicegui import events, ui

from waybill_ui.db.models import Order
from waybill_ui.services.orders.addresses import divisions, fill
from waybill_ui.services.orders.addresses.paste import Parsed, split_phone
from waybill_ui.ui.i18n import t


def _field(label: str, value: str, marker: str) -> ui.input:
    return ui.input(label, value=value).props("outlined dense").mark(marker)


class AddressFields:
    def __init__(self, order: Order):
        phone, extension = split_phone(order.phone)
        with ui.grid(columns="repeat(auto-fit, minmax(10rem, 1fr))").classes("w-full gap-2"):
            self.name = _field(t("address.field.name"), order.receiver_name, "address-name")
            self.mobile = _field(t("address.field.phone"), phone, "address-phone")
            self.ext = _field(t("address.field.extension"), order.phone_ext or extension, "address-extension")
            self.landline = _field(t("address.field.landline"), order.landline, "address-landline")
            self.province = (
                ui.select(
                    divisions.provinces(),
                    label=t("address.field.province"),
                    value=order.province if order.province in divisions.provinces() else None,
                )
                .props("outlined dense")
                .mark("address-province")
            )
            self.city = ui.select([], label=t("address.field.city")).props("outlined dense").mark("address-city")
            self.district = (
                ui.select([], label=t("address.field.district"), clearable=True)
                .props("outlined dense")
                .mark("address-district")
            )
        self.detail = _field(t("address.field.detail"), order.address, "address-detail").classes("w-full")
        self.set_place(order.province, order.city, order.district)
        self.province.on_value_change(self.on_province)
        self.city.on_value_change(self.on_city)

    def set_place(self, p: str, c: str, d: str) -> None:
        self.province.value = p or None
        self.city.set_options(divisions.cities_of(p) if p else [], value=c if c in divisions.cities_of(p) else None)
        districts = divisions.districts_of(p, c) if p and c else []
        self.district.set_options(districts, value=d if d in districts else None)

    def on_province(self, e: events.ValueChangeEventArguments) -> None:
        self.city.set_options(divisions.cities_of(e.value) if e.value else [], value=None)
        self.district.set_options([], value=None)

    def on_city(self, e: events.ValueChangeEventArguments) -> None:
        province = self.province.value
        districts = divisions.districts_of(province, e.value) if province and e.value else []
        self.district.set_options(districts, value=None)

    def take(self, got: Parsed) -> None:
        """What a pasted block gave: each field found replaces the one shown; the place always."""
        for field, value in (
            (self.name, got.name),
            (self.mobile, got.phone),
            (self.ext, got.extension),
            (self.landline, got.landline),
            (self.detail, got.detail),
        ):
            if value:
                field.value = value
        self.set_place(got.province, got.city, got.district)

    def values(self) -> fill.AddressInput:
        return fill.AddressInput(
            name=self.name.value or "",
            phone=self.mobile.value or "",
            extension=self.ext.value or "",
            landline=self.landline.value or "",
            province=self.province.value or "",
            city=self.city.value or "",
            district=self.district.value or "",
            detail=self.detail.value or "",
        )
