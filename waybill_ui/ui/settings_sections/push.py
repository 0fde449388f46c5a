"""物流推送: whether push tracking is on, the callback addresses to give the providers, whether
callbacks arrive (last one, counts, last refusal), the subscriptions' states, how a shop LAN can
be reached from the internet, and the push/polling settings."""

from __future__ import annotations

from nicegui import ui

from nicegui.elements.mixins.value_element import ValueElement
from typing import Any
from waybill_ui.ui.work import io_bound
from waybill_ui.runtime import providers_of
from waybill_ui import runtime
from waybill_ui.carriers import registry
from waybill_ui.clock import fmt_local, utcnow
from waybill_ui.services.tracking import push_health
from waybill_ui.services.tracking import config as tracking_config
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.ui.i18n import lang, t

TAB_KEY = "settings.tab.push"
GROUP = "tracking"
ORDER = 35
OWNER_ONLY = True

FIELDS = (
    "tracking.push.silent_h",
    "tracking.push.no_callback_h",
    "tracking.push.resubscribe_min",
    "tracking.push.fallback_max_h",
    "tracking.interval.long_haul_h",
    "tracking.interval.arrived_h",
    "tracking.interval.pickup_point_h",
    "tracking.interval.returning_h",
    "tracking.pickup_window_h",
)
STATES = ("subscribed", "polling", "shutdown", "aborted", "failed")


def _when(value) -> str:
    return fmt_local(value, "%Y-%m-%d %H:%M:%S") if value else t("settings.push.never")


async def render(me) -> None:
    rt = runtime.get()
    ui.label(t("settings.push.intro")).classes("text-gray-600")
    box = ui.column().classes("w-full max-w-3xl gap-2")

    async def show() -> None:
        provider = providers_of(rt).tracking
        on = push_health.enabled(rt.settings, provider)
        cfg = await io_bound(tracking_config.load_for_runtime, rt)
        if cfg is None:  # the app is stopping
            return
        state = await io_bound(push_health.health, rt.db, now=utcnow(), cfg=cfg, is_enabled=on, provider=provider.name)
        if state is None:
            return
        box.clear()
        with box, ui.card().classes("w-full gap-1").mark("push-card"):
            if "subscribe" not in provider.capabilities:
                ui.label(t("settings.push.unsupported")).mark("push-status")
            elif on:
                ui.label(t("settings.push.on", provider=registry.label(provider.name, lang()))).classes(
                    "font-bold text-green-700"
                ).mark("push-status")
            else:
                ui.label(t("settings.push.off")).classes("font-bold").mark("push-status")
            fmt = push_health.wire_format(provider.name)
            with ui.row().classes("w-full gap-2 no-wrap"):
                ui.label(t("settings.push.callback_url", name=fmt.label[lang() == "en"] if fmt else "—")).classes(
                    "text-gray-600 shrink-0"
                )
                ui.label(push_health.callback_url(rt.settings, provider)).classes("font-mono break-all").mark(
                    "push-callback-url"
                )
            if provider.name == "sandbox":
                ui.label(t("settings.push.sandbox_note")).classes("text-sm text-gray-500")
            elif fmt and fmt.console_note:
                ui.label(fmt.console_note[lang() == "en"]).classes("text-sm text-gray-500")
            hours = f"{cfg.push_no_callback.total_seconds() * cfg.scale / 3600:g}"
            if state.silent:
                ui.label(t("settings.push.status_silent", hours=hours)).classes("text-red-600").mark("push-health")
            elif state.last_callback_at:
                ui.label(t("settings.push.status_ok", when=_when(state.last_callback_at))).mark("push-health")
            else:
                ui.label(t("settings.push.status_never")).classes("text-gray-600").mark("push-health")
            for c in state.channels:
                ui.label(
                    t(
                        "settings.push.channel",
                        provider=registry.label(c.provider, lang()),
                        accepted=c.accepted,
                        rejected=c.rejected,
                        unknown=c.unknown,
                    )
                ).mark(f"push-channel-{c.provider}")
                if c.last_error:
                    ui.label(t("settings.push.last_error", when=_when(c.last_rejected_at), error=c.last_error)).classes(
                        "text-sm text-orange-700 break-all"
                    ).mark(f"push-error-{c.provider}")
            ui.label(t("settings.push.states")).classes("font-bold mt-2")
            with ui.row().classes("w-full gap-4 flex-wrap").mark("push-states"):
                for name in STATES:
                    ui.label(f"{t(f'settings.push.state.{name}')}: {state.by_state.get(name, 0)}").mark(
                        f"push-state-{name}"
                    )
            ui.button(t("common.refresh"), icon="refresh", on_click=show).props("flat dense").mark("push-refresh")

    await show()
    with ui.card().classes("w-full max-w-3xl gap-1").mark("push-options"):
        ui.label(t("settings.push.options_title")).classes("font-bold")
        for key in ("settings.push.option_public", "settings.push.option_tunnel", "settings.push.option_none"):
            ui.label("• " + t(key)).classes("text-sm")

    values = await io_bound(tracking_config.stored_values, rt.db)
    fields: dict[str, ValueElement[Any]] = {}
    with ui.card().classes("w-full max-w-3xl").mark("push-settings"):
        ui.label(t("settings.push.fields")).classes("font-bold")
        with ui.grid(columns=2).classes("w-full gap-2"):
            for key in FIELDS:
                fields[key] = (
                    ui.number(t(f"settings.field.{key}"), value=values[key], min=0)
                    .props("outlined dense")
                    .mark(f"setting-{key}")
                )

        async def save() -> None:
            try:
                await io_bound(tracking_config.save, rt.db, values={k: f.value for k, f in fields.items()}, actor=me)
            except ServiceError as exc:
                ui.notify(exc.message(lang()), type="negative")
                return
            ui.notify(t("settings.push.saved"), type="positive")
            await show()

        ui.button(t("common.save"), icon="save", on_click=save).mark("push-settings-save")
