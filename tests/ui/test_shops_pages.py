"""Shops on the pages: 设置 → 店铺 (add, rename, deactivate, delete an empty one), the orders
page's shop filter and column, the import dialog's shop choice and column-mapping step, and the
batch-ship file in the shop's marketplace template."""

import io

from nicegui.elements.upload_files import SmallFileUpload
from nicegui.testing import User
from openpyxl import load_workbook
from sqlalchemy import text

from tests.fixtures import marketplace_files as mf
from tests.fixtures.shop import add_orders, add_stock, seed_catalogue
from tests.helpers import eventually, login
from waybill_ui import runtime
from waybill_ui.services.orders import shops
from waybill_ui.services.shipping import single as shipping


def db():
    return runtime.get().db


def element(user: User, marker: str):
    return user.find(marker=marker).elements.pop()


def scalar(sql: str, **params):
    with db().read() as session:
        return session.execute(text(sql), params).scalar()


async def test_owner_manages_shops_in_settings(user: User):
    await login(user)
    await user.open("/settings?tab=shops")
    await user.should_see(marker="shops-card")
    user.find(marker="shop-new-name").type("拼多多旗舰店")
    element(user, "shop-new-marketplace").value = "pdd"
    user.find(marker="shop-add").click()
    await eventually(lambda: scalar("SELECT count(*) FROM shop") == 2)
    new_id = scalar("SELECT id FROM shop WHERE name = '拼多多旗舰店'")
    assert scalar("SELECT marketplace FROM shop WHERE id = :i", i=new_id) == "pdd"
    await user.should_see(marker=f"shop-row-{new_id}")
    element(user, f"shop-name-{new_id}").value = "拼多多二店"
    user.find(marker=f"shop-save-{new_id}").click()
    await eventually(lambda: scalar("SELECT name FROM shop WHERE id = :i", i=new_id) == "拼多多二店")
    await user.should_see(marker=f"shop-toggle-{new_id}")
    user.find(marker=f"shop-toggle-{new_id}").click()
    await eventually(lambda: scalar("SELECT active FROM shop WHERE id = :i", i=new_id) in (0, False))
    # the default shop has orders: no delete button; the empty one can go
    add_orders(db(), 1)
    await user.open("/settings?tab=shops")
    await user.should_see(marker=f"shop-delete-{new_id}")
    await user.should_not_see(marker=f"shop-delete-{shops.DEFAULT_SHOP_ID}")
    user.find(marker=f"shop-delete-{new_id}").click()
    await eventually(lambda: scalar("SELECT count(*) FROM shop") == 1)


async def test_orders_page_filters_by_shop_imports_with_mapping_and_exports_per_template(user: User):
    await login(user)
    seed_catalogue(db())
    add_stock(db(), "ZTO", 2)
    me = shops.Principal(id=1, username="owner", role="owner")
    jd = shops.create_shop(db(), name="京东自营店", marketplace="jd", actor=me)
    [taobao_order] = add_orders(db(), 1)
    await user.open("/orders")
    table = element(user, "orders-table")
    await eventually(lambda: len(table.rows) == 1)
    assert table.rows[0]["shop"] == "淘宝店铺"
    # import an ERP sheet no plug-in knows into the JD shop: the mapping step, then the import
    element(user, "orders-shop").value = jd.id
    await eventually(lambda: len(table.rows) == 0)
    user.find(marker="orders-import").click()
    await user.should_see(marker="import-dialog")
    assert element(user, "import-shop").value == jd.id  # the filtered shop is offered
    upload = element(user, "import-upload")
    with user:
        await upload.handle_uploads([SmallFileUpload("erp.csv", "text/csv", mf.unknown_file(3))])
    await eventually(lambda: element(user, "import-mapping").visible)
    for field_name, header in mf.UNKNOWN_MAPPING.items():
        element(user, f"map-{field_name}").value = header
    user.find(marker="import-mapping-apply").click()
    await eventually(lambda: element(user, "import-commit").visible)
    assert "新订单 3 个" in element(user, "import-summary").text
    user.find(marker="import-commit").click()
    await eventually(lambda: scalar("SELECT count(*) FROM orders WHERE shop_id = :s", s=jd.id) == 3)
    assert shops.get_shop(db(), shop_id=jd.id).column_mapping["columns"]["order_no"] == "单据编号"
    user.find(marker="import-close").click()
    await eventually(lambda: len(table.rows) == 3 and {r["shop"] for r in table.rows} == {"京东自营店"})
    # ship one JD order and one Taobao order; the batch-ship file of the JD shop is JD's template
    shipping.ship_order(db(), order_no="ERP000001", carrier="ZTO", actor="t")
    shipping.ship_order(db(), order_no=taobao_order, carrier="ZTO", actor="t")
    user.find(marker="export-batch-file").click()
    download = await user.download.next(timeout=5)
    sheet = load_workbook(io.BytesIO(download.content)).active
    rows = [tuple(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == ("订单号", "物流公司", "运单号") and [r[:2] for r in rows[1:]] == [("ERP000001", "中通速递")]
