"""waybill_ui — a self-hosted waybill, shipping and tracking desk for online sellers."""

__version__ = "0.1.0"
