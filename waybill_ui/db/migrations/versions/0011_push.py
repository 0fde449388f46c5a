"""push tracking (issue 18): per-shipment subscriptions and per-provider callback counts

Revision ID: 0011_push
Revises: 0008_reports
"""

from alembic import op
import sqlalchemy as sa
import waybill_ui.db.types


revision = "0011_push"
down_revision = "0013_packing"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tracking_subscription",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shipment_id", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(length=16), nullable=False),
        sa.Column("carrier_code", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("message", sa.String(length=200), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("month_count", sa.Integer(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("subscribed_at", waybill_ui.db.types.UTCDateTime(), nullable=True),
        sa.Column("resubscribe_at", waybill_ui.db.types.UTCDateTime(), nullable=True),
        sa.Column("last_callback_at", waybill_ui.db.types.UTCDateTime(), nullable=True),
        sa.Column("callbacks", sa.Integer(), nullable=False),
        sa.Column("updated_at", waybill_ui.db.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["shipment_id"], ["shipment.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("shipment_id", name="uq_subscription_shipment"),
    )
    with op.batch_alter_table("tracking_subscription", schema=None) as batch_op:
        batch_op.create_index("ix_subscription_retry", ["state", "resubscribe_at"], unique=False)
    op.create_table(
        "push_channel",
        sa.Column("provider", sa.String(length=16), nullable=False),
        sa.Column("accepted", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("unknown", sa.Integer(), nullable=False),
        sa.Column("last_callback_at", waybill_ui.db.types.UTCDateTime(), nullable=True),
        sa.Column("last_rejected_at", waybill_ui.db.types.UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint("provider"),
    )


def downgrade() -> None:
    op.drop_table("push_channel")
    with op.batch_alter_table("tracking_subscription", schema=None) as batch_op:
        batch_op.drop_index("ix_subscription_retry")
    op.drop_table("tracking_subscription")
