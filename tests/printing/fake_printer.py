"""A fake network label printer: a TCP listener that parses the TSPL or ZPL stream like a printer
would, answers status queries, keeps every label it "printed" (its commands, its bitmap), and can
be told to go away after some labels or to report an empty roll."""

from __future__ import annotations

import re
import socket
import threading
from dataclasses import dataclass, field

from PIL import Image

from waybill_ui.services.printing.raster import Raster, to_image


@dataclass
class PrintedLabel:
    commands: list[str] = field(default_factory=list)  # text lines (GB18030 decoded)
    bitmap: Raster | None = None

    def barcodes(self) -> list[str]:
        return [m.group(1) for line in self.commands if (m := re.match(r'BARCODE .*,"([^"]*)"$', line))]

    def texts(self) -> list[str]:
        return [m.group(1) for line in self.commands if (m := re.match(r'TEXT [^"]*"[^"]*",[^"]*"(.*)"$', line))]

    def image(self) -> Image.Image:
        """What the printer would print: the BITMAP, or the native barcodes drawn from their
        BARCODE commands (Code128 modules as the printer makes them, `narrow` dots each)."""
        if self.bitmap is not None:
            return to_image(self.bitmap)
        return draw_barcodes(self.commands)


class FakePrinter:
    def __init__(self, language: str = "tspl", *, drop_after: int | None = None, status: int = 0, silent: bool = False):
        self.language = language
        self.drop_after = drop_after  # close the connection after this many labels (printer unplugged)
        self.status = status  # TSPL status byte answered (0 ready, 0x04 paper out …)
        self.silent = silent  # never answer status queries (models without them)
        self.labels: list[PrintedLabel] = []
        self.connections = 0
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(4)
        self.port = self.server.getsockname()[1]
        self._stop = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self._stop = True
        try:
            self.server.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
        except OSError:
            pass
        self.server.close()
        self.thread.join(timeout=5)

    def _serve(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            self.connections += 1
            with conn:
                try:
                    (self._tspl if self.language == "tspl" else self._zpl)(conn)
                except (ConnectionError, OSError):
                    pass

    def _printed(self, conn: socket.socket, label: PrintedLabel) -> bool:
        """Record a label; False when the printer 'goes away' now (the label is lost)."""
        if self.drop_after is not None and len(self.labels) >= self.drop_after:
            self.drop_after = None  # plugged back in for the next connection
            conn.shutdown(socket.SHUT_RDWR)
            return False
        self.labels.append(label)
        return True

    # -- TSPL: CR LF lines; BITMAP carries width*height raw bytes; <ESC>!? asks for status
    def _tspl(self, conn: socket.socket) -> None:
        buffer = b""
        label = PrintedLabel()

        def need(n: int) -> None:
            nonlocal buffer
            while len(buffer) < n:
                chunk = conn.recv(65536)
                if not chunk:
                    raise ConnectionError
                buffer += chunk

        while True:
            need(1)
            if buffer.startswith(b"\x1b"):
                need(3)
                assert buffer[:3] == b"\x1b!?", buffer[:10]
                buffer = buffer[3:]
                if not self.silent:
                    conn.sendall(bytes([self.status]))
                continue
            while b"\r\n" not in buffer and not buffer.startswith(b"BITMAP"):
                need(len(buffer) + 1)
            if buffer.startswith(b"BITMAP"):
                while buffer.count(b",") < 5:
                    need(len(buffer) + 1)
                head, rest = buffer.split(b",", 5)[:5], buffer.split(b",", 5)[5]
                x, y, width_bytes, height, _mode = (int(v) for v in b",".join(head)[7:].split(b","))
                size = width_bytes * height
                buffer = rest
                need(size + 2)
                data, buffer = buffer[:size], buffer[size:]
                assert buffer[:2] == b"\r\n"
                buffer = buffer[2:]
                inverted = bytes(255 - b for b in data)  # TSPL: 0 bits are black
                label.bitmap = Raster(width=width_bytes * 8, height=height, rows=inverted)
                label.commands.append(f"BITMAP {x},{y},{width_bytes},{height},{_mode}")
                continue
            line, buffer = buffer.split(b"\r\n", 1)
            text = line.decode("gb18030")
            label.commands.append(text)
            if text.startswith("PRINT"):
                if not self._printed(conn, label):
                    return
                label = PrintedLabel()

    # -- ZPL: ^XA … ^XZ; ~HS asks for status
    def _zpl(self, conn: socket.socket) -> None:
        buffer = b""
        while True:
            chunk = conn.recv(65536)
            if not chunk:
                return
            buffer += chunk
            while True:
                hs = buffer.find(b"~HS")
                end = buffer.find(b"^XZ")
                if hs != -1 and (end == -1 or hs < end):
                    buffer = buffer[:hs] + buffer[hs + 3 :]
                    if not self.silent:
                        paper_out = "1" if self.status else "0"
                        conn.sendall(
                            f"\x02030,{paper_out},0,1245,000,0,0,0,000,0,0,0\x03\r\n"
                            f"\x02000,0,0,0,0,2,4,0,00000000,1,000\x03\r\n\x021234,0\x03\r\n".encode()
                        )
                    continue
                if end == -1:
                    break
                job, buffer = buffer[: end + 3].decode("ascii"), buffer[end + 3 :]
                label = PrintedLabel(commands=[c for c in job.split("\n") if c])
                label.bitmap = decode_gfa(job)
                if not self._printed(conn, label):
                    return


def draw_barcodes(commands: list[str], width: int = 608, height: int = 1040) -> Image.Image:
    from PIL import ImageDraw
    from reportlab.graphics.barcode.code128 import Code128

    image = Image.new("L", (width, height), 255)
    pen = ImageDraw.Draw(image)
    for line in commands:
        m = re.match(r'BARCODE (\d+),(\d+),"128",(\d+),\d,0,(\d+),\d+,"([^"]*)"$', line)
        if not m:
            continue
        x, y, bar_height, narrow, value = int(m[1]), int(m[2]), int(m[3]), int(m[4]), m[5]
        code = Code128(value)
        code.validate()
        code.encode()
        code.decompose()  # "BaAb…": upper case = a bar, lower case = a space, A/a = one module wide
        for part in code.decomposed:
            w = (ord(part.lower()) - ord("a") + 1) * narrow
            if part.isupper():
                pen.rectangle((x, y, x + w - 1, y + bar_height - 1), fill=0)
            x += w
    return image


_LOW = {c: i + 1 for i, c in enumerate("GHIJKLMNOPQRSTUVWXY")}
_HIGH = {c: (i + 1) * 20 for i, c in enumerate("ghijklmnopqrstuvwxyz")}


def decode_gfa(job: str) -> Raster | None:
    """Expand a compressed ^GFA (as a Zebra does) back to rows of bits."""
    m = re.search(r"\^GFA,(\d+),(\d+),(\d+),([^\^]*)", job)
    if not m:
        return None
    total, per_row, data = int(m.group(1)), int(m.group(3)), m.group(4)
    chars_per_row = per_row * 2
    rows: list[str] = []
    row = ""
    count = 0
    for c in data:
        if c in _LOW or c in _HIGH:
            count += _LOW.get(c, 0) + _HIGH.get(c, 0)
            continue
        if c == ",":
            row = row.ljust(chars_per_row, "0")
        elif c == ":":
            row = rows[-1]
        else:
            row += c * (count or 1)
        count = 0
        if len(row) >= chars_per_row:
            rows.append(row[:chars_per_row])
            row = ""
    raw = bytes.fromhex("".join(rows))
    assert len(raw) == total, (len(raw), total)
    return Raster(width=per_row * 8, height=total // per_row, rows=raw)
