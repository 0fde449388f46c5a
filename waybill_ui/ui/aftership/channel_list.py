"""The channels of the 通知渠道 tab: each with its kinds, last send and last error, an on/off
switch, 测试 and 删除 (part of ui/aftership/channels_tab.py)."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from waybill_ui import runtime
from waybill_ui.clock import fmt_local
from waybill_ui.services.alerts import channels as alert_channels
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.session import actor
from waybill_ui.ui.work import io_bound


class ChannelList:
    """Drawn into the current container; `reload` draws it again from the database."""

    def __init__(self) -> None:
        self.rt = runtime.get()
        self.box = ui.column().classes("w-full gap-2").mark("channel-list")

    async def reload(self) -> None:
        rows = await io_bound(alert_channels.list_channels, self.rt.db)
        self.box.clear()
        with self.box:
            if not rows:
                ui.label(t("channels.none")).classes("text-gray-600")
            for c in rows:
                self._card(c)

    def _card(self, c: dict[str, Any]) -> None:
        cid = c["id"]
        with ui.card().classes("w-full").mark(f"channel-{cid}"):
            with ui.row().classes("w-full items-center gap-2"):
                ui.label(f"{c['name']} · {t('channels.kind.' + c['kind'])}").classes("font-bold")
                ui.label(c["target"]).classes("text-sm text-gray-600 break-all")
                ui.space()
                ui.switch(t("channels.enabled"), value=c["enabled"], on_change=lambda e: self.toggle(cid, e.value))
                ui.button(t("channels.test"), icon="send", on_click=lambda: self.test(cid)).props(
                    "outline dense no-caps"
                ).mark(f"channel-test-{cid}")
                ui.button(t("channels.delete"), icon="delete", on_click=lambda: self.remove(cid)).props(
                    "flat dense no-caps color=negative"
                )
            kinds_text = "、".join(t(f"alerts.kind.{k}") for k in c["alert_kinds"]) or t("returns.filter.all")
            summary = " · " + t("channels.daily_summary") if c["daily_summary"] else ""
            ui.label(f"{kinds_text}{summary}").classes("text-sm")
            sent = fmt_local(c["last_sent_at"]) if c["last_sent_at"] else "—"
            ui.label(t("channels.state", sent=sent, pending=c["pending"])).classes("text-sm")
            if c["last_error"]:
                ui.label(t("channels.last_error", at=fmt_local(c["last_error_at"]), error=c["last_error"])).classes(
                    "text-sm text-red-700"
                ).mark(f"channel-error-{cid}")

    async def test(self, channel_id: int) -> None:
        try:
            problem = await alert_channels.send_test(
                self.rt.db, channel_id=channel_id, settings=self.rt.settings, lang=lang()
            )
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="warning")
            return
        if problem:
            ui.notify(t("channels.test_failed", problem=problem), type="negative")
        else:
            ui.notify(t("channels.test_ok"), type="positive")
        await self.reload()

    async def toggle(self, channel_id: int, enabled: bool) -> None:
        await io_bound(alert_channels.update, self.rt.db, channel_id=channel_id, enabled=enabled, actor=actor())

    async def remove(self, channel_id: int) -> None:
        await io_bound(alert_channels.delete, self.rt.db, channel_id=channel_id, actor=actor())
        await self.reload()
