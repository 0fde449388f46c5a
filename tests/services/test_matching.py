"""智能匹配快递: rule precedence, the scoring fallback and the explanations."""

import pytest
from sqlalchemy import text

from tests.fixtures.shop import add_stock, seed_catalogue
from waybill_ui.db.models import SenderAddress
from waybill_ui.services.market import contracts
from waybill_ui.services.shipping import matcher_loading
from waybill_ui.services.shipping import rules as matching_rules
from waybill_ui.services.settings import store as shop_settings
from waybill_ui.services.common.errors import Forbidden, Invalid
from waybill_ui.services.shipping.matching import OrderFacts
from waybill_ui.services.shipping.rules import RuleInput
from waybill_ui.services.accounts.users import Principal

OWNER = Principal(id=1, username="boss", role="owner")
STAFF = Principal(id=2, username="clerk", role="staff")
XINJIANG = OrderFacts(province="新疆维吾尔自治区", city="乌鲁木齐市", amount_fen=5900)
HANGZHOU = OrderFacts(province="浙江省", city="杭州市", amount_fen=5900, title="纯棉T恤", message="")


@pytest.fixture
def shop(db):
    seed_catalogue(db)
    return db


def decide(db, facts, lang="zh"):
    return matcher_loading.decide(db, facts=facts, lang=lang)


def test_rules_in_order_first_match_wins_and_explains_itself(shop):
    db = shop
    matching_rules.save_rule(db, actor=OWNER, data=RuleInput(carrier_code="SF", message_keywords=["顺丰"]))
    matching_rules.save_rule(db, actor=OWNER, data=RuleInput(carrier_code="EMS", provinces=["新疆", "西藏自治区"]))
    matching_rules.save_rule(db, actor=OWNER, data=RuleInput(carrier_code="ZTO", name="兜底"))
    decision = decide(db, XINJIANG)
    assert decision.carrier == "EMS" and decision.reason() == "规则 2：新疆/西藏 → 邮政EMS"
    assert decide(db, XINJIANG, "en").reason("en") == "Rule 2: 新疆/西藏 → 邮政EMS"
    wants_sf = OrderFacts(province="新疆维吾尔自治区", message="请发顺丰谢谢")
    assert decide(db, wants_sf).reason() == "规则 1：留言含「顺丰」 → 顺丰速运"
    assert decide(db, HANGZHOU).reason() == "规则 3：兜底 → 中通快递"
    rules = matching_rules.list_rules(db)
    matching_rules.move_rule(db, actor=OWNER, rule_id=rules[2].id, delta=-2)  # the catch-all first
    assert decide(db, XINJIANG).reason() == "规则 1：兜底 → 中通快递"


def test_weight_amount_title_and_disabled_rules(shop):
    db = shop
    matching_rules.save_rule(db, actor=OWNER, data=RuleInput(carrier_code="JD", enabled=False))
    matching_rules.save_rule(db, actor=OWNER, data=RuleInput(carrier_code="DBL", weight_min_g=3000))
    matching_rules.save_rule(db, actor=OWNER, data=RuleInput(carrier_code="SF", amount_min_fen=50000))
    matching_rules.save_rule(db, actor=OWNER, data=RuleInput(carrier_code="YTO", title_keywords=["T恤", "卫衣"]))
    heavy = OrderFacts(province="浙江省", weight_g=5000)
    assert decide(db, heavy).carrier == "DBL" and "重量 3kg–∞" in decide(db, heavy).reason()
    assert decide(db, OrderFacts(province="浙江省", amount_fen=88800)).carrier == "SF"
    assert decide(db, HANGZHOU).reason() == "规则 4：宝贝含「T恤/卫衣」 → 圆通速递"
    plain = decide(db, OrderFacts(province="浙江省", title="茶杯"))
    assert plain.rule_id is None and plain.reason().startswith("得分最高")


def test_a_rule_cannot_send_where_its_carrier_does_not_go(shop):
    db = shop
    matching_rules.save_rule(db, actor=OWNER, data=RuleInput(carrier_code="STO"))  # STO excludes Tibet
    tibet = OrderFacts(province="西藏自治区", city="拉萨市")
    decision = decide(db, tibet)
    assert decision.carrier != "STO" and decision.rule_id is None
    assert "STO" not in {c.code for c in decision.candidates}


def test_scoring_explains_price_days_and_stock(shop):
    db = shop
    add_stock(db, "ZTO", 812)
    decision = decide(db, HANGZHOU)
    assert decision.carrier == "ZTO"  # the only carrier with stock
    assert decision.reason() == "得分最高：价格 3.50 元，1 天，库存 812"
    assert decision.reason("en") == "Best score: price ¥3.50, 1 days, 812 in stock"
    remote = decide(db, XINJIANG)  # Zhejiang → Xinjiang is the remote zone
    assert remote.carrier == "ZTO" and "价格 12.00 元，5 天" in remote.reason()
    assert decide(db, OrderFacts(province="")).key == "match.no_province"


def test_the_sellers_weights_decide(shop):
    db = shop
    for code in ("SF", "JTSD"):
        add_stock(db, code, 100)
    shop_settings.put(
        db, values={"matching.weight_price": 100, "matching.weight_speed": 0, "matching.weight_stock": 0}, actor="boss"
    )
    assert decide(db, HANGZHOU).carrier == "JTSD"  # cheapest
    shop_settings.put(db, values={"matching.weight_price": 0, "matching.weight_speed": 100}, actor="boss")
    assert decide(db, XINJIANG).carrier == "SF"  # fastest to the remote zone


def test_ratings_are_optional_and_count_when_known(shop):
    db = shop
    add_stock(db, "ZTO", 10)
    add_stock(db, "YTO", 10)
    with db.read() as session:
        plain = matcher_loading.load_matcher(session).decide(HANGZHOU)
        rated = matcher_loading.load_matcher(session, ratings={"ZTO": 4.9, "YTO": 3.0}).decide(HANGZHOU)
    assert "评分" not in plain.reason()
    assert rated.carrier == "ZTO" and "评分 4.9" in rated.reason()


def test_origin_from_the_default_sender_address(shop):
    db = shop
    add_stock(db, "ZTO", 5)
    assert "价格 12.00 元" in decide(db, XINJIANG).reason()  # default origin 浙江省 → remote
    with db.write() as session:
        session.execute(text("DELETE FROM sender_address"))
        session.add(
            SenderAddress(
                name="仓库",
                phone="13800000000",
                province="新疆维吾尔自治区",
                city="乌鲁木齐市",
                address="仓库路1号",
                is_default=True,
            )
        )
    assert "价格 3.50 元" in decide(db, XINJIANG).reason()  # now the same province: local


def test_preview_tool(shop):
    db = shop
    matching_rules.save_rule(db, actor=OWNER, data=RuleInput(carrier_code="EMS", provinces=["西藏自治区"]))
    decision, facts = matcher_loading.preview_address(db, address="西藏自治区 拉萨市 城关区 北京中路48号")
    assert (facts.province, facts.city) == ("西藏自治区", "拉萨市") and decision.carrier == "EMS"
    assert decision.candidates and all(c.code not in ("ZTO", "STO") for c in decision.candidates)


def test_only_the_owner_edits_rules_and_input_is_checked(shop):
    db = shop
    with pytest.raises(Forbidden):
        matching_rules.save_rule(db, actor=STAFF, data=RuleInput(carrier_code="SF"))
    with pytest.raises(Invalid):
        matching_rules.save_rule(db, actor=OWNER, data=RuleInput(carrier_code="火箭快递"))
    with pytest.raises(Invalid):
        matching_rules.save_rule(db, actor=OWNER, data=RuleInput(carrier_code="SF", provinces=["火星"]))
    with pytest.raises(Invalid):
        matching_rules.save_rule(db, actor=OWNER, data=RuleInput(carrier_code="SF", weight_min_g=5, weight_max_g=1))
    rule = matching_rules.save_rule(
        db, actor=OWNER, data=RuleInput(carrier_code="顺丰", provinces=["广西"], title_keywords="茶叶，礼盒")
    )
    assert (rule.carrier_code, rule.provinces, rule.title_keywords) == ("SF", ["广西壮族自治区"], ["茶叶", "礼盒"])
    with pytest.raises(Forbidden):
        matching_rules.delete_rule(db, actor=STAFF, rule_id=rule.id)
    matching_rules.delete_rule(db, actor=OWNER, rule_id=rule.id)
    assert matching_rules.list_rules(db) == []


def test_own_contract_price_makes_a_carrier_the_cheapest_and_wins_the_score(shop):
    """Only price counts; JTSD (¥3.00 locally) is the catalogue's cheapest until the owner enters a
    ZTO contract below it. Matching then prices ZTO at the contract and picks it."""
    db = shop
    for code in ("ZTO", "JTSD", "YTO"):
        add_stock(db, code, 50)
    shop_settings.put(
        db,
        values={
            "matching.weight_price": 100,
            "matching.weight_speed": 0,
            "matching.weight_stock": 0,
            "matching.weight_rating": 0,
        },
        actor="boss",
    )
    without = decide(db, HANGZHOU)
    assert without.carrier == "JTSD" and "价格 3.00 元" in without.reason()
    assert {c.code: c.price_fen for c in without.candidates}["ZTO"] == 350  # the catalogue price
    contracts.save_contract(db, carrier_code="ZTO", zone="local", first_fen=280, extra_fen_per_kg=100, actor=OWNER)
    withc = decide(db, HANGZHOU)
    assert withc.carrier == "ZTO" and withc.rule_id is None
    assert withc.reason() == "得分最高：价格 2.80 元，1 天，库存 50"
    prices = {c.code: c.price_fen for c in withc.candidates}
    assert prices["ZTO"] == 280 and prices["JTSD"] == 300  # other carriers keep the catalogue price
    # a zone contract does not leak into other zones: Guangdong (national) still goes to JTSD
    assert decide(db, OrderFacts(province="广东省", city="广州市")).carrier == "JTSD"


def test_province_contract_with_its_own_extra_kg_price_decides_heavier_parcels(shop):
    db = shop
    for code in ("YTO", "JTSD"):
        add_stock(db, code, 20)
    shop_settings.put(
        db,
        values={
            "matching.weight_price": 100,
            "matching.weight_speed": 0,
            "matching.weight_stock": 0,
            "matching.weight_rating": 0,
        },
        actor="boss",
    )
    guangdong = OrderFacts(province="广东省", city="广州市", weight_g=2500)
    # catalogue, national zone, 2.5 kg: JTSD 500 + 2×350 = 1200, YTO 560 + 2×400 = 1360
    assert decide(db, guangdong).carrier == "JTSD"
    contracts.save_contract(db, carrier_code="YTO", zone="广东", first_fen=600, extra_fen_per_kg=100, actor=OWNER)
    decision = decide(db, guangdong)
    assert decision.carrier == "YTO" and "价格 8.00 元" in decision.reason()  # 600 + 2×100
    assert {c.code: c.price_fen for c in decision.candidates}["YTO"] == 800
    # the province contract does not apply elsewhere in the same zone
    beijing = decide(db, OrderFacts(province="北京市", city="北京市", weight_g=2500))
    assert beijing.carrier == "JTSD" and {c.code: c.price_fen for c in beijing.candidates}["YTO"] == 1360
    # a province contract beats a zone contract for the same carrier
    contracts.save_contract(db, carrier_code="YTO", zone="national", first_fen=1500, extra_fen_per_kg=900, actor=OWNER)
    assert {c.code: c.price_fen for c in decide(db, guangdong).candidates}["YTO"] == 800
    assert {c.code: c.price_fen for c in decide(db, OrderFacts(province="北京市", weight_g=2500)).candidates}[
        "YTO"
    ] == 1500 + 2 * 900
