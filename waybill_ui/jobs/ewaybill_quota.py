"""E-waybill quota, every hour: the balance as each provider reports it (Kdniao 1127), then the
low-quota alerts (the rule is services/ewaybill/accounts.check_quota, the same as after a manual
check or an issue that crosses the line)."""

from __future__ import annotations

from datetime import timedelta

from waybill_ui.clock import utcnow
from waybill_ui.jobs import guarded
from waybill_ui.runtime import Runtime
from waybill_ui.services.ewaybill import issue as ewaybill
from waybill_ui.services.ewaybill import accounts as ewaybill_accounts

EVERY_MINUTES = 60


async def run_once(runtime: Runtime, *, provider_for=None, now=None) -> ewaybill_accounts.QuotaRefresh:
    # (a low-quota alert raised or cleared tells the pages itself: services/alerts/raising.py)
    return await ewaybill_accounts.refresh_all(
        runtime.db, provider_for=provider_for or ewaybill.runtime_provider_for(runtime), now=now
    )


def register(scheduler, runtime: Runtime) -> None:
    async def job() -> None:
        await run_once(runtime)

    scheduler.add_job(
        guarded("e-waybill quota refresh", job),
        "interval",
        minutes=EVERY_MINUTES,
        id="ewaybill.quota",
        next_run_time=utcnow() + timedelta(seconds=40),
    )
