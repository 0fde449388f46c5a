"""An address under /api/ that names no route answers in the API's error shape (JSON with
detail and code), not with the web pages' HTML 404; pages keep their own 404 page."""

from nicegui.testing import User

from tests.api.test_shop_sender import token


async def test_an_unknown_api_address_gets_a_json_404(user: User):
    client = user.http_client
    owner = await token(user, "owner")
    for method, path in (
        ("GET", "/api/v1/nothing"),
        ("POST", "/api/v1/orders/import/extra"),
        ("GET", "/api/v2/orders"),
    ):
        answer = await client.request(method, path, headers=owner)
        assert answer.status_code == 404, (method, path)
        assert answer.headers["content-type"].startswith("application/json")
        body = answer.json()
        assert body["code"] == "not_found" and f"{method} {path}" in body["detail"] and "接口" in body["detail"]
    english = await client.get("/api/v1/nothing", headers={**owner, "Accept-Language": "en-US"})
    assert english.json()["detail"].startswith("No such API address: GET /api/v1/nothing")


async def test_a_routes_own_not_found_and_the_pages_404_are_unchanged(user: User):
    client = user.http_client
    owner = await token(user, "owner")
    own = await client.get("/api/v1/shipments/999999", headers=owner)
    assert own.status_code == 404 and own.json()["code"] == "not_found" and "999999" in own.json()["detail"]
    page = await client.get("/no-such-page", headers=owner)
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
