"""Every text the seller reads, Chinese first, English second — in this one package.

Each module here defines ``TEXTS = {key: (zh, en)}``; they are merged at import. Services use
``tr(key, lang)`` for messages (no NiceGUI); pages use ``waybill_ui.ui.i18n.t``.
"""

from __future__ import annotations

import importlib
import pkgutil

LANGUAGES = {"zh": "中文", "en": "English"}
DEFAULT_LANGUAGE = "zh"


def _load() -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for key, value in getattr(module, "TEXTS", {}).items():
            if key in merged:
                raise RuntimeError(f"text key {key!r} defined twice (again in texts/{info.name}.py)")
            merged[key] = value
    return merged


TEXTS = _load()


# Parameters that are quantities: shown as 1,000 everywhere (never 1000 on one page and 1,000 on
# the next). Ids, days and positions are left as they are.
QUANTITIES = frozenset(
    {
        "count",
        "total",
        "stock",
        "orders",
        "shipped",
        "imported",
        "updated",
        "rejected",
        "accepted",
        "available",
        "need",
        "new",
        "failed",
        "done",
        "short",
        "checked",
        "changed",
        "skipped",
        "numbers",
        "quantity",
        "reprints",
        "bought",
        "newly",
        "expiring",
        "used",
    }
)


def tr(key: str, lang: str | None = None, /, **params) -> str:
    pair = TEXTS.get(key)
    if pair is None:
        return key  # a missing text shows its key rather than breaking the page
    text = pair[1] if lang == "en" else pair[0]
    if not params:
        return text
    for name in QUANTITIES.intersection(params):
        value = params[name]
        if type(value) is int and abs(value) >= 1000:
            params[name] = f"{value:,}"
    return text.format(**params)
