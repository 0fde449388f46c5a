"""GET/POST /api/v1/labels.pdf as a staff account with a token, against the embedded network
(routing codes come from it)."""

import httpx
from nicegui.testing import User
from sqlmodel import select

from waybill_ui import runtime
from waybill_ui.db.models import Shipment
from waybill_ui.services.printing import labels
from waybill_ui.services.accounts import api_tokens, users
from tests.label_rows import make_shipments, number_for
from tests.pdf_tools import barcodes, page_sizes_mm, page_text


def staff_token() -> dict[str, str]:
    db = runtime.get().db
    users.create_user(db, username="packer", password="packer-pass-123", role="staff")
    packer = next(u for u in users.list_users(db) if u.username == "packer")
    return {"Authorization": f"Bearer {api_tokens.create_api_token(db, user_id=packer.id, name='scanner', actor='t')}"}


async def test_staff_prints_labels_with_routing_codes_from_the_network(user: User):
    client: httpx.AsyncClient = user.http_client
    headers = staff_token()
    ids = make_shipments(runtime.get().db, 3, start=10)
    response = await client.get(f"/api/v1/labels.pdf?shipment_ids={ids[2]},{ids[0]},{ids[1]}", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline;")
    assert response.headers["x-label-count"] == "3" and response.headers["x-label-reprints"] == "0"
    assert page_sizes_mm(response.content) == [(76.0, 130.0)] * 3
    assert number_for("ZTO", 12) in page_text(response.content, 0).text
    assert barcodes(response.content, 1) == [("CODE128", number_for("ZTO", 10))]
    with runtime.get().db.read() as session:
        rows = session.exec(select(Shipment).where(Shipment.id.in_(ids))).all()
    assert all(r.route_code and r.sort_name and r.printed_count == 1 for r in rows)  # 三段码 stored
    assert rows[0].route_code in page_text(response.content, 1).text

    again = await client.get(f"/api/v1/labels.pdf?shipment_ids={ids[0]}&size=100x180&download=true", headers=headers)
    assert again.status_code == 200 and again.headers["x-label-reprints"] == "1"
    assert again.headers["content-disposition"].startswith("attachment;")
    assert page_sizes_mm(again.content) == [(100.0, 180.0)]
    assert "补打" in page_text(again.content).text


async def test_post_for_long_lists(user: User):
    client: httpx.AsyncClient = user.http_client
    headers = staff_token()
    ids = make_shipments(runtime.get().db, 40)
    response = await client.post("/api/v1/labels.pdf", json={"shipment_ids": ids, "mask_phone": True}, headers=headers)
    assert response.status_code == 200 and len(page_sizes_mm(response.content)) == 40
    assert "138****8000" in page_text(response.content, 39).text
    # sent from its file in chunks, no byte ranges (a ranged re-fetch of this URL would print again),
    # and the file is removed once sent (nothing piles up in the data folder)
    assert int(response.headers["content-length"]) == len(response.content)
    assert "accept-ranges" not in response.headers
    assert not list(labels.files_folder(runtime.get().settings.data_dir).glob("*.p*"))


async def test_clear_errors(user: User):
    client: httpx.AsyncClient = user.http_client
    headers = staff_token()
    [sid] = make_shipments(runtime.get().db, 1)
    unknown = await client.get(f"/api/v1/labels.pdf?shipment_ids={sid},424242", headers=headers)
    assert unknown.status_code == 404 and unknown.json()["code"] == "not_found"
    assert "424242" in unknown.json()["detail"]
    too_many = await client.post(
        "/api/v1/labels.pdf", json={"shipment_ids": list(range(1, labels.MAX_LABELS + 2))}, headers=headers
    )
    assert too_many.status_code == 422 and too_many.json()["code"] == "too_many_labels"
    assert str(labels.MAX_LABELS) in too_many.json()["detail"]
    bad = await client.get("/api/v1/labels.pdf?shipment_ids=1,x", headers=headers)
    assert bad.status_code == 422 and "x" in bad.json()["detail"]
    size = await client.get(f"/api/v1/labels.pdf?shipment_ids={sid}&size=A4", headers=headers)
    assert size.status_code == 422 and "76x130" in size.json()["detail"]
    missing = await client.get("/api/v1/labels.pdf", headers=headers)
    assert missing.status_code == 422 and "shipment_ids" in missing.json()["detail"]
    with runtime.get().db.read() as session:
        assert session.get(Shipment, sid).printed_count == 0  # nothing was counted
    english = await client.get("/api/v1/labels.pdf?shipment_ids=999", headers={**headers, "Accept-Language": "en"})
    assert "do not exist" in english.json()["detail"]


async def test_unprinted_list_and_files(user: User):
    client: httpx.AsyncClient = user.http_client
    headers = staff_token()
    a, b = make_shipments(runtime.get().db, 2)
    await client.get(f"/api/v1/labels.pdf?shipment_ids={a}", headers=headers)
    body = (await client.get("/api/v1/labels/unprinted", headers=headers)).json()
    assert body == {"ids": [b], "total": 1}
    gone = await client.get(f"/api/v1/labels/files/{'0' * 32}.pdf", headers=headers)
    assert gone.status_code == 404 and gone.json()["code"] == "not_found"
