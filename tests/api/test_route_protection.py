"""Every route the app serves refuses anonymous callers — enumerated from the app's own route
table, so a route added later is covered without touching this test."""

import re

import httpx
from fastapi.routing import APIRoute
from nicegui import app
from nicegui.testing import User
from starlette.routing import Mount, Route

from waybill_ui import runtime
from waybill_ui.security import is_public
from waybill_ui.services.accounts import api_tokens, users

ALLOWED_PUBLIC = {
    "/login",
    "/login/complete",
    "/setup",
    "/healthz",
    "/api/v1/auth/token",
    "/favicon.ico",
    # tracking providers' callbacks: they cannot log in; each checks its signature
    "/api/v1/tracking/push/kuaidi100",
    "/api/v1/tracking/push/kdniao",
    # the print components' label template: field names only, no shop data
    "/api/v1/print-template/76x130",
}


def _flatten(routes) -> list[tuple[str, set[str]]]:
    """(path, methods) of every route, expanding routers FastAPI keeps as one lazy entry."""
    out = []
    for route in routes:
        if hasattr(route, "effective_candidates"):  # fastapi's _IncludedRouter
            for candidate in route.effective_candidates():
                if hasattr(candidate, "effective_candidates"):
                    out += _flatten([candidate])
                else:
                    out.append((candidate.path, set(getattr(candidate.original_route, "methods", None) or {"GET"})))
        elif isinstance(route, Route) and not isinstance(route, Mount):
            out.append((route.path, set(route.methods or {"GET"})))
    return out


def enumerate_routes() -> list[tuple[str, str]]:
    found = []
    for raw_path, methods in _flatten(app.routes):
        path = re.sub(r"\{[^}:]+(:[^}]+)?\}", "1", raw_path)
        for method in sorted(methods - {"HEAD", "OPTIONS"}):
            found.append((method, path))
    return found


async def test_every_route_needs_a_login(user: User):
    routes = enumerate_routes()
    assert ("GET", "/api/v1/carriers") in routes and ("GET", "/market") in routes
    client: httpx.AsyncClient = user.http_client
    checked = 0
    for method, path in routes:
        if is_public(path):
            # Only the documented public entry points, framework assets and the sandbox (own key).
            assert path in ALLOWED_PUBLIC or path.startswith(("/_nicegui/", "/static/", "/sandbox/")), path
            continue
        response = await client.request(method, path, follow_redirects=False)
        if path.startswith(("/api/", "/openapi", "/docs", "/redoc")) or method != "GET":
            assert response.status_code == 401, (method, path, response.status_code)
            assert response.json()["code"] == "unauthorized"
        else:
            assert response.status_code in (302, 303, 307), (method, path, response.status_code)
            assert response.headers["location"].endswith("/login")
        checked += 1
    assert checked >= 10


async def test_sandbox_routes_need_their_own_key(user: User):
    client: httpx.AsyncClient = user.http_client
    for method, path in enumerate_routes():
        if not path.startswith("/sandbox/"):
            continue
        response = await client.request(method, path, json={}, headers={"X-Sandbox-Key": "wrong"})
        if path.endswith("/poll/query.do"):
            assert response.json()["returnCode"] in ("400", "503")  # Kuaidi100-style refusal
        elif path.endswith("/poll"):
            assert response.json()["returnCode"] == "600"  # Kuaidi100's subscription: not a subscriber
        elif path.endswith(("/EbusinessOrderHandle.aspx", "/EOrderService")):
            assert response.json()["Success"] is False  # Kdniao-style refusal (bad DataSign)
        elif path.endswith("/label/order"):
            assert response.json()["code"] in (30002, 30003)  # Kuaidi100 label: bad key / sign
        else:
            assert response.status_code == 401, (method, path)


async def test_healthz_and_token_endpoint(user: User):
    client: httpx.AsyncClient = user.http_client
    assert (await client.get("/healthz")).json() == {"status": "ok", "database": "ok", "scheduler": "off"}
    users.create_user(runtime.get().db, username="api", password="api-pass-123", role="staff")
    bad = await client.post("/api/v1/auth/token", json={"username": "api", "password": "nope-nope"})
    assert bad.status_code == 401 and bad.json()["code"] == "bad_credentials" and bad.json()["detail"]
    good = await client.post("/api/v1/auth/token", json={"username": "api", "password": "api-pass-123"})
    token = good.json()["token"]
    fresh = httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://test")
    carriers = await fresh.get("/api/v1/carriers", headers={"Authorization": f"Bearer {token}"})
    assert carriers.status_code == 200 and isinstance(carriers.json(), list)
    assert (await fresh.get("/openapi.json", headers={"Authorization": f"Bearer {token}"})).status_code == 200
    assert (await fresh.get("/api/v1/carriers", headers={"Authorization": "Bearer wbt_forged"})).status_code == 401
    await fresh.aclose()


async def test_wrong_passwords_through_the_api_wait_with_429(user: User):
    client: httpx.AsyncClient = user.http_client
    users.create_user(runtime.get().db, username="api", password="api-pass-123", role="staff")
    codes = [
        (await client.post("/api/v1/auth/token", json={"username": "api", "password": "x" * 8})).status_code
        for _ in range(5)
    ]
    assert codes == [401, 401, 401, 429, 429]
    right = await client.post("/api/v1/auth/token", json={"username": "api", "password": "api-pass-123"})
    assert right.status_code == 429 and right.json()["code"] == "locked"


async def test_error_shape_for_bad_input(user: User):
    client: httpx.AsyncClient = user.http_client
    response = await client.post("/api/v1/auth/token", json={"username": ""})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid" and "password" in body["detail"]


def _needs_owner(dependant) -> bool:
    from waybill_ui.api.deps import get_owner

    return any(d.call is get_owner or _needs_owner(d) for d in dependant.dependencies)


def owner_routes() -> list[tuple[str, str]]:
    found = []
    for route in app.routes:
        candidates = route.effective_candidates() if hasattr(route, "effective_candidates") else [route]
        for candidate in candidates:
            original = getattr(candidate, "original_route", candidate)
            if isinstance(original, APIRoute) and _needs_owner(original.dependant):
                path = re.sub(r"\{[^}:]+(:[^}]+)?\}", "1", getattr(candidate, "path", original.path))
                found += [(m, path) for m in sorted(original.methods - {"HEAD", "OPTIONS"})]
    return found


async def test_staff_gets_403_on_every_owner_route(user: User):
    routes = owner_routes()
    # buying, top-ups, refunds, user management and settings are all owner-only
    assert ("POST", "/api/v1/purchases") in routes and ("POST", "/api/v1/balance/topups") in routes
    assert ("POST", "/api/v1/waybills/refund") in routes
    users.create_user(runtime.get().db, username="packer", password="packer-pass-1", role="staff")
    token = api_tokens.create_api_token(
        runtime.get().db,
        user_id=users.authenticate(runtime.get().db, username="packer", password="packer-pass-1").id,
        name="t",
        actor="t",
    )
    client = httpx.AsyncClient(
        transport=httpx.ASGITransport(app), base_url="http://test", headers={"Authorization": f"Bearer {token}"}
    )
    for method, path in routes:
        response = await client.request(method, path, json={})
        assert response.status_code == 403, (method, path, response.status_code, response.text[:200])
        assert response.json()["code"] == "forbidden"
    await client.aclose()
