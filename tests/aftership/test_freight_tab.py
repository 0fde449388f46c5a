"""The 运费对账 tab with the simulated user: a bill is uploaded and its lines shown by issue, a bill
with unusual headers goes through the column-mapping dialog, and an earlier bill is opened again."""

import asyncio

from nicegui.elements.upload_files import SmallFileUpload
from nicegui.testing import User

from tests.aftership.test_freight import MAY, ROWS, bill_csv, contract
from tests.helpers import login
from tests.tracking_factories import make_shipment
from waybill_ui import runtime
from waybill_ui.services.aftership import freight


def the(user: User, marker: str):
    elements = user.find(marker=marker).elements
    assert elements, marker
    return next(iter(elements))


async def settle(condition, timeout: float = 5.0) -> None:
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("page did not update")


def seed(db) -> None:
    for i, weight in ((1, 1000), (2, 1000), (3, 1000), (4, 800)):
        make_shipment(db, number=f"YT100000000000{i}", shipped_at=MAY, weight_g=weight)
    contract(db)


async def test_a_bill_is_imported_and_its_lines_shown_by_issue(user: User):
    await login(user)
    seed(runtime.get().db)
    await user.open("/aftership?tab=freight")
    await user.should_see(marker="freight-upload")
    the(user, "freight-carrier").value = "YTO"
    the(user, "freight-month").value = "2026-05"
    upload = the(user, "freight-upload")
    await upload.handle_uploads([SmallFileUpload(name="may.csv", content_type="text/csv", _data=bill_csv(ROWS))])
    await user.should_see(retries=50, target="已导入 5 行：多收 ¥5.00，漏列 1 单。")
    assert "已导入 5 行" in the(user, "freight-result").text
    await user.should_see(marker="freight-lines")
    table = the(user, "freight-lines")
    await settle(lambda: len(table.rows) == 4)  # disputed: all but the line at the contract price
    assert {r["number"] for r in table.rows} == {
        "YT1000000000002",
        "YT1000000000003",
        "YT9999999999999",
        "YT1000000000001",
    }
    assert table.pagination["rowsNumber"] == 4
    the(user, "freight-issue").value = "missing"
    await settle(lambda: [r["number"] for r in table.rows] == ["YT1000000000004"])
    assert table.rows[0]["issue"] == "账单漏列"
    the(user, "freight-issue").value = "weight"
    await settle(lambda: [r["number"] for r in table.rows] == ["YT1000000000003"])
    assert table.rows[0]["weight"] == "2.50" and table.rows[0]["ours"] == "1.00"
    (bill,) = freight.list_bills(runtime.get().db, page=1, size=5)[0]
    await user.should_see(marker=f"freight-bill-{bill.id}")
    await user.should_see(marker="freight-totals")
    user.find(marker="freight-export-csv").click()


async def test_no_carrier_chosen_is_said(user: User):
    await login(user)
    await user.open("/aftership?tab=freight")
    upload = the(user, "freight-upload")
    await upload.handle_uploads([SmallFileUpload(name="may.csv", content_type="text/csv", _data=bill_csv(ROWS))])
    await user.should_see(retries=50, target="请先选择这份账单是哪家快递的。")


async def test_unusual_headers_go_through_the_mapping_dialog(user: User):
    await login(user)
    db = runtime.get().db
    seed(db)
    await user.open("/aftership?tab=freight")
    the(user, "freight-carrier").value = "YTO"
    the(user, "freight-month").value = "2026-05"
    header = ("票据号", "发件日期", "到达地", "重量kg", "结算款", "其他")
    upload = the(user, "freight-upload")
    await upload.handle_uploads(
        [SmallFileUpload(name="odd.csv", content_type="text/csv", _data=bill_csv(ROWS, header=header))]
    )
    await user.should_see(retries=50, marker="freight-mapping")
    the(user, "freight-map-number").value = "票据号"
    the(user, "freight-map-weight").value = "重量kg"
    the(user, "freight-map-fee").value = "结算款"
    user.find(marker="freight-map-save").click()
    await user.should_see(retries=50, target="已导入 5 行")
    assert freight.mapping_for(db, carrier="YTO")["number"] == "票据号"


async def test_an_earlier_bill_is_opened_from_the_list(user: User):
    await login(user)
    db = runtime.get().db
    seed(db)
    bill = freight.import_bill(db, carrier="YTO", month="2026-05", data=bill_csv(ROWS), filename="may.csv", actor="o")
    await user.open("/aftership?tab=freight")
    await user.should_see(marker=f"freight-bill-{bill.id}")
    await user.should_not_see(marker="freight-lines")
    user.find(marker=f"freight-bill-{bill.id}").click()
    await user.should_see(retries=50, marker="freight-lines")
    table = the(user, "freight-lines")
    await settle(lambda: table.pagination.get("rowsNumber") == 4)
