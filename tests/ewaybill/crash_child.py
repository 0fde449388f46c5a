"""Run by test_crash.py in its own process: issue an e-waybill for one order, then die by
SIGKILL right after the provider answered and before the number is committed."""

import asyncio
import os
import signal
import sys
from pathlib import Path

from waybill_ui.config import load_settings
from waybill_ui.db import open_database
from waybill_ui.services.ewaybill import issue as ewaybill

from tests.ewaybill.support import make_sandbox, provider_factory


async def main(order_no: str, sandbox_path: str, provider: str = "sandbox") -> None:
    settings = load_settings()
    db = open_database(settings.db_url)
    box = make_sandbox(settings, Path(sandbox_path))
    provider_for, http = provider_factory(settings, box)
    carrier = "ZTO"
    if provider == "kuaidi100":  # Kuaidi100's face of the same network
        from waybill_ui.carriers.ewaybill import Kuaidi100Label

        carrier = "YTO"

        def provider_for(account):  # noqa: F811
            return Kuaidi100Label(
                http,
                key=box.config.customer,
                secret=box.config.key,
                url="http://net.test/sandbox/kuaidi100/label/order",
            )

    def dying(account):
        provider = provider_for(account)
        original = provider.issue

        async def issue(order, acct):
            got = await original(order, acct)
            print(got.number, flush=True)  # the provider issued this number …
            os.kill(os.getpid(), signal.SIGKILL)  # … and we crash before the commit

        provider.issue = issue
        return provider

    await ewaybill.issue_and_ship(db, order_no=order_no, carrier=carrier, actor="staff1", provider_for=dying)


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:4]))
