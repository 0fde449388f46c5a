"""运费对账: import a carrier's monthly bill, match every line to our shipments, compare with the
contract price for the recorded weight and destination, and list what to dispute."""

from waybill_ui.services.aftership.freight.reconcile import (
    ISSUES,
    import_bill,
    list_bills,
    list_lines,
    list_missing,
    mapping_for,
    summary_by_month,
)
from waybill_ui.services.aftership.freight.export import dispute_csv, dispute_xlsx

__all__ = [
    "ISSUES",
    "dispute_csv",
    "dispute_xlsx",
    "import_bill",
    "list_bills",
    "list_lines",
    "list_missing",
    "mapping_for",
    "summary_by_month",
]
