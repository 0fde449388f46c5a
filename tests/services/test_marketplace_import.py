"""Every marketplace's export, generated with real quirks (tests/fixtures/marketplace_files.py),
imports into its own shop: the plug-in is picked by header detection, status texts mapped per
marketplace, masked buyers kept as 待补地址, privacy-number extensions stored apart."""

import pytest
from sqlalchemy import text

from tests.fixtures import marketplace_files as mf
from tests.fixtures.taobao_export import export as taobao_export
from waybill_ui.services.orders import importing as orders_import
from waybill_ui.services.orders import shops
from waybill_ui.services.common.errors import Conflict, Invalid
from waybill_ui.services.orders.importing import formats
from waybill_ui.services.orders.importing.cleaning import CellError
from waybill_ui.services.accounts.users import Principal

OWNER = Principal(id=1, username="owner", role="owner")
MARKETS = list(mf.HEADERS)


def _shop(db, market: str, name: str | None = None) -> int:
    return shops.create_shop(db, name=name or f"{market}店", marketplace=market, actor=OWNER).id


def _stored(db, shop_id: int) -> dict[str, tuple]:
    with db.read() as session:
        return {
            r[0]: tuple(r[1:])
            for r in session.execute(
                text("SELECT order_no, status, phone, phone_ext, district FROM orders WHERE shop_id = :s"),
                {"s": shop_id},
            )
        }


@pytest.mark.parametrize("market", MARKETS)
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_each_marketplace_export_imports_with_its_quirks(db, market, kind):
    records, expect = mf.rows(market, 12)
    data = mf.csv_file(market, records) if kind == "csv" else mf.xlsx_file(market, records)
    shop_id = _shop(db, market)
    report = orders_import.import_orders(db, data=data, filename=f"export.{kind}", actor="t", shop_id=shop_id)
    assert report.format == market and report.rejected == []
    assert report.imported == 12 and report.shop_id == shop_id
    stored = _stored(db, shop_id)
    for order_no, (status, phone, ext, district) in expect.orders.items():
        assert stored[order_no][:3] == (status, phone, ext), order_no
        assert stored[order_no][3] == district, order_no
    masked = sum(1 for i in range(12) if i % 4 == 3 and i not in (2, 6, 10))
    assert report.needs_address == masked


def test_detection_picks_each_plugin_and_taobao_last():
    for market in MARKETS:
        assert formats.detect(mf.HEADERS[market]).key == market
    assert formats.detect(["订单编号", "买家会员名", "收货地址"]).key == "taobao"
    assert formats.detect(mf.UNKNOWN_HEADERS) is None


def test_status_texts_are_per_marketplace():
    pdd, jd = formats.BY_KEY["pdd"], formats.BY_KEY["jd"]
    assert pdd.status("已发货，待签收") == "shipped" and pdd.status("未发货，退款成功") == "closed"
    assert jd.status("等待出库") == "pending" and jd.status("等待确认收货") == "shipped"
    assert jd.status("买家已付款，等待卖家发货") == "pending"  # the shared texts still apply
    with pytest.raises(CellError):
        jd.status("火星状态")


def test_same_order_number_in_two_shops_never_confused(db):
    from tests.fixtures.shop import add_stock, seed_catalogue
    from waybill_ui.services.shipping import single as shipping

    seed_catalogue(db)
    add_stock(db, "ZTO", 3)
    data = taobao_export(3, seed=4)
    first = orders_import.import_orders(db, data=data, actor="t", shop_id=shops.DEFAULT_SHOP_ID)
    other = _shop(db, "tmall", "天猫旗舰店")
    second = orders_import.import_orders(db, data=data, actor="t", shop_id=other)
    assert first.imported == 3 and second.imported == 3  # a new shop: new orders, nothing overwritten
    again = orders_import.import_orders(db, data=data, actor="t", shop_id=other)
    assert again.imported == 0 and again.updated + again.skipped_shipped == 3  # per shop, a re-import updates
    with db.read() as session:
        order_no = session.execute(
            text("SELECT order_no FROM orders WHERE status = 'pending' ORDER BY id LIMIT 1")
        ).scalar()
    with pytest.raises(Conflict) as refused:
        shipping.ship_order(db, order_no=order_no, actor="t", carrier="ZTO")
    assert refused.value.code == "ambiguous_order" and "天猫旗舰店" in refused.value.message()
    shipped = shipping.ship_order(db, order_no=order_no, actor="t", carrier="ZTO", shop_id=other)
    with db.read() as session:
        rows = dict(
            session.execute(text("SELECT shop_id, status FROM orders WHERE order_no = :n"), {"n": order_no}).all()
        )
    assert rows == {shops.DEFAULT_SHOP_ID: "pending", other: "shipped"} and shipped.number


def test_unknown_layout_asks_for_a_mapping_then_remembers_it(db):
    shop_id = _shop(db, "other", "线下批发")
    with pytest.raises(orders_import.NeedsMapping) as asked:
        orders_import.preview(db, data=mf.unknown_file(3), filename="erp.csv", shop_id=shop_id)
    assert asked.value.code == "needs_mapping" and asked.value.headers == mf.UNKNOWN_HEADERS
    with pytest.raises(Invalid) as bad:
        orders_import.preview(db, data=mf.unknown_file(3), shop_id=shop_id, mapping={"receiver": "客户"})
    assert bad.value.text_key == "import.mapping.order_no_required"
    with pytest.raises(Invalid) as bad:
        orders_import.preview(db, data=mf.unknown_file(3), shop_id=shop_id, mapping={"order_no": "没有这列"})
    assert bad.value.text_key == "import.mapping.unknown_column"
    report = orders_import.import_orders(
        db, data=mf.unknown_file(3), actor="t", shop_id=shop_id, mapping=mf.UNKNOWN_MAPPING
    )
    assert report.imported == 3 and report.format == "mapped" and report.needs_address == 0
    assert shops.get_shop(db, shop_id=shop_id).column_mapping == {"columns": mf.UNKNOWN_MAPPING}
    # next time: no mapping passed, the shop's remembered one is used
    later = orders_import.import_orders(db, data=mf.unknown_file(2, start=10), actor="t", shop_id=shop_id)
    assert later.imported == 2 and later.format == "mapped"
    # another shop has no mapping: it is asked again
    with pytest.raises(orders_import.NeedsMapping):
        orders_import.preview(db, data=mf.unknown_file(1), shop_id=shops.DEFAULT_SHOP_ID)


def test_long_numbers_stored_as_numbers(db):
    from openpyxl import Workbook
    import io

    book = Workbook()
    sheet = book.active
    sheet.append(["订单编号", "收货人姓名", "联系手机", "收货地址", "订单状态"])
    sheet.append([777, "张三", 13800138000, "浙江省 杭州市 西湖区 文三路90号", "等待卖家发货"])
    sheet.append([6.92e18, "李四", 13800138001, "浙江省 杭州市 西湖区 文三路91号", "等待卖家发货"])
    buffer = io.BytesIO()
    book.save(buffer)
    data = mf.with_raw_number(buffer.getvalue(), 777, "6920000000000000123")
    report = orders_import.import_orders(db, data=data, filename="x.xlsx", actor="t")
    assert report.imported == 1  # the int cell is exact
    with db.read() as session:
        assert (
            session.execute(text("SELECT phone FROM orders WHERE order_no = '6920000000000000123'")).scalar()
            == "13800138000"
        )
    assert [p.key for p in report.rejected] == ["import.problem.mangled_id"]  # the double lost digits
    csv_data = (
        "订单编号,收货人姓名,联系手机,收货地址\r\n1.23457E+17,王五,1.38001E+10,浙江省 杭州市 西湖区 文三路9号\r\n"
    )
    report = orders_import.preview(db, data=csv_data.encode("gbk"), filename="x.csv")
    assert [p.key for p in report.rejected] == ["import.problem.mangled_id"]
    assert "1.23457E+17" in report.rejected[0].reason("zh")


def test_scientific_phone_is_a_clear_row_error(db):
    data = "订单编号,收货人姓名,联系手机,收货地址\r\n20001,王五,1.38001E+10,浙江省 杭州市 西湖区 文三路9号\r\n"
    report = orders_import.preview(db, data=data.encode("gbk"), filename="x.csv")
    assert [p.key for p in report.rejected] == ["import.problem.mangled_number"]


def test_inactive_shop_takes_no_import_and_several_shops_need_a_choice(db):
    other = _shop(db, "pdd")
    with pytest.raises(Invalid) as refused:
        orders_import.preview(db, data=taobao_export(1), filename="x.csv")
    assert refused.value.code == "shop_required"
    shops.update_shop(db, shop_id=other, actor=OWNER, active=False)
    with pytest.raises(Conflict):
        orders_import.preview(db, data=taobao_export(1), shop_id=other)
    assert orders_import.preview(db, data=taobao_export(1)).imported == 1  # one active shop left: that one
