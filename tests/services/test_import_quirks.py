"""Export files with the quirks issue 19 lists still import: a sheet that declares a wrong size,
a merged title row above the header, trailing summary rows, numbers stored as numbers."""

import io
import re
import zipfile

from openpyxl import Workbook
from sqlalchemy import text

from waybill_ui.services.orders import importing as orders_import

HEADERS = [
    "订单编号",
    "买家会员名",
    "买家实际支付金额",
    "订单状态",
    "收货人姓名",
    "收货地址",
    "联系手机",
    "宝贝标题",
    "宝贝总数量",
]


def _book(rows: int) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["淘宝订单报表 2026-12-01 至 2026-12-04"])  # a title row merged over the header
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet.append(HEADERS)
    for i in range(rows):
        # numbers stored as numbers: order id, amount, mobile, quantity
        sheet.append(
            [
                210000000000 + i,
                f"buyer{i}",
                59.9,
                "买家已付款，等待卖家发货",
                f"张{i}",
                "浙江省 杭州市 西湖区 文三路90号",
                13800138000 + i,
                "T恤",
                2,
            ]
        )
    sheet.append(["合计", "", 59.9 * rows])
    sheet.append(["总计：", f"{rows} 笔订单"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _wrong_dimension(data: bytes) -> bytes:
    """The sheet says it is A1:B3 (some exporters write a stale size); the rows go on past it."""
    zin = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            content = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content, count = re.subn(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:B3"/>', content)
                assert count == 1
            zout.writestr(item, content)
    return out.getvalue()


def test_quirky_xlsx_imports_every_order(db):
    data = _wrong_dimension(_book(25))
    report = orders_import.import_orders(db, data=data, filename="ExportOrderList.xlsx", actor="t")
    assert report.imported == 25 and report.rejected == [] and report.needs_address == 0
    with db.read() as session:
        row = session.execute(
            text("SELECT order_no, phone, amount_fen, item_count, district FROM orders WHERE order_no = '210000000024'")
        ).one()
    assert tuple(row) == ("210000000024", "13800138024", 5990, 2, "西湖区")
