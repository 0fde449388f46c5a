import asyncio

from nicegui import ui
from nicegui.testing import User
from sqlmodel import select

from waybill_ui import runtime
from waybill_ui.db.models import Shipment
from waybill_ui.services.printing import labels
from waybill_ui.services.settings import senders
from waybill_ui.ui.components.labels import print_labels
from tests.helpers import login, login_staff
from tests.label_rows import make_shipments, number_for
from tests.pdf_tools import barcodes, page_sizes_mm, page_text


def link_target(user: User, marker: str) -> str:
    [element] = user.find(marker=marker).elements
    return element.props["href"]


async def test_staff_prints_from_the_print_page(user: User):
    await login_staff(user)
    ids = make_shipments(runtime.get().db, 3, start=30)
    await user.open(f"/labels/print?ids={ids[1]},{ids[0]}&size=100x180")
    await user.should_see(marker="labels-title")
    user.find(marker="labels-print").click()
    await user.should_see(marker="labels-ready", retries=50)
    await user.should_see("已生成 2 张面单")
    response = await user.http_client.get(link_target(user, "labels-open"))
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    assert page_sizes_mm(response.content) == [(100.0, 180.0)] * 2
    assert number_for("ZTO", 31) in page_text(response.content, 0).text
    assert barcodes(response.content, 1) == [("CODE128", number_for("ZTO", 30))]
    with runtime.get().db.read() as session:
        counts = {s.id: s.printed_count for s in session.exec(select(Shipment))}
    assert counts == {ids[0]: 1, ids[1]: 1, ids[2]: 0}
    user.find(marker="labels-download").click()
    download = await user.download.next()
    assert download.status_code == 200 and download.content == response.content


async def test_fill_in_the_unprinted_ones(user: User):
    await login_staff(user)
    ids = make_shipments(runtime.get().db, 3)
    labels.print_labels(runtime.get().db, shipment_ids=[ids[1]], actor="t")
    await user.open("/labels/print")
    await user.should_see("还有 2 个包裹未打印面单。")
    user.find(marker="labels-fill-unprinted").click()
    await user.should_see(marker="labels-ids")
    [box] = user.find(marker="labels-ids").elements
    for _ in range(50):
        if box.value:
            break
        await asyncio.sleep(0.05)
    assert box.value == f"{ids[0]}, {ids[2]}"


async def test_errors_are_shown_in_the_dialog(user: User):
    await login_staff(user)
    [sid] = make_shipments(runtime.get().db, 1)
    await user.open(f"/labels/print?ids={sid},777")
    user.find(marker="labels-print").click()
    await user.should_see(marker="labels-error", retries=50)
    await user.should_see("找不到这些包裹：777")
    with runtime.get().db.read() as session:
        assert session.get(Shipment, sid).printed_count == 0
    await user.open("/labels/print")
    user.find(marker="labels-print").click()
    await user.should_see("请先选择要打印面单的包裹。")


async def test_other_pages_can_call_the_component(user: User):
    """How the orders / batch-ship / tracking pages use it: a button that awaits print_labels."""
    got: list[str | None] = []

    @ui.page("/test-print-button")
    def page() -> None:
        async def click() -> None:
            got.append(await print_labels(ids, open_tab=False))

        ui.button("print", on_click=click).mark("go")

    await login_staff(user)
    ids = make_shipments(runtime.get().db, 2)
    await user.open("/test-print-button")
    user.find(marker="go").click()
    await user.should_see(marker="labels-ready", retries=50)
    assert got and got[0].startswith("/api/v1/labels/files/")
    assert len(page_sizes_mm((await user.http_client.get(got[0])).content)) == 2


async def test_owner_manages_senders_and_label_options(user: User):
    await login(user)
    await user.open("/settings?tab=senders")
    await user.should_see(marker="senders-empty")
    user.find(marker="sender-add").click()
    await user.should_see(marker="sender-editor")
    user.find(marker="sender-name").type("李仓管")
    user.find(marker="sender-phone").type("12345")
    user.find(marker="sender-city").type("杭州市")
    user.find(marker="sender-address").type("梦想小镇 3 号仓库")
    [province] = user.find(marker="sender-province").elements
    province.value = "浙江省"
    user.find(marker="sender-save").click()
    await user.should_see("格式不对")
    assert senders.list_senders(runtime.get().db) == []
    user.find(marker="sender-phone").clear().type("0571-88886666")
    user.find(marker="sender-save").click()
    await user.should_see("寄件人地址已保存。")
    [row] = senders.list_senders(runtime.get().db)
    assert (row.name, row.phone, row.province, row.is_default) == ("李仓管", "0571-88886666", "浙江省", True)
    await user.should_see(marker=f"sender-row-{row.id}")

    user.find(marker="label-size").elements.pop().value = "100x180"
    user.find(marker="label-mask-phone").elements.pop().value = True
    user.find(marker="label-options-save").click()
    await user.should_see("面单选项已保存。")
    chosen = labels.options(runtime.get().db)
    assert (chosen.size, chosen.mask_phone) == ("100x180", True)


async def test_staff_cannot_see_sender_settings(user: User):
    await login_staff(user)
    await user.open("/settings")
    await user.should_see(marker="staff-view")
    await user.should_not_see(marker="tab-senders")
