"""设置 → 账号与员工 with NiceGUI's simulated user: the owner makes a staff member owner and back,
disables and enables the account, and resets its password; none of these for the owner's own row."""

from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from tests.helpers import login
from waybill_ui import runtime
from waybill_ui.services.accounts import users

RETRY = 100  # password hashing is slow on a busy machine


def account(username: str):
    return next(u for u in users.list_users(runtime.get().db) if u.username == username)


def buttons_of(user: User, username: str) -> dict[str, ui.button]:
    row = next(iter(user.find(marker=f"user-row-{username}").elements))
    return {b.text: b for b in row.descendants() if isinstance(b, ui.button)}


async def press(user: User, username: str, label: str) -> None:
    await user.should_see(marker=f"user-row-{username}", retries=RETRY)
    UserInteraction(user, {buttons_of(user, username)[label]}, None).click()


async def test_role_state_and_password_of_a_staff_member(user: User):
    db = runtime.get().db
    users.create_user(db, username="packer2", password="packer-pass-2", role="staff", actor="test")
    await login(user)
    await user.open("/settings")
    await user.should_see(marker="user-row-packer2", retries=RETRY)
    assert set(buttons_of(user, "owner")) == {"重置密码"}  # not one's own role or state
    assert set(buttons_of(user, "packer2")) == {"设为店主", "停用", "重置密码"}

    await press(user, "packer2", "设为店主")
    await user.should_see("设为员工", retries=RETRY)
    assert account("packer2").role == "owner"
    await press(user, "packer2", "设为员工")
    await user.should_see("设为店主", retries=RETRY)
    assert account("packer2").role == "staff"

    await press(user, "packer2", "停用")
    await user.should_see("已停用", retries=RETRY)
    assert not account("packer2").is_active
    user.find(marker="toggle-packer2").click()
    await user.should_not_see("已停用", retries=RETRY)
    assert account("packer2").is_active

    await press(user, "packer2", "重置密码")
    await user.should_see("重置密码：packer2", retries=RETRY)
    user.find("新密码").type("fresh-pass-22")
    user.find("确认").click()
    await user.should_see("已重置「packer2」的密码。", retries=RETRY)
    assert users.authenticate(db, username="packer2", password="fresh-pass-22") is not None
