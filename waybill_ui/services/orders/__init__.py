"""Orders and their import: the paged list and search, marketplace exports read in,
addresses (待补地址, smart paste), the shops orders belong to, merging and splitting into parcels
(docs/merge-split.md) and the ship-back file in each marketplace's template.

The use cases below can be imported from this package; each lives in the module named.
"""

from waybill_ui.services import exposed

__all__, __getattr__ = exposed(
    __name__,
    {
        "address_check": ["is_complete"],
        "carrier_requests": ["warning"],
        "listing": ["get_order", "list_orders", "matching_ids", "order_nos"],
        "merging": ["merge", "merge_key", "mergeable_ids", "suggestions", "unmerge"],
        "search": ["exact_target", "find"],
        "shipback": ["batch_ship_rows", "build", "shipment_ids_for_orders"],
        "shops": ["create_shop", "delete_shop", "forget_mapping", "list_shops", "update_shop"],
        "splitting": ["parcels_of", "split"],
    },
)
