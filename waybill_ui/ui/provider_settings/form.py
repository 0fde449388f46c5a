"""The 物流查询 form: the tracking provider and the settings every provider declares (saved here;
the environment stays the default), 测试连接 on the values in the form, 保存 and 清除密钥."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from nicegui import ui
from nicegui.elements.mixins.value_element import ValueElement

from waybill_ui import runtime
from waybill_ui.carriers import registry
from waybill_ui.carriers.protocol import ProviderConfigError, ProviderError
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.services.settings import providers as ps
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.work import io_bound


def label_of(key: str) -> str:
    """The provider select's own label, or what the provider declares for its setting."""
    if key == ps.PROVIDER:
        return t("settings.providers.provider")
    return registry.setting_specs()[key][1].label[lang() == "en"]


def _fields(saved: dict[str, str]) -> dict[str, ValueElement[Any]]:
    use_env = t("settings.providers.use_env")
    providers = {p: registry.tracking_label(p, lang()) for p in ps.providers()}
    fields: dict[str, ValueElement[Any]] = {}
    fields[ps.PROVIDER] = (
        ui.select({"": use_env, **providers}, value=saved.get(ps.PROVIDER, ""), label=label_of(ps.PROVIDER))
        .props("outlined dense")
        .classes("w-80 max-w-full")
        .mark("provider-select")
    )
    for key, (_, spec) in registry.setting_specs().items():
        if spec.kind == "choice":
            fields[key] = (
                ui.select({"": use_env, **spec.choices}, value=saved.get(key, ""), label=label_of(key))
                .props("outlined dense")
                .classes("w-80 max-w-full")
                .mark(f"field-{key}")
            )
            continue
        hint = t("settings.providers.secret_hint") if spec.secret and key in saved else use_env
        value = "" if spec.secret else saved.get(key, "")  # a saved secret is never sent back to the browser
        fields[key] = (
            ui.input(label_of(key), value=value, password=spec.secret, placeholder=hint)
            .props("outlined dense")
            .classes("w-full")
            .mark(f"field-{key}")
        )
    return fields


class ProviderForm:
    """`saved()` runs after new settings are stored and in effect."""

    def __init__(self, me, saved_values: dict[str, str], saved: Callable[[], Awaitable[None]]):
        self.rt = runtime.get()
        self.me = me
        self.saved = saved
        with ui.card().classes("w-full max-w-3xl").mark("provider-form"):
            self.fields = _fields(saved_values)
            self.result = ui.label().classes("whitespace-pre-wrap").mark("provider-test-result")
            with ui.row():
                self.test_button = (
                    ui.button(t("settings.providers.test"), icon="wifi_tethering", on_click=self.test)
                    .props("outline")
                    .mark("provider-test")
                )
                ui.button(t("common.save"), icon="save", on_click=lambda: self.save()).mark("provider-save")
                ui.button(t("settings.providers.clear_secrets"), on_click=lambda: self.save(ps.secret_keys())).props(
                    "flat"
                ).mark("provider-clear-secrets")

    def values(self) -> dict[str, str]:
        return {key: str(field.value or "") for key, field in self.fields.items()}

    async def test(self) -> None:
        result = self.result
        result.classes(remove="text-red-600 text-green-700")
        self.test_button.props("loading")
        try:
            provider = await io_bound(ps.provider_for_test, self.rt.db, self.rt, self.values())
            outcome = await provider.test_connection()
        except ServiceError as exc:
            result.text, colour = exc.message(lang()), "text-red-600"
        except ProviderConfigError as exc:
            result.text, colour = t("settings.providers.test_config", error=str(exc)), "text-red-600"
        except ProviderError as exc:
            result.text, colour = t("settings.providers.test_failed", error=str(exc)), "text-red-600"
        else:
            ok = t("settings.providers.test_ok", result=f"{provider.name} {outcome}")
            result.text, colour = ok, "text-green-700"
        finally:
            self.test_button.props(remove="loading")
        result.classes(add=colour)

    async def save(self, clear: frozenset[str] = frozenset()) -> None:
        try:
            await io_bound(ps.save, self.rt.db, values=self.values(), actor=self.me, clear=clear)
            ps.apply(self.rt)  # rebuilt in place: the next refresh uses the new keys
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
            return
        await self.saved()  # the form shows what is in effect before the message says so
        ui.notify(t("settings.providers.saved"), type="positive")
