"""label printers and print jobs (issue 20)

Revision ID: 0012_printing
Revises: 0011_push
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # the module itself: sqlmodel.sql.sqltypes.AutoString below
from alembic import op

from waybill_ui.db.types import UTCDateTime

revision = "0012_printing"
down_revision = "0011_push"
branch_labels = None
depends_on = None


def _text(length: int):
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def upgrade() -> None:
    op.create_table(
        "printer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", _text(60), nullable=False),
        sa.Column("kind", _text(16), nullable=False),
        sa.Column("language", _text(8), nullable=False),
        sa.Column("mode", _text(8), nullable=False),
        sa.Column("host", _text(120), nullable=False),
        sa.Column("port", sa.Integer(), nullable=False),
        sa.Column("queue", _text(120), nullable=False),
        sa.Column("component", _text(16), nullable=False),
        sa.Column("component_printer", _text(120), nullable=False),
        sa.Column("size", _text(10), nullable=False),
        sa.Column("dpi", sa.Integer(), nullable=False),
        sa.Column("darkness", sa.Integer(), nullable=False),
        sa.Column("offset_x_mm", sa.Float(), nullable=False),
        sa.Column("offset_y_mm", sa.Float(), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", _text(64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "printer_choice",
        sa.Column("username", _text(64), nullable=False),
        sa.Column("size", _text(10), nullable=False),
        sa.Column("printer_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["printer_id"], ["printer.id"]),
        sa.PrimaryKeyConstraint("username", "size"),
    )
    op.create_table(
        "print_job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", _text(80), nullable=False),
        sa.Column("printer_id", sa.Integer(), nullable=False),
        sa.Column("status", _text(10), nullable=False),
        sa.Column("shipment_ids", sa.JSON(), nullable=False),
        sa.Column("labels", sa.JSON(), nullable=False),
        sa.Column("mask_phone", sa.Boolean(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("confirmed", sa.Integer(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", _text(400), nullable=False),
        sa.Column("label_errors", sa.JSON(), nullable=False),
        sa.Column("results", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", _text(64), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=True),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["printer_id"], ["printer.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    op.create_index("ix_print_job_owner", "print_job", ["created_by", "id"], unique=False)
    op.create_index(op.f("ix_print_job_printer_id"), "print_job", ["printer_id"], unique=False)
    op.create_index(op.f("ix_print_job_status"), "print_job", ["status"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_print_job_status"), table_name="print_job")
    op.drop_index(op.f("ix_print_job_printer_id"), table_name="print_job")
    op.drop_index("ix_print_job_owner", table_name="print_job")
    op.drop_table("print_job")
    op.drop_table("printer_choice")
    op.drop_table("printer")
