"""The JSON API (docs/api.md): routes under /api/v1 calling the same services as the pages.

Each module in ``api.routes`` defines ``router``; all are mounted here.
"""

from __future__ import annotations

import importlib
import pkgutil

from fastapi import FastAPI

from waybill_ui.api import errors, routes

API_PREFIX = "/api/v1"


def mount(app: FastAPI) -> None:
    errors.install(app)
    for info in sorted(pkgutil.iter_modules(routes.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{routes.__name__}.{info.name}")
        router = getattr(module, "router", None)
        if router is not None:
            app.include_router(
                router,
                prefix="" if getattr(module, "UNPREFIXED", False) else API_PREFIX,
                responses=errors.ERROR_RESPONSES,
            )
