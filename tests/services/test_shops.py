"""Shops: owner-managed, a shop with orders is never deleted, lists and exports per shop, and
each marketplace's batch-ship template."""

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from tests.fixtures.shop import add_orders, add_stock, seed_catalogue
from waybill_ui.clock import utcnow
from waybill_ui.services.orders import listing as orders
from waybill_ui.services.orders import shipback, shops
from waybill_ui.services.shipping import single as shipping
from waybill_ui.services.common.errors import Conflict, Forbidden, Invalid
from waybill_ui.services.orders.importing import formats
from waybill_ui.services.accounts.users import Principal

OWNER = Principal(id=1, username="owner", role="owner")
STAFF = Principal(id=2, username="staff1", role="staff")


def _move(db, order_nos: list[str], shop_id: int) -> None:
    with db.write() as session:
        for no in order_nos:
            session.execute(text("UPDATE orders SET shop_id = :s WHERE order_no = :n"), {"s": shop_id, "n": no})


def test_default_shop_exists_and_owner_manages_shops(db):
    [default] = shops.list_shops(db)
    assert (default.id, default.marketplace, default.active) == (shops.DEFAULT_SHOP_ID, "taobao", True)
    with pytest.raises(Forbidden):
        shops.create_shop(db, name="拼多多店", marketplace="pdd", actor=STAFF)
    pdd = shops.create_shop(db, name=" 拼多多店 ", marketplace="pdd", actor=OWNER)
    assert pdd.name == "拼多多店"
    with pytest.raises(Conflict):
        shops.create_shop(db, name="拼多多店", marketplace="jd", actor=OWNER)
    with pytest.raises(Invalid):
        shops.create_shop(db, name="x", marketplace="amazon", actor=OWNER)
    renamed = shops.update_shop(db, shop_id=pdd.id, name="拼多多旗舰店", actor=OWNER)
    assert renamed.name == "拼多多旗舰店"
    assert [s.id for s in shops.list_shops(db, active_only=True)] == [1, pdd.id]
    shops.update_shop(db, shop_id=pdd.id, active=False, actor=OWNER)
    assert [s.id for s in shops.list_shops(db, active_only=True)] == [1]
    with pytest.raises(Conflict):  # the last active shop stays
        shops.update_shop(db, shop_id=1, active=False, actor=OWNER)


def test_a_shop_with_orders_cannot_be_deleted(db):
    jd = shops.create_shop(db, name="京东店", marketplace="jd", actor=OWNER)
    nos = add_orders(db, 2, prefix="JD")
    _move(db, nos[:1], jd.id)
    with pytest.raises(Conflict) as refused:
        shops.delete_shop(db, shop_id=jd.id, actor=OWNER)
    assert refused.value.code == "shop_has_orders"
    with pytest.raises(Conflict):
        shops.delete_shop(db, shop_id=shops.DEFAULT_SHOP_ID, actor=OWNER)
    empty = shops.create_shop(db, name="空店", marketplace="other", actor=OWNER)
    shops.delete_shop(db, shop_id=empty.id, actor=OWNER)
    assert empty.id not in {s.id for s in shops.list_shops(db)}


def test_orders_list_filters_by_shop_and_shows_it(db):
    ks = shops.create_shop(db, name="快手店", marketplace="kuaishou", actor=OWNER)
    nos = add_orders(db, 5, prefix="KS")
    _move(db, nos[:2], ks.id)
    rows, total = orders.list_orders(db, filters=orders.OrderFilter(shop_id=ks.id))
    assert total == 2 and {r.order_no for r in rows} == set(nos[:2]) and {r.shop_name for r in rows} == {"快手店"}
    rows, total = orders.list_orders(db, filters=orders.OrderFilter())
    assert total == 5 and {r.shop_id for r in rows} == {1, ks.id}
    assert len(orders.matching_ids(db, filters=orders.OrderFilter(shop_id=1))) == 3


@pytest.mark.parametrize("market", [f.marketplace for f in formats.FORMATS])
def test_batch_ship_file_in_each_marketplace_template(db, market):
    seed_catalogue(db)
    add_stock(db, "ZTO", 3)
    shop = shops.create_shop(db, name=f"{market}店", marketplace=market, actor=OWNER)
    nos = add_orders(db, 3, prefix=f"S{market[:3].upper()}")
    _move(db, nos[:2], shop.id)
    numbers = [shipping.ship_order(db, order_no=no, actor="t", carrier="ZTO").number for no in nos]
    made = shipback.build(db, shop_id=shop.id, shipped_since=utcnow().replace(year=2000), now=utcnow())
    template = formats.for_marketplace(market).ship_back
    if template.kind == "xlsx":
        sheet = load_workbook(io.BytesIO(made.content)).active
        table = [[c if c is not None else "" for c in r] for r in sheet.iter_rows(values_only=True)]
        assert sheet["A2"].number_format == "@"
    else:
        table = [line.split(",") for line in made.content.decode("utf-8-sig").strip().split("\r\n")]
    assert tuple(table[0]) == template.headers
    assert [tuple(r) for r in table[1:]] == [
        (no, template.carrier_names["ZTO"], number) for no, number in zip(nos[:2], numbers[:2], strict=True)
    ]
    assert made.rows == 2 and made.filename.endswith("." + template.kind)  # the other shop's order is not in it


def test_carrier_names_differ_per_marketplace():
    names = {f.key: f.ship_back.carrier_names for f in formats.FORMATS}
    assert names["taobao"]["YTO"] == "圆通速递" and names["pdd"]["YTO"] == "圆通快递"
    assert names["jd"]["ZTO"] == "中通速递" and names["doudian"]["YD"] == "韵达速递"
    for table in names.values():  # every carrier we ship with has a spelling in every template
        assert {"SF", "ZTO", "YTO", "STO", "YD", "JTSD", "EMS", "JD", "DBL"} <= set(table)


def test_batch_ship_file_without_a_shop_needs_one_when_shipments_span_shops(db):
    seed_catalogue(db)
    add_stock(db, "ZTO", 2)
    other = shops.create_shop(db, name="抖店", marketplace="doudian", actor=OWNER)
    nos = add_orders(db, 2, prefix="SPAN")
    _move(db, nos[:1], other.id)
    ids = [shipping.ship_order(db, order_no=no, actor="t", carrier="ZTO").id for no in nos]
    with pytest.raises(Invalid) as refused:
        shipback.build(db, shipment_ids=ids, now=utcnow())
    assert refused.value.code == "shop_required"
    made = shipback.build(db, shipment_ids=ids[:1], now=utcnow())  # all in one shop: that one
    assert made.shop_id == other.id and made.marketplace == "doudian"


def test_extension_goes_to_providers_in_their_form():
    from waybill_ui.carriers.kdniao import eorder
    from waybill_ui.carriers.kuaidi100 import label
    from waybill_ui.carriers.protocol import Party

    party = Party("张三", "17012345678", "浙江省", "杭州市", "西湖区", "文三路90号", extension="1234")
    assert eorder._party(party)["Mobile"] == "17012345678-1234"
    assert label._party(party)["mobile"] == "17012345678-1234"
    assert eorder._party(Party("李四", "13800138000", "浙江省", "杭州市", "西湖区", "x"))["Mobile"] == "13800138000"


def test_reports_per_shop_and_across_shops(db):
    from tests.report_data import JANUARY, NOW, january
    from waybill_ui.services.reports import summary as reports

    january(db)
    every = reports.build(db, period=JANUARY, now=NOW)
    xhs = shops.create_shop(db, name="小红书店", marketplace="xiaohongshu", actor=OWNER)
    with db.read() as session:  # move the ZTO parcels' orders into the second shop
        zto_orders = (
            session.execute(
                text(
                    "SELECT DISTINCT o.order_no FROM shipment s JOIN orders o "
                    "ON o.id = s.order_id WHERE s.carrier_code = 'ZTO'"
                )
            )
            .scalars()
            .all()
        )
    _move(db, zto_orders, xhs.id)
    across = reports.build(db, period=JANUARY, now=NOW)
    assert across.tables["carriers"].rows == every.tables["carriers"].rows  # across shops: unchanged
    by_shop = {r["shop"]: r for r in across.tables["shops"].rows}
    assert by_shop["小红书店"]["shipments"] == 4 and by_shop["小红书店"]["spend_fen"] == 500
    assert by_shop["小红书店"]["marketplace"] == "小红书"
    assert across.tables["shops"].total["shipments"] == every.tables["carriers"].total["shipments"]
    one = reports.build(db, period=JANUARY, now=NOW, shop_id=xhs.id)
    assert [r["code"] for r in one.tables["carriers"].rows] == ["ZTO"]
    assert one.tables["carriers"].rows[0]["shipments"] == 4
    assert [r["shop"] for r in one.tables["shops"].rows] == ["小红书店"]
    rest = reports.build(db, period=JANUARY, now=NOW, shop_id=shops.DEFAULT_SHOP_ID)
    assert "ZTO" not in {r["code"] for r in rest.tables["carriers"].rows}
