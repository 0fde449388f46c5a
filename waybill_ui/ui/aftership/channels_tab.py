"""通知渠道 tab: add a WeCom / DingTalk / Feishu robot or e-mail, choose its alert kinds and the
daily summary, a test button per channel, and each channel's last send and last error."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.clock import fmt_local
from waybill_ui.services.alerts import channels as alert_channels
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.texts import TEXTS
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.session import actor
from typing import Any


def _alert_kinds() -> dict[str, Any]:
    return {k.removeprefix("alerts.kind."): t(k) for k in sorted(TEXTS) if k.startswith("alerts.kind.")}


async def build() -> None:
    rt = runtime.get()
    db = rt.db
    with ui.card().classes("w-full").mark("channel-form"):
        ui.label(t("channels.add")).classes("text-lg font-bold")
        with ui.row().classes("w-full items-end gap-2"):
            kind = (
                ui.select(
                    {k: t(f"channels.kind.{k}") for k in alert_channels.KINDS}, value="wecom", label=t("channels.kind")
                )
                .props("outlined dense")
                .classes("w-44")
                .mark("channel-kind")
            )
            name = ui.input(t("channels.name")).props("outlined dense").classes("w-40").mark("channel-name")
            target = (
                ui.input(t("channels.target")).props("outlined dense").classes("w-96 max-w-full").mark("channel-target")
            )
            secret = (
                ui.input(t("channels.secret"), password=True)
                .props("outlined dense")
                .classes("w-56")
                .mark("channel-secret")
            )
        with ui.row().classes("w-full items-end gap-2"):
            kinds = (
                ui.select(_alert_kinds(), multiple=True, value=[], label=t("channels.kinds"))
                .props("outlined dense use-chips")
                .classes("w-96 max-w-full")
                .mark("channel-kinds")
            )
            summary = ui.checkbox(t("channels.daily_summary")).mark("channel-summary")
            ui.button(t("channels.add"), icon="add", on_click=lambda: add()).mark("channel-add")
    listing = ui.column().classes("w-full gap-2").mark("channel-list")

    async def add() -> None:
        try:
            await io_bound(
                alert_channels.create,
                db,
                kind=kind.value,
                name=name.value or "",
                target=target.value or "",
                secret=secret.value or "",
                alert_kinds=kinds.value or [],
                daily_summary=bool(summary.value),
                actor=actor(),
            )
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
            return
        name.value, target.value, secret.value = "", "", ""
        ui.notify(t("channels.saved"), type="positive")
        await refresh()

    async def test(channel_id: int) -> None:
        try:
            problem = await alert_channels.send_test(db, channel_id=channel_id, settings=rt.settings, lang=lang())
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="warning")
            return
        if problem:
            ui.notify(t("channels.test_failed", problem=problem), type="negative")
        else:
            ui.notify(t("channels.test_ok"), type="positive")
        await refresh()

    async def toggle(channel_id: int, enabled: bool) -> None:
        await io_bound(alert_channels.update, db, channel_id=channel_id, enabled=enabled, actor=actor())

    async def remove(channel_id: int) -> None:
        await io_bound(alert_channels.delete, db, channel_id=channel_id, actor=actor())
        await refresh()

    async def refresh() -> None:
        rows = await io_bound(alert_channels.list_channels, db)
        listing.clear()
        with listing:
            if not rows:
                ui.label(t("channels.none")).classes("text-gray-600")
            for c in rows:
                with ui.card().classes("w-full").mark(f"channel-{c['id']}"):
                    with ui.row().classes("w-full items-center gap-2"):
                        ui.label(f"{c['name']} · {t('channels.kind.' + c['kind'])}").classes("font-bold")
                        ui.label(c["target"]).classes("text-sm text-gray-600 break-all")
                        ui.space()
                        ui.switch(
                            t("channels.enabled"), value=c["enabled"], on_change=lambda e, i=c["id"]: toggle(i, e.value)
                        )
                        ui.button(t("channels.test"), icon="send", on_click=lambda i=c["id"]: test(i)).props(
                            "outline dense no-caps"
                        ).mark(f"channel-test-{c['id']}")
                        ui.button(t("channels.delete"), icon="delete", on_click=lambda i=c["id"]: remove(i)).props(
                            "flat dense no-caps color=negative"
                        )
                    kinds_text = "、".join(t(f"alerts.kind.{k}") for k in c["alert_kinds"]) or t("returns.filter.all")
                    ui.label(
                        f"{kinds_text}{' · ' + t('channels.daily_summary') if c['daily_summary'] else ''}"
                    ).classes("text-sm")
                    ui.label(
                        t(
                            "channels.state",
                            sent=fmt_local(c["last_sent_at"]) if c["last_sent_at"] else "—",
                            pending=c["pending"],
                        )
                    ).classes("text-sm")
                    if c["last_error"]:
                        ui.label(
                            t("channels.last_error", at=fmt_local(c["last_error_at"]), error=c["last_error"])
                        ).classes("text-sm text-red-700").mark(f"channel-error-{c['id']}")

    await refresh()
