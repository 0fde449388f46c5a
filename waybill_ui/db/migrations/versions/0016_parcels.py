"""merge and split orders into parcels (issue 19 item 6, docs/merge-split.md): merge_group,
order_parcel, orders.merge_group_id, shipment.merge_group_id + parcel_seq; one live shipment per
order AND parcel, one per merge group

Revision ID: 0016_parcels
Revises: 0018_scale
Create Date: 2026-12-04 08:05:49.029789
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # the module itself: sqlmodel.sql.sqltypes.AutoString below
import waybill_ui.db.types
from waybill_ui.db.sqlite_copies import table_copies


revision = "0016_parcels"
down_revision = "0015_shops"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "merge_group",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("merge_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", waybill_ui.db.types.UTCDateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "order_parcel",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("items", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("created_at", waybill_ui.db.types.UTCDateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["orders.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("order_id", "seq", name="uq_order_parcel_seq"),
    )
    with op.batch_alter_table("order_parcel", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_order_parcel_order_id"), ["order_id"], unique=False)

    with table_copies(op.get_bind()):  # SQLite copies orders and shipment to add their foreign keys
        with op.batch_alter_table("orders", schema=None) as batch_op:
            batch_op.add_column(sa.Column("merge_group_id", sa.Integer(), nullable=True))
            batch_op.create_index(batch_op.f("ix_orders_merge_group_id"), ["merge_group_id"], unique=False)
            batch_op.create_foreign_key("fk_orders_merge_group", "merge_group", ["merge_group_id"], ["id"])

        with op.batch_alter_table("shipment", schema=None) as batch_op:
            batch_op.add_column(sa.Column("merge_group_id", sa.Integer(), nullable=True))
            batch_op.add_column(sa.Column("parcel_seq", sa.Integer(), server_default="1", nullable=False))
            batch_op.drop_index(
                "ux_shipment_live_order",
                sqlite_where=sa.text("cancelled_at IS NULL"),
                postgresql_where=sa.text("cancelled_at IS NULL"),
            )
            batch_op.create_index(
                "ux_shipment_live_order",
                ["order_id", "parcel_seq"],
                unique=True,
                sqlite_where=sa.text("cancelled_at IS NULL"),
                postgresql_where=sa.text("cancelled_at IS NULL"),
            )
            batch_op.create_index(
                "ux_shipment_live_group",
                ["merge_group_id"],
                unique=True,
                sqlite_where=sa.text("cancelled_at IS NULL AND merge_group_id IS NOT NULL"),
                postgresql_where=sa.text("cancelled_at IS NULL AND merge_group_id IS NOT NULL"),
            )
            batch_op.create_foreign_key("fk_shipment_merge_group", "merge_group", ["merge_group_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("shipment", schema=None) as batch_op:
        batch_op.drop_constraint("fk_shipment_merge_group", type_="foreignkey")
        batch_op.drop_index(
            "ux_shipment_live_group",
            sqlite_where=sa.text("cancelled_at IS NULL AND merge_group_id IS NOT NULL"),
            postgresql_where=sa.text("cancelled_at IS NULL AND merge_group_id IS NOT NULL"),
        )
        batch_op.drop_index(
            "ux_shipment_live_order",
            sqlite_where=sa.text("cancelled_at IS NULL"),
            postgresql_where=sa.text("cancelled_at IS NULL"),
        )
        batch_op.create_index(
            "ux_shipment_live_order",
            ["order_id"],
            unique=True,
            sqlite_where=sa.text("cancelled_at IS NULL"),
            postgresql_where=sa.text("cancelled_at IS NULL"),
        )
        batch_op.drop_column("parcel_seq")
        batch_op.drop_column("merge_group_id")

    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_constraint("fk_orders_merge_group", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_orders_merge_group_id"))
        batch_op.drop_column("merge_group_id")

    with op.batch_alter_table("order_parcel", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_order_parcel_order_id"))

    op.drop_table("order_parcel")
    op.drop_table("merge_group")
