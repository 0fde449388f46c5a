"""The browser side of platform print components: a small script that opens a WebSocket to the
component on the packer's PC (localhost), sends one frame and collects the answer and the
component's notifyPrintResult frames; Python builds the frames and records the results
(services/printing/component.py)."""

from __future__ import annotations

import json
import secrets

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.services.printing import component, printers, queue
from waybill_ui.services.accounts.users import Principal
from typing import Any

# Sent whole with each call (no page needs to have loaded it first).
SCRIPT = """
((url, frame, waitNotify, timeoutMs) => new Promise((resolve) => {
      const out = {answer: null, notify: [], error: ''};
      let ws;
      try { ws = new WebSocket(url); } catch (e) { resolve({...out, error: String(e)}); return; }
      const finish = () => { clearTimeout(timer); try { ws.close(); } catch (e) {} resolve(out); };
      const timer = setTimeout(() => { out.error = out.error || 'timeout'; finish(); }, timeoutMs);
      const id = frame.requestID || frame.key;
      const docs = frame.task ? frame.task.documents.length : 0;
      ws.onopen = () => ws.send(JSON.stringify(frame));
      ws.onerror = () => { out.error = 'connect'; };
      ws.onclose = () => finish();
      ws.onmessage = (event) => {
        let msg;
        try { msg = JSON.parse(event.data); } catch (e) { return; }
        if (msg.cmd === 'notifyPrintResult' || msg.cmd === 'PrintResultNotify') {
          out.notify.push(...(msg.printStatus || []));
        } else if ((msg.requestID || msg.key) === id) {
          out.answer = msg;
        }
        const failed = out.answer && String(out.answer.status).toLowerCase() === 'failed';
        if (out.answer && (!waitNotify || failed || !docs || out.notify.length >= docs)) finish();
      };
}))
"""
TIMEOUT_MS = 30000


async def _call(url: str, frame: dict[str, Any], wait_notify: bool) -> dict:
    reply = await ui.run_javascript(
        f"return await {SCRIPT.strip()}({json.dumps(url)}, {json.dumps(frame, ensure_ascii=False)}, "
        f"{'true' if wait_notify else 'false'}, {TIMEOUT_MS})",
        timeout=TIMEOUT_MS / 1000 + 5,
    )
    return reply if isinstance(reply, dict) else {}


async def component_printers(name: str, *, secure: bool = False) -> list[str]:
    reply = await _call(component.url(name, secure=secure), component.get_printers(name, secrets.token_hex(8)), False)
    return component.printer_names(name, reply.get("answer") or {})


async def send_job(job_id: int, me: Principal, *, secure: bool = False):
    """Send a component job's pending documents from this browser; returns the job as recorded."""
    db = runtime.get().db
    job = await io_bound(queue.get, db, job_id=job_id, actor=me)
    printer = await io_bound(printers.get, db, printer_id=job.printer_id)
    frame = await io_bound(
        component.task,
        db,
        job_id=job_id,
        actor=me,
        request_id=secrets.token_hex(8),
        base_url=runtime.get().settings.base_url(),
    )
    reply = await _call(component.url(printer.component, secure=secure), frame, True)
    results = component.results_from(frame, reply)
    return await io_bound(component.record, db, job_id=job_id, actor=me, results=results)


async def test_print(printer_id: int, *, secure: bool = False) -> list[dict[str, Any]]:
    """The sample label through the component; returns its per-document results."""
    db = runtime.get().db
    printer = await io_bound(printers.get, db, printer_id=printer_id)
    frame = await io_bound(
        component.test_frame,
        db,
        printer_id=printer_id,
        request_id=secrets.token_hex(8),
        base_url=runtime.get().settings.base_url(),
    )
    return component.results_from(frame, await _call(component.url(printer.component, secure=secure), frame, True))
