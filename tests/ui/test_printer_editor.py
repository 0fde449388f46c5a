"""设置 → 打印机's editor and list with NiceGUI's simulated user: an existing printer is edited
(only the fields its kind uses are shown), made the user's own default and removed."""

from nicegui.testing import User

from tests.helpers import login
from waybill_ui import runtime
from waybill_ui.services.accounts.users import Principal
from waybill_ui.services.printing import printers
from waybill_ui.services.printing.printers import PrinterInput

RETRY = 30


def the(user: User, marker: str):
    elements = user.find(marker=marker).elements
    assert elements, marker
    return next(iter(elements))


async def test_edit_choose_and_remove_a_printer(user: User):
    db = runtime.get().db
    owner = Principal(id=0, username="owner", role="owner")
    printers.add(db, data=PrinterInput(name="旧名", kind="network", host="10.0.0.9", port=9100), actor=owner)
    await login(user)
    await user.open("/settings?tab=printers")
    await user.should_see("旧名", retries=RETRY)
    await user.should_see(marker="print-jobs-empty", retries=RETRY)
    user.find(marker="printer-edit").click()
    await user.should_see(marker="printer-editor", retries=RETRY)
    assert the(user, "printer-host").value == "10.0.0.9"
    await user.should_not_see(marker="printer-queue", retries=3)
    the(user, "printer-kind").value = "cups"
    await user.should_see(marker="printer-queue", retries=RETRY)
    await user.should_not_see(marker="printer-host", retries=3)
    await user.should_not_see(marker="printer-component", retries=3)
    user.find(marker="printer-queue").type("zebra")
    user.find(marker="printer-name").clear().type("仓库 斑马")
    the(user, "printer-darkness").value = 12
    user.find(marker="printer-save").click()
    await user.should_see("打印机已保存", retries=RETRY)
    await user.should_see("仓库 斑马", retries=RETRY)
    (row,) = printers.list_printers(db)
    assert (row.name, row.kind, row.queue, row.darkness) == ("仓库 斑马", "cups", "zebra", 12)

    await user.should_not_see(marker="printer-mine", retries=3)
    user.find(marker="printer-choose").click()
    await user.should_see(marker="printer-mine", retries=RETRY)
    assert printers.own_choices(db, username="owner") == {row.size: row.id}

    user.find(marker="printer-remove").click()
    await user.should_see(marker="printers-none", retries=RETRY)
    assert printers.list_printers(db) == []
