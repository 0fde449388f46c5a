"""orders page indexes (issue 5): newest-first listing and search by a number shipped elsewhere

Revision ID: 0005_orders
Revises: 0004_pool
"""

from alembic import op

revision = "0005_orders"
down_revision = "0004_pool"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.create_index("ix_orders_external_number", ["external_number"], unique=False)
        batch_op.create_index("ix_orders_ordered_at", ["ordered_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index("ix_orders_ordered_at")
        batch_op.drop_index("ix_orders_external_number")
