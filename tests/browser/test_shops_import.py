"""A second shop's file that no marketplace plug-in knows, imported in a real headless Chromium:
the dialog asks which shop, shows the column-mapping step, the seller maps the columns, previews,
imports; the orders land in that shop and the shop remembers the mapping."""

import pytest
from nicegui.testing import Screen
from selenium.webdriver.common.by import By
from sqlalchemy import text

from tests.browser.helpers import click_text, click_xpath, elements_now, open_with_owner, sign_in, upload_file
from tests.fixtures import marketplace_files as mf
from waybill_ui.services.orders import shops

pytestmark = pytest.mark.browser

MENU = "//div[contains(@class,'q-menu')]"


def pick(screen: Screen, label: str, option: str) -> None:
    """Open the q-select labelled `label` inside the dialog and choose `option`."""
    click_xpath(screen, f"//div[contains(@class,'q-dialog')]//label[.//*[normalize-space(text())='{label}']]")
    click_xpath(screen, f"{MENU}//*[normalize-space(text())='{option}']")
    screen.wait_for(lambda: not elements_now(screen, By.XPATH, MENU))


def test_import_an_unknown_layout_into_a_second_shop_via_the_mapping_step(screen: Screen, tmp_path):
    screen.open("/login", timeout=60)  # the app may take a while to start on a busy machine
    db, owner = open_with_owner(screen)
    jd = shops.create_shop(db, name="京东店", marketplace="jd", actor=shops.Principal(owner.id, "boss", "owner"))
    path = tmp_path / "erp-export.csv"
    path.write_bytes(mf.unknown_file(3))
    sign_in(screen)
    screen.open("/orders")
    click_text(screen, "导入订单")
    screen.should_contain("导入到店铺")
    pick(screen, "导入到店铺", "京东店（京东）")
    upload_file(screen, path)
    screen.should_contain("没认出这个文件的格式")
    for label, column in (
        ("订单号", "单据编号"),
        ("收货人", "客户"),
        ("手机", "联系方式"),
        ("完整收货地址", "送货地址"),
        ("订单状态", "单据状态"),
    ):
        pick(screen, label, column)
    click_text(screen, "按这个对应预览")
    screen.should_contain("导入 3 个订单")
    click_text(screen, "导入 3 个订单")

    def in_shop() -> int:
        with db.read() as session:
            return session.execute(text("SELECT count(*) FROM orders WHERE shop_id = :s"), {"s": jd.id}).scalar()

    screen.wait_for(lambda: in_shop() == 3)
    mapping = shops.get_shop(db, shop_id=jd.id).column_mapping["columns"]
    assert mapping["order_no"] == "单据编号" and mapping["address"] == "送货地址"
    screen.shot("shops-import-mapped", failed=False)
