"""The orders table: its columns, one order as a row, and the cells drawn in the browser (the
buyer's carrier request as a chip; 补地址 / 发货 / 撤销 buttons that tell the page by event)."""

from __future__ import annotations

import json
from typing import Any

from nicegui import ui

from waybill_ui.carriers import codes
from waybill_ui.clock import fmt_local
from waybill_ui.services.orders import address_check as order_address
from waybill_ui.services.orders import carrier_requests
from waybill_ui.services.orders import listing as orders
from waybill_ui.ui.i18n import fen, lang, t

PAGE_SIZE = 50


def _columns() -> list[dict]:
    def col(name: str, *, sortable: bool = False, **extra) -> dict:
        return {
            "name": name,
            "label": t(f"orders.col.{name}"),
            "field": name,
            "align": "left",
            "sortable": sortable,
            **extra,
        }

    wrap: dict[str, Any] = {"style": "white-space: normal; min-width: 12rem"}
    return [
        col("order_no", sortable=True),
        col("shop"),
        col("ordered_at", sortable=True),
        col("receiver"),
        col("address", **wrap),
        col("items", **wrap),
        col("amount", sortable=True),
        col("status", sortable=True),
        col("shipping"),
        col("message", **wrap),
        col("actions"),
    ]


def _status_text(r: orders.OrderRow) -> str:
    if r.status == "pending" and not order_address.of(r):
        return t("orders.needs_address")
    return t("orders.partly_shipped") if r.partly_shipped else t(f"orders.status.{r.status}")


def _chips(r: orders.OrderRow, mergeable: set[int]) -> list[str]:
    """可合并 / 已合并 #n / N 个包裹 beside the status (docs/merge-split.md)."""
    chips = []
    if r.id in mergeable:
        chips.append(t("orders.mergeable"))
    if r.merge_group_id:
        chips.append(t("orders.merged", group=r.merge_group_id))
    if r.parcels > 1:
        chips.append(t("orders.parcels_chip", count=r.parcels))
    return chips


def _row(r: orders.OrderRow, mergeable: set[int] | None = None) -> dict:
    return {
        "id": r.id,
        "order_no": r.order_no,
        "ordered_at": fmt_local(r.ordered_at),
        "shop": r.shop_name,
        "shop_id": r.shop_id,
        "receiver": f"{r.receiver_name} {order_address.dialable(r.phone, r.phone_ext)}",
        "address": " ".join(
            p for p in (r.province, r.city if r.city != r.province else "", r.district, r.address) if p
        ),
        "items": f"{r.items} ×{r.item_count}",
        "amount": fen(r.amount_fen),
        "status": _status_text(r),
        "chips": _chips(r, mergeable or set()),
        "merged": bool(r.merge_group_id) and r.status == "pending",
        "can_split": r.status == "pending" and not r.merge_group_id and not r.parcels_shipped,
        "needs_address": r.status == "pending" and not order_address.of(r),
        "raw_status": r.status,
        "shipping": " ".join(p for p in (codes.name_of(r.carrier) if r.carrier else "", r.waybill_number or "") if p),
        "message": " / ".join(p for p in (r.buyer_message, r.seller_memo) if p),
        "shipment_id": r.shipment_id,
        **_request_of(r),
        "can_cancel": bool(r.shipment_id and r.shipment_status == "pending"),
    }


def _request_of(r: orders.OrderRow) -> dict:
    """The buyer's carrier request as a chip, red when the shipped carrier goes against it."""
    request = carrier_requests.parse(r.buyer_message, r.seller_memo)
    if not request:
        return {"request": "", "request_broken": ""}
    broken = carrier_requests.warning(request, r.carrier, lang()) if r.carrier else ""
    return {"request": carrier_requests.label(request, lang()), "request_broken": broken}


def _message_slot() -> str:
    return """
        <q-td :props="props" style="white-space: normal; min-width: 12rem">
          <div>{{ props.row.message }}</div>
          <q-chip v-if="props.row.request" dense square size="sm"
                  :color="props.row.request_broken ? 'negative' : 'orange-2'"
                  :text-color="props.row.request_broken ? 'white' : 'orange-10'"
                  :title="props.row.request_broken || props.row.request">
            {{ props.row.request_broken || props.row.request }}
          </q-chip>
        </q-td>"""


def _actions_slot() -> str:
    ship, cancel = json.dumps(t("orders.action.ship")), json.dumps(t("orders.action.cancel"))
    fill = json.dumps(t("address.fill_button"))
    split, unmerge = json.dumps(t("orders.action.split")), json.dumps(t("orders.action.unmerge"))
    return f"""
        <q-td :props="props">
          <q-btn v-if="props.row.needs_address" size="sm" dense unelevated no-caps color="orange-8" class="q-mr-xs"
                 :label='{fill}' @click="() => $parent.$emit('fill', props.row)" />
          <q-btn v-if="props.row.raw_status === 'pending'" size="sm" dense unelevated no-caps color="primary"
                 :label='{ship}' @click="() => $parent.$emit('ship', props.row)" />
          <q-btn v-if="props.row.can_cancel" size="sm" dense flat no-caps color="negative"
                 :label='{cancel}' @click="() => $parent.$emit('cancel', props.row)" />
          <q-btn v-if="props.row.can_split" size="sm" dense flat no-caps color="primary"
                 :label='{split}' @click="() => $parent.$emit('split', props.row)" />
          <q-btn v-if="props.row.merged" size="sm" dense flat no-caps color="grey-8"
                 :label='{unmerge}' @click="() => $parent.$emit('unmerge', props.row)" />
        </q-td>"""


def _status_slot() -> str:
    return """
        <q-td :props="props">
          <span>{{ props.row.status }}</span>
          <q-chip v-for="chip in props.row.chips" :key="chip" dense square size="sm" color="teal-1"
                  text-color="teal-10">{{ chip }}</q-chip>
        </q-td>"""


def make_table() -> ui.table:
    table = (
        ui.table(
            columns=_columns(),
            rows=[],
            row_key="id",
            selection="multiple",
            pagination={
                "page": 1,
                "rowsPerPage": PAGE_SIZE,
                "rowsNumber": 0,
                "sortBy": "ordered_at",
                "descending": True,
            },
        )
        .props("flat bordered dense :rows-per-page-options=[20,50,100,200]")
        .classes("w-full")
        .mark("orders-table")
    )
    table.add_slot("body-cell-actions", _actions_slot())
    table.add_slot("body-cell-message", _message_slot())
    table.add_slot("body-cell-status", _status_slot())
    table.props["no-data-label"] = t("orders.empty")
    return table


def rows_of(found: list[orders.OrderRow], mergeable: set[int] | None = None) -> list[dict]:
    return [_row(r, mergeable) for r in found]
