"""Address smart paste (services/orders/addresses/) and filling 待补地址 orders."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import text

from tests.fixtures.shop import add_orders, add_stock, ensure_sender, seed_catalogue
from waybill_ui.services.orders import address_check as order_address
from waybill_ui.services.shipping import single as shipping
from waybill_ui.services.orders.addresses import divisions, fill
from waybill_ui.services.orders.addresses.paste import parse_block, parse_column, split_phone
from waybill_ui.services.orders.addresses.region import parse_region
from waybill_ui.services.common.errors import Conflict, Invalid

NOW = datetime(2026, 12, 4, 8, 0, tzinfo=timezone.utc)


# --- the bundled divisions ------------------------------------------------------------------------


def test_the_table_is_dated_2023_and_holds_the_reorganised_districts():
    tab = divisions.table()
    assert divisions.DATA_DATE >= "2023"
    names = set(tab.names)
    assert {"钱塘区", "临平区", "蓬莱区", "色尼区", "横州市"} <= names  # created 2017-2021
    assert "下城区" not in names and "江干区" not in names  # merged away in 2021
    assert sum(1 for level in tab.level if level == divisions.PROVINCE) == 31


def test_every_rename_points_at_a_division_that_exists():
    # load() raises on any unknown target; every old name must be in the index afterwards
    tab = divisions.load()
    for row in divisions._read(divisions.HERE / "renames.tsv"):
        assert row[1] in tab.index, row


# --- one address ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, want",
    [
        ("浙江省杭州市西湖区文三路90号", ("浙江省", "杭州市", "西湖区", "文三路90号")),
        ("浙江杭州西湖区文三路90号", ("浙江省", "杭州市", "西湖区", "文三路90号")),
        ("杭州市西湖区文三路90号", ("浙江省", "杭州市", "西湖区", "文三路90号")),
        ("上海市上海市浦东新区世纪大道1号", ("上海市", "上海市", "浦东新区", "世纪大道1号")),
        ("天津市市辖区和平区南京路1号", ("天津市", "天津市", "和平区", "南京路1号")),
        ("中国广东省深圳市南山区科技园", ("广东省", "深圳市", "南山区", "科技园")),
        ("福建省鼓楼区五四路1号", ("福建省", "福州市", "鼓楼区", "五四路1号")),  # the province decides
        ("南京鼓楼区中山路1号", ("江苏省", "南京市", "鼓楼区", "中山路1号")),  # the city decides
        ("东莞市长安镇振安路1号", ("广东省", "东莞市", "东莞市", "长安镇振安路1号")),  # a city without districts
        ("湖北省仙桃市沙嘴街道1号", ("湖北省", "仙桃市", "仙桃市", "沙嘴街道1号")),  # directly under the province
        ("延边朝鲜族自治州延吉市1号", ("吉林省", "延边朝鲜族自治州", "延吉市", "1号")),
        ("江苏省苏州工业园区星湖街1号", ("江苏省", "苏州市", "苏州工业园区", "星湖街1号")),
        # a name that is a province and a city (吉林), or a city and a county (通化): what follows decides
        ("吉林长春朝阳区人民大街1号", ("吉林省", "长春市", "朝阳区", "人民大街1号")),
        ("吉林吉林船营区1号", ("吉林省", "吉林市", "船营区", "1号")),
        ("吉林通化集安市1号", ("吉林省", "通化市", "集安市", "1号")),
        # a short city name followed by a district that starts like a street (道外区, 路桥区)
        ("黑龙江哈尔滨道外区靖宇街1号", ("黑龙江省", "哈尔滨市", "道外区", "靖宇街1号")),
        ("台州路桥区峰江镇山前路4号", ("浙江省", "台州市", "路桥区", "峰江镇山前路4号")),
        # separators and an empty column written out by exports
        ("浙江省-台州市-黄岩区北城开发区1号", ("浙江省", "台州市", "黄岩区", "北城开发区1号")),
        ("浙江省台州市null浙江省台州市椒江区章安街道1号", ("浙江省", "台州市", "椒江区", "章安街道1号")),
    ],
)
def test_addresses_place_as_written(raw, want):
    got = parse_region(raw)
    assert (got.province, got.city, got.district, got.detail) == want
    assert got.confidence >= 0.9 and not got.ambiguous


def test_old_names_are_read_as_todays_divisions_with_a_note():
    got = parse_region("浙江省杭州市江干区凯旋路1号")
    assert (got.city, got.district, got.detail) == ("杭州市", "上城区", "凯旋路1号")
    assert got.notes == ["江干区→上城区 (2021)"] and got.confidence < 1
    assert parse_region("重庆市开县汉丰街道1号").district == "开州区"


def test_an_ambiguous_district_is_not_guessed():
    got = parse_region("鼓楼区中山路1号")
    assert got.province == "" and got.city == "" and got.ambiguous == "鼓楼区"
    assert {"江苏省南京市鼓楼区", "福建省福州市鼓楼区", "江苏省徐州市鼓楼区", "河南省开封市鼓楼区"} <= set(
        got.candidates
    )
    assert got.confidence < 0.5
    beijing = parse_region("朝阳区建国路1号")
    assert beijing.ambiguous == "朝阳区" and "北京市朝阳区" in beijing.candidates


def test_a_street_named_after_a_city_is_not_a_city():
    got = parse_region("中山路1号")
    assert got.province == "" and got.confidence == 0


# --- a pasted block ------------------------------------------------------------------------------


def test_one_line_block():
    got = parse_block("张三 13800138000 浙江省杭州市西湖区文三路90号")
    assert (got.name, got.phone, got.extension) == ("张三", "13800138000", "")
    assert (got.province, got.city, got.district, got.detail) == ("浙江省", "杭州市", "西湖区", "文三路90号")
    assert got.confidence == 1.0


def test_labelled_lines_full_width_and_plus86():
    got = parse_block(
        "收货人：李四\n手机号码：+86 139-0013-9000\n所在地区：广东省 深圳市 南山区\n详细地址：科技园南区１栋"
    )
    assert (got.name, got.phone) == ("李四", "13900139000")
    assert (got.province, got.city, got.district, got.detail) == ("广东省", "深圳市", "南山区", "科技园南区1栋")


def test_full_width_commas_and_digits():
    got = parse_block("王五，１３８００１３８０００，上海市徐汇区漕溪北路１号")
    assert (got.name, got.phone, got.district, got.detail) == ("王五", "13800138000", "徐汇区", "漕溪北路1号")


def test_privacy_number_keeps_its_extension_apart():
    for block in ("赵六 17012345678-1234 北京市朝阳区建国路1号", "赵六 17012345678转1234 北京市朝阳区建国路1号"):
        got = parse_block(block)
        assert (got.phone, got.extension) == ("17012345678", "1234")
    assert split_phone("17012345678-1234") == ("17012345678", "1234")
    assert split_phone("13800138000") == ("13800138000", "")


def test_masked_parts_are_flagged():
    got = parse_block("张**，138****5678，浙江省杭州市西湖区***")
    assert got.masked == ["name", "phone", "detail"] and got.confidence < 0.8


def test_name_after_the_address_landline_and_postcode():
    got = parse_block("北京市朝阳区建国路1号 100020 钱七 010-66668888")
    assert (got.name, got.landline, got.postcode, got.detail) == ("钱七", "010-66668888", "100020", "建国路1号")


def test_a_column_of_blocks():
    got = parse_column(["张三 13800138000 浙江省杭州市西湖区文三路90号", "", "李四 13900139000 南京鼓楼区中山路1号"])
    assert [g.city for g in got] == ["杭州市", "南京市"]


# --- masked and missing data: 待补地址 -----------------------------------------------------------


def test_masked_address_or_phone_is_not_usable():
    base = dict(receiver_name="张**", province="浙江省", address="文三路1号", phone="13800138000", landline="")
    assert order_address.is_complete(**base)  # a masked name still reaches the buyer by phone
    assert not order_address.is_complete(**{**base, "address": "***"})
    assert not order_address.is_complete(**{**base, "phone": "138****5678"})
    assert order_address.is_complete(**{**base, "phone": "17012345678-1234"})  # a privacy number is real


def test_sql_rule_agrees_with_python(db):
    add_orders(db, 1, prefix="A", address="***")
    add_orders(db, 1, prefix="B", phone="138****5678")
    add_orders(db, 1, prefix="C", phone="17012345678-1234")
    with db.read() as session:
        rows = session.execute(text(f"SELECT order_no, {order_address.complete_sql()} FROM orders ORDER BY 1")).all()
    assert [(no[0], bool(ok)) for no, ok in rows] == [("A", False), ("B", False), ("C", True)]


# --- filling an order ----------------------------------------------------------------------------


def _input(**changes) -> fill.AddressInput:
    base = dict(
        name="张三",
        phone="17012345678",
        extension="1234",
        province="浙江",
        city="杭州市",
        district="西湖区",
        detail="文三路90号",
    )
    return fill.AddressInput(**{**base, **changes})


@pytest.mark.parametrize(
    "changes, key",
    [
        ({"name": "**"}, "address.bad.name"),
        ({"phone": "138****5678", "extension": ""}, "address.bad.phone"),
        ({"phone": "", "extension": "", "landline": ""}, "address.bad.no_phone"),
        ({"extension": "12a"}, "address.bad.extension"),
        ({"province": "火星"}, "address.bad.province"),
        ({"city": "南京市"}, "address.bad.city"),
        ({"district": "江干区"}, "address.bad.district"),  # merged away in 2021
        ({"detail": "***"}, "address.bad.detail"),
    ],
)
def test_bad_input_is_refused_with_the_field_named(changes, key):
    with pytest.raises(Invalid) as refused:
        fill.check(_input(**changes))
    assert refused.value.text_key == key and refused.value.message()


def test_filled_order_ships_with_its_extension(db):
    seed_catalogue(db)
    ensure_sender(db)
    add_stock(db, "ZTO", 2)
    (no,) = add_orders(db, 1, prefix="M", receiver_name="张**", phone="138****5678", address="***")
    with pytest.raises(Conflict) as refused:
        shipping.ship_order(db, order_no=no, actor="t", carrier="ZTO")
    assert refused.value.code == "needs_address"
    pasted = parse_block("张三 17012345678转1234 浙江省杭州市西湖区文三路90号")
    order = fill.fill_order(
        db,
        order_no=no,
        actor="t",
        now=NOW,
        data=fill.AddressInput(
            name=pasted.name,
            phone=pasted.phone,
            extension=pasted.extension,
            province=pasted.province,
            city=pasted.city,
            district=pasted.district,
            detail=pasted.detail,
        ),
    )
    # main number and extension are stored apart
    assert (order.phone, order.phone_ext, order.address, order.province) == (
        "17012345678",
        "1234",
        "文三路90号",
        "浙江省",
    )
    shipping.ship_order(db, order_no=no, actor="t", carrier="ZTO")
    with db.read() as session:
        status = session.execute(text("SELECT status FROM orders WHERE order_no = :n"), {"n": no}).scalar()
        audit = session.execute(text("SELECT count(*) FROM audit_log WHERE action = 'fill_address'")).scalar()
    assert status == "shipped" and audit == 1
    # the label carries the privacy number with its extension (the courier dials both)
    from tests.pdf_tools import page_text
    from waybill_ui.services.printing import labels

    with db.read() as session:
        sid = session.execute(text("SELECT id FROM shipment")).scalar()
    label = "".join(
        page_text(labels.print_labels(db, shipment_ids=[sid], actor="t", mask_phone=False).pdf).text.split()
    )
    assert "17012345678-1234" in label and "张三" in label and "文三路90号" in label
    with pytest.raises(Conflict):  # shipped: the address is frozen
        fill.fill_order(db, order_no=no, actor="t", now=NOW, data=_input())


def test_bulk_fill_stores_good_rows_and_reports_bad_ones(db):
    nos = add_orders(db, 3, prefix="F", address="")
    report = fill.fill_many(
        db,
        actor="t",
        now=NOW,
        rows=[
            (2, nos[0], _input()),
            (3, nos[1], _input(city="南京市")),
            (4, "NOPE", _input()),
            (5, nos[2], _input(detail="建国路1号")),
        ],
    )
    assert report.filled == 2
    assert [(p[0], p[2]) for p in report.problems] == [(3, "address.bad.city"), (4, "ship.order_not_found")]
    with db.read() as session:
        got = dict(session.execute(text("SELECT order_no, address FROM orders")).all())
    assert got == {nos[0]: "文三路90号", nos[1]: "", nos[2]: "建国路1号"}


def test_bulk_fill_from_a_second_file_matched_by_order_number(db):
    from openpyxl import Workbook

    from waybill_ui.services.orders.addresses import bulk

    nos = add_orders(db, 4, prefix="X", receiver_name="", phone="", address="", province="", city="", district="")
    book = Workbook()
    sheet = book.active
    sheet.append(["订单编号", "收货人姓名", "联系手机", "收货地址"])
    sheet.append([nos[0], "张三", "'17012345678-1234", "浙江省 杭州市 西湖区 文三路90号"])
    sheet.append([nos[1], "李四", 13900139000, "南京鼓楼区中山路1号"])  # a phone stored as a number
    sheet.append([nos[2], "王五", "13800138000", "鼓楼区中山路1号"])  # ambiguous: never guessed
    sheet.append([nos[3], "赵六", "138****0000", "北京市朝阳区建国路1号"])  # masked phone
    buffer = __import__("io").BytesIO()
    book.save(buffer)
    report = bulk.fill_from_file(db, data=buffer.getvalue(), filename="addresses.xlsx", actor="t", now=NOW)
    assert report.filled == 2
    assert report.problems == [(4, nos[2], "address.bulk.unplaced"), (5, nos[3], "address.bad.phone")]
    with db.read() as session:
        got = {
            r[0]: tuple(r[1:])
            for r in session.execute(
                text("SELECT order_no, receiver_name, phone, phone_ext, city, district, address FROM orders")
            )
        }
    assert got[nos[0]] == ("张三", "17012345678", "1234", "杭州市", "西湖区", "文三路90号")
    assert got[nos[1]] == ("李四", "13900139000", "", "南京市", "鼓楼区", "中山路1号")
    assert got[nos[2]][0] == "" and got[nos[3]][0] == ""


def test_dashboard_and_order_list_count_the_orders_waiting_for_an_address(db):
    from waybill_ui.services.reports import dashboard
    from waybill_ui.services.orders import listing as orders

    add_orders(db, 3, prefix="OK")
    lacking = add_orders(db, 2, prefix="NA", phone="138****5678")
    add_orders(db, 1, prefix="SH", address="", status="shipped")  # shipped elsewhere: not waiting
    assert dashboard.counts(db, now=NOW).needs_address == 2
    rows, total = orders.list_orders(
        db, filters=orders.OrderFilter(needs_address=True), sort="ordered_at", descending=True, page=1, size=50
    )
    assert total == 2 and sorted(r.order_no for r in rows) == sorted(lacking)


def test_masked_rows_import_as_waiting_for_an_address_then_paste_fills_them(db):
    """Masked and missing data from import to 待补地址 to smart paste (the label: see above)."""
    from tests.fixtures import taobao_export as tb
    from tests.services.test_orders_import import one
    from waybill_ui.services.orders import importing as orders_import

    rows = [
        one(
            **{
                "订单编号": "MASKED1",
                "收货人姓名": "张**",
                "联系手机": "138****5678",
                "收货地址": "浙江省 杭州市 西湖区 ***",
            }
        ),
        one(**{"订单编号": "PRIVACY1", "联系手机": "17012345678-1234"}),  # a privacy number: shippable
        one(**{"订单编号": "OLDNAME1", "收货地址": "浙江省 杭州市 江干区 凯旋路1号"}),
    ]
    report = orders_import.import_orders(db, data=tb.build(rows), actor="t")
    assert report.imported == 3 and report.needs_address == 1
    with db.read() as session:
        got = {
            r[0]: tuple(r[1:])
            for r in session.execute(text(f"SELECT order_no, district, {order_address.complete_sql()} FROM orders"))
        }
    assert got["MASKED1"] == ("西湖区", 0) and got["PRIVACY1"][1] == 1
    with db.read() as session:  # the extension is stored apart from the main number
        assert tuple(
            session.execute(text("SELECT phone, phone_ext FROM orders WHERE order_no = 'PRIVACY1'")).one()
        ) == ("17012345678", "1234")
    assert got["OLDNAME1"] == ("江干区", 1)  # kept as the marketplace wrote it; still shippable
    pasted = parse_block("张三，13800138000，浙江省杭州市西湖区文三路90号")
    fill.fill_order(
        db,
        order_no="MASKED1",
        actor="t",
        now=NOW,
        data=fill.AddressInput(
            name=pasted.name,
            phone=pasted.phone,
            province=pasted.province,
            city=pasted.city,
            district=pasted.district,
            detail=pasted.detail,
        ),
    )
    with db.read() as session:
        assert (
            session.execute(
                text(f"SELECT {order_address.complete_sql()} FROM orders WHERE order_no = 'MASKED1'")
            ).scalar()
            == 1
        )


def test_bulk_fill_from_a_pasted_column_pair(db):
    from waybill_ui.services.orders.addresses import bulk

    nos = add_orders(db, 3, prefix="P", address="")
    text_ = (
        f"{nos[0]}\t张三 17012345678-1234 浙江省杭州市西湖区文三路90号\n\n"
        f"{nos[1]}\t李四 13900139000 鼓楼区中山路1号\n"
        f"{nos[2]} 王五，13800138000，上海市徐汇区漕溪北路1号\n"
    )
    report = bulk.fill_from_paste(db, text=text_, actor="t", now=NOW)
    assert report.filled == 2 and report.problems == [(3, nos[1], "address.bulk.unplaced")]
    with db.read() as session:
        got = {r[0]: f"{r[1]}/{r[2]}" for r in session.execute(text("SELECT order_no, phone, phone_ext FROM orders"))}
    assert got == {nos[0]: "17012345678/1234", nos[1]: "13800000001/", nos[2]: "13800138000/"}
