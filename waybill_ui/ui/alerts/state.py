"""What the 预警 center shows and which alerts are ticked, as typed state instead of closure cells.

A selection can be some alerts by id, or "all that match the filter" (the service resolves those
itself from the status and kind, so no id list is loaded for it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from waybill_ui.services.alerts import center as alert_center


@dataclass
class AlertSelection:
    chosen: set[int] = field(default_factory=set)
    everything: bool = False  # every alert matching the filter
    total: int = 0  # alerts matching the filter
    shown: list[int] = field(default_factory=list)  # the ids with a box on the page shown (not resolved)

    @property
    def size(self) -> int:
        return self.total if self.everything else len(self.chosen)

    def has(self, alert_id: int) -> bool:
        return self.everything or alert_id in self.chosen

    def tick(self, alert_id: int, value: bool) -> None:
        if self.everything and not value:  # leaving "all" mode: keep what is ticked on this page
            self.everything = False
            self.chosen = set(self.shown)
        if value:
            self.chosen.add(alert_id)
        else:
            self.chosen.discard(alert_id)

    def tick_page(self) -> None:
        self.chosen |= set(self.shown)

    def choose_all(self) -> None:
        self.everything, self.chosen = True, set()

    def clear(self) -> None:
        self.everything, self.chosen = False, set()

    def ids(self) -> list[int] | None:
        """The ticked ids, or None for "all matching"."""
        return None if self.everything else sorted(self.chosen)


@dataclass
class AlertsState:
    status: str = "open"  # one of alert_center.STATUS_FILTERS
    kind: str | None = None  # None: every kind
    page: int = 1
    log_page: int = 1  # the page of the buyer-notice log
    selection: AlertSelection = field(default_factory=AlertSelection)

    @classmethod
    def from_query(cls, status: str, kind: str) -> AlertsState:
        """The page's query parameters; an unknown status shows the open alerts."""
        return cls(status=status if status in alert_center.STATUS_FILTERS else "open", kind=kind or None)
