"""The hourly e-waybill quota job: balances as the providers report them, then low-quota alerts."""

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlmodel import select

from tests.ewaybill.support import add_account, make_sandbox, provider_factory
from waybill_ui import events
from waybill_ui.carriers.registry import Providers
from waybill_ui.db.models import Alert
from waybill_ui.jobs import ewaybill_quota
from waybill_ui.runtime import Runtime


async def test_job_reads_balances_and_raises_then_resolves_low_quota(db, settings, tmp_path, published):
    from waybill_ui.carriers.ewaybill import Kuaidi100Label

    box = make_sandbox(settings, tmp_path / "net.db")
    sandbox_for, http = provider_factory(settings, box)

    def provider_for(account):
        if account.provider == "kuaidi100":
            return Kuaidi100Label(
                http,
                key=box.config.customer,
                secret=box.config.key,
                url="http://net.test/sandbox/kuaidi100/label/order",
            )
        return sandbox_for(account)

    rt = Runtime(settings=settings, db=db, providers=Providers(market=None, tracking=None))
    try:
        zto = add_account(db, carrier="ZTO")
        yto = add_account(db, carrier="YTO", provider="kuaidi100")  # no balance query: local count kept
        box.eorder.top_up("ZTO:shop-zto", 12 - 2000)
        result = await ewaybill_quota.run_once(rt, provider_for=provider_for)
        views = {v.id: v for v in result.accounts}
        assert views[zto.id].quota_reported == 12 and views[zto.id].is_low and views[zto.id].quota_checked_at
        assert views[yto.id].quota is None and result.failed == {}  # Kuaidi100 reports no balance
        with db.read() as session:
            alert = session.exec(select(Alert).where(Alert.kind == "ewaybill_low_quota")).one()
            assert alert.status == "open" and "只剩 12 单" in alert.message
        assert events.AlertsChanged(kind="ewaybill_low_quota") in published
        box.eorder.top_up("ZTO:shop-zto", 1000)  # topped up at the outlet
        result = await ewaybill_quota.run_once(rt, provider_for=provider_for)
        assert {v.id: v.quota for v in result.accounts}[zto.id] == 1012
        with db.read() as session:
            assert session.exec(select(Alert).where(Alert.kind == "ewaybill_low_quota")).one().status == "resolved"
    finally:
        box.close()


async def test_one_unreachable_provider_does_not_stop_the_others(db, settings, tmp_path):
    from waybill_ui.carriers.protocol import ProviderError

    box = make_sandbox(settings, tmp_path / "net.db")
    real, _ = provider_factory(settings, box)
    rt = Runtime(settings=settings, db=db, providers=Providers(market=None, tracking=None))
    try:
        add_account(db, carrier="YTO")
        zto = add_account(db, carrier="ZTO")

        def provider_for(account):
            provider = real(account)
            if account.carrier == "YTO":

                async def down(_):
                    raise ProviderError("connection refused", code="network")

                provider.balance = down
            return provider

        result = await ewaybill_quota.run_once(rt, provider_for=provider_for)
        assert list(result.failed.values()) == ["connection refused"]
        assert {v.id: v.quota for v in result.accounts}[zto.id] == 2000
    finally:
        box.close()


def test_the_job_is_registered(db, settings):
    scheduler = AsyncIOScheduler()
    ewaybill_quota.register(
        scheduler, Runtime(settings=settings, db=db, providers=Providers(market=None, tracking=None))
    )
    assert {j.id for j in scheduler.get_jobs()} == {"ewaybill.quota"}
