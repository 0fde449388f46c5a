"""Reports through the JSON API, as a staff member's script: the known January figures in JSON,
CSV and XLSX; bad periods and sections answer 422 with what to fix; no token, no report."""

import io

import openpyxl
from nicegui.testing import User

from waybill_ui import runtime
from waybill_ui.services.accounts import api_tokens, users
from tests.report_data import january

JAN = "start=2026-01-01&end=2026-01-31"


def staff_headers() -> dict:
    db = runtime.get().db
    principal = users.create_user(db, username="packer", password="packer-pass-1", role="staff")
    return {"Authorization": f"Bearer {api_tokens.create_api_token(db, user_id=principal.id, name='t', actor='t')}"}


async def test_report_json_csv_and_xlsx(user: User):
    january(runtime.get().db)
    client, headers = user.http_client, staff_headers()
    carriers = (await client.get(f"/api/v1/reports/carriers?{JAN}", headers=headers)).json()
    assert carriers["period"] == {"start": "2026-01-01", "end": "2026-01-31"}
    zto = next(r for r in carriers["rows"] if r["code"] == "ZTO")
    assert (zto["spend_fen"], zto["cost_per_delivered_fen"], zto["late"]) == (500, 167, 1)
    assert carriers["findings"][0].startswith("每件签收最便宜的是 中通快递")
    same = (await client.get("/api/v1/reports/carriers?since=2026-01-01&until=2026-01-31", headers=headers)).json()
    assert same["rows"] == carriers["rows"]
    pool = (await client.get(f"/api/v1/reports/pool?{JAN}", headers=headers)).json()
    assert pool["total"]["waste_fen"] == 600

    csv_response = await client.get(f"/api/v1/reports/provinces.csv?{JAN}", headers=headers)
    assert csv_response.status_code == 200 and "attachment" in csv_response.headers["content-disposition"]
    assert "浙江省,2,2,2.0,0.0" in csv_response.content.decode("utf-8-sig")
    xlsx = await client.get(f"/api/v1/reports.xlsx?{JAN}", headers=headers)
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert wb["单号库存"]["B1"].value == "购买"

    figures = (await client.get("/api/v1/dashboard", headers=headers)).json()
    assert figures["empty"] is False and figures["alerts_open"] == 1


async def test_bad_requests(user: User):
    client, headers = user.http_client, staff_headers()
    backwards = await client.get("/api/v1/reports/carriers?start=2026-02-01&end=2026-01-01", headers=headers)
    assert backwards.status_code == 422 and "早于" in backwards.json()["detail"]
    unknown = await client.get("/api/v1/reports/weather", headers=headers)
    assert unknown.status_code == 422 and unknown.json()["code"] == "invalid"
    assert (await client.get("/api/v1/reports/carriers?period=someday", headers=headers)).status_code == 422
    assert (await client.get("/api/v1/reports/carriers")).status_code == 401
    empty = (await client.get("/api/v1/reports/alerts?period=last_7", headers=headers)).json()
    assert empty["rows"] == [] and empty["total"] is None
