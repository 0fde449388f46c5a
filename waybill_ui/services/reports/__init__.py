"""Reports and the dashboard: how carriers did, what the pool cost, where parcels went.

The use cases below can be imported from this package; each lives in the module named.
"""

from waybill_ui.services import exposed

__all__, __getattr__ = exposed(
    __name__,
    {
        "carriers": ["carriers_table"],
        "dashboard": ["counts", "load_demo", "per_day", "snapshot"],
        "sections": ["pool_table"],
        "shops": ["table"],
        "summary": ["build"],
        "tables": ["preset"],
    },
)
