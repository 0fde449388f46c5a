"""Which orders are chosen on the orders page: some by id, or "all that match" minus the ones
unticked since — a selection that can span pages without loading every id."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Selection:
    total: int = 0  # orders matching the filter
    chosen: set[int] = field(default_factory=set)
    everything: bool = False  # all matching orders …
    excluded: set[int] = field(default_factory=set)  # … except these

    def has(self, order_id: int) -> bool:
        return order_id not in self.excluded if self.everything else order_id in self.chosen

    @property
    def size(self) -> int:
        return self.total - len(self.excluded) if self.everything else len(self.chosen)

    def clear(self) -> None:
        self.chosen, self.everything, self.excluded = set(), False, set()

    def choose_all(self) -> None:
        self.chosen, self.everything, self.excluded = set(), True, set()

    def page_ticked(self, page_ids: set[int], ticked: set[int]) -> None:
        """The table's ticks on the page shown changed to `ticked`."""
        if self.everything:
            self.excluded = (self.excluded - page_ids) | (page_ids - ticked)
        else:
            self.chosen = (self.chosen - page_ids) | ticked
