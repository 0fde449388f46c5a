"""运费对账 through the JSON API as the owner: import with a mapping, lines, missing, summary,
dispute exports; staff are refused."""

import json

import httpx
from nicegui.testing import User

from tests.aftership.test_freight import MAY, ROWS, bill_csv, contract
from tests.api.test_labels import staff_token
from tests.tracking_factories import make_shipment
from waybill_ui import runtime
from waybill_ui.services.accounts import api_tokens, users


def owner_token() -> dict[str, str]:
    db = runtime.get().db
    users.create_user(db, username="boss", password="owner-pass-123", role="owner")
    boss = next(u for u in users.list_users(db) if u.username == "boss")
    return {"Authorization": f"Bearer {api_tokens.create_api_token(db, user_id=boss.id, name='books', actor='t')}"}


async def test_import_read_and_export_a_bill(user: User):
    client: httpx.AsyncClient = user.http_client
    db = runtime.get().db
    for i, weight in ((1, 1000), (2, 1000), (3, 1000), (4, 800)):
        make_shipment(db, number=f"YT100000000000{i}", shipped_at=MAY, weight_g=weight)
    contract(db)
    headers = owner_token()
    header = ("快递单号", "寄件日期", "到件省", "重量", "金额合计", "附加费")
    files = {"file": ("may.csv", bill_csv(ROWS, header), "text/csv")}
    refused = await client.post(
        "/api/v1/freight/bills", data={"carrier": "yto", "month": "2026-05"}, files=files, headers=headers
    )
    assert refused.status_code == 422 and refused.json()["code"] == "need_mapping"
    made = await client.post(
        "/api/v1/freight/bills",
        files=files,
        headers=headers,
        data={
            "carrier": "yto",
            "month": "2026-05",
            "mapping": json.dumps({"number": "快递单号", "fee": "金额合计", "weight": "重量", "surcharge": "附加费"}),
        },
    )
    assert made.status_code == 201, made.text
    bill = made.json()
    assert bill["carrier"] == "YTO" and bill["lines"] == 5 and bill["overcharge_fen"] == 500 and bill["missing"] == 1
    lines = (
        await client.get(f"/api/v1/freight/bills/{bill['id']}/lines?issue=disputed&size=2", headers=headers)
    ).json()
    assert lines["total"] == 4 and [ln["issue"] for ln in lines["items"]] == ["overcharge", "weight"]
    missing = (await client.get(f"/api/v1/freight/bills/{bill['id']}/missing", headers=headers)).json()
    assert [m["number"] for m in missing["items"]] == ["YT1000000000004"]
    summary = (await client.get("/api/v1/freight/summary", headers=headers)).json()
    assert summary[0]["overcharge_fen"] == 500 and summary[0]["lines"] == 5
    listed = (await client.get("/api/v1/freight/bills", headers=headers)).json()
    assert listed["total"] == 1
    csv_file = await client.get(f"/api/v1/freight/bills/{bill['id']}/disputes.csv", headers=headers)
    assert csv_file.status_code == 200 and "重量争议" in csv_file.content.decode("utf-8-sig")
    xlsx = await client.get(f"/api/v1/freight/bills/{bill['id']}/disputes.xlsx", headers=headers)
    assert xlsx.content[:2] == b"PK"
    assert (await client.get(f"/api/v1/freight/bills/{bill['id']}/disputes.pdf", headers=headers)).status_code == 422
    assert (await client.get("/api/v1/freight/bills/999/lines", headers=headers)).status_code == 404
    staff = await client.get("/api/v1/freight/bills", headers=staff_token())
    assert staff.status_code == 403
