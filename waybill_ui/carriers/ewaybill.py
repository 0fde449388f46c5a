"""The e-waybill capability (issue / cancel / balance / reprint) of the providers that have it,
as thin I/O around the pure builders and parsers in kdniao/eorder.py and kuaidi100/label.py.
Which one serves an account is chosen in registry.ewaybill_provider()."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from waybill_ui.carriers.http import ProviderHTTP
from waybill_ui.carriers.kdniao import eorder
from waybill_ui.carriers.kuaidi100 import label
from waybill_ui.carriers.protocol import (
    EwaybillAccount,
    EwaybillIssued,
    EwaybillOrder,
    NotSupported,
    ProviderConfigError,
)
from waybill_ui.carriers.track_common import check_http_status
from typing import Any

FORM_TYPE = "application/x-www-form-urlencoded;charset=utf-8"


class EwaybillProvider:
    name = "base"
    reprint_limit: int | None = None  # how many reprints the provider allows …
    reprint_window_h: int | None = None  # … within how many hours of the issue
    reprints_at_provider = False  # True: reprints go through the provider's own call, which counts them
    # True only where the vendor documents that the same order code gets the same number back
    # (Kdniao 1007: 105/106). Elsewhere an answer lost after sending leaves the issue "unsure":
    # services/ewaybill/unsure.py holds the order instead of sending it again.
    dedupes_by_order_code = False

    async def issue(self, order: EwaybillOrder, account: EwaybillAccount) -> EwaybillIssued:
        raise NotSupported(self.name, "issue e-waybills")

    async def cancel(self, *, account: EwaybillAccount, order_code: str, number: str, provider_order_id: str) -> None:
        raise NotSupported(self.name, "cancel e-waybills")

    async def balance(self, account: EwaybillAccount) -> int | None:
        return None  # not every provider reports it

    async def reprint(self, *, account: EwaybillAccount, task_id: str) -> None:
        return None  # reprinting is local unless the provider counts it


class KdniaoEorder(EwaybillProvider):
    name = "kdniao"
    dedupes_by_order_code = True

    def __init__(self, http: ProviderHTTP, *, business_id: str, api_key: str, url: str):
        if not (business_id and api_key):
            raise ProviderConfigError(
                "Kdniao business id and API key are not set (WAYBILL_KDNIAO_BUSINESS_ID / _API_KEY)",
                code="not_configured",
            )
        self.http, self.business_id, self.api_key, self.url = http, business_id, api_key, url

    async def _post(self, form: dict[str, Any]) -> bytes:
        response = await self.http.request(
            "POST", self.url, content=urlencode(form).encode("ascii"), headers={"Content-Type": FORM_TYPE}
        )
        check_http_status(response.status_code, "Kdniao")
        return response.content

    async def issue(self, order: EwaybillOrder, account: EwaybillAccount) -> EwaybillIssued:
        body = await self._post(
            eorder.issue_request(order, account, business_id=self.business_id, api_key=self.api_key)
        )
        issued = eorder.parse_issue_response(body)
        issued.order_code = issued.order_code or order.order_code
        return issued

    async def cancel(self, *, account: EwaybillAccount, order_code: str, number: str, provider_order_id: str) -> None:
        eorder.parse_cancel_response(
            await self._post(
                eorder.cancel_request(
                    carrier=account.carrier,
                    order_code=order_code,
                    number=number,
                    account=account,
                    business_id=self.business_id,
                    api_key=self.api_key,
                )
            )
        )

    async def balance(self, account: EwaybillAccount) -> int | None:
        return eorder.parse_balance_response(
            await self._post(eorder.balance_request(account, business_id=self.business_id, api_key=self.api_key))
        )


class Kuaidi100Label(EwaybillProvider):
    name = "kuaidi100"
    reprint_limit, reprint_window_h = label.REPRINT_LIMIT, label.REPRINT_WINDOW_H
    reprints_at_provider = True  # printOld

    def __init__(self, http: ProviderHTTP, *, key: str, secret: str, url: str, clock: Callable[[], float] = time.time):
        if not (key and secret):
            raise ProviderConfigError("Kuaidi100 key and secret are not set", code="not_configured")
        self.http, self.key, self.secret, self.url, self.clock = http, key, secret, url, clock

    async def _post(self, form: dict[str, Any], *, retries: int | None = None) -> bytes:
        response = await self.http.request("POST", self.url, data=form, retries=retries)
        check_http_status(response.status_code, "Kuaidi100")
        return response.content

    def _t(self) -> str:
        return str(int(self.clock() * 1000))

    async def issue(self, order: EwaybillOrder, account: EwaybillAccount) -> EwaybillIssued:
        form = label.issue_request(order, account, key=self.key, secret=self.secret, t=self._t())
        # Never resent automatically: Kuaidi100 is not known to dedupe our order code (docs/ewaybill.md).
        return label.parse_issue_response(await self._post(form, retries=0), order_code=order.order_code)

    async def cancel(self, *, account: EwaybillAccount, order_code: str, number: str, provider_order_id: str) -> None:
        label.parse_cancel_response(
            await self._post(
                label.cancel_request(
                    carrier=account.carrier,
                    number=number,
                    provider_order_id=provider_order_id,
                    account=account,
                    key=self.key,
                    secret=self.secret,
                    t=self._t(),
                )
            )
        )

    async def reprint(self, *, account: EwaybillAccount, task_id: str) -> None:
        if task_id:
            label.parse_reprint_response(
                await self._post(label.reprint_request(task_id=task_id, key=self.key, secret=self.secret, t=self._t()))
            )


# Provider name → (reprints allowed, within hours of the issue); providers without a limit are absent.
REPRINT_RULES = {
    cls.name: (cls.reprint_limit, cls.reprint_window_h)
    for cls in (KdniaoEorder, Kuaidi100Label)
    if cls.reprint_limit is not None
}
REPRINTS_AT_PROVIDER = frozenset(cls.name for cls in (KdniaoEorder, Kuaidi100Label) if cls.reprints_at_provider)
# Providers (by account provider name) that do NOT give the same number back for a repeated order
# code: an issue whose answer was lost must not be resent blindly ("sandbox" speaks Kdniao).
UNSURE_AFTER_LOSS = frozenset(cls.name for cls in (Kuaidi100Label,) if not cls.dedupes_by_order_code)
