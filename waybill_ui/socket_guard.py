"""The websocket side of pages, bound to the login session that loaded them.

NiceGUI serves a page over HTTP (where AuthMiddleware checks the cookie) and then runs all its
buttons over one socket.io connection. Left alone, NiceGUI lets any socket join a page if it
knows the page's client id, and forwards an ``event`` naming a client id from *any* socket. Here,
in one place for every page:

* a socket may join (handshake) a page only if it carries the cookie of the very session the page
  was served to, from our own origin (pages served to nobody, i.e. login and setup, excepted);
* every message (event, JavaScript answer, ack, log) is dropped unless its socket joined that page;
* before every event the page's session must still be live: ended sessions are known at once in
  this process (the bus's ``SessionsEnded``, waybill_ui/events.py) and re-read from the database at most every second otherwise
  (another process may have ended it, e.g. the CLI ``reset-password``);
* pages of an ended session are sent to the login page and their sockets closed, and a sweep
  every few seconds does the same for sessions ended elsewhere or expired.
"""

from __future__ import annotations

import asyncio
import logging
import time
from http.cookies import SimpleCookie
from typing import Any, TypeGuard

from nicegui import Client, background_tasks, core, ui

from waybill_ui import runtime
from waybill_ui.services.accounts import sessions
from waybill_ui.events import Event, SessionsEnded

log = logging.getLogger(__name__)
RECHECK_S = 1.0
SWEEP_S = 5.0
_checked: dict[int, tuple[bool, float]] = {}  # session id -> (live, when read)
_dead: set[int] = set()


def session_of_client(client_id: str) -> int | None:
    """The login session a page (NiceGUI client) was served to, or None for a public page."""
    client = Client.instances.get(client_id)
    if client is None:
        return None
    return _session_of(client)


def _session_of(client: Client) -> int | None:
    try:
        return getattr(client.request.state, "session_id", None)
    except RuntimeError:  # a client built without a request (NiceGUI internals)
        return None


def _socket_session(environ: dict[str, Any]) -> int | None:
    cookie = SimpleCookie()
    try:
        cookie.load(environ.get("HTTP_COOKIE", ""))
    except Exception:  # a malformed header is no session
        return None
    morsel = cookie.get(sessions.COOKIE)
    rt = runtime.get_or_none()
    if morsel is None or rt is None:
        return None
    found = sessions.lookup(rt.db, morsel.value)
    return found[1] if found else None


def may_join(client: Client, environ: dict[str, Any]) -> bool:
    from waybill_ui.security import same_origin

    origin = environ.get("HTTP_ORIGIN")
    if origin and not same_origin(
        origin, None, environ.get("HTTP_HOST"), environ.get("HTTP_X_FORWARDED_PROTO") or "http"
    ):
        log.warning("websocket from a foreign origin %s refused", origin)
        return False
    wanted = _session_of(client)
    if wanted is None:
        return True  # login/setup pages belong to nobody yet
    if wanted in _dead:
        return False
    got = _socket_session(environ)
    if got != wanted:
        log.warning("websocket for a page of session %s refused (socket session %s)", wanted, got)
        return False
    return True


def is_live(session_id: int | None) -> bool:
    if session_id is None:
        return True
    if session_id in _dead:
        return False
    seen = _checked.get(session_id)
    now = time.monotonic()
    if seen is not None and now - seen[1] < RECHECK_S:
        return seen[0]
    rt = runtime.get_or_none()
    live = rt is not None and session_id in sessions.still_live(rt.db, [session_id])
    _checked[session_id] = (live, now)
    if not live:
        _dead.add(session_id)
    return live


def _drop(client: Client) -> None:
    """Send an open page of an ended session to the login page, then close its sockets.

    Closing (not deleting) leaves the page to NiceGUI's own clean-up after its reconnect timeout;
    a browser that tries to reconnect is refused at the handshake and reloads into /login."""
    if client.is_deleted:
        return
    try:
        with client:
            ui.navigate.to("/login")
    except Exception:  # the page may be half gone already
        pass

    async def close_sockets() -> None:
        await asyncio.sleep(0.5)  # let the navigation message go out first
        for sid in list(client._socket_to_document_id):  # pylint: disable=protected-access
            if not sid.startswith("test-"):  # NiceGUI's simulated user has no real socket
                await core.sio.disconnect(sid)

    background_tasks.create(close_sockets(), name="close sockets of an ended session")


def drop_sessions(session_ids: list[int]) -> None:
    """On the event loop: forget these sessions and drop their open pages."""
    ended = set(session_ids)
    _dead.update(ended)
    for sid in ended:
        _checked.pop(sid, None)
    for client in list(Client.instances.values()):
        if _session_of(client) in ended:
            _drop(client)


def _announced(session_ids: list[int]) -> None:
    loop = core.loop
    if loop is None or loop.is_closed():
        _dead.update(session_ids)
        return
    loop.call_soon_threadsafe(drop_sessions, session_ids)


def _joined(client: Client | None, sid: str) -> TypeGuard[Client]:
    return client is not None and sid in client._socket_to_document_id  # pylint: disable=protected-access


def _guard_messages(name: str, check_session: bool) -> None:
    handlers = core.sio.handlers.setdefault("/", {})
    original = handlers.get(name)
    if original is None or getattr(original, "_waybill_guarded", False):
        return

    def guarded(sid: str, msg: Any) -> Any:
        client = Client.instances.get(msg.get("client_id") or "") if isinstance(msg, dict) else None
        if not _joined(client, sid):
            return None  # a socket that did not join this page speaks for nobody
        if check_session and not is_live(_session_of(client)):
            _drop(client)
            return None
        return original(sid, msg)

    guarded._waybill_guarded = True  # type: ignore[attr-defined]
    core.sio.on(name, guarded)


def _guard_handshake() -> None:
    original = Client.accept_handshake
    if getattr(original, "_waybill_guarded", False):
        return

    def accept_handshake(self: Client, socket_id: str, tab_id: str, environ: dict[str, Any] | None) -> bool:
        # environ is None only for NiceGUI's in-process simulated user in tests (no real socket)
        if environ is not None and not may_join(self, environ):
            return False
        return original(self, socket_id, tab_id, environ)

    accept_handshake._waybill_guarded = True  # type: ignore[attr-defined]
    Client.accept_handshake = accept_handshake  # type: ignore[method-assign]


async def _sweep() -> None:
    while True:
        await asyncio.sleep(SWEEP_S)
        rt = runtime.get_or_none()
        if rt is None:
            continue
        open_pages = {sid for c in list(Client.instances.values()) if (sid := _session_of(c)) is not None}
        open_pages -= _dead
        if not open_pages:
            continue
        try:
            live = await asyncio.to_thread(sessions.still_live, rt.db, open_pages)
        except Exception:  # the database may be busy or gone; the per-event check still holds
            log.exception("session sweep failed")
            continue
        if open_pages - live:
            drop_sessions(list(open_pages - live))


def install() -> None:
    """Wire the guards into NiceGUI (idempotent: tests build the app many times)."""
    _guard_handshake()
    _guard_messages("event", check_session=True)
    for name in ("javascript_response", "ack", "log"):
        _guard_messages(name, check_session=False)


def _on_sessions_ended(event: Event) -> None:
    if isinstance(event, SessionsEnded):  # the only event on the "sessions" topic
        _announced(list(event.ids))


def start_sweep() -> None:
    """At app start: session ids of an earlier database mean nothing now; sessions ended in this
    process from now on are told through the runtime's bus."""
    _dead.clear()
    _checked.clear()
    rt = runtime.get_or_none()
    if rt is not None:
        rt.bus.subscribe("sessions", _on_sessions_ended)
    background_tasks.create(_sweep(), name="session sweep")
