"""Print components: the frames we build, the results we record, against a fake component
(WebSocket) that answers getPrinters / print / notifyPrintResult."""

from __future__ import annotations

import json

import pytest
from websockets.sync.client import connect

from tests.label_rows import make_shipments, number_for
from tests.printing.fake_component import FakeComponent
from waybill_ui.db.models import EwaybillIssue, Shipment
from waybill_ui.services.common.errors import Conflict, Invalid
from waybill_ui.services.printing import component, printers, queue
from waybill_ui.services.printing.printers import PrinterInput


def drive(url: str, frame: dict) -> dict:
    """What static script does in the browser: send one frame, collect the answer and the notices."""
    out = {"answer": None, "notify": [], "error": ""}
    docs = len(frame["task"]["documents"]) if "task" in frame else 0
    with connect(url) as ws:
        ws.send(json.dumps(frame, ensure_ascii=False))
        while True:
            msg = json.loads(ws.recv(timeout=5))
            if msg.get("cmd") == "notifyPrintResult":
                out["notify"].extend(msg["printStatus"])
            elif (msg.get("requestID") or msg.get("key")) == (frame.get("requestID") or frame.get("key")):
                out["answer"] = msg
            if out["answer"] and (str(out["answer"].get("status")) == "failed" or len(out["notify"]) >= docs):
                return out


@pytest.fixture
def fake():
    made = []

    def make(**kwargs):
        made.append(FakeComponent(**kwargs))
        return made[-1]

    yield make
    for c in made:
        c.close()


def add_component(db, owner, name="cainiao", printer="GP-1324D"):
    return printers.add(
        db,
        data=PrinterInput(name=f"{name} 打包台", kind="component", component=name, component_printer=printer),
        actor=owner,
    )


def test_urls_of_the_components():
    assert component.url("cainiao") == "ws://localhost:13528"
    assert component.url("cainiao", secure=True) == "wss://localhost:13529"
    assert component.url("kuaishou") == "ws://localhost:16888/ks/printer"
    assert component.url("jd") == "ws://localhost:9113"


def test_get_printers_from_the_component(fake):
    comp = fake()
    answer = drive(comp.url, component.get_printers("cainiao", "r1"))["answer"]
    assert component.printer_names("cainiao", answer) == ["GP-1324D", "ZDesigner GK888t"]
    jd = fake(jd=True, printers=["JD-P1"])
    answer = drive(jd.url, component.get_printers("jd", "r2"))["answer"]
    assert component.printer_names("jd", answer) == ["JD-P1"]


def test_a_job_prints_through_the_component_and_a_retry_sends_only_what_failed(db, owner, fake):
    comp = fake(fail_documents={"1-2"})
    add_component(db, owner)
    ids = make_shipments(db, 3)
    job = queue.submit(db, shipment_ids=ids, actor=owner, key="c1", printer_id=printers.list_printers(db)[0].id)
    frame = component.task(db, job_id=job.id, actor=owner, request_id="q1", base_url="http://shop:8080")
    assert frame["cmd"] == "print" and frame["version"] == "1.0" and frame["task"]["printer"] == "GP-1324D"
    documents = frame["task"]["documents"]
    assert [d["documentID"] for d in documents] == ["1-1", "1-2", "1-3"]
    custom = documents[0]["contents"][0]
    assert custom["templateURL"] == "http://shop:8080/api/v1/print-template/76x130"
    assert custom["data"]["number"] == number_for("ZTO", 1) and custom["data"]["receiver"] == "张*  138****8000"

    reply = drive(comp.url, frame)
    job = component.record(db, job_id=job.id, actor=owner, results=component.results_from(frame, reply))
    assert (job.status, job.confirmed) == ("failed", 2)
    assert "缺纸" in job.error and job.label_errors[0]["number"] == number_for("ZTO", 2)

    comp.fail_documents.clear()
    retry = component.task(db, job_id=job.id, actor=owner, request_id="q2")
    assert [d["documentID"] for d in retry["task"]["documents"]] == ["1-2"]  # only the one not printed
    job = component.record(
        db, job_id=job.id, actor=owner, results=component.results_from(retry, drive(comp.url, retry))
    )
    assert (job.status, job.confirmed, job.error) == ("printed", 3, "")
    assert [d["contents"][0]["data"]["number"] for d in comp.printed] == [number_for("ZTO", i) for i in (1, 3, 2)]
    with pytest.raises(Conflict):
        component.task(db, job_id=job.id, actor=owner, request_id="q3")
    late = component.record(db, job_id=job.id, actor=owner, results=[{"documentID": "1-1", "status": "failed"}])
    assert late.status == "printed"  # a late notice cannot undo a printed label


def test_encrypted_platform_print_data_is_passed_through_untouched(db, owner, fake):
    comp = fake()
    add_component(db, owner)
    ids = make_shipments(db, 2)
    secret = {
        "encryptedData": "AES:Zm9vYmFy==",
        "signature": "sig-1",
        "templateURL": "https://cloudprint/t/1",
        "ver": "waybill_print_secret_version_1",
    }
    with db.write() as session:
        shipment = session.get(Shipment, ids[1])
        session.add(
            EwaybillIssue(
                order_id=shipment.order_id,
                order_code="oc-1",
                account_id=1,
                provider="kdniao",
                carrier="ZTO",
                status="issued",
                number=shipment.number,
                answer={"printData": secret},
            )
        )
    job = queue.submit(db, shipment_ids=ids, actor=owner, key="enc", printer_id=printers.list_printers(db)[0].id)
    frame = component.task(db, job_id=job.id, actor=owner, request_id="q")
    assert frame["task"]["documents"][1]["contents"] == [secret]
    assert "data" in frame["task"]["documents"][0]["contents"][0]
    drive(comp.url, frame)
    assert comp.printed[1]["contents"] == [secret]


def test_component_refusal_and_no_component(db, owner, fake):
    comp = fake(refuse="打印机脱机")
    add_component(db, owner)
    ids = make_shipments(db, 2)
    job = queue.submit(db, shipment_ids=ids, actor=owner, key="r", printer_id=printers.list_printers(db)[0].id)
    frame = component.task(db, job_id=job.id, actor=owner, request_id="q")
    job = component.record(
        db, job_id=job.id, actor=owner, results=component.results_from(frame, drive(comp.url, frame))
    )
    assert job.status == "failed" and "打印机脱机" in job.error and job.confirmed == 0
    unreachable = component.results_from(frame, {"answer": None, "notify": [], "error": "connect"})
    job = component.record(db, job_id=job.id, actor=owner, results=unreachable)
    assert "打印组件" in job.error and "启动" in job.error
    with pytest.raises(Invalid):
        component.record(db, job_id=job.id, actor=owner, results=[{"status": "success"}])


def test_jd_variant(db, owner, fake):
    comp = fake(jd=True, printers=["JD-P1"])
    printer = add_component(db, owner, name="jd", printer="JD-P1")
    ids = make_shipments(db, 2)
    job = queue.submit(db, shipment_ids=ids, actor=owner, key="jd", printer_id=printer.id)
    frame = component.task(db, job_id=job.id, actor=owner, request_id="k1")
    assert frame["orderType"] == "PRINT" and frame["parameters"]["printName"] == "JD-P1"
    job = component.record(
        db, job_id=job.id, actor=owner, results=component.results_from(frame, drive(comp.url, frame))
    )
    assert job.status == "printed" and len(comp.printed) == 2


def test_raw_jobs_are_not_component_jobs(db, owner):
    printer = printers.add(db, data=PrinterInput(name="n", kind="network", host="10.0.0.9"), actor=owner)
    ids = make_shipments(db, 1)
    job = queue.submit(db, shipment_ids=ids, actor=owner, key="n", printer_id=printer.id)
    with pytest.raises(Invalid):
        component.task(db, job_id=job.id, actor=owner, request_id="q")


def test_test_print_frame_carries_the_sample_label(db, owner, fake):
    comp = fake()
    printer = add_component(db, owner)
    frame = component.test_frame(db, printer_id=printer.id, request_id="t")
    results = component.results_from(frame, drive(comp.url, frame))
    assert results == [{"documentID": "test-1", "status": "success", "msg": ""}]
    assert comp.printed[0]["contents"][0]["data"]["number"] == "773000000000000"
