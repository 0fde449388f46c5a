"""Issue 13 item 5 at the HTTP level: a change that rides on the session cookie must come from
the app's own origin, and an upload must name a page served to that very session. Bearer-token
calls and public endpoints are not affected. (The two-browser version is in
tests/browser/test_security_browser.py.)"""

import httpx
from nicegui import app
from nicegui.testing import User

from waybill_ui import runtime
from waybill_ui.services.market import ledger
from waybill_ui.services.accounts import users
from tests.helpers import eventually, login

FOREIGN = "http://test:9999"  # another port of the same host: same site, other origin
OWN = "http://test"
CSV = "订单编号,收货人姓名,联系手机,收货地址 ,订单状态\n1001,张三,13912345678,浙江省 杭州市 西湖区 文三路90号,买家已付款，等待卖家发货\n"


async def test_cookie_changes_need_our_origin(user: User):
    await login(user)
    client: httpx.AsyncClient = user.http_client
    body = {"amount_fen": 12345, "reference": "csrf"}
    for headers in ({"Origin": FOREIGN}, {}, {"Referer": FOREIGN + "/evil.html"}, {"Origin": "null"}):
        refused = await client.post("/api/v1/balance/topups", json=body, headers=headers)
        assert refused.status_code == 403 and refused.json()["code"] == "csrf", headers
    assert ledger.balance(runtime.get().db) == 0
    ok = await client.post("/api/v1/balance/topups", json=body, headers={"Origin": OWN})
    assert ok.status_code == 201
    by_referer = await client.post("/api/v1/balance/topups", json=body, headers={"Referer": OWN + "/market"})
    assert by_referer.status_code == 201
    assert ledger.balance(runtime.get().db) == 2 * 12345
    # reading needs no origin
    assert (await client.get("/api/v1/balance")).status_code == 200


async def test_bearer_calls_and_public_endpoints_are_not_affected(user: User):
    users.create_user(runtime.get().db, username="api", password="api-pass-123", role="owner")
    fresh = httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url=OWN)
    token = (
        await fresh.post(
            "/api/v1/auth/token", json={"username": "api", "password": "api-pass-123"}, headers={"Origin": FOREIGN}
        )
    ).json()["token"]
    response = await fresh.post(
        "/api/v1/balance/topups",
        json={"amount_fen": 100, "reference": "r"},
        headers={"Authorization": f"Bearer {token}", "Origin": FOREIGN},
    )
    assert response.status_code == 201
    await fresh.aclose()


async def test_uploads_need_our_origin_and_a_page_of_the_same_session(user: User, create_user):
    await login(user)
    await user.open("/orders")
    user.find(marker="orders-import").click()
    await user.should_see(marker="import-upload")
    with user:
        uploader = next(iter(user.find(marker="import-upload").elements))
        summary = next(iter(user.find(marker="import-summary").elements))
    url = uploader._props["url"]
    files = {"file": ("orders.csv", CSV.encode("utf-8"), "text/csv")}
    client: httpx.AsyncClient = user.http_client
    for headers in ({"Origin": FOREIGN}, {}):
        refused = await client.post(url, files=files, headers=headers)
        assert refused.status_code == 403, headers
    assert summary.text == ""  # the upload handler never ran
    # another logged-in session (staff's browser) cannot post into the owner's page
    other = create_user()
    await login(other, "staff1", "staff-pass-123", role="staff")
    stolen = await other.http_client.post(url, files=files, headers={"Origin": OWN})
    assert stolen.status_code == 403
    assert summary.text == ""
    ok = await client.post(url, files=files, headers={"Origin": OWN})
    assert ok.status_code == 200
    await eventually(lambda: summary.text != "", message="the same-origin upload was not handled")


async def test_a_dead_cookie_is_forgotten_but_never_over_a_fresh_login(user: User):
    """A login completed by a browser still holding an ended session's cookie gets the new one."""
    from waybill_ui.services.accounts import sessions

    await login(user)
    client: httpx.AsyncClient = user.http_client
    old_key = client.cookies.get(sessions.COOKIE)
    db = runtime.get().db
    owner = [u for u in users.list_users(db) if u.username == "owner"][0]
    sessions.end(db, session_id=sessions.lookup(db, old_key)[1], reason="logout", actor="t")
    ticket = sessions.begin_login(db, user_id=owner.id, browser_id=None)
    response = await client.get(f"/login/complete?ticket={ticket}", follow_redirects=False)
    assert response.status_code == 303
    headers = [h for h in response.headers.get_list("set-cookie") if h.startswith(sessions.COOKIE + "=")]
    assert len(headers) == 1 and "Max-Age=0" not in headers[0] and old_key not in headers[0]
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app), base_url=OWN, cookies={sessions.COOKIE: old_key}
    ) as stale:
        gone = await stale.get("/api/v1/balance")
    assert gone.status_code == 401
    assert any("Max-Age=0" in h or "expires=Thu, 01 Jan 1970" in h for h in gone.headers.get_list("set-cookie"))
