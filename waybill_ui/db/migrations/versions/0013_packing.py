"""packing station (issue 21): order line items, item barcodes, weight and packed time on shipments

Revision ID: 0013_packing
Revises: 0008_reports
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # the module itself: sqlmodel.sql.sqltypes.AutoString below
from alembic import op

from waybill_ui.db.types import UTCDateTime

revision = "0013_packing"
down_revision = "0010_ewaybill"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "order_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("sku", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("spec", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("location", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_order_item_order", "order_item", ["order_id"], unique=False)
    op.create_index("ix_order_item_sku", "order_item", ["sku"], unique=False)
    op.create_table(
        "item_barcode",
        sa.Column("barcode", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("sku", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.PrimaryKeyConstraint("barcode"),
    )
    op.create_index(op.f("ix_item_barcode_sku"), "item_barcode", ["sku"], unique=False)
    op.create_table(
        "handover",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("carrier_code", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("numbers", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("shipment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("weight_g", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("packed_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("handover_id", sa.Integer(), nullable=True))
        batch_op.create_index("ix_shipment_handover_id", ["handover_id"], unique=False)
        batch_op.create_foreign_key("fk_shipment_handover", "handover", ["handover_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("shipment", schema=None) as batch_op:
        batch_op.drop_constraint("fk_shipment_handover", type_="foreignkey")
        batch_op.drop_index("ix_shipment_handover_id")
        batch_op.drop_column("handover_id")
        batch_op.drop_column("packed_at")
        batch_op.drop_column("weight_g")
    op.drop_table("handover")
    op.drop_index(op.f("ix_item_barcode_sku"), table_name="item_barcode")
    op.drop_table("item_barcode")
    op.drop_index("ix_order_item_sku", table_name="order_item")
    op.drop_index("ix_order_item_order", table_name="order_item")
    op.drop_table("order_item")
