"""kill -9 between the provider's answer and our commit: the retry ships the same number."""

import os
import signal
import subprocess
import sys
from pathlib import Path

from sqlmodel import select

from tests.ewaybill.support import add_account, add_order, add_sender, make_sandbox, provider_factory
from waybill_ui.db.models import EwaybillIssue, Shipment
from waybill_ui.services.ewaybill import issue as ewaybill
from waybill_ui.services.ewaybill import accounts as ewaybill_accounts

ROOT = Path(__file__).resolve().parents[2]


async def test_kill_9_after_the_call_and_before_the_commit_never_gives_two_numbers(db, settings, tmp_path):
    add_sender(db)
    add_account(db)
    no = add_order(db)
    net = tmp_path / "net.db"
    make_sandbox(settings, net).close()  # the network's store exists before the child opens it
    child = subprocess.run(
        [sys.executable, "-m", "tests.ewaybill.crash_child", no, str(net)],
        cwd=ROOT,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    issued_in_child = child.stdout.strip()
    assert issued_in_child
    with db.read() as session:
        assert session.exec(select(Shipment)).all() == []  # the crash lost the commit …
        issue = session.exec(select(EwaybillIssue)).one()
        assert issue.status == "requested" and issue.order_code == f"{no}-1"  # … but not the order code

    box = make_sandbox(settings, net)
    try:
        provider_for, _ = provider_factory(settings, box)
        shipped = await ewaybill.issue_and_ship(
            db, order_no=no, carrier="ZTO", actor="staff1", provider_for=provider_for
        )
        assert shipped.number == issued_in_child
        assert box.store._conn.execute("SELECT count(*) FROM ew_orders").fetchone()[0] == 1
        assert box.eorder.balance("ZTO:shop-zto") == 1999  # one number off the quota, not two
        assert ewaybill_accounts.list_accounts(db)[0].issued_count == 1
    finally:
        box.close()


async def test_kill_9_with_kuaidi100_holds_the_order_and_the_number_found_ships_once(db, settings, tmp_path):
    """Kuaidi100 is not known to dedupe our order code: after the crash nothing is resent; the
    seller enters the number found by our order code and the order ships with it, once."""
    from waybill_ui.carriers.ewaybill import Kuaidi100Label
    from waybill_ui.services.ewaybill import unsure as ewaybill_unsure

    add_sender(db)
    add_account(db, carrier="YTO", provider="kuaidi100")
    no = add_order(db)
    net = tmp_path / "net.db"
    make_sandbox(settings, net).close()
    child = subprocess.run(
        [sys.executable, "-m", "tests.ewaybill.crash_child", no, str(net), "kuaidi100"],
        cwd=ROOT,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    issued_in_child = child.stdout.strip()
    assert issued_in_child
    box = make_sandbox(settings, net)
    try:
        _, http = provider_factory(settings, box)

        def k100(account):
            return Kuaidi100Label(
                http,
                key=box.config.customer,
                secret=box.config.key,
                url="http://net.test/sandbox/kuaidi100/label/order",
            )

        try:
            await ewaybill.issue_and_ship(db, order_no=no, carrier="YTO", actor="staff1", provider_for=k100)
            raise AssertionError("a held order must not be sent again")
        except ewaybill_unsure.Unsure as held:
            assert f"{no}-1" in held.message("zh")
        assert box.store._conn.execute("SELECT order_code, number FROM ew_orders").fetchall() == [
            (f"{no}-1", issued_in_child)
        ]  # nothing resent: still one number, findable by our code
        shipped = ewaybill_unsure.settle(db, order_no=no, number=issued_in_child, actor="owner")
        assert shipped.number == issued_in_child
        assert ewaybill_accounts.list_accounts(db)[0].issued_count == 1
    finally:
        box.close()
