"""The Taobao 订单报表 importer against exports built as docs/carrier-formats.md §4 describes."""

import io
import random

import pytest
from openpyxl import Workbook
from sqlalchemy import text

from tests.fixtures import taobao_export as tb
from tests.fixtures.shop import add_stock, seed_catalogue
from waybill_ui.services.pool import allocation
from waybill_ui.services.orders import importing as orders_import
from waybill_ui.services.pool import numbers as pool_numbers
from waybill_ui.services.shipping import single as shipping
from waybill_ui.services.common.errors import Conflict, Invalid


def one(**changes) -> list[str]:
    """One export row (pending, Hangzhou) with some cells changed by header name."""
    row = tb.row(0, random.Random(5), status=tb.PENDING)
    names = [h.strip() for h in tb.HEADERS]
    row[names.index("收货地址")] = "浙江省 杭州市 西湖区 文三路90号东部软件园3栋201室(310013)"
    for name, value in changes.items():
        row[names.index(name.strip())] = value
    return row


def order(db, order_no: str) -> dict:
    with db.read() as session:
        found = session.execute(text("SELECT * FROM orders WHERE order_no = :n"), {"n": order_no}).mappings().first()
    return dict(found) if found else None


def count(db, sql: str) -> int:
    with db.read() as session:
        return session.execute(text(sql)).scalar()


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig"])
def test_the_export_as_it_comes(db, encoding):
    data = tb.build(
        [
            one(
                **{
                    "订单编号": '="2100000000000000123"',
                    "联系手机": "'13912345678",
                    "买家实际支付金额": "1,234.50元",
                    "买家留言": "请发顺丰，谢谢",
                }
            )
        ],
        encoding=encoding,
    )
    report = orders_import.import_orders(db, data=data, filename="ExportOrderList1.csv", actor="t")
    assert (report.imported, report.updated, report.rejected) == (1, 0, [])
    assert report.encoding == ("gb18030" if encoding == "gbk" else "utf-8-sig")
    saved = order(db, "2100000000000000123")  # the ="…" wrapper is gone, all 19 digits kept
    assert saved["phone"] == "13912345678" and saved["amount_fen"] == 123450
    assert (saved["province"], saved["city"], saved["district"]) == ("浙江省", "杭州市", "西湖区")
    assert saved["address"] == "文三路90号东部软件园3栋201室" and saved["postcode"] == "310013"
    assert saved["status"] == "pending" and saved["marketplace_status"] == tb.PENDING
    assert saved["buyer_message"] == "请发顺丰，谢谢"
    assert count(db, "SELECT count(*) FROM audit_log WHERE entity = 'order_import'") == 1


def test_trailing_space_headers_are_matched_by_name_in_any_order(db):
    headers = list(reversed(tb.HEADERS))
    rows = [list(reversed(one()))]
    assert "收货地址 " in headers and "联系电话 " in headers
    report = orders_import.import_orders(db, data=tb.build(rows, headers=headers), actor="t")
    assert report.imported == 1 and order(db, "2100000000000000000")["city"] == "杭州市"


def test_every_status_text(db):
    seed_catalogue(db)
    texts = {
        "买家已付款，等待卖家发货": "pending",
        "买家已付款,等待卖家发货": "pending",
        "等待买家付款": "unpaid",
        "卖家已发货，等待买家确认": "shipped",
        "交易成功": "shipped",
        "交易关闭": "closed",
        "退款成功": "closed",
        "卖家部分发货": "pending",
        "已收货": "shipped",
        "交易完成": "shipped",
        "": "pending",
    }
    rows = []
    for i, status in enumerate(texts):
        extra = {"物流单号 ": "75123456789012", "物流公司": "中通快递"} if texts[status] == "shipped" else {}
        row = one(**{"订单编号": f"31000000000000{i:02d}", "订单状态": status})
        names = [h for h in tb.HEADERS]
        for name, value in extra.items():
            row[names.index(name)] = value.replace("9012", f"90{i:02d}")  # a number is never shared
        rows.append(row)
    report = orders_import.import_orders(db, data=tb.build(rows), actor="t")
    assert report.rejected == []
    for i, status in enumerate(texts):
        assert order(db, f"31000000000000{i:02d}")["status"] == texts[status], status
    unknown = orders_import.preview(db, data=tb.build([one(**{"订单状态": "火星已签收"})]))
    assert unknown.rejected[0].key == "import.problem.unknown_status" and "火星已签收" in unknown.rejected[0].reason()


def test_excel_damage_is_refused_with_the_row_number_and_dates_survive(db):
    rows = [
        one(**{"订单编号": "2.10000000000000E+18"}),
        one(**{"订单编号": "2100000000000000777", "订单创建时间": "2026/10/3 9:05", "订单付款时间 ": "2026/10/3 9:07"}),
    ]
    report = orders_import.import_orders(db, data=tb.build(rows), actor="t")
    assert report.imported == 1
    [problem] = report.rejected
    assert problem.row == 2 and problem.key == "import.problem.mangled_id"
    assert "科学计数法" in problem.reason("zh") and "scientific notation" in problem.reason("en")
    saved = order(db, "2100000000000000777")
    assert str(saved["ordered_at"]).startswith("2026-10-03 01:05:00")  # 09:05 in Shanghai is 01:05 UTC


def test_municipalities_and_autonomous_regions(db):
    places = {
        "ADR1": ("上海 上海市 徐汇区 虹漕路68号(200233)", ("上海市", "上海市", "徐汇区", "虹漕路68号")),
        "ADR2": ("北京 北京市 朝阳区 望京街道阜通东大街6号", ("北京市", "北京市", "朝阳区", "望京街道阜通东大街6号")),
        "ADR3": ("重庆 重庆市 渝中区 解放碑民权路28号", ("重庆市", "重庆市", "渝中区", "解放碑民权路28号")),
        "ADR4": (
            "新疆维吾尔自治区 乌鲁木齐市 天山区 解放南路339号",
            ("新疆维吾尔自治区", "乌鲁木齐市", "天山区", "解放南路339号"),
        ),
        "ADR5": ("西藏自治区 拉萨市 城关区 北京中路48号", ("西藏自治区", "拉萨市", "城关区", "北京中路48号")),
        "ADR6": (
            "内蒙古自治区 呼和浩特市 新城区 新华大街63号",
            ("内蒙古自治区", "呼和浩特市", "新城区", "新华大街63号"),
        ),
        "ADR7": ("广西壮族自治区 南宁市 青秀区 民族大道136号", ("广西壮族自治区", "南宁市", "青秀区", "民族大道136号")),
        "ADR8": ("广东省 东莞市 虎门镇 连升中路8号", ("广东省", "东莞市", "", "虎门镇 连升中路8号")),
        "ADR9": ("浙江杭州西湖区文三路90号", ("浙江省", "杭州市", "西湖区", "文三路90号")),
    }
    rows = [one(**{"订单编号": no, "收货地址 ": address}) for no, (address, _) in places.items()]
    report = orders_import.import_orders(db, data=tb.build(rows), actor="t")
    assert report.rejected == [] and report.imported == len(places)
    for no, (_, expected) in places.items():
        saved = order(db, no)
        assert (saved["province"], saved["city"], saved["district"], saved["address"]) == expected


def test_broken_rows_are_listed_and_good_rows_kept_orders_without_address_wait(db):
    rows = [
        one(**{"订单编号": "GOOD1"}),
        one(**{"订单编号": "BAD01", "收货人姓名": ""}),
        one(**{"订单编号": "BAD02", "收货地址 ": ""}),
        one(**{"订单编号": "BAD03", "联系手机": "'1381234"}),
        one(**{"订单编号": "BAD04", "收货地址 ": "火星 奥林匹斯山 1号"}),
        one(**{"订单编号": "BAD05", "买家实际支付金额": "五十元"}),
        one(**{"订单编号": "BAD06", "订单创建时间": "昨天"}),
        one(**{"订单编号": ""}),
        one(**{"订单编号": "GOOD2", "收货人姓名": "", "订单状态": "交易关闭"}),  # closed: no address needed
        [""] * len(tb.HEADERS),
    ]  # a blank line at the end
    report = orders_import.import_orders(db, data=tb.build(rows), actor="t")
    # no receiver, no address, an address we cannot place: kept as 待补地址, not refused
    assert report.imported == 5 and report.needs_address == 3
    got = {(p.row, p.order_no, p.key) for p in report.rejected}
    assert got == {
        (5, "BAD03", "import.problem.bad_phone"),
        (7, "BAD05", "import.problem.bad_money"),
        (8, "BAD06", "import.problem.bad_date"),
        (9, "", "import.problem.no_order_no"),
    }
    assert all(p.reason("zh") and p.reason("en") for p in report.rejected)
    assert order(db, "BAD01")["status"] == "pending" and order(db, "GOOD2")["status"] == "closed"


def test_reimport_updates_never_duplicates_and_never_touches_shipped(db):
    seed_catalogue(db)
    add_stock(db, "ZTO", 3)
    data = tb.export(30, seed=3, status=tb.PENDING)
    first = orders_import.import_orders(db, data=data, actor="t")
    assert first.imported == 30
    shipped = shipping.ship_order(db, order_no="2100000000000000000", actor="t")
    again = orders_import.import_orders(db, data=data, actor="t")
    assert (again.imported, again.updated, again.skipped_shipped) == (0, 29, 1)
    assert count(db, "SELECT count(*) FROM orders") == 30
    assert order(db, "2100000000000000000")["status"] == "shipped"  # the export still says "waiting": ignored
    # the buyer closed one order and changed another's address since the last export
    rows = [tb.row(i, random.Random(i)) for i in range(2)]
    rows[0][10], rows[1][10] = tb.CLOSED, tb.PENDING
    rows[1][13] = "江苏省 苏州市 工业园区 星湖街328号"
    rows[0][0] = '="2100000000000000001"'
    rows[1][0] = '="2100000000000000002"'
    report = orders_import.import_orders(db, data=tb.build(rows), actor="t")
    assert report.updated == 2
    assert order(db, "2100000000000000001")["status"] == "closed"
    assert order(db, "2100000000000000002")["city"] == "苏州市"
    assert count(db, "SELECT count(*) FROM audit_log WHERE action = 'import_update' AND to_status = 'closed'") == 1
    assert shipped.number


def test_shipped_elsewhere_records_the_number_so_it_is_never_reused(db):
    seed_catalogue(db)
    [pool_number] = add_stock(db, "ZTO", 1)
    rows = [
        one(**{"订单编号": "EXT01", "订单状态": tb.SHIPPED, "物流单号 ": pool_number, "物流公司": "中通快递"}),
        one(**{"订单编号": "EXT02", "订单状态": tb.SUCCESS, "物流单号 ": "5512345678901", "物流公司": "百世快递"}),
    ]
    report = orders_import.import_orders(db, data=tb.build(rows), actor="t")
    assert report.external_numbers == 1 and report.rejected == []
    saved = order(db, "EXT01")
    assert (saved["status"], saved["external_carrier"], saved["external_number"]) == (
        "shipped",
        "中通快递",
        pool_number,
    )
    with db.read() as session:
        assert (
            session.execute(text("SELECT status FROM waybill WHERE number = :n"), {"n": pool_number}).scalar() == "used"
        )
        assert allocation.take(session, carrier="ZTO", count=5) == []
        session.rollback()
    assert order(db, "EXT02")["external_number"] == "5512345678901"  # carrier unknown to us: number kept on the order
    from tests.fixtures.shop import add_orders

    [pending] = add_orders(db, 1)
    with pytest.raises(Conflict) as refused:
        shipping.ship_order(db, order_no=pending, carrier="ZTO", number=pool_number, actor="t")
    assert "EXT01" in refused.value.message()


def test_xlsx_with_numbers_dates_and_a_mangled_id(db):
    from datetime import datetime

    book = Workbook()
    sheet = book.active
    sheet.title = "订单报表"
    sheet.append([h for h in tb.HEADERS])
    good = one(**{"订单编号": "2100000000000000555"})
    sheet.append(good)
    damaged = one()
    sheet.append(damaged)
    sheet.cell(row=3, column=1, value=2.1e18)  # what Excel keeps of a 19-digit id typed as a number
    sheet.cell(row=2, column=17, value=13912345678)  # the mobile as a number
    sheet.cell(row=2, column=18, value=datetime(2026, 10, 3, 9, 5))
    buffer = io.BytesIO()
    book.save(buffer)
    report = orders_import.import_orders(db, data=buffer.getvalue(), filename="orders.xlsx", actor="t")
    assert report.imported == 1 and report.encoding == "xlsx"
    assert [p.key for p in report.rejected] == ["import.problem.mangled_id"]
    saved = order(db, "2100000000000000555")
    assert saved["phone"] == "13912345678" and str(saved["ordered_at"]).startswith("2026-10-03 01:05")


def test_newer_layout_with_synonyms_and_split_address(db):
    headers = [
        "主订单编号",
        "子订单编号",
        "商品标题",
        "购买数量",
        "订单状态",
        "买家实付金额",
        "收件人姓名",
        "收货人手机号",
        "收货省份",
        "收货市",
        "收货区",
        "详细地址",
        "邮编",
        "订单创建时间",
        "快递单号",
        "快递公司",
    ]
    rows = [
        [
            "7001",
            "7001-1",
            "杯子",
            "1",
            "等待卖家发货",
            "10元",
            "王芳",
            "13800001111",
            "湖北省",
            "武汉市",
            "洪山区",
            "珞喻路1037号",
            "430074",
            "2026-10-01 10:00:00",
            "",
            "",
        ],
        [
            "7001",
            "7001-2",
            "杯垫",
            "2",
            "等待卖家发货",
            "10元",
            "王芳",
            "13800001111",
            "湖北省",
            "武汉市",
            "洪山区",
            "珞喻路1037号",
            "430074",
            "2026-10-01 10:00:00",
            "",
            "",
        ],
    ]
    report = orders_import.import_orders(db, data=tb.build(rows, encoding="utf-8", headers=headers), actor="t")
    assert report.imported == 1 and report.rejected == []
    saved = order(db, "7001")
    assert saved["items"] == "杯子；杯垫" and saved["item_count"] == 3
    assert (saved["province"], saved["city"], saved["district"], saved["postcode"]) == (
        "湖北省",
        "武汉市",
        "洪山区",
        "430074",
    )


def test_plain_template_and_utf16_text(db):
    from waybill_ui.services.orders.importing import template

    head = template.csv_bytes().decode("utf-8-sig").strip().split(",")
    row = [
        "SHOP-0001",
        "",
        "小李",
        "李雷",
        "13700001234",
        "",
        "四川省 成都市 武侯区 人民南路四段27号",
        "茶叶",
        "2",
        "168",
        "1500",
        "",
        "",
        "2026-10-01 08:00:00",
        "",
    ]
    data = ("\t".join(head) + "\r\n" + "\t".join(row) + "\r\n").encode("utf-16")
    report = orders_import.import_orders(db, data=data, filename="plain.txt", actor="t")
    assert report.rejected == [] and report.imported == 1
    saved = order(db, "SHOP-0001")
    assert (saved["weight_g"], saved["amount_fen"], saved["item_count"], saved["status"]) == (1500, 16800, 2, "pending")


@pytest.mark.parametrize(
    "data,key",
    [
        (b"", "import.empty_file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, "import.not_a_table"),
        ("名称,数量\r\n苹果,1\r\n".encode("gbk"), "import.needs_mapping"),  # unknown layout: map it
        (b"PK\x03\x04not really a zip", "import.bad_xlsx"),
    ],
)
def test_files_that_are_not_an_order_export(db, data, key):
    with pytest.raises(Invalid) as refused:
        orders_import.preview(db, data=data, filename="x.csv")
    assert refused.value.text_key == key and refused.value.message("zh")


def test_upload_limit_and_preview_writes_nothing(db):
    with pytest.raises(Invalid) as refused:
        orders_import.check_size(21 * 1024 * 1024, 20)
    assert refused.value.status == 413 and "20 MB" in refused.value.message("zh")
    seen = []
    report = orders_import.preview(db, data=tb.export(300, seed=9), progress=seen.append)
    assert report.imported == 300 and len(report.sample) == orders_import.SAMPLE_ROWS
    assert count(db, "SELECT count(*) FROM orders") == 0
    assert seen[-1] == 1.0 and seen == sorted(seen)


def test_imported_text_stays_data(db):
    evil = '=HYPERLINK("http://x","点我")'
    report = orders_import.import_orders(
        db, data=tb.build([one(**{"订单编号": "FORM1", "买家留言": evil, "收货人姓名": "+张三"})]), actor="t"
    )
    assert report.imported == 1
    saved = order(db, "FORM1")
    assert saved["buyer_message"] == evil and saved["receiver_name"] == "+张三"


def test_numbers_of_orders_shipped_elsewhere_are_audited(db):
    seed_catalogue(db)
    [pool_number] = add_stock(db, "ZTO", 1)
    rows = [
        one(**{"订单编号": "EXT11", "订单状态": tb.SHIPPED, "物流单号 ": "YT1234567890123", "物流公司": "圆通速递"}),
        one(**{"订单编号": "EXT12", "订单状态": tb.SUCCESS, "物流单号 ": pool_number, "物流公司": "中通快递"}),
    ]
    orders_import.import_orders(db, data=tb.build(rows), actor="clerk")
    with db.read() as session:
        entries = session.execute(
            text(
                "SELECT actor, entity_id, action, from_status, to_status, details "
                "FROM audit_log WHERE entity = 'waybill' ORDER BY id"
            )
        ).all()
    # keyed like every other number's history ("CARRIER:NUMBER"), with the status it came from
    new, taken = sorted(entries, key=lambda e: e[1] != "YTO:YT1234567890123")
    assert new[:5] == ("clerk", "YTO:YT1234567890123", "record_external", "", "used") and "EXT11" in str(new[5])
    assert taken[:5] == ("clerk", f"ZTO:{pool_number}", "record_external", "available", "used") and "EXT12" in str(
        taken[5]
    )
    detail = pool_numbers.number_detail(db, carrier="YTO", number="YT1234567890123")
    [row] = detail.history
    assert (row["action"], row["from_status"], row["to_status"], row["actor"]) == (
        "record_external",
        "",
        "used",
        "clerk",
    )
    assert row["details"]["waybill_id"] == detail.row["id"] and row["details"]["order_no"] == "EXT11"
    [row] = pool_numbers.number_detail(db, carrier="ZTO", number=pool_number).history
    assert (row["action"], row["from_status"], row["to_status"]) == ("record_external", "available", "used")
    # importing the same orders again changes nothing, so no further history rows
    again = orders_import.import_orders(db, data=tb.build(rows), actor="clerk")
    assert again.rejected == [] and again.skipped_shipped == 2
    assert count(db, "SELECT count(*) FROM audit_log WHERE entity = 'waybill'") == 2


def shipped_elsewhere(order_no: str, number: str, carrier: str = "中通快递") -> list[str]:
    return one(**{"订单编号": order_no, "订单状态": tb.SHIPPED, "物流单号 ": number, "物流公司": carrier})


def test_a_number_our_shipment_used_for_another_order_is_refused(db):
    from tests.fixtures.shop import add_orders

    seed_catalogue(db)
    add_stock(db, "ZTO", 2)
    [ours] = add_orders(db, 1)
    used = shipping.ship_order(db, order_no=ours, carrier="ZTO", actor="t").number
    rows = [
        one(**{"订单编号": "NEW01"}),
        shipped_elsewhere("EXT31", used),
        shipped_elsewhere("EXT32", "75000000000032"),
    ]
    for report in (
        orders_import.preview(db, data=tb.build(rows)),
        orders_import.import_orders(db, data=tb.build(rows), actor="t"),
    ):
        [problem] = report.rejected
        assert (problem.row, problem.order_no, problem.key) == (3, "EXT31", "import.problem.number_used")
        assert problem.reason("zh").startswith(f"单号 {used} 已用于订单 {ours}")
        assert f"{used} was already used for order {ours}" in problem.reason("en")
        assert (report.imported, report.external_numbers) == (2, 1)
        assert report.by_status == {"pending": 1, "shipped": 1}
    assert order(db, "EXT31") is None and order(db, "EXT32")["external_number"] == "75000000000032"
    with db.read() as session:  # our number stays ours: used once, for our order, and nothing audited for EXT31
        assert session.execute(text("SELECT status FROM waybill WHERE number = :n"), {"n": used}).scalar() == "used"
        assert (
            session.execute(text("SELECT count(*) FROM audit_log WHERE CAST(details AS text) LIKE '%EXT31%'")).scalar()
            == 0
        )


def test_a_number_of_another_imported_order_is_refused_and_the_same_order_again_is_fine(db):
    seed_catalogue(db)
    first = [
        shipped_elsewhere("EXT41", "YT0000000000041", "圆通速递"),
        shipped_elsewhere("EXT42", "5500000000042", "百世快递"),  # a carrier we do not know: kept on the order
        shipped_elsewhere("EXT43", "YT0000000000041", "圆通速递"),
    ]  # the same number again in this file
    report = orders_import.import_orders(db, data=tb.build(first), actor="t")
    assert [(p.row, p.order_no, p.params) for p in report.rejected] == [
        (4, "EXT43", {"number": "YT0000000000041", "order_no": "EXT41"})
    ]
    assert report.imported == 2 and order(db, "EXT43") is None
    second = [
        shipped_elsewhere("EXT41", "YT0000000000041", "圆通速递"),  # the same order again: fine
        shipped_elsewhere("EXT44", "YT0000000000041", "圆通速递"),
        shipped_elsewhere("EXT45", "5500000000042", "百世快递"),
        one(**{"订单编号": "NEW02"}),
    ]
    preview = orders_import.preview(db, data=tb.build(second))
    imported = orders_import.import_orders(db, data=tb.build(second), actor="t")
    for report in (preview, imported):
        assert [(p.row, p.order_no, p.params["order_no"]) for p in report.rejected] == [
            (3, "EXT44", "EXT41"),
            (4, "EXT45", "EXT42"),
        ]
        assert (report.imported, report.skipped_shipped) == (1, 1)
    assert "EXT41" in imported.rejected[0].reason("zh") and "EXT42" in imported.rejected[1].reason("en")
    assert order(db, "EXT44") is None and order(db, "EXT45") is None and order(db, "NEW02")["status"] == "pending"
    assert count(db, "SELECT count(*) FROM orders WHERE external_number = 'YT0000000000041'") == 1
    assert count(db, "SELECT count(*) FROM waybill WHERE number = 'YT0000000000041'") == 1
    # a number of another carrier that happens to look the same is another number
    other = orders_import.import_orders(
        db, data=tb.build([shipped_elsewhere("EXT46", "YT0000000000041", "中通快递")]), actor="t"
    )
    assert other.rejected == [] and other.imported == 1


def _order_indexes(db) -> list[tuple]:
    sql = (
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'orders'"
        if db.is_postgres
        else "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'orders'"
    )
    with db.read() as session:
        return sorted(tuple(r) for r in session.execute(text(sql)))


def test_a_first_import_rebuilds_the_indexes_and_a_failed_one_keeps_them(db, monkeypatch):
    from waybill_ui.services.orders.importing import store

    before = _order_indexes(db)
    assert len(before) >= 5
    calls = {"n": 0}
    real = store.write_plan

    def fail_on_second_chunk(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk unplugged")
        return real(*args, **kwargs)

    monkeypatch.setattr(orders_import, "write_plan", fail_on_second_chunk)
    with pytest.raises(RuntimeError):
        orders_import.import_orders(db, data=tb.export(7_000, seed=3), actor="t")
    assert count(db, "SELECT count(*) FROM orders") == 0  # all or nothing
    assert _order_indexes(db) == before  # the dropped indexes came back with the rollback
    monkeypatch.undo()

    report = orders_import.import_orders(db, data=tb.export(7_000, seed=3), actor="t")
    assert report.imported == 7_000
    assert _order_indexes(db) == before
    if db.is_postgres:  # the planner check below is SQLite's
        return
    with db.read() as session:  # the rebuilt indexes serve the searches
        plan = " ".join(
            str(r[-1])
            for r in session.execute(text("EXPLAIN QUERY PLAN SELECT id FROM orders WHERE phone = '13800000000'"))
        )
        assert "ix_orders_phone" in plan
        assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"


def test_a_cancelled_shipments_voided_number_may_go_out_for_the_same_order_only(db):
    """The label of a cancelled shipment was used after all (the marketplace says the order left with
    it): fine for that order, refused for any other."""
    from tests.fixtures.shop import add_orders

    seed_catalogue(db)
    add_stock(db, "ZTO", 1)
    [ours] = add_orders(db, 1)
    shipped = shipping.ship_order(db, order_no=ours, carrier="ZTO", actor="t")
    shipping.cancel_shipment(db, shipment_id=shipped.id, actor="t")
    rows = [shipped_elsewhere("EXT51", shipped.number), shipped_elsewhere(ours, shipped.number)]
    for report in (
        orders_import.preview(db, data=tb.build(rows)),
        orders_import.import_orders(db, data=tb.build(rows), actor="t"),
    ):
        assert [(p.row, p.order_no, p.params["order_no"]) for p in report.rejected] == [(2, "EXT51", ours)]
        assert (report.imported, report.updated) == (0, 1)
    assert order(db, ours)["external_number"] == shipped.number and order(db, "EXT51") is None
    with db.read() as session:
        assert (
            session.execute(text("SELECT status FROM waybill WHERE number = :n"), {"n": shipped.number}).scalar()
            == "voided"
        )


def test_short_and_long_rows_are_refused_alone_and_the_others_import(db):
    """Issue 13 item 7: a row with fewer cells than the header used to raise IndexError (HTTP 500)
    and drop the whole file."""
    short = one(**{"订单编号": "SHORT1"})[:5]
    long = one(**{"订单编号": "LONG1"}) + ["stray, comma", "more"]
    padded = one(**{"订单编号": "GOOD3"}) + ["", ""]  # empty cells after the last column are harmless
    rows = [one(**{"订单编号": "GOOD1"}), short, long, one(**{"订单编号": "GOOD2"}), padded]
    report = orders_import.import_orders(db, data=tb.build(rows), actor="t")
    assert report.imported == 3
    got = {(p.row, p.order_no, p.key) for p in report.rejected}
    assert got == {(3, "SHORT1", "import.problem.row_short"), (4, "LONG1", "import.problem.row_long")}
    width = len([h for h in tb.HEADERS])
    short_problem = [p for p in report.rejected if p.order_no == "SHORT1"][0]
    assert short_problem.params == {"have": 5, "want": width}
    assert "5" in short_problem.reason("zh") and str(width) in short_problem.reason("en")
    assert order(db, "SHORT1") is None and order(db, "LONG1") is None and order(db, "GOOD3") is not None


def test_taobao_2024_item_level_export_imports_as_orders_waiting_for_an_address(db):
    from tests.fixtures import taobao_items as ti
    from waybill_ui.services.shipping import single as shipping
    from waybill_ui.services.common.errors import Conflict

    data = ti.xlsx(20)
    preview = orders_import.preview(db, data=data, filename="ExportOrderDetailList20241111.xlsx")
    assert preview.rejected == [] and preview.imported == 20 and preview.needs_address == 18  # 2 shipped elsewhere
    report = orders_import.import_orders(db, data=data, filename="ExportOrderDetailList20241111.xlsx", actor="t")
    assert report.imported == 20 and report.rejected == []
    items = ti.rows(20)
    first = [r for r in items if r[1] == items[0][1]]  # the item rows of the first order
    saved = order(db, items[0][1])
    assert saved["status"] == "pending" and saved["item_count"] == sum(r[4] for r in first)
    assert saved["amount_fen"] == sum(round(float(r[11]) * 100) for r in first)  # per-item amounts add up
    with pytest.raises(Conflict) as refused:
        shipping.ship_order(db, order_no=items[0][1], actor="t", carrier="ZTO")
    assert refused.value.code == "needs_address" and "待补地址" in refused.value.message()
    # a classic export of the same orders later fills the address; the item-level file never empties it
    classic = [one(**{"订单编号": items[0][1]})]
    orders_import.import_orders(db, data=tb.build(classic), actor="t")
    assert order(db, items[0][1])["province"]
    orders_import.import_orders(db, data=data, actor="t")
    assert order(db, items[0][1])["province"] and order(db, items[0][1])["receiver_name"]


def items_of(db, order_no: str) -> list[tuple]:
    with db.read() as session:
        return [
            tuple(r)
            for r in session.execute(
                text(
                    "SELECT i.sku, i.title, i.spec, i.quantity FROM order_item i JOIN orders o ON o.id = i.order_id "
                    "WHERE o.order_no = :n ORDER BY i.id"
                ),
                {"n": order_no},
            )
        ]


def test_item_level_export_fills_order_items_and_a_classic_file_never_overwrites_them(db):
    from tests.fixtures import taobao_items as ti

    data = ti.xlsx(12)
    orders_import.import_orders(db, data=data, actor="t")
    rows = ti.rows(12)
    for main in {r[1] for r in rows}:
        want = [(r[6], r[2], r[3], r[4]) for r in rows if r[1] == main]
        assert items_of(db, main) == want  # 商家编码, 商品标题, 商品属性, 购买数量, one line per row
    assert count(db, "SELECT COUNT(*) FROM order_item") == len(rows)
    first = rows[0][1]
    # the classic order-level file of the same order has only 宝贝标题/宝贝总数量: the coded lines stay
    orders_import.import_orders(db, data=tb.build([one(**{"订单编号": first})]), actor="t")
    assert items_of(db, first) == [(r[6], r[2], r[3], r[4]) for r in rows if r[1] == first]
    # importing the item file again replaces, never duplicates
    orders_import.import_orders(db, data=data, actor="t")
    assert count(db, "SELECT COUNT(*) FROM order_item") == len(rows)


def test_a_file_of_new_and_known_orders_gives_each_its_own_items(db):
    """New orders find their ids by the key's range, known ones by number (store._write_items)."""
    headers = tb.HEADERS + ["商家编码", "销售属性"]

    def line(no: str, title: str, sku: str) -> list[str]:
        return one(**{"订单编号": no, "宝贝标题 ": title, "宝贝总数量": "1"}) + [sku, ""]

    orders_import.import_orders(
        db, data=tb.build([line("2100000000000000801", "杯子", "A")], headers=headers), actor="t"
    )
    again = [line("2100000000000000802", "帽子", "B"), line("2100000000000000801", "新杯子", "A2")]
    again.append(line("2100000000000000803", "袜子", "C"))
    orders_import.import_orders(db, data=tb.build(again, headers=headers), actor="t")

    assert items_of(db, "2100000000000000801") == [("A2", "新杯子", "", 1)]  # replaced, not added
    assert items_of(db, "2100000000000000802") == [("B", "帽子", "", 1)]
    assert items_of(db, "2100000000000000803") == [("C", "袜子", "", 1)]
    assert count(db, "SELECT COUNT(*) FROM order_item") == 3


def test_order_level_export_fills_one_item_line_with_its_sku_when_the_file_has_one(db):
    headers = tb.HEADERS + ["商家编码", "销售属性"]
    row = one(**{"订单编号": "2100000000000000777", "宝贝标题 ": "纯棉T恤", "宝贝总数量": "2"}) + ["TS-RED-M", "红色;M"]
    plain = one(**{"订单编号": "2100000000000000778", "宝贝标题 ": "帽子", "宝贝总数量": "1"}) + ["", ""]
    orders_import.import_orders(db, data=tb.build([row, plain], headers=headers), actor="t")
    assert items_of(db, "2100000000000000777") == [("TS-RED-M", "纯棉T恤", "红色;M", 2)]
    assert items_of(db, "2100000000000000778") == [("", "帽子", "", 1)]
    # a preview writes nothing
    orders_import.preview(db, data=tb.build([one(**{"订单编号": "2100000000000000779"})]))
    assert items_of(db, "2100000000000000779") == []
