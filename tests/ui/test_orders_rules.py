"""The rules editor, the preview tool and the shipping settings through the pages."""

from nicegui.testing import User
from sqlalchemy import text

from tests.fixtures.shop import add_stock, seed_catalogue
from tests.helpers import eventually, login, login_staff
from waybill_ui import runtime
from waybill_ui.services.accounts.users import Principal
from waybill_ui.services.shipping import rules as matching_rules
from waybill_ui.services.settings import store as shop_settings


def element(user: User, marker: str):
    return user.find(marker=marker).elements.pop()


async def test_owner_adds_a_rule_and_the_preview_explains_the_choice(user: User):
    await login(user)
    db = runtime.get().db
    seed_catalogue(db)
    add_stock(db, "EMS", 5)
    await user.open("/orders/rules")
    await user.should_see(marker="rules-empty", retries=50)
    user.find(marker="rule-add").click()
    await user.should_see(marker="rule-editor")
    with user:
        element(user, "rule-carrier").set_value("EMS")
        element(user, "rule-provinces").set_value(["新疆维吾尔自治区", "西藏自治区"])
    user.find(marker="rule-save").click()
    await user.should_see(marker="rule-1", retries=50)
    [rule] = matching_rules.list_rules(db)
    assert (rule.carrier_code, rule.provinces) == ("EMS", ["新疆维吾尔自治区", "西藏自治区"])
    user.find(marker="preview-address").type("西藏自治区 拉萨市 城关区 北京中路48号")
    user.find(marker="preview-go").click()
    await eventually(lambda: element(user, "preview-answer").text == "邮政EMS：规则 1：新疆/西藏 → 邮政EMS")
    assert "西藏自治区 拉萨市" in element(user, "preview-where").text
    assert {r["carrier"] for r in element(user, "preview-candidates").rows} >= {"邮政EMS", "顺丰速运"}
    user.find(marker="rule-delete-1").click()
    await user.should_see(marker="rules-empty", retries=50)


async def test_staff_read_the_rules_but_cannot_change_them(user: User):
    await login_staff(user)
    await user.open("/orders/rules")
    await user.should_see(marker="rules-read-only")
    await user.should_not_see(marker="rule-add")
    await user.should_see(marker="match-preview")


async def test_shipping_settings_and_auto_ship_switch(user: User):
    await login(user)
    db = runtime.get().db
    await user.open("/settings?tab=shipping")
    await user.should_see(marker="shipping-settings", retries=50)
    with user:
        element(user, "set-autoship").set_value(True)
        element(user, "set-daily-cap").set_value(50)
        element(user, "set-weight-price").set_value(80)
    user.find(marker="shipping-save").click()
    await eventually(lambda: shop_settings.get(db, "autoship.enabled") is True)
    assert shop_settings.get(db, "autoship.daily_cap") == 50 and shop_settings.get(db, "matching.weight_price") == 80
    with db.read() as session:
        assert session.execute(text("SELECT count(*) FROM audit_log WHERE entity = 'setting'")).scalar() >= 3


async def test_owner_edits_a_stored_rule_and_moves_it_down(user: User):
    """The editor opens with the stored bounds in kg and yuan and the words joined; saving keeps them."""
    await login(user)
    db = runtime.get().db
    owner = Principal(id=1, username="owner", role="owner")
    first = matching_rules.save_rule(
        db,
        actor=owner,
        data=matching_rules.RuleInput(
            carrier_code="EMS", weight_min_g=500, amount_max_fen=9950, cities=["拉萨", "日喀则"], name="高原"
        ),
    )
    matching_rules.save_rule(db, actor=owner, data=matching_rules.RuleInput(carrier_code="SF", name="贵重"))
    await user.open("/orders/rules")
    await user.should_see(marker="rule-2", retries=50)
    user.find(marker="rule-edit-1").click()
    await user.should_see(marker="rule-editor")
    assert element(user, "rule-wmin").value == 0.5 and element(user, "rule-amax").value == 99.5
    assert element(user, "rule-cities").value == "拉萨，日喀则"
    with user:
        element(user, "rule-name").set_value("高原件")
    user.find(marker="rule-save").click()
    await eventually(lambda: matching_rules.list_rules(db)[0].name == "高原件")
    stored = matching_rules.list_rules(db)[0]
    assert (stored.weight_min_g, stored.amount_max_fen, stored.cities) == (500, 9950, ["拉萨", "日喀则"])
    user.find(marker="rule-down-1").click()
    await eventually(lambda: [r.id for r in matching_rules.list_rules(db)][1] == first.id)
