"""物流查询: the tracking provider and its keys (saved here, environment as default), what is in
effect and where it came from, and "test the connection" on the values in the form."""

from __future__ import annotations

from typing import Any

from nicegui import ui
from nicegui.elements.mixins.value_element import ValueElement

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.carriers import registry
from waybill_ui.carriers.protocol import ProviderConfigError, ProviderError
from waybill_ui.services.alerts import center as alert_center
from waybill_ui.services.alerts import rules as alert_rules
from waybill_ui.services.settings import providers as ps
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.ui.i18n import lang, t

TAB_KEY = "settings.tab.providers"
ORDER = 30
OWNER_ONLY = True


def _label(key: str) -> str:
    """The provider select's own label, or what the provider declares for its setting."""
    if key == ps.PROVIDER:
        return t("settings.providers.provider")
    return registry.setting_specs()[key][1].label[lang() == "en"]


async def render(me) -> None:
    rt = runtime.get()
    db = rt.db
    ui.label(t("settings.providers.intro")).classes("text-gray-600")
    effect_box = ui.column().classes("w-full max-w-3xl")
    problem_box = ui.column().classes("w-full max-w-3xl")

    async def show_effect() -> None:
        shown = await io_bound(ps.in_effect, db, rt.settings)
        problems, _ = await io_bound(alert_center.list_alerts, db, status="open", kind=alert_rules.PROVIDER_CONFIG)
        effect_box.clear()
        with effect_box, ui.card().classes("w-full gap-1").mark("provider-in-effect"):
            ui.label(t("settings.providers.in_effect")).classes("font-bold")
            for key, item in shown.items():
                value = registry.tracking_label(item.value, lang()) if key == ps.PROVIDER else item.shown
                with ui.row().classes("w-full gap-2 no-wrap"):
                    ui.label(_label(key)).classes("w-64 text-gray-600 shrink-0")
                    ui.label(value or "—").classes("grow font-mono break-all").mark(f"effect-{key}")
                    ui.label(t(f"settings.providers.source.{item.source}")).classes(
                        "text-xs text-gray-500 shrink-0 whitespace-nowrap"
                    ).mark(f"source-{key}")
        problem_box.clear()
        with problem_box:
            for p in problems:
                ui.label(
                    t("settings.providers.open_problem", message=alert_center.localized_message(p, lang()))
                ).classes("text-red-600").mark("provider-problem")

    saved = await io_bound(ps.stored, db)
    with ui.card().classes("w-full max-w-3xl").mark("provider-form"):
        fields: dict[str, ValueElement[Any]] = {}
        fields[ps.PROVIDER] = (
            ui.select(
                {
                    "": t("settings.providers.use_env"),
                    **{p: registry.tracking_label(p, lang()) for p in ps.providers()},
                },
                value=saved.get(ps.PROVIDER, ""),
                label=_label(ps.PROVIDER),
            )
            .props("outlined dense")
            .classes("w-80 max-w-full")
            .mark("provider-select")
        )
        for key, (_, spec) in registry.setting_specs().items():
            if spec.kind == "choice":
                fields[key] = (
                    ui.select(
                        {"": t("settings.providers.use_env"), **spec.choices},
                        value=saved.get(key, ""),
                        label=_label(key),
                    )
                    .props("outlined dense")
                    .classes("w-80 max-w-full")
                    .mark(f"field-{key}")
                )
                continue
            hint = (
                t("settings.providers.secret_hint") if spec.secret and key in saved else t("settings.providers.use_env")
            )
            fields[key] = (
                ui.input(
                    _label(key), value="" if spec.secret else saved.get(key, ""), password=spec.secret, placeholder=hint
                )
                .props("outlined dense")
                .classes("w-full")
                .mark(f"field-{key}")
            )
        result = ui.label().classes("whitespace-pre-wrap").mark("provider-test-result")

        def values() -> dict[str, str]:
            return {key: str(field.value or "") for key, field in fields.items()}

        async def test() -> None:
            result.classes(remove="text-red-600 text-green-700")
            test_button.props("loading")
            try:
                provider = await io_bound(ps.provider_for_test, db, rt, values())
                outcome = await provider.test_connection()
            except ServiceError as exc:
                result.text, colour = exc.message(lang()), "text-red-600"
            except ProviderConfigError as exc:
                result.text, colour = t("settings.providers.test_config", error=str(exc)), "text-red-600"
            except ProviderError as exc:
                result.text, colour = t("settings.providers.test_failed", error=str(exc)), "text-red-600"
            else:
                result.text, colour = (
                    t("settings.providers.test_ok", result=f"{provider.name} {outcome}"),
                    "text-green-700",
                )
            finally:
                test_button.props(remove="loading")
            result.classes(add=colour)

        async def save(clear: frozenset[str] = frozenset()) -> None:
            try:
                await io_bound(ps.save, db, values=values(), actor=me, clear=clear)
                ps.apply(rt)  # rebuilt in place: the next refresh uses the new keys
            except ServiceError as exc:
                ui.notify(exc.message(lang()), type="negative")
                return
            ui.notify(t("settings.providers.saved"), type="positive")
            await show_effect()

        with ui.row():
            test_button = (
                ui.button(t("settings.providers.test"), icon="wifi_tethering", on_click=test)
                .props("outline")
                .mark("provider-test")
            )
            ui.button(t("common.save"), icon="save", on_click=lambda: save()).mark("provider-save")
            ui.button(t("settings.providers.clear_secrets"), on_click=lambda: save(ps.secret_keys())).props(
                "flat"
            ).mark("provider-clear-secrets")
    await show_effect()
