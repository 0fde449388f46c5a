"""补地址 on the 订单发货 page: a masked order (待补地址) is filled by smart paste — with an
ambiguous district resolved by clicking its city — then ships; and the fill-from-file dialog."""

import io

from nicegui.elements.upload_files import SmallFileUpload
from nicegui.testing import User
from openpyxl import Workbook
from sqlalchemy import text

from tests.fixtures.shop import add_orders, add_stock, ensure_sender, seed_catalogue, status_of
from tests.helpers import eventually, login_staff
from waybill_ui import runtime


def db():
    return runtime.get().db


def element(user: User, marker: str):
    return user.find(marker=marker).elements.pop()


def row_of(no: str) -> tuple:
    with db().read() as session:
        # a privacy number's extension is stored apart; shown here joined as the label prints it
        return tuple(
            session.execute(
                text(
                    "SELECT receiver_name, phone || CASE WHEN phone_ext != '' THEN '-' || "
                    "phone_ext ELSE '' END, city, district, address FROM orders "
                    "WHERE order_no = :n"
                ),
                {"n": no},
            ).one()
        )


async def test_paste_fills_a_masked_order_which_then_ships(user: User):
    await login_staff(user)
    seed_catalogue(db())
    ensure_sender(db())
    add_stock(db(), "ZTO", 2)
    [no] = add_orders(db(), 1, prefix="MASK", receiver_name="张**", phone="138****5678", address="***")
    await user.open("/orders")
    table = element(user, "orders-table")
    await eventually(lambda: len(table.rows) == 1)
    assert table.rows[0]["needs_address"] and table.rows[0]["status"] == "待补地址"
    user.find(marker="orders-table").trigger("fill", {"order_no": no})
    await user.should_see(marker="address-dialog")
    user.find(marker="address-paste").type("收货人：张三\n手机：17012345678转1234\n鼓楼区中山路１号")
    user.find(marker="address-recognise").click()
    await user.should_see(marker="address-ambiguous")
    assert element(user, "address-phone").value == "17012345678" and element(user, "address-extension").value == "1234"
    assert element(user, "address-city").value is None  # 鼓楼区 alone is never guessed
    saved_too_early = user.find(marker="address-save")
    saved_too_early.click()
    await user.should_see("省份")  # the form says which field is missing; nothing stored
    assert row_of(no)[0] == "张**"
    offered = {b.text for b in user.find(marker="address-candidate").elements}
    assert {"江苏省南京市鼓楼区", "福建省福州市鼓楼区"} <= offered
    user.find("江苏省南京市鼓楼区").click()
    await eventually(lambda: element(user, "address-city").value == "南京市")
    assert element(user, "address-district").value == "鼓楼区"
    user.find(marker="address-save").click()
    await eventually(lambda: row_of(no) == ("张三", "17012345678-1234", "南京市", "鼓楼区", "中山路1号"))
    await eventually(lambda: not table.rows[0]["needs_address"])
    user.find(marker="orders-table").trigger("ship", {"order_no": no})
    await user.should_see(marker="ship-dialog")
    await eventually(lambda: element(user, "ship-held-number").text.strip() != "")  # the number is held first
    user.find(marker="ship-confirm").click()
    await eventually(lambda: status_of(db(), no) == "shipped")


async def test_fill_addresses_from_a_file(user: User):
    await login_staff(user)
    nos = add_orders(db(), 2, prefix="FILE", address="")
    book = Workbook()
    book.active.append(["订单编号", "收货人", "手机", "收货地址"])
    book.active.append([nos[0], "张三", "13800138000", "浙江省杭州市西湖区文三路90号"])
    book.active.append([nos[1], "李四", "13900139000", "鼓楼区中山路1号"])
    buffer = io.BytesIO()
    book.save(buffer)
    await user.open("/orders")
    user.find(marker="orders-fill-addresses").click()
    await user.should_see(marker="address-file-dialog")
    upload = user.find(marker="address-file-upload").elements.pop()
    await upload.handle_uploads([SmallFileUpload("addr.xlsx", "application/octet-stream", buffer.getvalue())])
    await eventually(lambda: "已补全 1 个订单" in element(user, "address-file-summary").text)
    await user.should_see("第 3 行")
    assert row_of(nos[0])[4] == "文三路90号" and row_of(nos[1])[4] == ""


async def test_dashboard_counts_orders_waiting_for_an_address_and_links_to_them(user: User):
    await login_staff(user)
    add_orders(db(), 3, prefix="OK")
    lacking = add_orders(db(), 2, prefix="NA", address="***")
    await user.open("/")
    from tests.ui.test_dashboard import texts

    await user.should_see(marker="dash-needs-address", retries=100)
    await eventually(lambda: texts(user, "dash-needs-address") == "待补地址 2")
    await user.open("/orders?needs_address=1")
    table = element(user, "orders-table")
    await eventually(lambda: sorted(r["order_no"] for r in table.rows) == sorted(lacking))


async def test_fill_addresses_from_a_pasted_column_pair(user: User):
    await login_staff(user)
    nos = add_orders(db(), 2, prefix="COL", address="")
    await user.open("/orders")
    user.find(marker="orders-fill-addresses").click()
    await user.should_see(marker="address-file-dialog")
    user.find(marker="address-column").type(
        f"{nos[0]}\t张三 13800138000 浙江省杭州市西湖区文三路90号\n{nos[1]}\t李四 13900139000 西湖区文三路1号"
    )
    user.find(marker="address-column-fill").click()
    await eventually(lambda: "已补全 1 个订单" in element(user, "address-file-summary").text)
    await user.should_see("第 2 行")
    assert row_of(nos[0])[4] == "文三路90号" and row_of(nos[1])[4] == ""
