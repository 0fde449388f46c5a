"""Marketplace export formats as plug-ins: one module per marketplace, each declaring a `FORMAT`
(formats/base.py). The importer picks the first whose header names are all in the file's header
row; Taobao, the broadest, is tried last. A layout none recognises is read with the column
mapping the seller made for the shop (`mapped`). Adding a marketplace: docs/architecture.md."""

from __future__ import annotations

from collections.abc import Sequence

from waybill_ui.services.orders.importing.formats import (
    doudian,
    jd,
    kuaishou,
    pdd,
    taobao,
    wechat_channels,
    xiaohongshu,
)
from waybill_ui.services.orders.importing.formats.base import FIELDS, Format, ShipBack, header_name

# most specific first: each is recognised by header names the others do not have
FORMATS: tuple[Format, ...] = (
    pdd.FORMAT,
    doudian.FORMAT,
    jd.FORMAT,
    kuaishou.FORMAT,
    wechat_channels.FORMAT,
    xiaohongshu.FORMAT,
    taobao.FORMAT,
)
BY_KEY = {f.key: f for f in FORMATS}
# 天猫 sells through Taobao's back office; manual/other shops use the plain template (Taobao headers)
_OF_MARKETPLACE = {f.marketplace: f for f in FORMATS} | {"tmall": taobao.FORMAT, "other": taobao.FORMAT}


def detect(cells: Sequence[object], *, prefer: str | None = None) -> Format | None:
    """The plug-in that recognises this header row (the shop's own marketplace first)."""
    first = _OF_MARKETPLACE.get(prefer) if prefer else None
    for fmt in ((first,) if first else ()) + FORMATS:
        if fmt.detect and fmt.detects(cells):
            return fmt
    return taobao.FORMAT if taobao.FORMAT.detects(cells) else None


def for_marketplace(marketplace: str) -> Format:
    return _OF_MARKETPLACE.get(marketplace, taobao.FORMAT)


def mapped(columns: dict[str, str], *, marketplace: str = "other") -> Format:
    """A layout the seller mapped in the import dialog: field → header, that header alone; the
    status texts of the shop's marketplace apply."""
    base = for_marketplace(marketplace)
    clean = {f: header_name(h) for f, h in columns.items() if f in FIELDS and header_name(h)}
    return Format(
        key="mapped",
        marketplace=marketplace,
        label="import.format.mapped",
        detect=tuple(clean.values()),
        columns={f: (h,) for f, h in clean.items()},
        statuses=base.statuses,
        ship_back=base.ship_back,
    )


__all__ = ["BY_KEY", "FIELDS", "FORMATS", "Format", "ShipBack", "detect", "for_marketplace", "header_name", "mapped"]
