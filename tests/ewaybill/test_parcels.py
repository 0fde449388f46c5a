"""E-waybills for merged and split orders: one issue for a merged parcel, 子母件 (parent + child
numbers) for a split order, through the embedded network's Kdniao and Kuaidi100 faces."""

import pytest
from sqlalchemy import text

from tests.ewaybill.support import add_account, add_order, add_sender, make_sandbox, provider_factory
from waybill_ui.carriers.protocol import EwaybillIssued
from waybill_ui.services.ewaybill import accounts as ewaybill_accounts
from waybill_ui.services.ewaybill import batch as ewaybill_batch
from waybill_ui.services.ewaybill import issue as ewaybill
from waybill_ui.services.orders import merging as merge_orders
from waybill_ui.services.orders import splitting as split_orders


@pytest.fixture
def bench(db, settings, tmp_path):
    box = make_sandbox(settings, tmp_path / "net.db")
    provider_for, http = provider_factory(settings, box)
    add_sender(db)
    box.http = http
    yield db, box, provider_for
    box.close()


def statuses(db, nos):
    with db.read() as session:
        return [session.execute(text("SELECT status FROM orders WHERE order_no = :n"), {"n": n}).scalar() for n in nos]


def issues(db):
    with db.read() as session:
        return session.execute(text("SELECT order_id, number, child_numbers FROM ewaybill_issue")).all()


async def test_a_merged_parcel_gets_one_ewaybill(bench):
    db, _box, provider_for = bench
    account = add_account(db)
    ewaybill_accounts.record_balance(db, account_id=account.id, balance=100)
    a, b = add_order(db), add_order(db)
    merge_orders.merge(db, order_nos=[a, b], actor="t")
    shipped = await ewaybill.issue_and_ship(db, order_no=b, carrier="ZTO", actor="t", provider_for=provider_for)
    assert shipped.order_nos == [a, b] and statuses(db, [a, b]) == ["shipped", "shipped"]
    assert len(issues(db)) == 1 and issues(db)[0].number == shipped.number
    assert ewaybill_accounts.list_accounts(db)[0].issued_count == 1


@pytest.mark.parametrize("provider", ["sandbox", "kuaidi100"])
async def test_a_split_order_gets_parent_and_child_numbers(bench, provider):
    db, box, provider_for = bench
    if provider == "kuaidi100":  # Kuaidi100's face of the same network (as tests/ewaybill/crash_child.py)
        from waybill_ui.carriers.ewaybill import Kuaidi100Label

        def provider_for(account):  # noqa: F811
            return Kuaidi100Label(
                box.http,
                key=box.config.customer,
                secret=box.config.key,
                url="http://net.test/sandbox/kuaidi100/label/order",
            )

    account = add_account(db, provider=provider)
    ewaybill_accounts.record_balance(db, account_id=account.id, balance=100)
    no = add_order(db)
    split_orders.split(db, order_no=no, parcels=3, actor="t")
    shipped = await ewaybill.issue_and_ship(db, order_no=no, carrier="ZTO", actor="t", provider_for=provider_for)
    [issue] = issues(db)
    children = (
        issue.child_numbers if isinstance(issue.child_numbers, list) else __import__("json").loads(issue.child_numbers)
    )
    assert [p[2] for p in shipped.parcels] == [issue.number, *children] and len(children) == 2
    assert shipped.complete and statuses(db, [no]) == ["shipped"]
    assert [p.number for p in split_orders.parcels_of(db, order_no=no)] == [issue.number, *children]


async def test_too_few_children_leave_the_order_partly_shipped(bench):
    db, _box, provider_for = bench
    account = add_account(db)
    ewaybill_accounts.record_balance(db, account_id=account.id, balance=100)
    no = add_order(db)
    split_orders.split(db, order_no=no, parcels=2, actor="t")

    def no_children(account):
        real = provider_for(account)

        class OnlyParent:
            async def issue(self, payload, wire):
                got = await real.issue(payload, wire)
                return EwaybillIssued(order_code=got.order_code, number=got.number, raw=got.raw)

        return OnlyParent()

    shipped = await ewaybill.issue_and_ship(db, order_no=no, carrier="ZTO", actor="t", provider_for=no_children)
    assert len(shipped.parcels) == 1 and not shipped.complete and "部分发货" in shipped.warning
    assert statuses(db, [no]) == ["pending"]
    with pytest.raises(Exception) as again:  # no second e-waybill for the same order: pool or typed numbers
        await ewaybill.issue_and_ship(db, order_no=no, carrier="ZTO", actor="t", provider_for=provider_for)
    assert getattr(again.value, "code", "") == "ewaybill_parcels_left"


async def test_batch_issue_ships_a_group_once_and_split_orders_whole(bench):
    db, _box, provider_for = bench
    account = add_account(db)
    ewaybill_accounts.record_balance(db, account_id=account.id, balance=100)
    a, b, split, plain = add_order(db), add_order(db), add_order(db), add_order(db)
    merge_orders.merge(db, order_nos=[a, b], actor="t")
    split_orders.split(db, order_no=split, parcels=2, actor="t")
    result = await ewaybill_batch.issue_batch(
        db, order_nos=[a, b, split, plain], carrier="ZTO", actor="t", provider_for=provider_for
    )
    assert result.failed == []
    numbers = {}
    for row in result.shipped:
        numbers.setdefault(row["order_no"], []).append(row["number"])
    assert numbers[a] == numbers[b] and len(numbers[split]) == 2 and len(numbers[plain]) == 1
    assert statuses(db, [a, b, split, plain]) == ["shipped"] * 4
    assert len(issues(db)) == 3  # group, split order, plain order
