"""The carrier market and buying numbers: catalogue and prices, own contracts, checkout, the
balance ledger, getting bought numbers into the pool, carrier ratings and the buying planner.

The use cases below can be imported from this package; each lives in the module named.
"""

from waybill_ui.services import exposed

__all__, __getattr__ = exposed(
    __name__,
    {
        "catalogue": ["ensure_carrier", "list_carriers", "refresh", "store"],
        "checkout": ["buy", "sync_in_background", "sync_now"],
        "contracts": ["delete_contract", "save_contract"],
        "ledger": ["append", "export_csv", "export_rows", "history", "top_up"],
        "number_sync": ["due_purchase_ids", "sync_purchase"],
        "planner": ["choose", "plan", "simulate"],
        "purchases": ["cancel_purchase", "list_purchases", "refund_missing", "summary"],
        "quotes": ["carrier_ratings", "market_view", "quote", "quoter"],
        "ratings": ["compute", "on_time_by_carrier"],
    },
)
