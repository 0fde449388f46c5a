"""What an import or a preview reports, and the checks made before a file is read (its size, the
column mapping a seller made)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from waybill_ui.services.common.errors import Invalid
from waybill_ui.services.orders.importing.formats import FIELDS
from waybill_ui.services.orders.importing.parsing import Problem


@dataclass
class ImportReport:
    imported: int = 0  # new orders (in a preview: would be new)
    updated: int = 0  # existing orders refreshed
    skipped_shipped: int = 0  # already shipped: left as they are
    external_numbers: int = 0  # numbers of orders shipped elsewhere, kept so they are never reused
    needs_address: int = 0  # waiting orders kept as 待补地址 (no receiver, address or phone in the file)
    rejected: list[Problem] = field(default_factory=list)
    by_status: dict[str, int] = field(default_factory=dict)
    encoding: str = ""
    format: str = ""  # the plug-in that read the file (formats/), "mapped" for the shop's mapping
    format_label: str = ""  # its text key
    shop_id: int | None = None
    committed: bool = False
    sample: list[dict[str, Any]] = field(default_factory=list)

    @property
    def good(self) -> int:
        return self.imported + self.updated + self.skipped_shipped

    def as_json(self, lang: str | None = "zh") -> dict[str, Any]:
        return {
            "imported": self.imported,
            "updated": self.updated,
            "skipped_shipped": self.skipped_shipped,
            "external_numbers": self.external_numbers,
            "needs_address": self.needs_address,
            "by_status": self.by_status,
            "encoding": self.encoding,
            "format": self.format,
            "shop_id": self.shop_id,
            "rejected": [{"row": p.row, "order_no": p.order_no, "reason": p.reason(lang)} for p in self.rejected],
        }


def check_size(size: int, limit_mb: int) -> None:
    """Refuse an upload over the limit before reading it (settings.upload_limit_mb)."""
    if size > limit_mb * 1024 * 1024:
        raise Invalid(
            "import.too_large", status=413, code="too_large", size_mb=f"{size / 1024 / 1024:.1f}", limit_mb=limit_mb
        )


class NeedsMapping(Invalid):
    """No plug-in knows the layout and the shop has no mapping that fits: map the columns once."""

    def __init__(self, headers: list[str]):
        super().__init__("import.needs_mapping", code="needs_mapping")
        self.headers = headers
        self.extra = {"headers": headers, "fields": list(FIELDS)}


def check_mapping(columns: dict[str, str], headers: list[str]) -> dict[str, str]:
    """A mapping from the dialog or the API: known fields, columns the file has, an order number."""
    clean = {f: (h or "").strip() for f, h in columns.items() if (h or "").strip()}
    for field_name, header in clean.items():
        if field_name not in FIELDS:
            raise Invalid("import.mapping.unknown_field", code="bad_mapping", field=field_name[:30])
        if header not in headers:
            raise Invalid("import.mapping.unknown_column", code="bad_mapping", column=header[:40])
    if "order_no" not in clean:
        raise Invalid("import.mapping.order_no_required", code="bad_mapping")
    return clean
