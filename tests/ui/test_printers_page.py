"""设置 → 打印机 and 发送到打印机 with NiceGUI's simulated user, against a fake network printer."""

from nicegui.testing import User

from tests.helpers import eventually, login, login_staff
from tests.label_rows import make_shipments, number_for
from tests.printing.fake_printer import FakePrinter
from waybill_ui import runtime
from waybill_ui.services.printing import printers, queue
from waybill_ui.services.printing.printers import PrinterInput
from waybill_ui.services.accounts.users import Principal

RETRY = 30


async def test_owner_adds_a_network_printer_test_prints_and_staff_print_to_it(user: User):
    fake = FakePrinter("tspl")
    try:
        await login(user)
        await user.open("/settings?tab=printers")
        await user.should_see(marker="printers-none", retries=RETRY)
        user.find(marker="printer-add").click()
        await user.should_see(marker="printer-editor", retries=RETRY)
        user.find(marker="printer-name").type("打包台 佳博")
        user.find(marker="printer-host").type("not a host!")
        user.find(marker="printer-save").click()
        await user.should_see("IP 地址不对", retries=RETRY)  # bad input: a clear error, nothing stored
        assert printers.list_printers(runtime.get().db) == []
        user.find(marker="printer-host").clear().type("127.0.0.1")
        user.find(marker="printer-port").clear().type(str(fake.port))
        user.find(marker="printer-default").click()
        user.find(marker="printer-save").click()
        await user.should_see("打印机已保存", retries=RETRY)
        await user.should_see(marker="printer-row", retries=RETRY)
        user.find(marker="printer-test").click()
        await user.should_see("测试页已发送", retries=RETRY)
        assert fake.labels[-1].barcodes() == ["773000000000000"]
        row = printers.list_printers(runtime.get().db)[0]
        assert (row.host, row.port, row.is_default) == ("127.0.0.1", fake.port, True)

        ids = make_shipments(runtime.get().db, 4)
        await user.open(f"/labels/print?ids={','.join(map(str, ids))}")
        await user.should_see(marker="labels-to-printer", retries=RETRY)
        user.find(marker="labels-to-printer").click()
        await user.should_see(marker="printer-dialog", retries=RETRY)
        user.find(marker="printer-send").click()
        await user.should_see("4/4 张 · 已打印", retries=RETRY)
        assert [label.barcodes()[0] for label in fake.labels[1:]] == [number_for("ZTO", i) for i in range(1, 5)]
    finally:
        fake.close()


async def test_a_failed_job_shows_why_and_retry_resumes(user: User):
    fake = FakePrinter("tspl", drop_after=2)
    try:
        db = runtime.get().db
        owner = Principal(id=0, username="owner", role="owner")
        printers.add(
            db,
            data=PrinterInput(name="P", kind="network", host="127.0.0.1", port=fake.port, is_default=True),
            actor=owner,
        )
        await login_staff(user)
        ids = make_shipments(db, 3)
        await user.open(f"/labels/print?ids={','.join(map(str, ids))}")
        await user.should_see(marker="labels-to-printer", retries=RETRY)
        user.find(marker="labels-to-printer").click()
        await user.should_see(marker="printer-send", retries=RETRY)
        user.find(marker="printer-send").click()
        await user.should_see("中途断开", retries=RETRY)
        user.find(marker="printer-retry").click()
        await user.should_see("3/3 张 · 已打印", retries=RETRY)
        assert [label.barcodes()[0] for label in fake.labels] == [number_for("ZTO", i) for i in range(1, 4)]

        await user.open("/settings?tab=printers")
        await user.should_see(marker="print-job", retries=RETRY)
        await user.should_not_see(marker="printer-add", retries=3)  # staff do not manage printers
        user.find(marker="printer-choose").click()
        await user.should_see("已保存你的默认打印机", retries=RETRY)
        staff = next(
            u
            for u in __import__("waybill_ui.services.accounts.users", fromlist=["x"]).list_users(db)
            if u.username == "staff1"
        )
        await eventually(lambda: printers.own_choices(db, username=staff.username) != {})
        jobs, total = queue.list_jobs(db, actor=owner)
        assert total == 1 and jobs[0].created_by == "staff1" and jobs[0].status == "printed"
    finally:
        fake.close()


async def test_print_buttons_elsewhere_go_to_the_default_printer(user: User):
    """With a real default printer for the label size, 打印面单 on any page (here a shipment's)
    offers that printer instead of the browser's PDF dialog; the labels page keeps both."""
    fake = FakePrinter("tspl")
    try:
        db = runtime.get().db
        owner = Principal(id=0, username="owner", role="owner")
        printers.add(
            db,
            data=PrinterInput(name="打包台", kind="network", host="127.0.0.1", port=fake.port, is_default=True),
            actor=owner,
        )
        await login_staff(user)
        [sid] = make_shipments(db, 1)
        await user.open(f"/shipments/{sid}")
        await user.should_see(marker="shipment-print", retries=RETRY)
        user.find(marker="shipment-print").click()
        await user.should_see(marker="printer-dialog", retries=RETRY)
        await user.should_not_see(marker="labels-dialog", retries=3)
        user.find(marker="printer-send").click()
        await user.should_see("1/1 张 · 已打印", retries=RETRY)
        assert [label.barcodes()[0] for label in fake.labels] == [number_for("ZTO", 1)]
    finally:
        fake.close()
