"""Orders and their import: the paged list and search, marketplace exports read in,
addresses (待补地址, smart paste) and the ship-back file for the marketplace.

The use cases below can be imported from this package; each lives in the module named.
"""
from waybill_ui.services import exposed

__all__, __getattr__ = exposed(__name__, {
    "address_check": ["is_complete"],
    "carrier_requests": ["warning"],
    "listing": ["get_order", "list_orders", "matching_ids", "order_nos"],
    "search": ["exact_target", "find"],
    "shipback": ["batch_ship_rows", "shipment_ids_for_orders"],
})
