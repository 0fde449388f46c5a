"""waybill_ui — a self-hosted waybill, shipping and tracking desk for online sellers."""

import importlib

__version__ = "0.1.0"


def __getattr__(name: str):
    # NiceGUI's test fixtures drop page modules *and their parent packages* from sys.modules between
    # tests; the re-imported parent then lacks attributes for subpackages still loaded. Find them.
    try:
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError:
        raise AttributeError(name) from None
