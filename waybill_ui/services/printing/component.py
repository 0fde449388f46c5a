"""Platform print components (菜鸟/拼多多/抖音/快手 and JD's variant) on the packer's PC.

The browser talks to the component on localhost over WebSocket (static/print_component.js); this
module builds the frames it sends and records what the component answered. Our own labels go as
custom content (`data` = the label's texts, `templateURL` = our template); an e-waybill whose
provider answer carries the platform's encrypted print data has that passed through untouched.
Each label is one document, `<job id>-<label index>`: a retry sends only the documents the
component has not reported printed.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime

from sqlalchemy import text as sql
from sqlmodel import select, col
from typing import Any

from waybill_ui.db import Database
from waybill_ui.db.models import Printer, PrintJob
from waybill_ui.db.rows import must_get, row_id
from waybill_ui.clock import utcnow
from waybill_ui.services.common.errors import Conflict, Invalid
from waybill_ui.services.printing.label_pdf import LabelData
from waybill_ui.services.printing import queue
from waybill_ui.services.printing.content import texts
from waybill_ui.services.printing.printers import COMPONENTS
from waybill_ui.services.accounts.users import Principal
from waybill_ui.texts import tr

TEMPLATE_PATH = "/api/v1/print-template/76x130"  # our custom-area template, fetched by the component
ENCRYPTED_KEYS = ("encryptedData", "signature", "templateURL", "ver")
OK = ("success", "ok", "printed", "true")


def url(component: str, *, secure: bool = False) -> str:
    port = COMPONENTS[component]
    if component == "cainiao" and secure:
        port = 13529
    path = "/ks/printer" if component == "kuaishou" else ""
    return f"{'wss' if secure else 'ws'}://localhost:{port}{path}"


def get_printers(component: str, request_id: str) -> dict[str, Any]:
    if component == "jd":
        return {"orderType": "GET_Printers", "key": request_id}
    return {"cmd": "getPrinters", "requestID": request_id, "version": "1.0"}


def printer_names(component: str, answer: dict[str, Any]) -> list[str]:
    """The component's printers from its getPrinters answer (JD: a list or {printers})."""
    found = answer.get("printers") if isinstance(answer, dict) else None
    if component == "jd" and found is None:
        found = answer.get("content") or answer.get("data") or []
    names = []
    for entry in found or []:
        name = entry.get("name") or entry.get("printerName") if isinstance(entry, dict) else entry
        if isinstance(name, str) and name:
            names.append(name)
    return names


def _encrypted_data(db: Database, shipment_ids: list[int]) -> dict[int, dict[str, Any]]:
    """The platform's print data for the e-waybills among these shipments, as the provider gave it."""
    found: dict[int, dict[str, Any]] = {}
    if not shipment_ids:
        return found
    with db.read() as session:
        rows = session.execute(
            sql(
                "SELECT s.id, i.answer FROM shipment s JOIN ewaybill_issue i ON i.order_id = s.order_id "
                "AND i.number = s.number AND i.status = 'issued' WHERE s.id IN (%s)"
                % ",".join(str(int(i)) for i in shipment_ids)
            )
        )
        for shipment_id, answer in rows:
            if isinstance(answer, str):  # a raw SELECT returns the JSON column as text on SQLite
                answer = json.loads(answer or "{}")
            data = (answer or {}).get("printData") or (answer or {}).get("print_data")
            if isinstance(data, dict) and data.get("encryptedData"):
                found[shipment_id] = data
    return found


def document_id(job: PrintJob, label: LabelData) -> str:
    return f"{job.id}-{label.index}"


def _custom(label: LabelData, mask: bool, base_url: str) -> dict[str, Any]:
    return {"data": dataclasses.asdict(texts(label, mask=mask)), "templateURL": base_url + TEMPLATE_PATH}


def task(db: Database, *, job_id: int, actor: Principal, request_id: str, base_url: str = "") -> dict[str, Any]:
    """The print frame for the documents of this job not yet reported printed."""
    job = queue.get(db, job_id=job_id, actor=actor)
    with db.read() as session:
        printer = must_get(session, Printer, job.printer_id)
    if printer.kind != "component":
        raise Invalid("printing.not_component", id=job_id)
    if job.status == "printed":
        raise Conflict("printing.already_printed", id=job_id)
    done = {r["documentID"] for r in job.results if r.get("status") in OK}
    labels = [LabelData(**d) for d in job.labels]
    pending = [label for label in labels if document_id(job, label) not in done]
    encrypted = _encrypted_data(db, [label.shipment_id for label in pending])
    documents = []
    for label in pending:
        data = encrypted.get(label.shipment_id)
        content = {k: data[k] for k in data} if data else _custom(label, job.mask_phone, base_url)
        documents.append({"documentID": document_id(job, label), "contents": [content]})
    if printer.component == "jd":
        return {
            "orderType": "PRINT",
            "key": request_id,
            "parameters": {
                "printName": printer.component_printer,
                "tempUrl": base_url + TEMPLATE_PATH,
                "printData": [d["contents"][0] for d in documents],
                "documentIDs": [d["documentID"] for d in documents],
            },
        }
    return {
        "cmd": "print",
        "requestID": request_id,
        "version": "1.0",
        "task": {
            "taskID": f"{job.id}-{job.attempts + 1}",
            "printer": printer.component_printer,
            "preview": False,
            "documents": documents,
        },
    }


def record(
    db: Database, *, job_id: int, actor: Principal, results: list[dict[str, Any]], now: datetime | None = None
) -> PrintJob:
    """The component's word per document (its `notifyPrintResult`, or a failed `print` answer for
    all): printed labels counted, failures kept with the component's reason in plain words."""
    job = queue.get(db, job_id=job_id, actor=actor)
    if not isinstance(results, list) or not all(isinstance(r, dict) and r.get("documentID") for r in results):
        raise Invalid("printing.bad_results")
    now = now or utcnow()
    with db.write() as session:
        row = must_get(session, PrintJob, job.id)
        printer = must_get(session, Printer, row.printer_id)
        if printer.kind != "component":
            raise Invalid("printing.not_component", id=job_id)
        by_doc = {r["documentID"]: r for r in row.results}
        known = {f"{row.id}-{d['index']}": d for d in row.labels}
        for result in results:
            doc = str(result["documentID"])
            if doc not in known or by_doc.get(doc, {}).get("status") in OK:
                continue  # another job's document, or printed already: a late duplicate changes nothing
            status = str(result.get("status", "")).lower()
            by_doc[doc] = {
                "documentID": doc,
                "status": "success" if status in OK else "failed",
                "msg": str(result.get("msg", ""))[:200],
            }
        row.results = list(by_doc.values())
        ok = sum(1 for r in row.results if r["status"] == "success")
        failed = [r for r in row.results if r["status"] != "success"]
        row.confirmed = ok
        row.attempts = max(row.attempts, 1)
        if ok == row.total:
            row.status, row.error, row.finished_at = "printed", "", now
        elif failed:
            row.status, row.finished_at = "failed", now
            first = failed[0]
            row.error = tr("printing.fault.component", "zh", error=first["msg"] or first["status"])[:400]
            row.label_errors = [
                {
                    "index": known[r["documentID"]]["index"],
                    "shipment_id": known[r["documentID"]]["shipment_id"],
                    "number": known[r["documentID"]]["number"],
                    "error": tr("printing.fault.component", "zh", error=r["msg"] or r["status"]),
                }
                for r in failed
            ][:50]
        else:
            row.status = "sending"
        session.add(row)
    return queue.get_any(db, row_id(job))


def pending_jobs(db: Database, *, actor: Principal) -> list[PrintJob]:
    with db.read() as session:
        return list(
            session.exec(
                select(PrintJob)
                .join(Printer, col(Printer.id) == col(PrintJob.printer_id))
                .where(
                    Printer.kind == "component", col(PrintJob.status).in_(("queued", "failed")), queue.visible(actor)
                )
                .order_by(col(PrintJob.id))
            )
        )


def results_from(frame: dict[str, Any], reply: dict[str, Any]) -> list[dict[str, Any]]:
    """Per-document results from what the browser collected: the component's answer to `print`
    and its `notifyPrintResult` frames. A failed answer fails every document with its message; JD
    answers once for the whole task (it has no per-document notice)."""
    reply = reply if isinstance(reply, dict) else {}
    if "task" in frame:
        documents = [d["documentID"] for d in frame["task"]["documents"]]
    else:
        documents = list(frame.get("parameters", {}).get("documentIDs", []))
    answer = reply.get("answer") if isinstance(reply.get("answer"), dict) else None
    error = reply.get("error") or ""
    if answer is None:
        msg = tr("printing.component_unreachable", "zh") if error else tr("printing.component_silent", "zh")
        return [{"documentID": d, "status": "failed", "msg": msg} for d in documents]
    if "task" not in frame:  # JD: {code: 0 | "0" | success} for the whole task
        ok = str(answer.get("code", answer.get("status", ""))).lower() in ("0", "success", "true")
        msg = str(answer.get("message") or answer.get("msg") or "")
        return [{"documentID": d, "status": "success" if ok else "failed", "msg": "" if ok else msg} for d in documents]
    if str(answer.get("status", "")).lower() == "failed":
        return [{"documentID": d, "status": "failed", "msg": str(answer.get("msg", ""))} for d in documents]
    notified = {}
    for entry in reply.get("notify") or []:
        if isinstance(entry, dict) and entry.get("documentID") in documents:
            notified[entry["documentID"]] = {
                "documentID": entry["documentID"],
                "status": str(entry.get("status", "")),
                "msg": str(entry.get("msg", "")),
            }
    return list(notified.values())  # documents without a notice yet stay pending


def test_frame(db: Database, *, printer_id: int, request_id: str, base_url: str = "") -> dict[str, Any]:
    """A print frame with the sample label (nothing counted) for 打印测试页 on a component printer."""
    from waybill_ui.services.printing import labels
    from waybill_ui.services.printing import printers as printer_records

    printer = printer_records.get(db, printer_id=printer_id)
    if printer.kind != "component":
        raise Invalid("printing.not_component", id=printer_id)
    content = _custom(labels.sample_label(db), labels.options(db).mask_phone, base_url)
    if printer.component == "jd":
        return {
            "orderType": "PRINT",
            "key": request_id,
            "parameters": {
                "printName": printer.component_printer,
                "tempUrl": base_url + TEMPLATE_PATH,
                "printData": [content],
                "documentIDs": ["test-1"],
            },
        }
    return {
        "cmd": "print",
        "requestID": request_id,
        "version": "1.0",
        "task": {
            "taskID": f"test-{request_id}",
            "printer": printer.component_printer,
            "preview": False,
            "documents": [{"documentID": "test-1", "contents": [content]}],
        },
    }
