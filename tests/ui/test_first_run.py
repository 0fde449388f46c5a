"""The owner's first run: with no sender, the dashboard opens the walk-through (sender, then label
size and privacy); "later" leaves a reminder card; staff never see it."""

from nicegui.testing import User
from sqlalchemy import text

from tests.helpers import eventually, login, login_staff
from waybill_ui import runtime
from waybill_ui.services.printing import labels


def element(user: User, marker: str):
    return user.find(marker=marker).elements.pop()


def senders_in_db():
    with runtime.get().db.read() as session:
        return session.execute(text("SELECT name, province, city, is_default FROM sender_address")).all()


async def test_owner_is_walked_through_sender_and_labels(user: User):
    await login(user)
    await user.open("/")
    await user.should_see(marker="first-run")
    user.find(marker="fr-name").type("李店长")
    user.find(marker="fr-phone").type("12345")
    with user:
        element(user, "fr-province").set_value("浙江省")
    user.find(marker="fr-city").type("杭州市")
    user.find(marker="fr-address").type("文一西路998号")
    user.find(marker="fr-sender-save").click()
    await eventually(
        lambda: "手机" in element(user, "fr-sender-error").text or "电话" in element(user, "fr-sender-error").text
    )
    assert senders_in_db() == []  # a bad phone stores nothing
    with user:
        element(user, "fr-phone").set_value("13967112345")
    user.find(marker="fr-sender-save").click()
    await eventually(lambda: senders_in_db() == [("李店长", "浙江省", "杭州市", 1)])
    await user.should_see(marker="fr-finish")
    with user:
        element(user, "fr-size").set_value("100x180")
    user.find(marker="fr-finish").click()
    await eventually(lambda: labels.options(runtime.get().db).size == "100x180")
    assert labels.options(runtime.get().db).mask_phone is True  # privacy stays on by default
    await user.should_not_see(marker="sender-banner")


async def test_later_leaves_a_reminder_and_staff_see_nothing(user: User):
    await login(user)
    await user.open("/")
    await user.should_see(marker="first-run")
    user.find(marker="fr-later").click()
    await user.should_not_see(marker="first-run")
    await user.should_see(marker="sender-banner")
    user.find(marker="sender-banner-open").click()
    await user.should_see(marker="first-run")


async def test_staff_get_no_walk_through(user: User):
    await login_staff(user)
    await user.open("/")
    await user.should_see(marker="dashboard")
    await user.should_not_see(marker="first-run")
    await user.should_not_see(marker="sender-banner")
