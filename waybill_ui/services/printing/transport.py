"""Getting raw jobs to a printer: TCP port 9100 (network printers) or a CUPS queue (`lp -o raw`).

A network printer confirms each label: after a label's commands we ask for the printer's status
(TSPL <ESC>!?, ZPL ~HS) and count the label as printed only when the printer answers "ready" or
"printing". A printer that stops answering, or reports no paper / head open, stops the job at
that label; the print queue resumes from there later (services/printing/queue.py).
A printer that never answers status queries (some cheap models) is told apart by its first
label: then labels count as printed once the printer's TCP stack took them.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
from dataclasses import dataclass

from waybill_ui.services.common.errors import ServiceError
from typing import Self

CONNECT_TIMEOUT_S = 5.0
STATUS_TIMEOUT_S = 10.0  # a long label may take seconds to come out before the printer answers
TSPL_STATUS = b"\x1b!?"
ZPL_STATUS = b"~HS"
# TSPL status byte bits → what the packer must do (texts/printing.py)
TSPL_FAULTS = (
    (0x01, "printing.fault.head_open"),
    (0x02, "printing.fault.jam"),
    (0x04, "printing.fault.paper_out"),
    (0x08, "printing.fault.ribbon_out"),
    (0x10, "printing.fault.paused"),
    (0x80, "printing.fault.other"),
)


class PrinterFault(ServiceError):
    """The printer refused or went away: what happened, in words the packer can act on."""

    status, code = 503, "printer_fault"


@dataclass
class Answer:
    ok: bool
    fault: str = ""  # a text key when not ok


def tspl_status(byte: int) -> Answer:
    for bit, key in TSPL_FAULTS:
        if byte & bit:
            return Answer(False, key)
    return Answer(True)  # 0x00 ready, 0x20 printing


def zpl_status(reply: bytes) -> Answer:
    """~HS answers three STX…ETX strings; string 1 field 2 = paper out, field 3 = pause;
    string 2 field 3 = head up."""
    parts = [
        p.strip(b"\r\n\x02").decode("ascii", "replace").split(",") for p in reply.split(b"\x03") if p.strip(b"\r\n\x02")
    ]
    first = parts[0] if parts else []
    second = parts[1] if len(parts) > 1 else []
    if len(first) > 1 and first[1] == "1":
        return Answer(False, "printing.fault.paper_out")
    if len(first) > 2 and first[2] == "1":
        return Answer(False, "printing.fault.paused")
    if len(second) > 2 and second[2] == "1":
        return Answer(False, "printing.fault.head_open")
    return Answer(True)


class NetworkPrinter:
    """One connection to a raw printer port, used for a whole job."""

    def __init__(
        self,
        host: str,
        port: int,
        language: str,
        *,
        connect_timeout: float = CONNECT_TIMEOUT_S,
        status_timeout: float = STATUS_TIMEOUT_S,
    ):
        self.host, self.port, self.language = host, port, language
        self.status_timeout = status_timeout
        self.answers: bool | None = None  # None until the first status query tells
        try:
            self.sock = socket.create_connection((host, port), timeout=connect_timeout)
        except OSError as exc:
            raise PrinterFault("printing.fault.unreachable", host=host, port=port, error=type(exc).__name__) from exc
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _read_status(self) -> bytes:
        self.sock.settimeout(self.status_timeout)
        if self.language == "tspl":
            return self.sock.recv(1)
        reply = b""
        while reply.count(b"\x03") < 3:
            chunk = self.sock.recv(256)
            if not chunk:
                break
            reply += chunk
        return reply

    def send(self, data: bytes) -> None:
        """Send one label and wait for the printer's word that it is fine; raises PrinterFault."""
        query = TSPL_STATUS if self.language == "tspl" else ZPL_STATUS
        try:
            self.sock.sendall(data + (query if self.answers is not False else b""))
            if self.answers is False:
                return
            try:
                reply = self._read_status()
            except TimeoutError:
                if self.answers is None:  # never answered: a printer without status queries
                    self.answers = False
                    return
                raise
        except TimeoutError as exc:
            raise PrinterFault("printing.fault.no_answer", host=self.host) from exc
        except OSError as exc:
            raise PrinterFault("printing.fault.gone", host=self.host, error=type(exc).__name__) from exc
        if not reply:
            raise PrinterFault("printing.fault.gone", host=self.host, error="closed")
        self.answers = True
        answer = tspl_status(reply[0]) if self.language == "tspl" else zpl_status(reply)
        if not answer.ok:
            raise PrinterFault(answer.fault, host=self.host)


def cups_send(queue: str, data: bytes, *, raw: bool, title: str = "waybill_ui", timeout: float = 60.0) -> None:
    """Hand a job to a CUPS queue on this machine with `lp` (raw commands, or a PDF for a PDF queue).
    CUPS accepting the job is the confirmation: it spools and retries the printer itself."""
    lp = shutil.which("lp")
    if lp is None:
        raise PrinterFault("printing.fault.no_cups")
    command = [lp, "-d", queue, "-t", title] + (["-o", "raw"] if raw else []) + ["--", "-"]
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PrinterFault("printing.fault.cups", queue=queue, error=type(exc).__name__) from exc
    if done.returncode != 0:
        error = (done.stderr or b"").decode("utf-8", "replace").strip()[:120]
        raise PrinterFault("printing.fault.cups", queue=queue, error=error or done.returncode)
