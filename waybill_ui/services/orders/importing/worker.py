"""A large export is parsed in a second process while this one writes (docs/scaling.md "Import time").

Reading and cleaning a row costs about as much as storing it; in one process the two take turns
on one core. Here a child process (this module's `_child()`) reads and parses the file and sends
finished chunks down a pipe, while the caller writes the chunk before on its own core. The child
is given only plain data — the file's path and how to recognise its layout (`Layout`) — and
answers with plain tuples, so it shares nothing with the app (no database, no threads to copy).

The child needs most of a second to start (importing the package). Meanwhile the caller parses
the first chunks itself; once the child says it is ready, the caller tells it the last row it
has dealt with and takes the rest from the child. Repeated order numbers are refused on the
caller's side (chunks.without_repeats), whoever parsed the chunk.

Small files (and uploads held in memory) are parsed in-process only. Either way the caller sees
the same chunks and the same problems, and a file the child cannot read raises the same
`Invalid` it would raise in-process, inside the caller's transaction, so nothing is stored.
"""

from __future__ import annotations

import json
import os
import pickle
import struct
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any, TypeGuard

import waybill_ui
from waybill_ui.services.common.errors import Invalid
from waybill_ui.services.orders.importing import formats, reading
from waybill_ui.services.orders.importing.formats import Format
from waybill_ui.services.orders.importing.chunks import parsed, records, without_repeats
from waybill_ui.services.orders.importing.parsing import Parsed, Problem

# Files from this size are parsed in the child (about 27,000 Taobao orders; measured in
# docs/benchmarks.md "import_1m"); a one-core machine gains nothing from a second process.
APART_FROM_BYTES = 8 * 1024 * 1024
_FRAME = struct.Struct("<I")
# the child: this module's _child() (by -c: `-m` would run this module a second time as __main__)
COMMAND = [sys.executable, "-c", f"from {__name__} import _child; _child()"]
# Tests: hand over after this many chunks parsed here, waiting for the child to be ready, so the
# hand-over is exercised whatever the machine's speed. None: whenever the child is ready.
HAND_OVER_AFTER: int | None = None


@dataclass(frozen=True)
class Layout:
    """How the file's header is recognised, as data a child process can be given: the seller's
    mapping from the dialog wins; else a plug-in (the shop's marketplace first); else the mapping
    remembered for the shop."""

    marketplace: str = "other"
    saved: dict[str, str] = field(default_factory=dict)
    mapping: dict[str, str] | None = None

    def chooser(self) -> reading.Chooser:
        if self.mapping:
            explicit = formats.mapped(self.mapping, marketplace=self.marketplace)
            return lambda cells: explicit if explicit.detects(cells) else None
        remembered: Format | None = formats.mapped(self.saved, marketplace=self.marketplace) if self.saved else None

        def choose(cells: list[str]) -> Format | None:
            found = formats.detect(cells, prefer=self.marketplace)
            if found is None and remembered is not None and remembered.detects(cells):
                return remembered
            return found

        return choose


def apart(data: reading.Source) -> TypeGuard[Path]:
    """Whether this source is parsed in the child."""
    return isinstance(data, Path) and (os.cpu_count() or 1) > 1 and reading.source_size(data) >= APART_FROM_BYTES


def chunks(
    data: reading.Source,
    table: reading.Table,
    *,
    filename: str,
    layout: Layout,
    on_problem: Callable[[Problem], None],
    on_bytes: Callable[[int], None] | None = None,
) -> Iterator[list[Parsed]]:
    """The file's chunks of orders, repeats refused (chunks.records). `table` is the caller's own
    opening of the file (its header already checked); the child opens the file again the same way."""
    if not apart(data):
        return records(table, on_problem=on_problem)
    return without_repeats(_parsed_apart(data, table, filename, layout, on_problem, on_bytes), on_problem=on_problem)


def _parsed_apart(
    path: Path,
    table: reading.Table,
    filename: str,
    layout: Layout,
    on_problem: Callable[[Problem], None],
    on_bytes: Callable[[int], None] | None,
) -> Iterator[list[Parsed]]:
    child = _Child(path, filename, layout)
    try:
        handed_over = None
        for count, (chunk, last_row) in enumerate(parsed(table, on_problem=on_problem), start=1):
            yield chunk
            if count == HAND_OVER_AFTER:
                child.ready.wait()
            if child.ready.is_set():
                handed_over = last_row
                break
        if handed_over is None:
            return  # the whole file went by before the child was ready
        table.close()
        yield from child.rest(start_after=handed_over, on_problem=on_problem, on_bytes=on_bytes)
    finally:
        child.stop()


class _Child:
    """The parsing process: started at once, told where to begin once it says it is ready."""

    def __init__(self, path: Path, filename: str, layout: Layout) -> None:
        root = str(Path(waybill_ui.__file__).resolve().parent.parent)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            COMMAND, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors, env=env
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self.stdin, self.stdout = self.process.stdin, self.process.stdout
        job = {"path": str(path), "filename": filename, "layout": asdict(layout)}
        self.stdin.write(json.dumps(job).encode() + b"\n")
        self.stdin.flush()
        self.ready = threading.Event()
        self.first: tuple[Any, ...] | None = None  # its first word: ready, or why it cannot read the file
        self._waiting = threading.Thread(target=self._wait_ready, daemon=True, name="import-parser-start")
        self._waiting.start()

    def _wait_ready(self) -> None:
        try:
            message = _receive(self.stdout)
            while message is not None and message[0] == "progress":  # reading the header row
                message = _receive(self.stdout)
        except (OSError, ValueError):  # the pipe closed under us: the child was stopped
            message = None
        self.first = message
        self.ready.set()

    def rest(
        self, *, start_after: int, on_problem: Callable[[Problem], None], on_bytes: Callable[[int], None] | None
    ) -> Iterator[list[Parsed]]:
        self.ready.wait()
        message = self.first
        if message is not None and message[0] == "ready":
            self.stdin.write(f"{start_after}\n".encode())
            self.stdin.close()
            message = _receive(self.stdout)
        while True:
            if message is None:  # the child died without a word (killed, out of memory)
                raise Invalid("import.parser_failed", status=500, code="import_failed", error=self._last_words())
            kind = message[0]
            if kind == "progress" and on_bytes is not None:
                on_bytes(message[1])
            elif kind == "chunk":
                for problem in message[2]:
                    on_problem(problem)
                yield [Parsed(record, row, carrier, items) for record, row, carrier, items in message[1]]
            elif kind == "invalid":
                raise Invalid(message[1], **message[2])
            elif kind == "end":
                for problem in message[1]:
                    on_problem(problem)
                return
            message = _receive(self.stdout)

    def _last_words(self) -> str:
        self.process.wait()
        self.errors.seek(0)
        lines = self.errors.read().decode(errors="replace").strip().splitlines()
        return (lines[-1] if lines else f"exit {self.process.returncode}")[:200]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self._waiting.join(timeout=5)  # it reads the pipe until the child's end: only then close it
        for stream in (self.stdin, self.stdout, self.errors):
            stream.close()


def _receive(stream: IO[bytes]) -> tuple[Any, ...] | None:
    head = stream.read(_FRAME.size)
    if len(head) < _FRAME.size:
        return None
    (size,) = _FRAME.unpack(head)
    body = stream.read(size)
    if len(body) < size:
        return None
    message: tuple[Any, ...] = pickle.loads(body)  # our own child's frames, never outside data
    return message


def _send(stream: IO[bytes], message: tuple[Any, ...]) -> None:
    body = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_FRAME.pack(len(body)))
    stream.write(body)
    stream.flush()


def _child() -> None:
    """The child's side: open the file named on stdin, say it is ready, then parse from the row
    the caller names and send progress, chunks and problems."""
    job = json.loads(sys.stdin.buffer.readline())
    out = sys.stdout.buffer
    problems: list[Problem] = []
    try:
        table = reading.open_table(
            Path(job["path"]),
            filename=job["filename"],
            on_bytes=lambda done: _send(out, ("progress", done)),
            choose=Layout(**job["layout"]).chooser(),
        )
        _send(out, ("ready",))
        start = sys.stdin.buffer.readline().strip()
        if not start:
            return  # the caller finished the file itself
        for chunk, _ in parsed(table, on_problem=problems.append, start_after=int(start)):
            _send(out, ("chunk", [(p.record, p.row, p.carrier_code, p.items) for p in chunk], problems))
            problems.clear()  # sent (pickled above); the parser goes on appending to this list
    except Invalid as exc:
        _send(out, ("invalid", exc.text_key, {**exc.params, "status": exc.status, "code": exc.code}))
        return
    _send(out, ("end", problems))
