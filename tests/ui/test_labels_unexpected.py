"""The label dialog is persistent: an unexpected failure while making the PDF still says so in
plain words (with a reference that is logged) and offers 关闭."""

from nicegui.testing import User

from tests.label_rows import make_shipments
from tests.ui.test_labels import login_staff
from waybill_ui import runtime
from waybill_ui.services.printing import print_labels as label_printing


async def test_an_unexpected_failure_leaves_a_way_out(user: User, monkeypatch, caplog):
    async def broken(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(label_printing, "make_labels", broken)
    await login_staff(user)
    [sid] = make_shipments(runtime.get().db, 1)
    await user.open(f"/labels/print?ids={sid}")
    user.find(marker="labels-print").click()
    await user.should_see(marker="labels-error", retries=50)
    await user.should_see("程序出了问题", retries=10)
    await user.should_see(marker="labels-close")
    assert "printing labels failed" in caplog.text and "disk on fire" in caplog.text
    caplog.clear()  # the error was expected; the fixture fails on unexpected ERROR logs
