"""The log of notices given to buyers (告知买家), paged on the server, under the alert list."""

from __future__ import annotations

from nicegui import ui

from waybill_ui import runtime
from waybill_ui.clock import fmt_local
from waybill_ui.services.alerts import buyer_notices
from waybill_ui.ui.alerts.state import AlertsState
from waybill_ui.ui.i18n import t
from waybill_ui.ui.work import io_bound

PAGE_SIZE = 20


class NoticeLog:
    def __init__(self, state: AlertsState):
        self.state = state
        with ui.expansion(t("alerts.notice_log"), icon="history").classes("w-full bg-white").mark("notice-log"):
            self.rows = ui.column().classes("w-full gap-1")
            self.pager = ui.pagination(1, 1, direction_links=True, on_change=lambda e: self.go_to(e.value))

    async def reload(self) -> None:
        found, total = await io_bound(
            buyer_notices.list_notices, runtime.get().db, page=self.state.log_page, size=PAGE_SIZE
        )
        self.pager.max = max(1, -(-total // PAGE_SIZE))
        self.rows.clear()
        with self.rows:
            if not found:
                ui.label(t("alerts.notice_log_empty")).classes("text-gray-500")
            for n in found:
                ui.label(f"{fmt_local(n.created_at)} · {n.created_by} · {n.order_no}：{n.text}").classes(
                    "text-sm"
                ).mark("notice-log-row")

    async def go_to(self, page: int | None) -> None:
        if page and page != self.state.log_page:
            self.state.log_page = page
            await self.reload()
