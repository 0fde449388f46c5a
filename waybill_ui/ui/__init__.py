"""Pages (NiceGUI only lives in this package). Pages stay thin: they call services off the
event loop and show what comes back."""

import importlib


def __getattr__(name: str):
    # See waybill_ui/__init__.py: this package is re-imported between page tests.
    try:
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError:
        raise AttributeError(name) from None
