"""Keep the local copy of the provider's carrier catalogue fresh (at start, then hourly)."""

from __future__ import annotations

import logging
from datetime import timedelta

from waybill_ui.carriers.protocol import ProviderError
from waybill_ui.clock import utcnow
from waybill_ui.jobs import guarded
from waybill_ui.runtime import Runtime, providers_of
from waybill_ui.services.market import catalogue

log = logging.getLogger(__name__)


def register(scheduler, runtime: Runtime) -> None:
    async def refresh() -> None:
        try:
            await catalogue.refresh(runtime.db, provider=providers_of(runtime).market)
        except ProviderError as exc:
            log.warning("catalogue refresh failed, will retry: %s", exc)

    scheduler.add_job(
        guarded("catalogue refresh", refresh),
        "interval",
        hours=1,
        id="catalogue.refresh",
        next_run_time=utcnow() + timedelta(seconds=1),
    )
