import pytest
from sqlmodel import select

from waybill_ui.db.models import ApiToken, User
from waybill_ui.services.accounts import sessions
from waybill_ui.services.accounts import api_tokens, users
from waybill_ui.services.common.errors import Conflict, Forbidden, Invalid, Unauthorized


def make(db, name="alice", pw="correct-horse", role="owner"):
    return users.create_user(db, username=name, password=pw, role=role)


def test_create_and_authenticate(db):
    created = make(db)
    assert created.is_owner
    with db.read() as session:
        row = session.exec(select(User)).one()
        assert row.password_hash.startswith("$argon2")  # never the password itself
        assert "correct-horse" not in row.password_hash
    assert users.authenticate(db, username="alice", password="correct-horse").username == "alice"


def test_rules_for_new_accounts(db):
    make(db)
    with pytest.raises(Conflict):
        make(db)
    with pytest.raises(Invalid):
        users.create_user(db, username="bob", password="short")
    with pytest.raises(Invalid):
        users.create_user(db, username="a b<script>", password="long-enough-1")


def test_reset_password_ends_sessions(db):
    created = make(db)
    ticket = sessions.begin_login(db, user_id=created.id, browser_id="b1")
    key, _ = sessions.complete_login(db, ticket=ticket, browser_id="b1")
    assert sessions.lookup(db, key)[0].username == "alice"
    users.reset_password(db, username="alice", password="new-password-1")
    assert users.authenticate(db, username="alice", password="new-password-1")
    assert sessions.lookup(db, key) is None


def test_unknown_user_gives_the_same_answer(db):
    with pytest.raises(Unauthorized) as err:
        users.authenticate(db, username="ghost", password="whatever")
    assert err.value.code == "bad_credentials"


def test_first_owner_only_once(db):
    users.create_first_owner(db, username="boss", password="boss-pass-1")
    with pytest.raises(Conflict):
        users.create_first_owner(db, username="boss2", password="boss-pass-2")


def test_staff_cannot_manage_users_and_last_owner_stays(db):
    owner = make(db)
    staff = users.create_user(db, username="bob", password="bob-pass-12", role="staff")
    with pytest.raises(Forbidden):
        users.update_user(db, user_id=owner.id, actor=staff, is_active=False)
    with pytest.raises(Conflict):
        users.update_user(db, user_id=owner.id, actor=owner, role="staff")
    users.update_user(db, user_id=staff.id, actor=owner, is_active=False)
    with pytest.raises(Unauthorized):
        users.authenticate(db, username="bob", password="bob-pass-12")


def test_api_tokens(db):
    owner = make(db)
    token = api_tokens.create_api_token(db, user_id=owner.id, name="scanner", actor="alice")
    assert token.startswith("wbt_")
    assert api_tokens.token_principal(db, token).username == "alice"
    assert api_tokens.token_principal(db, token + "x") is None
    assert api_tokens.token_principal(db, "Basic abc") is None
    [row] = api_tokens.list_api_tokens(db)
    assert row.prefix == token[:12] and row.username == "alice"
    with db.read() as session:
        assert token not in session.exec(select(ApiToken)).one().token_hash
    api_tokens.revoke_api_token(db, token_id=row.id, actor=owner)
    assert api_tokens.token_principal(db, token) is None
