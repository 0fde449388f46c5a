"""设置 for issue 13: API tokens listed with expiry and revocable (owner: all, staff: own), and
changing one's own password ends every session and token of that user."""

from nicegui.testing import User

from waybill_ui import runtime
from waybill_ui.services.accounts import sessions
from waybill_ui.services.accounts import api_tokens, users
from tests.conftest import OWNER, STAFF
from tests.helpers import ensure_account, eventually, login, login_staff


async def test_staff_sees_and_revokes_only_their_own_tokens(user: User):
    db = runtime.get().db
    ensure_account(*OWNER, "owner")
    ensure_account(*STAFF, "staff")
    boss = [u for u in users.list_users(db) if u.username == OWNER[0]][0]
    staff = [u for u in users.list_users(db) if u.username == STAFF[0]][0]
    owner_token = api_tokens.create_api_token(db, user_id=boss.id, name="boss-scanner", actor="t")
    staff_token = api_tokens.create_api_token(db, user_id=staff.id, name="staff-scanner", actor="t")
    await login_staff(user)
    await user.open("/settings?tab=tokens")
    await user.should_see("staff-scanner")
    await user.should_not_see("boss-scanner")
    await user.should_see(marker="token-expiry-note")
    [row] = api_tokens.list_api_tokens(db, user_id=staff.id)
    user.find(marker=f"token-revoke-{row.id}").click()
    await eventually(lambda: api_tokens.token_principal(db, staff_token) is None)
    assert api_tokens.token_principal(db, owner_token) is not None


async def test_owner_sees_everybodys_tokens_with_their_account(user: User):
    db = runtime.get().db
    ensure_account(*STAFF, "staff")
    staff = [u for u in users.list_users(db) if u.username == STAFF[0]][0]
    api_tokens.create_api_token(db, user_id=staff.id, name="staff-scanner", actor="t")
    await login(user)
    await user.open("/settings?tab=tokens")
    await user.should_see("staff-scanner")
    await user.should_see(marker=f"token-user-{STAFF[0]}")


async def test_changing_my_password_ends_my_sessions_and_tokens(user: User):
    db = runtime.get().db
    await login_staff(user)
    staff = [u for u in users.list_users(db) if u.username == STAFF[0]][0]
    token = api_tokens.create_api_token(db, user_id=staff.id, name="mine", actor="t")
    assert sessions.list_live(db, user_id=staff.id)
    await user.open("/settings?tab=password")
    user.find(marker="password-old").type("wrong-old-pass")
    user.find(marker="password-new").type("new-staff-pass-1")
    user.find(marker="password-submit").click()
    await user.should_see("当前密码不正确", retries=100)
    assert sessions.list_live(db, user_id=staff.id)
    user.find(marker="password-old").clear().type(STAFF[1])
    user.find(marker="password-submit").click()
    await eventually(lambda: not sessions.list_live(db, user_id=staff.id))
    assert api_tokens.token_principal(db, token) is None
    assert users.authenticate(db, username=STAFF[0], password="new-staff-pass-1")
