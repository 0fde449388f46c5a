"""A seller's afternoon in a real headless Chromium: drop the Taobao export in, batch-ship every
waiting order, download the marketplace batch-ship file."""

import csv
import io
import time
from pathlib import Path

import pytest
from nicegui.testing import Screen
from selenium.webdriver.common.by import By
from sqlalchemy import text

from tests.browser.helpers import open_with_owner, sign_in, upload_file
from tests.fixtures import taobao_export as tb
from tests.fixtures.shop import add_stock, seed_catalogue

pytestmark = [pytest.mark.browser]  # in a browser lane: see tests/conftest.py


def test_import_then_batch_ship_then_export(screen: Screen, tmp_path: Path):
    db, _ = open_with_owner(screen)
    seed_catalogue(db)
    add_stock(db, "ZTO", 200)
    add_stock(db, "EMS", 10)  # for the parcels ZTO does not take (Tibet)
    export = tmp_path / "ExportOrderList202611.csv"
    export.write_bytes(tb.export(40, seed=11, status=tb.PENDING))
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    screen.selenium.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})

    sign_in(screen)

    screen.open("/orders")
    screen.should_contain("没有符合条件的订单")
    screen.click("导入订单")
    screen.should_contain("导入淘宝订单")
    upload_file(screen, export)  # the dialog may redraw its drop zone once (the shop list arrives)
    screen.should_contain("新订单 40 个")
    screen.click("导入 40 个订单")
    screen.should_contain("导入完成：新增 40")
    screen.click("关闭")  # close the import dialog
    screen.wait_for(lambda: "待发货（40）" in screen.selenium.page_source)

    screen.click("选择全部 40 个匹配订单")
    screen.should_contain("已选 40 个订单")
    screen.click("批量发货")
    screen.should_contain("个订单，库存 200")  # the stock check per carrier
    screen.click("确认发货 40 个订单")
    screen.should_contain("发货完成：成功 40 个，失败 0 个")
    with db.read() as session:
        assert session.execute(text("SELECT count(*) FROM orders WHERE status = 'shipped'")).scalar() == 40
    screen.selenium.find_element(  # the dialog's button, not the toolbar's one behind it
        By.XPATH, "//div[contains(@class, 'q-dialog')]//*[text()[contains(., '下载批量发货文件')]]"
    ).click()
    deadline = time.time() + 10
    while time.time() < deadline and not list(downloads.glob("batch-ship-*.csv")):
        time.sleep(0.2)
    [file] = list(downloads.glob("batch-ship-*.csv"))
    rows = list(csv.reader(io.StringIO(file.read_bytes().decode("utf-8-sig"))))
    assert rows[0] == ["订单编号", "物流公司", "运单号"] and len(rows) == 41
    assert {r[1] for r in rows[1:]} <= {"中通快递", "EMS"} and all(r[0].isdigit() for r in rows[1:])
    screen.shot("orders-batch-shipped", failed=False)
