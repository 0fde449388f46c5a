"""The packing station: scan to verify, weigh and ship a parcel; pick lists and packing slips,
handover to the courier, the freight estimate and item barcodes.

The use cases below can be imported from this package; each lives in the module named.
"""

from waybill_ui.services import exposed

__all__, __getattr__ = exposed(
    __name__,
    {
        "barcodes": ["delete", "expected_weight", "list_page", "save"],
        "freight": ["parcel_fen"],
        "handover": ["get", "hand_over", "not_handed_over"],
        "handover_lists": ["check_parcel", "end_of_day", "left_over", "recent"],
        "pick_list": ["collect", "render_pick_list"],
        "scan": ["confirm", "open_parcel", "scan_item", "sku_of", "weight_flagged"],
    },
)
