"""shops (issue 19): orders belong to a shop; order numbers unique per shop; phone extension apart

Every existing order moves into a default Taobao shop (id 1). A privacy number stored as
"17012345678-1234" is split into phone and phone_ext.

Revision ID: 0015_shops
Revises: 0014_aftership
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # the module itself: sqlmodel.sql.sqltypes.AutoString below
from alembic import op

import waybill_ui.db.types
from waybill_ui.db.sqlite_copies import table_copies

revision = "0015_shops"
down_revision = "0018_scale"
branch_labels = None
depends_on = None

# SQLite reflects the old unnamed UNIQUE(order_no) without a name: the convention names it
_NAMING = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def _old_unique(bind) -> str:
    if bind.dialect.name == "postgresql":
        return bind.exec_driver_sql(
            "SELECT conname FROM pg_constraint WHERE conrelid = 'orders'::regclass AND contype = 'u'"
        ).scalar()
    return "uq_orders_order_no"


def upgrade() -> None:
    bind = op.get_bind()
    with table_copies(bind):  # SQLite copies the orders table to change its unique key
        _upgrade(bind)


def _upgrade(bind) -> None:
    op.create_table(
        "shop",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("marketplace", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("column_mapping", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", waybill_ui.db.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    now = "CURRENT_TIMESTAMP" if bind.dialect.name == "postgresql" else "strftime('%Y-%m-%d %H:%M:%f000', 'now')"
    # the default shop takes id 1 (a fresh table), which orders.shop_id defaults to
    bind.exec_driver_sql(
        "INSERT INTO shop (name, marketplace, column_mapping, active, created_at) "
        f"VALUES ('淘宝店铺', 'taobao', '{{}}', TRUE, {now})"
    )
    with op.batch_alter_table(
        "orders", schema=None, naming_convention=_NAMING, recreate="always" if bind.dialect.name == "sqlite" else "auto"
    ) as batch_op:
        batch_op.add_column(sa.Column("shop_id", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(
            sa.Column("phone_ext", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False, server_default="")
        )
        batch_op.drop_constraint(_old_unique(bind), type_="unique")
        batch_op.create_unique_constraint("uq_orders_shop_order_no", ["shop_id", "order_no"])
        batch_op.create_index("ix_orders_order_no", ["order_no"], unique=False)
        batch_op.create_foreign_key("fk_orders_shop_id_shop", "shop", ["shop_id"], ["id"])
    bind.exec_driver_sql("UPDATE orders SET shop_id = (SELECT min(id) FROM shop)")
    # "17012345678-1234" (how imports and smart paste stored a privacy number) → number + extension
    for sep in ("-", "转"):
        if bind.dialect.name == "postgresql":
            bind.exec_driver_sql(
                f"UPDATE orders SET phone_ext = split_part(phone, '{sep}', 2), phone = split_part(phone, '{sep}', 1) "
                f"WHERE phone ~ '^1[0-9]{{10}}{sep}[0-9]{{1,6}}$'"
            )
        else:
            bind.exec_driver_sql(
                f"UPDATE orders SET phone_ext = substr(phone, 13), phone = substr(phone, 1, 11) "
                f"WHERE phone GLOB '1[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]{sep}[0-9]*' "
                f"AND length(phone) BETWEEN 13 AND 18"
            )


def downgrade() -> None:
    bind = op.get_bind()
    bind.exec_driver_sql("UPDATE orders SET phone = phone || '-' || phone_ext WHERE phone_ext != ''")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_constraint("fk_orders_shop_id_shop", type_="foreignkey")
        batch_op.drop_index("ix_orders_order_no")
        batch_op.drop_constraint("uq_orders_shop_order_no", type_="unique")
        batch_op.create_unique_constraint("orders_order_no_key", ["order_no"])
        batch_op.drop_column("phone_ext")
        batch_op.drop_column("shop_id")
    op.drop_table("shop")
