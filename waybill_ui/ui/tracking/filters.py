"""The 物流跟踪 filter bar (carrier, alert, shipped between, search, never printed), read as one
`tq.Filters` together with the status chip the page keeps."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, time, timedelta

from nicegui import ui

from waybill_ui.carriers.codes import CARRIERS
from waybill_ui.clock import SHANGHAI
from waybill_ui.services.alerts import center as alert_center
from waybill_ui.services.alerts import rules as alert_rules
from waybill_ui.services.tracking import queries as tq
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.tracking_parts import status_label


def day(text: str | None, *, end: bool = False) -> datetime | None:
    """A date typed in the shop's time zone; `end` gives the start of the next day."""
    if not text:
        return None
    try:
        chosen = datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        return None
    return datetime.combine(chosen + timedelta(days=1 if end else 0), time(), tzinfo=SHANGHAI)


class FilterBar:
    def __init__(
        self, *, carrier: str, alert: str, q: str, apply: Callable[[], Awaitable[None]], reset: Callable[[], object]
    ):
        """`carrier`, `alert`, `q`: the page's query parameters (unknown values choose "all")."""
        kinds = {
            "": t("tracking.all"),
            "any": t("tracking.filter.alert_any"),
            "none": t("tracking.filter.alert_none"),
            **{k: alert_center.kind_label(k, lang()) for k in alert_rules.SHIPMENT_KINDS},
        }
        with ui.row().classes("w-full items-end gap-2").mark("tracking-filters"):
            self.carrier = (
                ui.select(
                    {"": t("tracking.all"), **{c: v.name for c, v in CARRIERS.items()}},
                    value=carrier if carrier in CARRIERS else "",
                    label=t("tracking.filter.carrier"),
                )
                .props("outlined dense")
                .classes("w-36")
                .mark("filter-carrier")
            )
            self.alert = (
                ui.select(kinds, value=alert if alert in kinds else "", label=t("tracking.filter.alert"))
                .props("outlined dense")
                .classes("w-36")
                .mark("filter-alert")
            )
            self.since = self._date(t("tracking.filter.since"), "filter-since")
            self.until = self._date(t("tracking.filter.until"), "filter-until")
            self.search = (
                ui.input(t("tracking.filter.search"), value=q)
                .props("outlined dense clearable")
                .classes("w-64")
                .mark("filter-search")
            )
            self.unprinted = (
                ui.checkbox(t("tracking.filter.unprinted"), on_change=apply).props("dense").mark("filter-unprinted")
            )
            ui.button(t("tracking.filter.apply"), icon="filter_alt", on_click=apply).mark("filter-apply")
            ui.button(t("tracking.filter.reset"), on_click=reset).props("flat").mark("filter-reset")
        self.search.on("keydown.enter", apply)

    @staticmethod
    def _date(label: str, marker: str) -> ui.input:
        return ui.input(label).props("outlined dense type=date stack-label").classes("w-40").mark(marker)

    def current(self, status: str | None) -> tq.Filters:
        return tq.Filters(
            status=status,
            carrier=self.carrier.value or None,
            alert=self.alert.value or None,
            q=self.search.value or None,
            since=day(self.since.value),
            until=day(self.until.value, end=True),
            unprinted=bool(self.unprinted.value),
        )

    def clear(self) -> bool:
        """Empty every field; True when that changed "never printed", whose own handler reloads the list."""
        self.carrier.value = self.alert.value = ""
        self.since.value = self.until.value = self.search.value = ""
        if self.unprinted.value:
            self.unprinted.set_value(False)
            return True
        return False


def status_chips(box: ui.row, counts: dict[str, int], status: str | None, pick: Callable[[str | None], object]) -> None:
    """ "All" and a chip per status with parcels (or chosen), each with its count; `status` is the one chosen."""
    box.clear()
    with box:
        everything = sum(counts.values())
        ui.chip(f"{t('tracking.all')} {everything}", on_click=lambda: pick(None)).props(
            f"clickable {'' if status else 'outline'} color=primary"
        ).mark("chip-all")
        for code in tq.STATUSES:
            if code in counts or code == status:
                chosen = code == status
                ui.chip(f"{status_label(code)} {counts.get(code, 0)}", on_click=lambda c=code: pick(c)).props(
                    f"clickable {'' if chosen else 'outline'} color=primary"
                ).mark(f"chip-{code}")
