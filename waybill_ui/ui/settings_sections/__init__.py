"""Groups of the settings page, one module each, so every area adds its own group.

A module defines TAB_KEY (text key of the tab), ORDER (position), OWNER_ONLY (hide from staff)
and ``async def render(me: Principal) -> None``.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def sections() -> list[ModuleType]:
    found = [importlib.import_module(f"{__name__}.{info.name}")
             for info in pkgutil.iter_modules(__path__) if not info.name.startswith("_")]
    return sorted(found, key=lambda m: getattr(m, "ORDER", 100))
