"""Shipping orders: one by one, in batches of thousands, automatically by rule; which
carrier ships an order (matching and the seller's rules).

The use cases below can be imported from this package; each lives in the module named.
"""

from waybill_ui.services import exposed

__all__, __getattr__ = exposed(
    __name__,
    {
        "auto": ["recent_runs", "run_auto_ship"],
        "batch": ["batch_ship", "preview_batch"],
        "dispatch": ["ship_batch"],
        "matcher_loading": ["decide", "load_matcher", "preview_address"],
        "parcels": ["record_in", "target_in"],
        "rules": ["delete_rule", "move_rule", "save_rule"],
        "single": [
            "cancel_shipment",
            "check_coverage",
            "dialog_context",
            "hold_number",
            "record_shipment",
            "release_hold",
            "ship_order",
        ],
    },
)
