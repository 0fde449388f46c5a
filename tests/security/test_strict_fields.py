"""Issue 13 item 9: money and quantities are strict integers in the JSON API. `"1"` and `true`
used to be coerced (true became a 1-fen top-up); now each is a 422 naming the field."""

import httpx
import pytest
from nicegui.testing import User

from waybill_ui import runtime
from waybill_ui.services.market import ledger
from waybill_ui.services.accounts import users
from tests.conftest import OWNER


async def owner_client(user: User) -> httpx.AsyncClient:
    users.create_user(runtime.get().db, username=OWNER[0], password=OWNER[1], role="owner")
    client: httpx.AsyncClient = user.http_client
    token = (await client.post("/api/v1/auth/token", json={"username": OWNER[0], "password": OWNER[1]})).json()["token"]
    client.headers["Authorization"] = f"Bearer {token}"
    return client


BAD = ["1", True, 1.5, "1e3", None, [1]]


async def test_topup_amount_must_be_an_integer(user: User):
    client = await owner_client(user)
    for bad in BAD:
        response = await client.post("/api/v1/balance/topups", json={"amount_fen": bad, "reference": "r"})
        assert response.status_code == 422, (bad, response.text)
        body = response.json()
        assert body["code"] == "invalid" and "amount_fen" in body["detail"], body
    assert ledger.balance(runtime.get().db) == 0
    ok = await client.post("/api/v1/balance/topups", json={"amount_fen": 12345, "reference": "r"})
    assert ok.status_code == 201 and ledger.balance(runtime.get().db) == 12345


@pytest.mark.parametrize(
    "path,method,body,field",
    [
        ("/api/v1/purchases", "post", {"package_id": "x", "quantity": "2"}, "quantity"),
        ("/api/v1/quotes", "post", {"province": "浙江省", "weight_g": "500"}, "weight_g"),
        (
            "/api/v1/contracts",
            "put",
            {"carrier": "ZTO", "zone": "local", "first_fen": True, "extra_fen_per_kg": 100},
            "first_fen",
        ),
        (
            "/api/v1/contracts",
            "put",
            {"carrier": "ZTO", "zone": "local", "first_fen": 500, "extra_fen_per_kg": "100"},
            "extra_fen_per_kg",
        ),
        ("/api/v1/labels.pdf", "post", {"shipment_ids": ["1", "2"]}, "shipment_ids"),
    ],
)
async def test_other_money_and_quantity_fields(user: User, path, method, body, field):
    client = await owner_client(user)
    response = await client.request(method.upper(), path, json=body)
    assert response.status_code == 422, response.text
    assert field in response.json()["detail"]
