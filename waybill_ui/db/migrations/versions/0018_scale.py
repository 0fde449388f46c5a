"""1M orders and numbers (issue 16): one (sort column, id) index per list sort for keyset pages,
and the phone's last four digits as an expression index (the same SQL on SQLite and PostgreSQL)

Revision ID: 0018_scale
Revises: 0014_aftership
"""

from alembic import op
from sqlalchemy import text

revision = "0018_scale"
down_revision = "0014_aftership"
branch_labels = None
depends_on = None

_ORDERS = [
    ("ix_orders_ordered_at_id", ["ordered_at", "id"]),
    ("ix_orders_paid_at_id", ["paid_at", "id"]),
    ("ix_orders_amount_id", ["amount_fen", "id"]),
    ("ix_orders_province_id", ["province", "id"]),
    ("ix_orders_receiver_id", ["receiver_name", "id"]),
    ("ix_orders_status_id", ["status", "id"]),
    ("ix_orders_status_ordered_id", ["status", "ordered_at", "id"]),
    ("ix_orders_status_paid_id", ["status", "paid_at", "id"]),
    ("ix_orders_status_amount_id", ["status", "amount_fen", "id"]),
]
# as in db/models/orders.py (a copy: a migration never imports the models it migrates)
_NEEDS_ADDRESS = (
    "NOT (status != 'pending' OR (coalesce(receiver_name, '') != '' AND coalesce(province, '') != '' "
    "AND replace(replace(coalesce(address, ''), '*', ''), ' ', '') != '' "
    "AND ((coalesce(phone, '') != '' AND phone NOT LIKE '%*%') OR coalesce(landline, '') != '')))"
)
_WAYBILL = [
    ("ix_waybill_expires_id", ["expires_at", "id"]),
    ("ix_waybill_created_id", ["created_at", "id"]),
    ("ix_waybill_carrier_expires_id", ["carrier_code", "expires_at", "id"]),
    ("ix_waybill_status_expires_id", ["status", "expires_at", "id"]),
    ("ix_waybill_carrier_id", ["carrier_code", "id"]),
    ("ix_waybill_status_id", ["status", "id"]),
]
# subsumed by the (…, id) ones above
_REPLACED = [("ix_orders_ordered_at", ["ordered_at"]), ("ix_orders_status_created", ["status", "ordered_at"])]


def upgrade() -> None:
    for name, _ in _REPLACED:
        op.drop_index(name, table_name="orders")
    for name, columns in _ORDERS:
        op.create_index(name, "orders", columns)
    op.create_index("ix_orders_phone_tail", "orders", [text("substr(phone, length(phone) - 3)")])
    op.create_index(
        "ix_orders_needs_address",
        "orders",
        ["ordered_at", "id"],
        sqlite_where=text(_NEEDS_ADDRESS),
        postgresql_where=text(_NEEDS_ADDRESS),
    )
    for name, columns in _WAYBILL:
        op.create_index(name, "waybill", columns)
    unprinted = text("printed_count = 0 AND cancelled_at IS NULL")
    op.create_index(
        "ix_shipment_unprinted", "shipment", ["order_id"], sqlite_where=unprinted, postgresql_where=unprinted
    )


def downgrade() -> None:
    op.drop_index("ix_shipment_unprinted", table_name="shipment")
    for name, _ in _WAYBILL:
        op.drop_index(name, table_name="waybill")
    op.drop_index("ix_orders_phone_tail", table_name="orders")
    op.drop_index("ix_orders_needs_address", table_name="orders")
    for name, _ in _ORDERS:
        op.drop_index(name, table_name="orders")
    for name, columns in _REPLACED:
        op.create_index(name, "orders", columns)
