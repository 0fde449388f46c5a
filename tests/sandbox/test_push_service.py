"""The embedded network's Kuaidi100 push service: subscription answers (key, carrier, phone,
duplicates, 4 a month) and pushes to a fake callback server, signed, resent until acknowledged,
ending with "shutdown"."""

import hashlib
import json
import time
from urllib.parse import parse_qs

import httpx

from waybill_ui.carriers.protocol import SubscribeQuery
from waybill_ui.sandbox import push

from .conftest import KEY, make_sandbox


async def test_subscription_answers(sandbox, provider):
    q = SubscribeQuery(carrier="YTO", number="YT1000000000001", callback_url="http://app.test/cb", salt="s")
    assert (await provider.subscribe(q)).outcome == "subscribed"
    assert (await provider.subscribe(q)).outcome == "duplicate"  # still tracked: 501
    sf = SubscribeQuery(carrier="SF", number="SF1000000000001", callback_url="http://app.test/cb")
    assert (await provider.subscribe(sf)).code == "700"  # SF needs the phone
    sf.phone = "13812345678"
    assert (await provider.subscribe(sf)).accepted
    bad_url = SubscribeQuery(carrier="YTO", number="YT1000000000002", callback_url="ftp://x")
    assert (await provider.subscribe(bad_url)).code == "700"
    assert json.loads(push.subscribe(sandbox, param=json.dumps({"key": "wrong"})).body)["returnCode"] == "600"


def test_four_subscriptions_a_month(sandbox):
    param = json.dumps(
        {
            "company": "yuantong",
            "number": "YT1000000000003",
            "key": KEY,
            "parameters": {"callbackurl": "http://app.test/cb"},
        }
    )
    codes = []
    for _ in range(5):
        codes.append(json.loads(push.subscribe(sandbox, param=param).body)["returnCode"])
        sandbox.store.mark_pushed([("YT1000000000003", 0, "abort")])  # the network gave up: may subscribe again
    assert codes == ["200", "200", "200", "200", "700"]


async def test_pushes_are_signed_resent_until_acknowledged_and_end_with_shutdown(tmp_path):
    box = make_sandbox(tmp_path, speed=3600 * 24 * 10)
    received, answer = [], {"ok": False}

    def app(request: httpx.Request) -> httpx.Response:
        form = {k: v[0] for k, v in parse_qs(request.content.decode()).items()}
        received.append(form)
        body = {"result": True, "returnCode": "200", "message": "成功"} if answer["ok"] else {"result": False}
        return httpx.Response(200, json=body)

    client = httpx.AsyncClient(transport=httpx.MockTransport(app))
    param = json.dumps(
        {
            "company": "yuantong",
            "number": "YT1000000000004",
            "key": KEY,
            "parameters": {"callbackurl": "http://app.test/cb", "salt": "pepper"},
        }
    )
    assert json.loads(push.subscribe(box, param=param).body)["result"] is True
    assert await push.push_due(box, client, now=time.time() - 1) == 0  # nothing scanned yet
    later = time.time() + 2  # twenty simulated days on: the parcel's whole life
    assert await push.push_due(box, client, now=later) == 0 and len(received) == 1  # refused by the app
    answer["ok"] = True
    assert await push.push_due(box, client, now=later) == 1 and len(received) == 2  # sent again
    form = received[-1]
    assert form["sign"] == hashlib.md5((form["param"] + "pepper").encode()).hexdigest().upper()
    data = json.loads(form["param"])
    assert data["status"] == "shutdown" and data["lastResult"]["nu"] == "YT1000000000004"
    assert data["lastResult"]["state"] in ("3", "4", "14") and len(data["lastResult"]["data"]) >= 5
    assert await push.push_due(box, client, now=later + 10) == 0  # finished: nothing more
    await client.aclose()
    box.close()
