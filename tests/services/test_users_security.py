"""Issue 13 at the service level: DB sessions (rotation, ending), token expiry and ending,
login throttling per (address, username)."""

from datetime import timedelta

import pytest
from sqlmodel import select

from waybill_ui import events
from waybill_ui.db.models import AuditLog, UserSession
from waybill_ui.clock import utcnow
from waybill_ui.services.accounts import login_throttle
from waybill_ui.services.accounts import sessions
from waybill_ui.services.accounts import api_tokens, users
from waybill_ui.services.common.errors import Locked, Unauthorized

PW = "correct-horse"


def make(db, name="alice", role="owner"):
    return users.create_user(db, username=name, password=PW, role=role)


def login(db, user_id, browser="b1"):
    return sessions.complete_login(
        db, ticket=sessions.begin_login(db, user_id=user_id, browser_id=browser), browser_id=browser
    )


# --- sessions (items 1 and 4) -------------------------------------------------------------


def test_every_login_gets_a_new_key_and_only_the_hash_is_stored(db):
    alice = make(db)
    key1, id1 = login(db, alice.id)
    key2, id2 = login(db, alice.id)
    assert key1 != key2 and id1 != id2
    with db.read() as session:
        stored = {row.key_hash for row in session.exec(select(UserSession))}
    assert key1 not in stored and sessions.digest(key1) in stored


def test_ticket_is_one_time_short_lived_and_bound_to_the_browser(db):
    alice = make(db)
    now = utcnow()
    ticket = sessions.begin_login(db, user_id=alice.id, browser_id="b1", now=now)
    assert sessions.complete_login(db, ticket=ticket, browser_id="attacker", now=now) is None
    assert sessions.complete_login(db, ticket=ticket, browser_id="b1", now=now) is None  # burnt by the try
    late = sessions.begin_login(db, user_id=alice.id, browser_id="b1", now=now)
    assert sessions.complete_login(db, ticket=late, browser_id="b1", now=now + timedelta(seconds=61)) is None
    good = sessions.begin_login(db, user_id=alice.id, browser_id="b1", now=now)
    assert sessions.complete_login(db, ticket=good, browser_id="b1", now=now) is not None
    assert sessions.complete_login(db, ticket=good, browser_id="b1", now=now) is None  # used


def test_a_planted_key_never_authenticates(db):
    alice = make(db)
    planted = "attacker-chosen-value"
    login(db, alice.id)
    assert sessions.lookup(db, planted) is None


@pytest.mark.parametrize("how", ["reset", "change", "demote", "deactivate", "promote"])
def test_sessions_and_tokens_end_with_every_privilege_or_password_change(db, how, published):
    owner = make(db, "boss")
    staff = make(db, "bob", role="owner" if how == "demote" else "staff")
    key, sid = login(db, staff.id)
    token = api_tokens.create_api_token(db, user_id=staff.id, name="t", actor="bob")
    if how == "reset":
        users.reset_password(db, username="bob", password="another-pass-1")
    elif how == "change":
        users.change_password(db, user_id=staff.id, old_password=PW, new_password="another-pass-1")
    elif how == "demote":
        users.update_user(db, user_id=staff.id, actor=owner, role="staff")
    elif how == "promote":
        users.update_user(db, user_id=staff.id, actor=owner, role="owner")
    else:
        users.update_user(db, user_id=staff.id, actor=owner, is_active=False)
    announced = [i for e in published if isinstance(e, events.SessionsEnded) for i in e.ids]
    assert sessions.lookup(db, key) is None
    assert sessions.still_live(db, [sid]) == set()
    assert api_tokens.token_principal(db, token) is None
    assert sid in announced


def test_change_password_needs_the_current_one(db):
    alice = make(db)
    key, _ = login(db, alice.id)
    with pytest.raises(Unauthorized):
        users.change_password(db, user_id=alice.id, old_password="wrong-one", new_password="another-pass-1")
    assert sessions.lookup(db, key) is not None


def test_session_expires(db):
    alice = make(db)
    now = utcnow()
    key, sid = sessions.complete_login(
        db,
        ticket=sessions.begin_login(db, user_id=alice.id, browser_id=None, now=now),
        browser_id=None,
        hours=2,
        now=now,
    )
    assert sessions.lookup(db, key, now=now + timedelta(hours=1)) is not None
    assert sessions.lookup(db, key, now=now + timedelta(hours=2, seconds=1)) is None
    assert sessions.still_live(db, [sid], now=now + timedelta(hours=3)) == set()


# --- API tokens (item 2) --------------------------------------------------------------------


def test_tokens_expire(db):
    alice = make(db)
    now = utcnow()
    token = api_tokens.create_api_token(db, user_id=alice.id, name="scanner", actor="alice", valid_days=30, now=now)
    assert api_tokens.token_principal(db, token, now=now + timedelta(days=29)) is not None
    assert api_tokens.token_principal(db, token, now=now + timedelta(days=30, seconds=1)) is None
    assert api_tokens.list_api_tokens(db, now=now + timedelta(days=31)) == []


def test_staff_lists_and_revokes_only_their_own_tokens(db):
    from waybill_ui.services.common.errors import Forbidden

    owner = make(db, "boss")
    staff = make(db, "bob", role="staff")
    mine = api_tokens.create_api_token(db, user_id=staff.id, name="mine", actor="bob")
    api_tokens.create_api_token(db, user_id=owner.id, name="boss's", actor="boss")
    assert [r.name for r in api_tokens.list_api_tokens(db, user_id=staff.id)] == ["mine"]
    assert {r.username for r in api_tokens.list_api_tokens(db)} == {"boss", "bob"}
    boss_row = [r for r in api_tokens.list_api_tokens(db) if r.username == "boss"][0]
    with pytest.raises(Forbidden):
        api_tokens.revoke_api_token(db, token_id=boss_row.id, actor=staff)
    own_row = api_tokens.list_api_tokens(db, user_id=staff.id)[0]
    api_tokens.revoke_api_token(db, token_id=own_row.id, actor=staff)
    assert api_tokens.token_principal(db, mine) is None


# --- throttling (item 6) --------------------------------------------------------------------


def test_waits_grow_and_bind_only_that_address_and_name(db):
    make(db)
    now = utcnow()
    for _ in range(3):
        with pytest.raises(Unauthorized):
            users.authenticate(db, username="alice", password="nope", address="10.0.0.66", now=now)
    with pytest.raises(Locked) as err:  # even the right password waits, from that address
        users.authenticate(db, username="alice", password=PW, address="10.0.0.66", now=now)
    assert err.value.status == 429 and err.value.params["seconds"] == 5
    # the owner at their own machine is not slowed down
    assert users.authenticate(db, username="alice", password=PW, address="10.0.0.2", now=now).username == "alice"
    # waits double: 5, 10, 20 … capped at 15 minutes
    waits = []
    t = now
    for _ in range(12):
        t += timedelta(minutes=16)
        with pytest.raises(Unauthorized):
            users.authenticate(db, username="alice", password="nope", address="10.0.0.66", now=t)
        with db.read() as session:
            waits.append(login_throttle.seconds_to_wait(session, address="10.0.0.66", username="alice", now=t))
    assert waits[:4] == [10, 20, 40, 80] and waits[-1] == 900 and waits == sorted(waits)
    # after the wait, the right password works and forgets the failures
    t += timedelta(minutes=16)
    assert users.authenticate(db, username="alice", password=PW, address="10.0.0.66", now=t)
    assert login_throttle.list_blocked(db, now=t) == []
    with db.read() as session:
        assert session.exec(select(AuditLog).where(AuditLog.action == "throttle")).first() is not None


def test_unknown_name_and_wrong_password_look_the_same(db):
    make(db)
    now = utcnow()
    answers = []
    for name in ("alice", "ghost"):
        seen = []
        for _ in range(4):
            with pytest.raises((Unauthorized, Locked)) as err:
                users.authenticate(db, username=name, password="nope", address="10.0.0.9", now=now)
            seen.append((type(err.value).__name__, err.value.code, err.value.message("zh"), err.value.status))
        answers.append(seen)
    assert answers[0] == answers[1]
    assert "ghost" not in answers[1][0][2] and "alice" not in answers[0][0][2]


def test_owner_clears_a_wait_and_reset_password_does_too(db):
    owner = make(db, "boss")
    make(db, "bob", role="staff")
    now = utcnow()

    def hammer():
        for _ in range(3):
            with pytest.raises(Unauthorized):
                users.authenticate(db, username="bob", password="nope", address="10.0.0.66", now=now)

    hammer()
    assert [b.username for b in login_throttle.list_blocked(db, now=now)] == ["bob"]
    users.clear_login_wait(db, username="bob", actor=owner)
    assert users.authenticate(db, username="bob", password=PW, address="10.0.0.66", now=now)
    hammer()
    users.reset_password(db, username="bob", password="new-pass-123")
    assert users.authenticate(db, username="bob", password="new-pass-123", address="10.0.0.66", now=now)
