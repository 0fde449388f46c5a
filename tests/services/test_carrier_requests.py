"""买家指定快递: the request is read from the buyer's message and the seller's memo, preferred by the
matcher, and said loudly wherever it is not followed (ship one, batch preview, batch result)."""

import pytest

from tests.fixtures.shop import add_orders, add_stock, seed_catalogue
from waybill_ui.db.models import MatchingRule
from waybill_ui.services.shipping import batch as batch_ship
from waybill_ui.services.orders import carrier_requests
from waybill_ui.services.shipping import single as shipping
from waybill_ui.services.common.errors import Conflict
from waybill_ui.services.shipping import matcher_loading
from waybill_ui.services.shipping.matching import OrderFacts


def decide(db, facts):
    return matcher_loading.decide(db, facts=facts)


@pytest.mark.parametrize(
    ("text", "wanted", "refused"),
    [
        ("请发顺丰，谢谢", ("SF",), set()),
        ("请发顺丰,谢谢!", ("SF",), set()),
        ("SF到付可以吗", ("SF",), set()),
        ("麻烦发EMS", ("EMS",), set()),
        ("只收中国邮政", ("EMS",), set()),
        ("顺丰或者京东都行", ("SF", "JD"), set()),
        ("不要发韵达", (), {"YD"}),
        ("别发极兔 要邮政", ("EMS",), {"JTSD"}),
        ("韵达收不到，发中通", ("ZTO",), {"YD"}),
        ("我们这里申通不到", (), {"STO"}),
        ("拒收圆通", (), {"YTO"}),
        ("好评返现", (), set()),
        ("jdk和sfx是代码名", (), set()),  # Latin abbreviations only as whole words
        ("", (), set()),
    ],
)
def test_requests_in_buyer_words(text, wanted, refused):
    request = carrier_requests.parse(text)
    assert request.wanted == wanted
    assert set(request.refused) == refused
    assert bool(request) == bool(wanted or refused)


def test_memo_counts_too_and_allows_reads_both_sides():
    request = carrier_requests.parse("", "客户要顺丰")
    assert request.wanted == ("SF",)
    assert request.allows("SF") and not request.allows("ZTO")
    refusing = carrier_requests.parse("不要韵达")
    assert refusing.allows("ZTO") and not refusing.allows("YD")


@pytest.fixture
def shop(db):
    seed_catalogue(db)
    return db


HANGZHOU = dict(province="浙江省", city="杭州市")


def test_matcher_prefers_the_requested_carrier_and_explains_it(shop):
    add_stock(shop, "ZTO", 50)
    add_stock(shop, "SF", 5)
    plain = decide(shop, OrderFacts(**HANGZHOU))
    assert plain.carrier == "ZTO" and plain.warning() == ""
    asked = decide(shop, OrderFacts(**HANGZHOU, message="请发顺丰，谢谢"))
    assert asked.carrier == "SF" and asked.key == "match.by_request"
    assert "买家指定顺丰速运" in asked.reason() and asked.warning() == ""


def test_a_request_that_cannot_be_met_is_said_loudly(shop):
    add_stock(shop, "ZTO", 50)  # no SF stock at all
    decision = decide(shop, OrderFacts(**HANGZHOU, message="请发顺丰"))
    assert decision.carrier == "ZTO"
    assert decision.warning() == "⚠ 买家要求顺丰速运，当前是中通快递：顺丰速运没有可用单号，请先购买或导入"
    assert "does not" not in decision.warning("en") and "asked for" in decision.warning("en")


def test_refused_carriers_are_skipped_by_rules_and_score(shop):
    add_stock(shop, "ZTO", 50)
    add_stock(shop, "YTO", 50)
    with shop.write() as session:
        session.add(MatchingRule(position=1, provinces=["浙江省"], carrier_code="ZTO"))
    assert decide(shop, OrderFacts(**HANGZHOU)).carrier == "ZTO"
    decision = decide(shop, OrderFacts(**HANGZHOU, message="不要发中通"))
    assert decision.carrier == "YTO" and decision.rule_id is None and decision.warning() == ""


def test_ship_one_reports_a_manual_choice_against_the_request(shop):
    add_stock(shop, "ZTO", 5)
    [order_no] = add_orders(shop, 1, prefix="REQ", buyer_message="请发顺丰，谢谢")
    shipped = shipping.ship_order(shop, order_no=order_no, carrier="ZTO", actor="t")
    assert shipped.warning.startswith("⚠ 买家要求顺丰速运，当前是中通快递")


def test_coverage_needs_an_override_reason(shop):
    add_stock(shop, "STO", 5)
    [tibet] = add_orders(shop, 1, prefix="XZ", province="西藏自治区", city="拉萨市", district="城关区")
    with pytest.raises(Conflict) as refused:
        shipping.ship_order(shop, order_no=tibet, carrier="STO", actor="t")
    assert refused.value.code == "not_served" and "申通快递不送西藏自治区" in refused.value.message()
    shipped = shipping.ship_order(shop, order_no=tibet, carrier="STO", actor="t", override_reason="网点确认可派送")
    assert shipped.carrier == "STO"
    from sqlalchemy import text

    with shop.read() as session:
        reason = session.execute(
            text("SELECT reason FROM audit_log WHERE action = 'ship' AND entity_id = :n"), {"n": tibet}
        ).scalar()
    assert reason == "网点确认可派送"


def test_batch_preview_groups_reasons_with_their_orders_and_lists_request_warnings(shop):
    add_stock(shop, "ZTO", 998)
    plain = add_orders(shop, 6, prefix="PL")
    asking = add_orders(shop, 2, prefix="AS", buyer_message="请发顺丰，谢谢")  # no SF stock
    preview = batch_ship.preview_batch(shop, order_ids=batch_ship.ids_for(shop, plain + asking)[0])
    # one reason line for the 8 ZTO orders, not one per order with a falling stock count
    assert sorted(next(iter(preview.reasons.values()))) == sorted(plain + asking)
    assert len(preview.reasons) == 1 and "库存 998" in next(iter(preview.reasons))
    assert [w["order_no"] for w in preview.warnings] == asking
    result = batch_ship.batch_ship(shop, order_nos=plain + asking, actor="t")
    assert len(result.shipped) == 8 and sorted(w["order_no"] for w in result.warnings) == sorted(asking)


def test_batch_with_one_carrier_ships_uncovered_orders_only_with_a_reason(shop):
    add_stock(shop, "STO", 5)
    tibet = add_orders(shop, 1, prefix="XZ", province="西藏自治区", city="拉萨市", district="城关区")
    preview = batch_ship.preview_batch(shop, order_ids=batch_ship.ids_for(shop, tibet)[0], carrier="STO")
    assert [item["code"] for item in preview.not_shippable] == ["not_served"]
    result = batch_ship.batch_ship(shop, order_nos=tibet, carrier="STO", actor="t", override_reason="已确认")
    assert [s["order_no"] for s in result.shipped] == tibet
