"""The packing page with the simulated user: the end-of-day list and the barcode map are paged on
the server (only one page of rows is ever on the page), the barcode editor refuses bad input."""

from nicegui.testing import User

from tests.fixtures.shop import add_orders, add_stock, seed_catalogue
from tests.helpers import login_staff
from waybill_ui import runtime
from waybill_ui.services.shipping import single as shipping
from waybill_ui.services.packing import barcodes


async def test_left_over_and_barcodes_page_on_the_server(user: User):
    db = runtime.get().db
    seed_catalogue(db)
    add_stock(db, "ZTO", 23)
    numbers = [shipping.ship_order(db, order_no=n, carrier="ZTO", actor="t").number for n in add_orders(db, 23)]
    for i in range(25):
        barcodes.save(db, barcode=f"690{i:04d}", sku=f"SKU-{i:02d}", weight_g=100, actor="t")
    await login_staff(user)
    await user.open("/packing")
    await user.should_see("第 1/2 页 · 共 23 条")
    await user.should_see(marker=f"left-{numbers[0]}")
    await user.should_not_see(marker=f"left-{numbers[20]}")  # the second page is not sent yet
    user.find(marker="left-next").click()
    await user.should_see(marker=f"left-{numbers[20]}")
    await user.should_not_see(marker=f"left-{numbers[0]}")
    await user.should_see("第 1/2 页 · 共 25 条")  # the barcode map
    await user.should_see(marker="barcode-row-6900000")
    await user.should_not_see(marker="barcode-row-6900024")

    user.find(marker="barcode-code").type("有 空格")
    user.find(marker="barcode-sku").type("SKU-X")
    user.find(marker="barcode-save").click()
    await user.should_see("只能是字母、数字")
    assert barcodes.list_page(db)[1] == 25  # nothing stored
