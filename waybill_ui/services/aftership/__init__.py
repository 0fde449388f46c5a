"""After the parcel leaves: freight bill reconciliation, interception and returns.

The use cases below can be imported from this package; each lives in the module named.
"""

from waybill_ui.services import exposed

__all__, __getattr__ = exposed(
    __name__,
    {
        "interception": ["for_shipment", "list_interceptions", "refresh_pending", "request", "shipment_by_number"],
        "returns": ["list_returns", "mark_received", "open_for", "rates_in", "return_rates", "sweep"],
    },
)
