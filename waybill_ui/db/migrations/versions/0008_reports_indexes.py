"""reports indexes (issue 8): shipments of a period, shipments that ever had a given status

Revision ID: 0008_reports
Revises: 0005_orders
"""

from alembic import op

revision = "0008_reports"
down_revision = "0005_orders"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("shipment", schema=None) as batch_op:
        batch_op.create_index("ix_shipment_shipped_at", ["shipped_at"], unique=False)
    with op.batch_alter_table("tracking_event", schema=None) as batch_op:
        batch_op.create_index("ix_event_status_shipment", ["status", "shipment_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("tracking_event", schema=None) as batch_op:
        batch_op.drop_index("ix_event_status_shipment")
    with op.batch_alter_table("shipment", schema=None) as batch_op:
        batch_op.drop_index("ix_shipment_shipped_at")
