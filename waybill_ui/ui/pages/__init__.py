"""Importing a page module registers its @ui.page routes; `register()` imports them all."""

from __future__ import annotations

import importlib
import pkgutil


def register() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        importlib.import_module(f"{__name__}.{info.name}")
