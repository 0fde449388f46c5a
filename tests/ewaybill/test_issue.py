"""Issuing e-waybills on ship through the embedded network: the number and sorting codes are
stored, quota counted, refusals explained, and never two numbers for one order."""

import asyncio

import pytest
from sqlmodel import select

from tests.ewaybill.support import OWNER, STAFF, add_account, add_order, add_sender, make_sandbox, provider_factory
from waybill_ui.db.models import EwaybillIssue, Shipment
from waybill_ui.services.ewaybill import issue as ewaybill
from waybill_ui.services.ewaybill import accounts as ewaybill_accounts
from waybill_ui.services.common.errors import Conflict, Forbidden


@pytest.fixture
def bench(db, settings, tmp_path):
    box = make_sandbox(settings, tmp_path / "net.db")
    provider_for, http = provider_factory(settings, box)
    add_sender(db)
    box.http = http
    yield db, box, provider_for
    box.close()


async def test_ship_issues_a_number_with_sorting_codes_and_counts_quota(bench):
    db, box, provider_for = bench
    account = add_account(db)
    ewaybill_accounts.record_balance(db, account_id=account.id, balance=100)
    no = add_order(db)
    shipped = await ewaybill.issue_and_ship(db, order_no=no, carrier="ZTO", actor="staff1", provider_for=provider_for)
    assert shipped.number and shipped.carrier == "ZTO"
    with db.read() as session:
        issue = session.exec(select(EwaybillIssue)).one()
        assert issue.status == "issued" and issue.number == shipped.number and issue.order_code == f"{no}-1"
        assert issue.sort_name and issue.sorting_code and issue.package_name.endswith("集包")
        assert issue.answer["Order"]["LogisticCode"] == shipped.number  # stored whole
    view = ewaybill_accounts.list_accounts(db)[0]
    assert view.issued_count == 1 and view.quota_local == 99 and view.quota_reported == 100
    assert box.eorder.balance("ZTO:shop-zto") == 1999


async def test_retry_after_a_lost_answer_gets_the_same_number(bench):
    db, box, provider_for = bench
    add_account(db)
    no = add_order(db)
    real = provider_for

    class LostAnswer(Exception):
        pass

    def losing(account):
        provider = real(account)
        original = provider.issue

        async def issue(order, acct):
            await original(order, acct)  # the provider issued it …
            from waybill_ui.carriers.protocol import ProviderError

            raise ProviderError("timed out", code="timeout")  # … but the answer never came back

        provider.issue = issue
        return provider

    with pytest.raises(ewaybill.IssueFailed) as caught:
        await ewaybill.issue_and_ship(db, order_no=no, carrier="ZTO", actor="s", provider_for=losing)
    assert "不会重复取号" in caught.value.message("zh")
    shipped = await ewaybill.issue_and_ship(db, order_no=no, carrier="ZTO", actor="s", provider_for=provider_for)
    issued = box.store._conn.execute("SELECT number FROM ew_orders").fetchall()
    assert [r[0] for r in issued] == [shipped.number]  # one number at the provider, the one we shipped
    assert box.eorder.balance("ZTO:shop-zto") == 1999


async def test_two_staff_shipping_the_same_order_get_one_number(bench):
    db, box, provider_for = bench
    add_account(db)
    no = add_order(db)
    results = await asyncio.gather(
        *[
            ewaybill.issue_and_ship(db, order_no=no, carrier="ZTO", actor=f"s{i}", provider_for=provider_for)
            for i in range(4)
        ],
        return_exceptions=True,
    )
    numbers = {r.number for r in results if not isinstance(r, Exception)}
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(numbers) == 1
    assert all(isinstance(e, Conflict) and e.code == "already_shipped" for e in errors)
    assert box.store._conn.execute("SELECT count(*) FROM ew_orders").fetchone()[0] == 1
    with db.read() as session:
        assert len(session.exec(select(Shipment)).all()) == 1


@pytest.mark.parametrize("kind, text", [("address", "服务范围"), ("quota", "余额不足")])
async def test_refusals_are_explained_and_the_order_stays_pending(bench, kind, text):
    db, box, provider_for = bench
    add_account(db)
    no = add_order(db, address="泉城路1号 不派送" if kind == "address" else "泉城路1号")
    if kind == "quota":
        box.eorder.top_up("ZTO:shop-zto", -2000)
    with pytest.raises(ewaybill.IssueFailed) as caught:
        await ewaybill.issue_and_ship(db, order_no=no, carrier="ZTO", actor="s", provider_for=provider_for)
    assert text in caught.value.message("zh") and caught.value.code == f"ewaybill_{kind}"
    with db.read() as session:
        assert session.exec(select(Shipment)).all() == []
    if kind == "quota":  # topped up: the same order now ships, with the same order code
        box.eorder.top_up("ZTO:shop-zto", 5)
        shipped = await ewaybill.issue_and_ship(db, order_no=no, carrier="ZTO", actor="s", provider_for=provider_for)
        assert shipped.number


async def test_cancel_before_pickup_cancels_at_the_provider_then_reship_gets_a_new_code(bench):
    db, box, provider_for = bench
    add_account(db)
    no = add_order(db)
    first = await ewaybill.issue_and_ship(db, order_no=no, carrier="ZTO", actor="s", provider_for=provider_for)
    await ewaybill.cancel(db, shipment_id=first.id, actor="s", provider_for=provider_for)
    assert box.store._conn.execute("SELECT status FROM ew_orders").fetchone()[0] == "cancelled"
    second = await ewaybill.issue_and_ship(db, order_no=no, carrier="ZTO", actor="s", provider_for=provider_for)
    assert second.number != first.number
    with db.read() as session:
        codes = [i.order_code for i in session.exec(select(EwaybillIssue).order_by(EwaybillIssue.id))]
    assert codes == [f"{no}-1", f"{no}-2"]


async def test_cancel_refused_after_pickup_changes_nothing_locally(bench):
    db, box, provider_for = bench
    add_account(db)
    no = add_order(db)
    shipped = await ewaybill.issue_and_ship(db, order_no=no, carrier="ZTO", actor="s", provider_for=provider_for)
    box.store.parcel(shipped.number, "ZTO", "山东省济南市")
    box.store._parcels[shipped.number] = (0.0, "山东省济南市")  # entered the network long ago: picked up
    with pytest.raises(Conflict) as caught:
        await ewaybill.cancel(db, shipment_id=shipped.id, actor="s", provider_for=provider_for)
    assert "已揽收" in caught.value.message("zh") and "本地记录未改动" in caught.value.message("zh")
    with db.read() as session:
        shipment = session.get(Shipment, shipped.id)
        assert shipment.cancelled_at is None and shipment.status == "pending"


async def test_kuaidi100_face_issue_cancel_and_reprint_limit(bench):
    db, box, provider_for = bench
    from datetime import timedelta

    from waybill_ui.clock import utcnow
    from waybill_ui.services.ewaybill import issue as ew
    from waybill_ui.services.ewaybill import reprint as ewaybill_reprint

    add_account(db, carrier="YTO", provider="kuaidi100")

    def k100(account):  # Kuaidi100's face of the same network, with the sandbox credentials
        from waybill_ui.carriers.ewaybill import Kuaidi100Label

        return Kuaidi100Label(
            box.http,
            key=box.config.customer,
            secret=box.config.key,
            url="http://net.test/sandbox/kuaidi100/label/order",
        )

    no = add_order(db)
    shipped = await ew.issue_and_ship(db, order_no=no, carrier="YTO", actor="s", provider_for=k100)
    with db.read() as session:
        issue = session.exec(select(EwaybillIssue)).one()
        assert issue.provider_order_id and issue.task_id
    now = utcnow()
    for i in range(10):
        assert (
            await ewaybill_reprint.reprint(db, shipment_id=shipped.id, actor="s", provider_for=k100, now=now) == i + 1
        )
    with pytest.raises(Conflict) as caught:
        await ewaybill_reprint.reprint(db, shipment_id=shipped.id, actor="s", provider_for=k100, now=now)
    assert "最多 10 次" in caught.value.message("zh")
    with pytest.raises(Conflict):
        await ewaybill_reprint.reprint(
            db, shipment_id=shipped.id, actor="s", provider_for=k100, now=now + timedelta(days=3)
        )
    await ew.cancel(db, shipment_id=shipped.id, actor="s", provider_for=k100)


def test_accounts_are_owner_only_and_never_show_secrets(db):
    with pytest.raises(Forbidden):
        ewaybill_accounts.add_account(db, provider="sandbox", carrier="ZTO", values={"customer_name": "x"}, actor=STAFF)
    view = ewaybill_accounts.add_account(
        db, provider="kdniao", carrier="ZTO", values={"customer_name": "c", "customer_pwd": "TOPSECRET"}, actor=OWNER
    )
    assert "TOPSECRET" not in repr(view) and view.fields_set == ["customer_name", "customer_pwd"]
    with pytest.raises(Conflict):
        ewaybill_accounts.add_account(db, provider="kdniao", carrier="ZTO", values={"customer_name": "c"}, actor=OWNER)
    from sqlalchemy import text

    with db.read() as session:
        logged = " ".join(str(d) for d in session.execute(text("SELECT details FROM audit_log")).scalars())
    assert "TOPSECRET" not in logged
    ewaybill_accounts.delete_account(db, account_id=view.id, actor=OWNER)
    assert ewaybill_accounts.list_accounts(db) == []


async def test_quota_as_reported_and_counted_with_low_quota_alert(bench):
    db, box, provider_for = bench
    from waybill_ui.db.models import Alert

    account = add_account(db)
    box.eorder.top_up("ZTO:shop-zto", 51 - 2000)  # the outlet has 51 left
    view = await ewaybill_accounts.refresh_quota(db, account_id=account.id, provider_for=provider_for)
    assert view.quota_reported == 51 and view.quota == 51 and not view.is_low
    no = add_order(db)
    await ewaybill.issue_and_ship(db, order_no=no, carrier="ZTO", actor="s", provider_for=provider_for)
    await ewaybill.issue_and_ship(db, order_no=add_order(db), carrier="ZTO", actor="s", provider_for=provider_for)
    with db.read() as session:  # raised by the issue that crossed the line, no sweep needed
        assert session.exec(select(Alert).where(Alert.kind == "ewaybill_low_quota")).one().status == "open"
    views = ewaybill_accounts.check_quota(db)
    assert views[0].quota_local == 49 and views[0].quota_reported == 51 and views[0].is_low
    with db.read() as session:
        alert = session.exec(select(Alert).where(Alert.kind == "ewaybill_low_quota")).one()
        assert "只剩 49 单" in alert.message and alert.status == "open"
    box.eorder.top_up("ZTO:shop-zto", 500)
    view = await ewaybill_accounts.refresh_quota(db, account_id=account.id, provider_for=provider_for)
    assert view.quota == 549
    with db.read() as session:
        assert session.exec(select(Alert).where(Alert.kind == "ewaybill_low_quota")).one().status == "resolved"


async def test_the_76x130_label_shows_the_providers_sorting_codes(bench):
    db, box, provider_for = bench
    from tests.pdf_tools import barcodes, page_text
    from waybill_ui.services.printing import labels

    add_account(db)
    shipped = await ewaybill.issue_and_ship(
        db, order_no=add_order(db), carrier="ZTO", actor="s", provider_for=provider_for
    )
    with db.read() as session:
        issue = session.exec(select(EwaybillIssue)).one()
    pdf = labels.print_labels(db, shipment_ids=[shipped.id], actor="s", size="76x130").pdf
    text = page_text(pdf).text
    assert issue.sorting_code and issue.sorting_code in text  # 三段码
    assert issue.sort_name and issue.sort_name.replace(" ", "") in text.replace(" ", "")  # 大头笔
    assert "集包地" in text and issue.package_name in text.replace("\n", "")  # 集包地
    assert shipped.number in [value for _, value in barcodes(pdf)]


async def test_injected_faults_leave_the_order_pending_and_the_retry_issues_once(bench):
    db, box, provider_for = bench
    from waybill_ui.sandbox.faults import FaultPlan

    add_account(db)
    no = add_order(db)
    box.faults.set_plan(FaultPlan.parse("5xx=1"))
    with pytest.raises(ewaybill.IssueFailed) as caught:
        await ewaybill.issue_and_ship(db, order_no=no, carrier="ZTO", actor="s", provider_for=provider_for)
    assert caught.value.code == "ewaybill_unreachable"
    box.faults.set_plan(FaultPlan.parse("malformed=1"))
    with pytest.raises(ewaybill.IssueFailed):
        await ewaybill.issue_and_ship(db, order_no=no, carrier="ZTO", actor="s", provider_for=provider_for)
    # malformed answers come after the desk issued: the retry must get that same number back
    box.faults.set_plan(FaultPlan.parse(""))
    shipped = await ewaybill.issue_and_ship(db, order_no=no, carrier="ZTO", actor="s", provider_for=provider_for)
    assert [r[0] for r in box.store._conn.execute("SELECT number FROM ew_orders")] == [shipped.number]
    assert box.store._conn.execute("SELECT count(*) FROM ew_orders").fetchone()[0] == 1


async def test_label_reprints_of_a_kuaidi100_ewaybill_stop_at_ten(bench):
    db, box, provider_for = bench
    from waybill_ui.carriers.ewaybill import Kuaidi100Label
    from waybill_ui.services.printing import labels

    add_account(db, carrier="YTO", provider="kuaidi100")

    def k100(account):
        return Kuaidi100Label(
            box.http,
            key=box.config.customer,
            secret=box.config.key,
            url="http://net.test/sandbox/kuaidi100/label/order",
        )

    shipped = await ewaybill.issue_and_ship(db, order_no=add_order(db), carrier="YTO", actor="s", provider_for=k100)
    labels.print_labels(db, shipment_ids=[shipped.id], actor="s")  # the first print is not a reprint
    for _ in range(10):
        labels.print_labels(db, shipment_ids=[shipped.id], actor="s")
    with pytest.raises(Conflict) as caught:
        labels.print_labels(db, shipment_ids=[shipped.id], actor="s")
    assert "最多 10 次" in caught.value.message("zh") and shipped.number in caught.value.message("zh")
    with db.read() as session:
        assert session.get(Shipment, shipped.id).printed_count == 11  # the refused print counted nothing
