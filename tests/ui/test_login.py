"""Setup link, login, logout, lockout and roles — through the pages, as a person uses them."""

from nicegui.testing import User

from waybill_ui import runtime
from waybill_ui.services.accounts import login_throttle
from waybill_ui.services.accounts import users
from tests.conftest import OWNER
from tests.helpers import login, login_staff

SECTIONS = ["工作台", "物流市场", "单号库存", "订单发货", "物流跟踪", "预警", "设置"]


async def test_pages_redirect_to_login_until_signed_in(user: User):
    await user.open("/pool")
    await user.should_see(marker="login-card")
    await user.should_see("还没有任何账号")


async def test_setup_needs_the_token_and_works_once(user: User):
    await user.open("/setup")
    await user.should_see(marker="setup-bad-token")
    await user.open("/setup?token=guess")
    await user.should_see(marker="setup-bad-token")
    token = runtime.get().setup_token
    assert token
    await user.open(f"/setup?token={token}")
    user.find(marker="setup-username").clear().type("boss")
    user.find(marker="setup-password").type("boss-pass-1")
    user.find(marker="setup-password2").type("boss-pass-1")
    user.find(marker="setup-submit").click()
    await user.should_see(marker="header", retries=100)
    for label in SECTIONS:
        await user.should_see(label)
    assert runtime.get().setup_token is None
    await user.open(f"/setup?token={token}")
    await user.should_see(marker="setup-done")
    assert [u.username for u in users.list_users(runtime.get().db)] == ["boss"]


async def test_setup_rejects_mismatched_passwords(user: User):
    await user.open(f"/setup?token={runtime.get().setup_token}")
    user.find(marker="setup-password").type("boss-pass-1")
    user.find(marker="setup-password2").type("boss-pass-2")
    user.find(marker="setup-submit").click()
    await user.should_see("两次输入的密码不一致", retries=100)
    assert users.count_users(runtime.get().db) == 0


async def test_login_logout(user: User):
    await login(user)
    await user.should_see("owner")
    user.find(marker="logout").click()
    await user.should_see(marker="login-card")
    await user.open("/")
    await user.should_see(marker="login-card")


async def test_wrong_passwords_make_this_browser_wait_and_the_owner_clears_it(user: User):
    db = runtime.get().db
    users.create_user(db, username="owner", password=OWNER[1], role="owner")
    users.create_user(db, username="packer", password="packer-pass-1", role="staff")
    await user.open("/login")
    for name in ("packer", "nobody", "packer"):  # unknown name: the same words
        user.find(marker="login-username").clear().type(name)
        user.find(marker="login-password").clear().type("wrong-pass")
        user.find(marker="login-submit").click()
        await user.should_see("用户名或密码不正确", retries=100)
    user.find(marker="login-username").clear().type("packer")
    user.find(marker="login-password").clear().type("wrong-pass")
    user.find(marker="login-submit").click()
    await user.should_see("秒后再试", retries=100)
    user.find(marker="login-password").clear().type("packer-pass-1")  # right password, still waits
    user.find(marker="login-submit").click()
    await user.should_see("秒后再试", retries=100)
    # the owner is not locked out by it, and clears the wait in 设置
    await login(user)
    await user.open("/settings")
    await user.should_see(marker="login-wait-packer")
    user.find(marker="unlock-packer").click()
    await user.should_not_see(marker="login-wait-packer", retries=100)
    assert login_throttle.list_blocked(db) == []


async def test_language_switch_is_per_user(user: User):
    await login(user)
    await user.should_see("物流市场")
    with user:  # the toggle's value is what a click sets
        switch = user.find(marker="language-switch").elements.pop()
        switch.value = "en"
    await user.should_see("Carrier market")
    await user.open("/")
    await user.should_see("Carrier market")


async def test_staff_does_not_manage_users(user: User):
    await login_staff(user)
    await user.open("/settings")
    await user.should_see(marker="staff-view")
    await user.should_not_see(marker="add-user")


async def test_owner_adds_staff_account(user: User):
    await login(user)
    await user.open("/settings")
    user.find(marker="new-username").type("packer1")
    user.find(marker="new-password").type("packer-pass-1")
    user.find(marker="add-user-submit").click()
    await user.should_see(marker="user-row-packer1", retries=100)
    [staff] = [u for u in users.list_users(runtime.get().db) if u.username == "packer1"]
    assert staff.role == "staff"


async def test_owner_creates_api_token_shown_once(user: User):
    await login(user)
    await user.open("/settings")
    user.find("API 令牌").click()
    user.find(marker="token-name").type("scanner")
    user.find(marker="token-create").click()
    await user.should_see(marker="new-token", retries=50)
    with user:
        code = user.find(marker="new-token").elements.pop()
        token = code.content
    assert users.token_principal(runtime.get().db, token).username == "owner"
