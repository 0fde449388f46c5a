"""A fake platform print component (Cainiao-style, or JD's variant): a WebSocket server on
localhost that answers getPrinters and print, then sends notifyPrintResult per document — or
fails the documents it is told to."""

from __future__ import annotations

import json
import threading

from websockets.sync.server import serve


class FakeComponent:
    def __init__(
        self, *, jd: bool = False, printers=("GP-1324D", "ZDesigner GK888t"), fail_documents=(), refuse: str = ""
    ):
        self.jd = jd
        self.printers = list(printers)
        self.fail_documents = set(fail_documents)  # documentIDs reported as failed
        self.refuse = refuse  # answer every print with status failed and this message
        self.received: list[dict] = []
        self.printed: list[dict] = []  # the documents (or JD printData) "printed", in order
        self.server = serve(self._handle, "127.0.0.1", 0)
        self.port = self.server.socket.getsockname()[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def close(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)

    def _handle(self, ws) -> None:
        for message in ws:
            frame = json.loads(message)
            self.received.append(frame)
            (self._jd if self.jd else self._cainiao)(ws, frame)

    def _cainiao(self, ws, frame: dict) -> None:
        reply = {"cmd": frame["cmd"], "requestID": frame["requestID"]}
        if frame["cmd"] == "getPrinters":
            ws.send(json.dumps({**reply, "printers": [{"name": n} for n in self.printers]}))
        elif frame["cmd"] == "print":
            task = frame["task"]
            if self.refuse or task["printer"] not in self.printers:
                ws.send(json.dumps({**reply, "status": "failed", "msg": self.refuse or "打印机不存在"}))
                return
            ws.send(json.dumps({**reply, "status": "success", "taskID": task["taskID"]}))
            for document in task["documents"]:
                ok = document["documentID"] not in self.fail_documents
                if ok:
                    self.printed.append(document)
                ws.send(
                    json.dumps(
                        {
                            "cmd": "notifyPrintResult",
                            "taskID": task["taskID"],
                            "printStatus": [
                                {
                                    "documentID": document["documentID"],
                                    "status": "success" if ok else "failed",
                                    "msg": "" if ok else "缺纸",
                                }
                            ],
                        }
                    )
                )

    def _jd(self, ws, frame: dict) -> None:
        if frame["orderType"] == "GET_Printers":
            ws.send(json.dumps({"key": frame["key"], "code": "0", "content": self.printers}))
        elif frame["orderType"] == "PRINT":
            self.printed.extend(frame["parameters"]["printData"])
            ws.send(json.dumps({"key": frame["key"], "code": "0", "message": "成功"}))
