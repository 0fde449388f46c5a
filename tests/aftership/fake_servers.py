"""A fake webhook server and a fake SMTP server on real local sockets, recording what they get.
Nothing here talks to a real robot or mail server."""

from __future__ import annotations

import json
import socketserver
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeWebhook:
    """Records every POST (path with query, JSON body); answers `self.answer` (status, JSON)."""

    def __init__(self):
        self.requests: list[tuple[str, dict]] = []
        self.answer: tuple[int, dict] = (200, {"errcode": 0, "errmsg": "ok"})
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 — http.server's name
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                owner.requests.append((self.path, json.loads(body or b"{}")))
                status, data = owner.answer
                out = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        # every 20 ms: shutdown() waits for the next poll (0.5 s by default)
        threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class FakeSMTP:
    """Just enough SMTP (EHLO/HELO, MAIL, RCPT, DATA, QUIT) to receive messages."""

    def __init__(self):
        self.messages: list[dict] = []
        owner = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                self.wfile.write(b"220 fake ESMTP\r\n")
                mail = {"from": "", "to": [], "data": b""}
                while True:
                    line = self.rfile.readline()
                    if not line:
                        return
                    verb = line[:4].upper()
                    if verb in (b"EHLO", b"HELO"):
                        self.wfile.write(b"250 fake\r\n")
                    elif verb == b"MAIL":
                        mail["from"] = line.decode().split(":", 1)[1].strip()
                        self.wfile.write(b"250 ok\r\n")
                    elif verb == b"RCPT":
                        mail["to"].append(line.decode().split(":", 1)[1].strip())
                        self.wfile.write(b"250 ok\r\n")
                    elif verb == b"DATA":
                        self.wfile.write(b"354 go ahead\r\n")
                        chunks = []
                        while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                            chunks.append(chunk)
                        mail["data"] = b"".join(chunks)
                        owner.messages.append(dict(mail))
                        self.wfile.write(b"250 queued\r\n")
                    elif verb == b"QUIT":
                        self.wfile.write(b"221 bye\r\n")
                        return
                    else:
                        self.wfile.write(b"250 ok\r\n")

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        # every 20 ms: shutdown() waits for the next poll (0.5 s by default)
        threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
