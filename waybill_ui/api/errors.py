"""One error shape for every API answer: {"detail": "<human-readable>", "code": "<machine>"}."""

from __future__ import annotations

import inspect
import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from typing import Any
from waybill_ui.api.deps import language
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.texts import tr

log = logging.getLogger(__name__)


class ErrorOut(BaseModel):
    """Every 4xx answer; some errors add facts (e.g. `missing_fen` with insufficient_balance)."""

    detail: str
    code: str


# Documented on every route, so /openapi.json describes the errors the API really sends
# (FastAPI's default 422 schema, a list of validation problems, is not our shape).
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": description}
    for status, description in (
        (401, "not logged in"),
        (403, "owner only"),
        (404, "not found"),
        (409, "conflict"),
        (422, "invalid input: detail says what to fix"),
    )
}

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "locked",
}


def install(app: FastAPI) -> None:
    @app.exception_handler(ServiceError)
    async def service_error(request: Request, exc: ServiceError) -> JSONResponse:
        # `extra`: machine-readable facts some errors carry (e.g. missing_fen on insufficient_balance)
        body = {**(getattr(exc, "extra", None) or {}), "detail": exc.message(language(request)), "code": exc.code}
        return JSONResponse(body, status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for error in exc.errors():
            where = ".".join(str(p) for p in error.get("loc", ()) if p != "body")
            problems.append(f"{where}: {error.get('msg')}" if where else str(error.get("msg")))
        return JSONResponse(
            {
                "detail": "; ".join(problems) or "invalid request",
                "code": "invalid",
                "errors": [{"loc": list(e.get("loc", ())), "msg": str(e.get("msg"))} for e in exc.errors()],
            },
            status_code=422,
        )

    @app.exception_handler(OverflowError)
    async def number_too_large(request: Request, exc: OverflowError) -> JSONResponse:
        # e.g. an id beyond SQLite's 64-bit integers: no such record can exist
        return JSONResponse({"detail": "a number in the request is too large", "code": "invalid"}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, "error")
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        return JSONResponse(
            {"detail": detail, "code": code}, status_code=exc.status_code, headers=getattr(exc, "headers", None)
        )

    # A 404 goes to a handler by its status before any by class; NiceGUI's draws its HTML error
    # page. An address under /api/ that names no route is answered in the API's own shape instead,
    # so a script calling a mistyped address gets JSON it can read, not a web page.
    page_not_found = app.exception_handlers.get(404)

    @app.exception_handler(404)
    async def not_found(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith("/api/") or page_not_found is None:
            if isinstance(exc, StarletteHTTPException) and request.scope.get("endpoint") is not None:
                return await http_error(request, exc)  # a route's own 404, with its own words
            detail = tr("api.no_route", language(request), method=request.method, path=request.url.path)
            return JSONResponse({"detail": detail, "code": "not_found"}, status_code=404)
        page = page_not_found(request, exc)
        return await page if inspect.isawaitable(page) else page
