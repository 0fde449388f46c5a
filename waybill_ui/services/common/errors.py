"""Errors a person can act on. Each carries a machine code (the API's ``code``), an HTTP
status, and a text key in waybill_ui.texts so the page and the API say the same thing."""

from __future__ import annotations

from typing import Any
from waybill_ui.texts import tr


class TextKey(str):
    """A message parameter that is itself a text key ("pool.status.expired"): rendered in the
    reader's language together with the message, so no raw code reaches a Chinese page."""


class ServiceError(Exception):
    status = 400
    code = "invalid"

    def __init__(self, text_key: str, /, *, code: str | None = None, status: int | None = None, **params: Any) -> None:
        self.text_key = text_key
        self.params = params
        if code:
            self.code = code
        if status:
            self.status = status
        super().__init__(self.message("en"))

    def message(self, lang: str | None = "zh") -> str:
        params = {k: tr(v, lang) if isinstance(v, TextKey) else v for k, v in self.params.items()}
        return tr(self.text_key, lang, **params)


class Invalid(ServiceError):
    status, code = 422, "invalid"


class NotFound(ServiceError):
    status, code = 404, "not_found"


class Conflict(ServiceError):
    status, code = 409, "conflict"


class Forbidden(ServiceError):
    status, code = 403, "forbidden"


class Unauthorized(ServiceError):
    status, code = 401, "unauthorized"


class Locked(ServiceError):
    status, code = 429, "locked"


class PaymentRequired(ServiceError):
    status, code = 402, "insufficient_balance"
    extra: dict[str, Any]  # the amounts in fen, set by the raiser (services/market/purchases.py)


class ProviderUnavailable(ServiceError):
    status, code = 503, "provider_unavailable"
