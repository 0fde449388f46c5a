"""The JSON API (docs/api.md): routes under /api/v1 calling the same services as the pages.

Each module in ``api.routes`` declares its routes on ``router`` (``api.router.api_router``);
all are mounted here.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from fastapi import FastAPI
from starlette.routing import BaseRoute

from waybill_ui.api import errors, routes
from waybill_ui.api.router import API_PREFIX

__all__ = ["API_PREFIX", "mount"]


@cache
def _routes() -> tuple[BaseRoute, ...]:
    """Every module's finished routes, in module order, built once per process."""
    found: list[BaseRoute] = []
    for info in sorted(pkgutil.iter_modules(routes.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{routes.__name__}.{info.name}")
        router = getattr(module, "router", None)
        if router is not None:
            found.extend(router.routes)
    return tuple(found)


def mount(app: FastAPI) -> None:
    errors.install(app)
    # The routes themselves, not include_router: see api/router.py for what that would redo.
    app.router.routes.extend(_routes())
