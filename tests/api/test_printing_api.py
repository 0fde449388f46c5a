"""Printers and print jobs through the API: owner manages printers, anyone prints to one; the job
runs to a fake network printer and is idempotent by Idempotency-Key."""

import asyncio

from nicegui.testing import User

from tests.api.test_ewaybill_api import headers_for
from tests.label_rows import make_shipments, number_for
from tests.printing.fake_printer import FakePrinter
from waybill_ui import runtime


async def wait_for(client, job_id, headers, status="printed"):
    for _ in range(200):  # the job runs in its own thread; poll its row like a script would
        job = (await client.get(f"/api/v1/print-jobs/{job_id}", headers=headers)).json()
        if job["status"] == status:
            return job
        await asyncio.sleep(0.05)
    raise AssertionError(job)


async def test_printers_and_a_print_job_through_the_api(user: User):
    client, owner, staff = user.http_client, headers_for("owner"), headers_for("staff")
    fake = FakePrinter("tspl", drop_after=3)
    try:
        body = {
            "name": "打包台1",
            "kind": "network",
            "language": "tspl",
            "host": "127.0.0.1",
            "port": fake.port,
            "is_default": True,
        }
        assert (await client.post("/api/v1/printers", json=body, headers=staff)).status_code == 403
        created = await client.post("/api/v1/printers", json=body, headers=owner)
        assert created.status_code == 201, created.text
        printer = created.json()
        bad = await client.post("/api/v1/printers", json={**body, "name": "x", "host": "not a host!"}, headers=owner)
        assert bad.status_code == 422 and "IP 地址" in bad.json()["detail"]
        assert (await client.post("/api/v1/printers", json=body, headers=owner)).status_code == 409

        mine = await client.put(
            "/api/v1/printers/default", json={"size": "76x130", "printer_id": printer["id"]}, headers=staff
        )
        assert mine.status_code == 204
        listed = (await client.get("/api/v1/printers", headers=staff)).json()
        assert [p["mine"] for p in listed] == [True]

        ids = make_shipments(runtime.get().db, 6)
        key = {**staff, "Idempotency-Key": "print-1"}
        made = await client.post("/api/v1/print-jobs", json={"shipment_ids": ids}, headers=key)
        assert made.status_code == 202, made.text
        job = await wait_for(client, made.json()["id"], staff, "failed")  # the printer goes away after 3
        assert job["confirmed"] == 3 and "重试" in job["error"]
        assert job["label_errors"][0]["number"] == number_for("ZTO", 4)
        same = await client.post("/api/v1/print-jobs", json={"shipment_ids": ids}, headers=key)
        assert same.json()["id"] == job["id"]  # same key: the same job, nothing counted again
        retried = await client.post(f"/api/v1/print-jobs/{job['id']}/retry", headers=staff)
        assert retried.status_code == 202
        done = await wait_for(client, job["id"], staff)
        assert done["confirmed"] == 6
        assert [label.barcodes()[0] for label in fake.labels] == [number_for("ZTO", i) for i in range(1, 7)]
        again = await client.post(f"/api/v1/print-jobs/{job['id']}/retry", headers=staff)
        assert again.status_code == 409  # printed: nothing is sent twice

        page = (await client.get("/api/v1/print-jobs?status=printed", headers=owner)).json()
        assert page["total"] == 1 and page["items"][0]["created_by"] == "api-staff"
        assert (await client.get("/api/v1/print-jobs", headers=staff)).json()["total"] == 1
        assert (await client.delete(f"/api/v1/printers/{printer['id']}", headers=owner)).status_code == 409
        tested = await client.post(f"/api/v1/printers/{printer['id']}/test", headers=owner)
        assert tested.status_code == 200 and fake.labels[-1].barcodes() == ["773000000000000"]
    finally:
        fake.close()


async def test_printing_without_a_printer_says_what_to_do(user: User):
    client, staff = user.http_client, headers_for("staff")
    ids = make_shipments(runtime.get().db, 1)
    response = await client.post("/api/v1/print-jobs", json={"shipment_ids": ids}, headers=staff)
    assert response.status_code == 422 and "设置 → 打印机" in response.json()["detail"]
    assert (await client.get("/api/v1/print-jobs/999", headers=staff)).status_code == 404


async def test_the_component_template_is_public_and_names_the_label_fields(user: User):
    response = await user.http_client.get("/api/v1/print-template/76x130")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/xml")
    assert '<field name="number"/>' in response.text and '<field name="receiver"/>' in response.text
