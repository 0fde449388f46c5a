"""packing station, part 2 (issue 21): a per-item weight on the barcode table

Revision ID: 0017_packing2
Revises: 0011_push
"""

import sqlalchemy as sa
from alembic import op

revision = "0017_packing2"
down_revision = "0012_printing"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("item_barcode", schema=None) as batch_op:
        batch_op.add_column(sa.Column("weight_g", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("item_barcode", schema=None) as batch_op:
        batch_op.drop_column("weight_g")
