"""通知渠道 tab: add a WeCom / DingTalk / Feishu robot or e-mail, choose its alert kinds and the
daily summary, a test button per channel, and each channel's last send and last error.

The form is `ChannelForm` below, the channels are listed by channel_list.py; `ChannelsTab` wires
them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from nicegui import ui

from waybill_ui import runtime
from waybill_ui.services.alerts import channels as alert_channels
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.texts import TEXTS
from waybill_ui.ui.aftership.channel_list import ChannelList
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.session import actor
from waybill_ui.ui.work import io_bound


def _alert_kinds() -> dict[str, Any]:
    return {k.removeprefix("alerts.kind."): t(k) for k in sorted(TEXTS) if k.startswith("alerts.kind.")}


class ChannelForm:
    """`added()` runs after a channel is stored."""

    def __init__(self, added: Callable[[], Awaitable[None]]):
        self.added = added
        with ui.card().classes("w-full").mark("channel-form"):
            ui.label(t("channels.add")).classes("text-lg font-bold")
            with ui.row().classes("w-full items-end gap-2"):
                kinds = {k: t(f"channels.kind.{k}") for k in alert_channels.KINDS}
                self.kind = (
                    ui.select(kinds, value="wecom", label=t("channels.kind"))
                    .props("outlined dense")
                    .classes("w-44")
                    .mark("channel-kind")
                )
                self.name = ui.input(t("channels.name")).props("outlined dense").classes("w-40").mark("channel-name")
                self.target = (
                    ui.input(t("channels.target"))
                    .props("outlined dense")
                    .classes("w-96 max-w-full")
                    .mark("channel-target")
                )
                self.secret = (
                    ui.input(t("channels.secret"), password=True)
                    .props("outlined dense")
                    .classes("w-56")
                    .mark("channel-secret")
                )
            with ui.row().classes("w-full items-end gap-2"):
                self.alert_kinds = (
                    ui.select(_alert_kinds(), multiple=True, value=[], label=t("channels.kinds"))
                    .props("outlined dense use-chips")
                    .classes("w-96 max-w-full")
                    .mark("channel-kinds")
                )
                self.summary = ui.checkbox(t("channels.daily_summary")).mark("channel-summary")
                ui.button(t("channels.add"), icon="add", on_click=self.add).mark("channel-add")

    async def add(self) -> None:
        try:
            await io_bound(
                alert_channels.create,
                runtime.get().db,
                kind=self.kind.value,
                name=self.name.value or "",
                target=self.target.value or "",
                secret=self.secret.value or "",
                alert_kinds=self.alert_kinds.value or [],
                daily_summary=bool(self.summary.value),
                actor=actor(),
            )
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
            return
        self.name.value, self.target.value, self.secret.value = "", "", ""
        ui.notify(t("channels.saved"), type="positive")
        await self.added()


class ChannelsTab:
    def __init__(self) -> None:
        self.form = ChannelForm(added=self.reload)
        self.listing = ChannelList()

    async def reload(self) -> None:
        await self.listing.reload()


async def build() -> None:
    await ChannelsTab().reload()
