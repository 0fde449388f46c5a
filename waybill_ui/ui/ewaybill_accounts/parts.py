"""设置 → 电子面单账号's parts: the accounts (quota as reported and as counted, never a secret) with
刷新余额 and 删除, and the form that adds one (services/ewaybill/accounts.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from waybill_ui import runtime
from waybill_ui.carriers import registry
from waybill_ui.carriers.codes import CARRIERS
from waybill_ui.carriers.protocol import ProviderError
from waybill_ui.clock import fmt_local
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.services.ewaybill import accounts as ewaybill_accounts
from waybill_ui.services.ewaybill import issue as ewaybill
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.work import io_bound


def quota_text(value: int | None) -> str:
    return "—" if value is None else str(value)


class AccountList:
    """Drawn into the current container; `reload` draws it again from the database."""

    def __init__(self, me):
        self.db = runtime.get().db
        self.me = me
        self.box = ui.column().classes("w-full")  # the gap of the section around it

    async def reload(self) -> None:
        rows = await io_bound(ewaybill_accounts.list_accounts, self.db)
        self.box.clear()
        with self.box:
            if not rows:
                ui.label(t("ewaybill.settings.none")).classes("text-gray-500").mark("ewaybill-none")
            for row in rows:
                self._row(row)

    def _row(self, row: ewaybill_accounts.AccountView) -> None:
        with ui.row().classes("w-full items-center gap-3 bg-white rounded p-2 flex-wrap").mark("ewaybill-account"):
            ui.label(f"{row.carrier_name} · {row.provider}").classes("font-bold w-48")
            quota = t(
                "ewaybill.settings.quota",
                reported=quota_text(row.quota_reported),
                local=quota_text(row.quota_local),
                issued=row.issued_count,
            )
            ui.label(quota).classes("text-red-600" if row.is_low else "")
            checked = fmt_local(row.quota_checked_at) or "—"
            ui.label(t("ewaybill.settings.checked", at=checked)).classes("text-gray-500")
            fields = "、".join(row.fields_set) or "—"
            ui.label(t("ewaybill.settings.fields", fields=fields)).classes("text-gray-500")
            ui.space()
            ui.button(t("ewaybill.settings.refresh"), on_click=lambda: self.refresh_quota(row.id)).props(
                "flat dense no-caps"
            ).mark("ewaybill-refresh")
            ui.button(t("ewaybill.settings.delete"), on_click=lambda: self.delete(row.id)).props(
                "flat dense no-caps color=negative"
            ).mark("ewaybill-delete")

    async def refresh_quota(self, account_id: int) -> None:
        provider_for = ewaybill.runtime_provider_for(runtime.get())
        try:
            view = await ewaybill_accounts.refresh_quota(self.db, account_id=account_id, provider_for=provider_for)
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
            return
        except ProviderError as exc:
            ui.notify(t("ewaybill.settings.refresh_failed", reason=str(exc)), type="negative")
            return
        ui.notify(t("ewaybill.settings.refreshed", quota=quota_text(view.quota)), type="positive")
        await self.reload()

    async def delete(self, account_id: int) -> None:
        await io_bound(ewaybill_accounts.delete_account, self.db, account_id=account_id, actor=self.me)
        ui.notify(t("ewaybill.settings.deleted"))
        await self.reload()


class AccountForm:
    """`added()` runs after an account is stored; the fields are emptied (secrets included)."""

    def __init__(self, me, added: Callable[[], Awaitable[None]]):
        self.me = me
        self.added = added
        with ui.card().classes("w-full max-w-xl"):
            ui.label(t("ewaybill.settings.add_title")).classes("font-bold")
            with ui.row().classes("w-full gap-2 flex-wrap"):
                providers = {p: registry.label(p, lang()) for p in registry.ewaybill_providers()}
                self.provider = (
                    ui.select(providers, value="sandbox", label=t("ewaybill.settings.provider"))
                    .classes("w-40")
                    .mark("ewaybill-provider")
                )
                carriers = {c.code: c.name for c in CARRIERS.values()}
                self.carrier = (
                    ui.select(carriers, value="ZTO", label=t("ewaybill.settings.carrier"))
                    .classes("w-40")
                    .mark("ewaybill-carrier")
                )
            self.inputs: dict[str, ui.input] = {}
            with ui.row().classes("w-full gap-2 flex-wrap"):
                for name in ewaybill_accounts.FIELDS:
                    secret = name in ewaybill_accounts.SECRET_FIELDS
                    self.inputs[name] = (
                        ui.input(t(f"ewaybill.field.{name}"), password=secret)
                        .props("outlined dense autocomplete=off")
                        .classes("w-44")
                        .mark(f"ewaybill-{name}")
                    )
            ui.button(t("ewaybill.settings.add"), icon="add", on_click=self.add).mark("ewaybill-add")

    async def add(self) -> None:
        values = {name: (box.value or "") for name, box in self.inputs.items()}
        try:
            await io_bound(
                ewaybill_accounts.add_account,
                runtime.get().db,
                provider=self.provider.value,
                carrier=self.carrier.value,
                values=values,
                actor=self.me,
            )
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
            return
        for box in self.inputs.values():
            box.value = ""
        ui.notify(t("ewaybill.settings.added"), type="positive")
        await self.added()
