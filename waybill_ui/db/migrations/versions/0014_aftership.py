"""after the parcel leaves (issue 22): freight bills, interceptions, returns, alert channels;
and orders.after_sale (shipment.weight_g comes from 0013_packing)

Revision ID: 0014_aftership
Revises: 0011_push
Create Date: 2026-12-04 02:28:29.475117
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # the module itself: sqlmodel.sql.sqltypes.AutoString below
import waybill_ui.db.types


revision = "0014_aftership"
down_revision = "0017_packing2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alert_channel",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("target", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("secret", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("alert_kinds", sa.JSON(), nullable=False),
        sa.Column("daily_summary", sa.Boolean(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("last_sent_at", waybill_ui.db.types.UTCDateTime(), nullable=True),
        sa.Column("last_summary_on", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("last_error", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("last_error_at", waybill_ui.db.types.UTCDateTime(), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("next_try_at", waybill_ui.db.types.UTCDateTime(), nullable=True),
        sa.Column("pending", sa.JSON(), nullable=False),
        sa.Column("created_at", waybill_ui.db.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "freight_bill",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("carrier_code", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("month", sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
        sa.Column("filename", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("lines", sa.Integer(), nullable=False),
        sa.Column("billed_fen", sa.Integer(), nullable=False),
        sa.Column("expected_fen", sa.Integer(), nullable=False),
        sa.Column("overcharge_fen", sa.Integer(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("missing", sa.Integer(), nullable=False),
        sa.Column("imported_at", waybill_ui.db.types.UTCDateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("freight_bill", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_freight_bill_carrier_code"), ["carrier_code"], unique=False)

    op.create_table(
        "freight_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bill_id", sa.Integer(), nullable=False),
        sa.Column("row_no", sa.Integer(), nullable=False),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("billed_on", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("destination", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("weight_g", sa.Integer(), nullable=True),
        sa.Column("fee_fen", sa.Integer(), nullable=False),
        sa.Column("surcharge_fen", sa.Integer(), nullable=False),
        sa.Column("shipment_id", sa.Integer(), nullable=True),
        sa.Column("our_weight_g", sa.Integer(), nullable=True),
        sa.Column("expected_fen", sa.Integer(), nullable=True),
        sa.Column("issue", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("diff_fen", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bill_id"],
            ["freight_bill.id"],
        ),
        sa.ForeignKeyConstraint(
            ["shipment_id"],
            ["shipment.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("freight_line", schema=None) as batch_op:
        batch_op.create_index("ix_freight_line_bill_issue", ["bill_id", "issue", "row_no"], unique=False)
        batch_op.create_index("ix_freight_line_bill_number", ["bill_id", "number"], unique=False)

    op.create_table(
        "interception",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shipment_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("new_address", sa.JSON(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("provider_ref", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("error", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("fee_fen", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("requested_at", waybill_ui.db.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", waybill_ui.db.types.UTCDateTime(), nullable=True),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["shipment_id"],
            ["shipment.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("idempotency_key", name="uq_interception_key"),
    )
    with op.batch_alter_table("interception", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_interception_shipment_id"), ["shipment_id"], unique=False)

    op.create_table(
        "return_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shipment_id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("carrier_code", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("province", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("return_number", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("opened_at", waybill_ui.db.types.UTCDateTime(), nullable=False),
        sa.Column("received_at", waybill_ui.db.types.UTCDateTime(), nullable=True),
        sa.Column("received_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["orders.id"],
        ),
        sa.ForeignKeyConstraint(
            ["shipment_id"],
            ["shipment.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("shipment_id", name="uq_return_shipment"),
    )
    with op.batch_alter_table("return_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_return_record_order_id"), ["order_id"], unique=False)
        batch_op.create_index("ix_return_status_opened", ["status", "opened_at"], unique=False)

    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("after_sale", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_column("after_sale")

    with op.batch_alter_table("return_record", schema=None) as batch_op:
        batch_op.drop_index("ix_return_status_opened")
        batch_op.drop_index(batch_op.f("ix_return_record_order_id"))

    op.drop_table("return_record")
    with op.batch_alter_table("interception", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interception_shipment_id"))

    op.drop_table("interception")
    with op.batch_alter_table("freight_line", schema=None) as batch_op:
        batch_op.drop_index("ix_freight_line_bill_number")
        batch_op.drop_index("ix_freight_line_bill_issue")

    op.drop_table("freight_line")
    with op.batch_alter_table("freight_bill", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_freight_bill_carrier_code"))

    op.drop_table("freight_bill")
    op.drop_table("alert_channel")
