"""The router every module under api/routes declares its routes on.

Its routes carry the /api/v1 prefix and the documented error answers from the moment they are
declared, once per process, so mounting them on an app is adding finished routes
(api/__init__.py). Including a router into an app instead makes FastAPI prepare each of its
routes again for that app, on the first request that walks past them: once in production, but
once per test for the tests, which build a fresh app every time."""

from __future__ import annotations

from enum import Enum

from fastapi import APIRouter

from waybill_ui.api.errors import ERROR_RESPONSES

API_PREFIX = "/api/v1"


def api_router(*, tags: list[str | Enum], prefixed: bool = True) -> APIRouter:
    """`prefixed=False` for the few routes outside /api/v1 (health check, page session)."""
    return APIRouter(prefix=API_PREFIX if prefixed else "", tags=tags, responses=ERROR_RESPONSES)
