"""Refresh now (the tracking page and one parcel's page): ask the carriers and say what happened."""

from __future__ import annotations

from nicegui import ui

from waybill_ui import runtime
from waybill_ui.runtime import providers_of
from waybill_ui.services.tracking import config as tracking_config
from waybill_ui.services.tracking import refresh as tracking
from waybill_ui.ui.i18n import t
from waybill_ui.ui.work import io_bound


async def refresh_and_report(ids: list[int] | None) -> None:
    """Refresh now (the given ids, or every due one) and say what happened."""
    rt = runtime.get()
    cfg = await io_bound(tracking_config.load_for_runtime, rt)
    if ids is None:
        summary = await tracking.refresh_due(rt.db, providers_of(rt).tracking, cfg=cfg, budget=tracking.ASKED_BUDGET)
    else:
        summary = await tracking.refresh_now(rt.db, providers_of(rt).tracking, ids=ids, cfg=cfg)
    message = t("tracking.refresh_done", **summary.as_dict())
    if summary.left:
        message += " " + t("tracking.refresh_left", left=summary.left)
    ui.notify(message, type="positive" if not summary.failed else "warning")
