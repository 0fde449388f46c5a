"""The socket side of pages without a browser (the Chromium versions are in
tests/browser/test_security_browser.py): frames from a socket that did not join the page are
dropped, and a page's events stop the moment its session ends (items 1 and 3)."""

import asyncio

from nicegui import Client, core
from nicegui.testing import User

from waybill_ui import runtime
from waybill_ui.services.market import ledger
from waybill_ui.services.accounts import sessions
from waybill_ui.socket_guard import may_join
from tests.helpers import eventually, login


def marked(client: Client, marker: str):
    return next(e for e in client.elements.values() if marker in e._markers)


async def open_balance_page(user: User) -> Client:
    await login(user)
    await user.open("/market/balance")
    await user.should_see(marker="topup-submit")
    client = user.client
    marked(client, "topup-amount").value = 12.34
    marked(client, "topup-reference").value = "socket-test"
    return client


def click_frame(client: Client) -> dict:
    submit = marked(client, "topup-submit")
    return {"id": submit.id, "client_id": client.id, "listener_id": next(iter(submit._event_listeners)), "args": []}


async def test_frames_from_a_socket_that_did_not_join_the_page_are_dropped(user: User):
    client = await open_balance_page(user)
    handler = core.sio.handlers["/"]["event"]
    handler("an-attackers-socket", click_frame(client))
    await asyncio.sleep(0.5)
    assert ledger.balance(runtime.get().db) == 0
    own_socket = next(iter(client._socket_to_document_id))
    handler(own_socket, click_frame(client))  # the page's own socket: the click goes through
    await eventually(lambda: ledger.balance(runtime.get().db) == 1234)


async def test_events_stop_when_the_session_ends_elsewhere(user: User):
    client = await open_balance_page(user)
    db = runtime.get().db
    session_id = client.request.state.session_id
    # ended in the database only, as the console or another app process does (no announcement)
    with db.write() as session:
        from waybill_ui.db.models import UserSession
        from waybill_ui.clock import utcnow

        row = session.get(UserSession, session_id)
        row.ended_at, row.end_reason = utcnow(), "password_reset"
        session.add(row)
    await asyncio.sleep(1.1)  # the per-event check trusts a reading for at most a second
    core.sio.handlers["/"]["event"](next(iter(client._socket_to_document_id)), click_frame(client))
    await asyncio.sleep(0.5)
    assert ledger.balance(db) == 0


async def test_a_socket_joins_only_with_the_pages_session_cookie(user: User):
    client = await open_balance_page(user)
    key = user.http_client.cookies.get(sessions.COOKIE)
    host = {"HTTP_HOST": "test"}
    assert may_join(client, {**host, "HTTP_COOKIE": f"{sessions.COOKIE}={key}", "HTTP_ORIGIN": "http://test"})
    assert not may_join(client, host)  # no cookie
    assert not may_join(client, {**host, "HTTP_COOKIE": f"{sessions.COOKIE}=forged"})
    assert not may_join(client, {**host, "HTTP_COOKIE": f"{sessions.COOKIE}={key}", "HTTP_ORIGIN": "http://test:9999"})
    sessions.end(runtime.get().db, session_id=client.request.state.session_id, reason="logout", actor="t")
    await asyncio.sleep(0.1)
    assert not may_join(client, {**host, "HTTP_COOKIE": f"{sessions.COOKIE}={key}", "HTTP_ORIGIN": "http://test"})
