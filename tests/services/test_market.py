"""Quotes (zones, weights, exclusions, contracts, ranking) and ratings from the shop's parcels."""

from datetime import timedelta

import pytest
from waybill_ui.db.models import Shipment
from waybill_ui.services.market import contracts
from waybill_ui.services.market import quotes as market
from waybill_ui.services.settings import store as shop_settings
from waybill_ui.services.common.errors import Forbidden, Invalid
from waybill_ui.services.market.ratings import ENOUGH_DELIVERED
from tests.market_support import NOW, add_parcels, load_catalogue, owner, staff


@pytest.fixture
def shop(db):
    load_catalogue(db)
    return db


def by_code(quotes):
    return {q.carrier: q for q in quotes}


def test_zone_prices_by_destination_and_weight(shop):
    assert market.origin_province(shop) == "浙江省"  # nothing configured yet
    local = by_code(market.quote(shop, province="浙江", weight_g=1000))
    assert local["ZTO"].price_fen == 350 and local["ZTO"].zone == "local" and local["ZTO"].transit_days == 1
    region = by_code(market.quote(shop, province="江苏省", weight_g=1000))
    assert region["ZTO"].price_fen == 450 and region["ZTO"].zone == "region"
    national = by_code(market.quote(shop, province="广东省", weight_g=2500))
    assert national["ZTO"].zone == "national"
    assert national["ZTO"].price_fen == 550 + 2 * 400  # 1.5 kg above the first kilogram: two started kg
    remote = by_code(market.quote(shop, province="新疆", weight_g=1000))
    assert remote["ZTO"].zone == "remote" and remote["ZTO"].price_fen == 1200


def test_carriers_not_serving_the_province_are_left_out(shop):
    tibet = market.quote(shop, province="西藏自治区", weight_g=1000)
    assert {q.carrier for q in tibet} == {"SF", "EMS"}
    xinjiang = {q.carrier for q in market.quote(shop, province="新疆维吾尔自治区", weight_g=1000)}
    assert "STO" not in xinjiang and "YD" not in xinjiang and "ZTO" in xinjiang
    views = market.market_view(shop, province="西藏自治区")
    assert {v.code for v in views} == {"SF", "EMS"}


def test_quotes_are_best_first_with_a_reason(shop):
    quotes = market.quote(shop, province="广东省", weight_g=1000)
    assert [q.score for q in quotes] == sorted((q.score for q in quotes), reverse=True)
    # STO (¥5.20, 3 days) beats the cheapest, JTSD (¥5.00, 4 days): a little more money, a day faster
    assert quotes[0].carrier == "STO"
    assert quotes[0].reason == "¥5.20，比最便宜的贵 ¥0.20，约 3 天，本店评分数据不足"
    cheapest = by_code(quotes)["JTSD"]
    assert cheapest.price_fen == 500 and cheapest.reason.startswith("最便宜 ¥5.00")
    sf = by_code(quotes)["SF"]
    assert "比最便宜的贵 ¥13.00" in sf.reason and "最快" in sf.reason
    english = by_code(market.quote(shop, province="广东省", weight_g=1000, lang="en"))["JTSD"]
    assert english.reason.startswith("cheapest at ¥5.00")


def test_origin_changes_the_zone(shop):
    boss = owner(shop)
    shop_settings.put(shop, values={market.ORIGIN_KEY: "广东省"}, actor=boss.username)
    assert by_code(market.quote(shop, province="广东", weight_g=1000))["ZTO"].zone == "local"
    assert by_code(market.quote(shop, province="浙江省", weight_g=1000))["ZTO"].zone == "national"


@pytest.mark.parametrize("province, weight", [("火星", 1000), ("", 1000), ("浙江", 0), ("浙江", 200_000)])
def test_bad_parcels_are_refused_with_a_reason(shop, province, weight):
    with pytest.raises(Invalid) as err:
        market.quote(shop, province=province, weight_g=weight)
    assert err.value.message("zh")


def test_own_contract_prices_override_and_are_marked(shop):
    boss = owner(shop)
    contracts.save_contract(
        shop,
        carrier_code="ZTO",
        zone="national",
        first_fen=400,
        extra_fen_per_kg=150,
        outlet="杭州余杭网点",
        actor=boss,
    )
    quotes = by_code(market.quote(shop, province="广东省", weight_g=2000))
    assert quotes["ZTO"].price_fen == 550 and quotes["ZTO"].contract and quotes["ZTO"].outlet == "杭州余杭网点"
    assert "自有合同价" in quotes["ZTO"].reason
    assert not quotes["YTO"].contract
    # a province contract beats the zone contract; other provinces keep the zone contract
    contracts.save_contract(shop, carrier_code="ZTO", zone="广东", first_fen=300, extra_fen_per_kg=100, actor=boss)
    assert by_code(market.quote(shop, province="广东省", weight_g=1000))["ZTO"].price_fen == 300
    assert by_code(market.quote(shop, province="北京市", weight_g=1000))["ZTO"].price_fen == 400
    # saving again replaces; the market page shows the contract price too
    contracts.save_contract(shop, carrier_code="ZTO", zone="national", first_fen=410, extra_fen_per_kg=150, actor=boss)
    assert len(contracts.list_contracts(shop)) == 2
    view = {v.code: v for v in market.market_view(shop)}["ZTO"]
    assert view.contract and view.reference_fen == 410
    contracts.delete_contract(shop, contract_id=contracts.list_contracts(shop)[0].id, actor=boss)
    assert len(contracts.list_contracts(shop)) == 1


def test_contract_rules(shop):
    boss, packer = owner(shop), staff(shop)
    with pytest.raises(Forbidden):
        contracts.save_contract(
            shop, carrier_code="ZTO", zone="local", first_fen=300, extra_fen_per_kg=100, actor=packer
        )
    for bad in ({"zone": "月球"}, {"first_fen": 0}, {"extra_fen_per_kg": -1}, {"carrier_code": "XX"}, {"first_g": 10}):
        args = {"carrier_code": "ZTO", "zone": "local", "first_fen": 300, "extra_fen_per_kg": 100, **bad}
        with pytest.raises(Invalid):
            contracts.save_contract(shop, actor=boss, **args)


# --- ratings ---------------------------------------------------------------------------------------


def test_rating_needs_enough_delivered_parcels(shop):
    add_parcels(shop, "ZTO", "广东省", ENOUGH_DELIVERED - 1, days=2)
    add_parcels(shop, "ZTO", "广东省", 30, days=2, delivered=False, start=100)  # in transit: not delivered yet
    rating = market.carrier_ratings(shop, now=NOW)["ZTO"]
    assert rating.delivered == 19 and not rating.enough and rating.score is None
    assert "满 20 件后显示评分" in rating.summary("zh")
    assert market.carrier_ratings(shop, now=NOW)["SF"].delivered == 0


def test_rating_from_on_time_exceptions_and_pickup(shop):
    # ZTO promises 3 days nationwide (浙江 → 广东) and 1 day in the province
    add_parcels(shop, "ZTO", "广东省", 15, days=2, pickup_hours=6)  # on time
    add_parcels(shop, "ZTO", "广东省", 3, days=5, pickup_hours=30, start=15)  # late
    add_parcels(shop, "ZTO", "浙江省", 2, days=3, start=18, trouble=True)  # late for a local parcel, with an exception
    rating = market.carrier_ratings(shop, now=NOW)["ZTO"]
    assert rating.enough and rating.delivered == 20
    assert rating.on_time_rate == pytest.approx(15 / 20)
    assert rating.exception_rate == pytest.approx(2 / 20)
    assert rating.avg_pickup_hours == pytest.approx((15 * 6 + 3 * 30 + 2 * 6) / 20, abs=0.01)
    assert 0 < rating.score < 5
    assert "准时 75%" in rating.summary("zh") and "异常 10.0%" in rating.summary("zh")
    # the rating feeds the ranking: a well-rated carrier shows it in its reason and sorts first by rating
    add_parcels(shop, "YTO", "广东省", 20, days=1, pickup_hours=2)
    ratings = market.carrier_ratings(shop, now=NOW)
    assert ratings["YTO"].score > ratings["ZTO"].score
    views = market.market_view(shop, sort="rating")
    assert [v.code for v in views[:2]] == ["YTO", "ZTO"]
    yto = by_code(market.quote(shop, province="广东省", weight_g=1000))["YTO"]
    assert f"本店评分最高 {ratings['YTO'].score:.1f}" in yto.reason


def test_old_and_cancelled_parcels_do_not_count(shop):
    add_parcels(shop, "ZTO", "广东省", 20, days=2)
    with shop.write() as session:
        shipment = session.get(Shipment, 1)
        shipment.cancelled_at = NOW
        session.add(shipment)
    assert market.carrier_ratings(shop, now=NOW)["ZTO"].delivered == 19
    assert market.carrier_ratings(shop, now=NOW + timedelta(days=400))["ZTO"].delivered == 0


def test_market_view_sorts_by_price_and_speed(shop):
    by_price = market.market_view(shop, province="广东省", sort="price")
    prices = [v.reference_fen for v in by_price]
    assert prices == sorted(prices) and by_price[0].code == "JTSD"
    by_speed = market.market_view(shop, province="广东省", sort="speed")
    assert [v.transit_days for v in by_speed] == sorted(v.transit_days for v in by_speed)
    zto = {v.code: v for v in by_price}["ZTO"]
    assert [p.id for p in zto.packages] == ["ZTO-100", "ZTO-500", "ZTO-1000", "ZTO-5000"]
    assert zto.packages[1].unit_fen == 11 and zto.packages[1].validity_days == 180
