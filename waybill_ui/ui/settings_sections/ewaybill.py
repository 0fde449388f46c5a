"""电子面单账号 (owner only): add, list (quota as reported and as counted, never a secret), refresh
the quota from the provider, delete."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.carriers.codes import CARRIERS
from waybill_ui.carriers import registry
from waybill_ui.clock import fmt_local
from waybill_ui.services.ewaybill import issue as ewaybill
from waybill_ui.services.ewaybill import accounts as ewaybill_accounts
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.carriers.protocol import ProviderError
from waybill_ui.ui.i18n import lang, t

TAB_KEY = "settings.tab.ewaybill"
GROUP = "shipping"
ORDER = 30
OWNER_ONLY = True


def _quota(value: int | None) -> str:
    return "—" if value is None else str(value)


async def render(me) -> None:
    db = runtime.get().db
    ui.label(t("ewaybill.settings.intro")).classes("text-gray-600")

    @ui.refreshable
    async def accounts() -> None:
        rows = await io_bound(ewaybill_accounts.list_accounts, db)
        if not rows:
            ui.label(t("ewaybill.settings.none")).classes("text-gray-500").mark("ewaybill-none")
        for row in rows:
            with ui.row().classes("w-full items-center gap-3 bg-white rounded p-2 flex-wrap").mark("ewaybill-account"):
                ui.label(f"{row.carrier_name} · {row.provider}").classes("font-bold w-48")
                ui.label(
                    t(
                        "ewaybill.settings.quota",
                        reported=_quota(row.quota_reported),
                        local=_quota(row.quota_local),
                        issued=row.issued_count,
                    )
                ).classes("text-red-600" if row.is_low else "")
                ui.label(t("ewaybill.settings.checked", at=fmt_local(row.quota_checked_at) or "—")).classes(
                    "text-gray-500"
                )
                ui.label(t("ewaybill.settings.fields", fields="、".join(row.fields_set) or "—")).classes(
                    "text-gray-500"
                )
                ui.space()
                ui.button(t("ewaybill.settings.refresh"), on_click=lambda r=row: refresh(r.id)).props(
                    "flat dense no-caps"
                ).mark("ewaybill-refresh")
                ui.button(t("ewaybill.settings.delete"), on_click=lambda r=row: delete(r.id)).props(
                    "flat dense no-caps color=negative"
                ).mark("ewaybill-delete")

    async def refresh(account_id: int) -> None:
        try:
            view = await ewaybill_accounts.refresh_quota(
                db, account_id=account_id, provider_for=ewaybill.runtime_provider_for(runtime.get())
            )
        except (ServiceError, ProviderError) as exc:
            ui.notify(
                exc.message(lang())
                if isinstance(exc, ServiceError)
                else t("ewaybill.settings.refresh_failed", reason=str(exc)),
                type="negative",
            )
            return
        ui.notify(t("ewaybill.settings.refreshed", quota=_quota(view.quota)), type="positive")
        accounts.refresh()

    async def delete(account_id: int) -> None:
        await io_bound(ewaybill_accounts.delete_account, db, account_id=account_id, actor=me)
        ui.notify(t("ewaybill.settings.deleted"))
        accounts.refresh()

    async def add() -> None:
        values = {name: (box.value or "") for name, box in inputs.items()}
        try:
            await io_bound(
                ewaybill_accounts.add_account,
                db,
                provider=provider.value,
                carrier=carrier.value,
                values=values,
                actor=me,
            )
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
            return
        for box in inputs.values():
            box.value = ""
        ui.notify(t("ewaybill.settings.added"), type="positive")
        accounts.refresh()

    await accounts()
    with ui.card().classes("w-full max-w-xl"):
        ui.label(t("ewaybill.settings.add_title")).classes("font-bold")
        with ui.row().classes("w-full gap-2 flex-wrap"):
            provider = (
                ui.select(
                    {p: registry.label(p, lang()) for p in registry.ewaybill_providers()},
                    value="sandbox",
                    label=t("ewaybill.settings.provider"),
                )
                .classes("w-40")
                .mark("ewaybill-provider")
            )
            carrier = (
                ui.select(
                    {c.code: c.name for c in CARRIERS.values()}, value="ZTO", label=t("ewaybill.settings.carrier")
                )
                .classes("w-40")
                .mark("ewaybill-carrier")
            )
        inputs = {}
        with ui.row().classes("w-full gap-2 flex-wrap"):
            for name in ewaybill_accounts.FIELDS:
                secret = name in ewaybill_accounts.SECRET_FIELDS
                inputs[name] = (
                    ui.input(t(f"ewaybill.field.{name}"), password=secret)
                    .props("outlined dense autocomplete=off")
                    .classes("w-44")
                    .mark(f"ewaybill-{name}")
                )
        ui.button(t("ewaybill.settings.add"), icon="add", on_click=add).mark("ewaybill-add")
