"""the carrier an order is listed under, on the order row (issue 16 item 6: "carrier X sorted by
status" at 1M orders): orders.carrier_code + ix_orders_carrier_status_id, back-filled in SQL

Revision ID: 0019_order_carrier
Revises: 0016_parcels
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # the module itself: sqlmodel.sql.sqltypes.AutoString below

from waybill_ui.carriers.codes import ALIASES

revision = "0019_order_carrier"
down_revision = "0016_parcels"
branch_labels = None
depends_on = None


def _quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


# a copy of services/orders/carrier_key.key_sql (a migration never imports the services it
# migrates for): the live shipments' carriers and the external carrier's code, "*" for several
_EXTERNAL = (
    "CASE orders.external_carrier "
    + " ".join(f"WHEN {_quoted(name)} THEN {_quoted(code)}" for name, code in sorted(ALIASES.items()))
    + " ELSE orders.external_carrier END"
)
_KEY = (
    "(SELECT CASE count(*) WHEN 0 THEN NULL WHEN 1 THEN min(k) ELSE '*' END FROM ("
    "SELECT carrier_code AS k FROM shipment WHERE order_id = orders.id AND cancelled_at IS NULL "
    f"UNION SELECT {_EXTERNAL} WHERE orders.external_carrier != '') keys)"
)
_BATCH = 200_000  # ids per UPDATE: one short write at a time, not one transaction-long lock per engine


def upgrade() -> None:
    op.add_column("orders", sa.Column("carrier_code", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True))
    bind = op.get_bind()
    top = bind.execute(sa.text("SELECT coalesce(max(id), 0) FROM orders")).scalar_one()
    # only orders with something to match: a live shipment (ux_shipment_live_order) or an external carrier
    for start in range(0, int(top), _BATCH):
        bind.execute(
            sa.text(
                f"UPDATE orders SET carrier_code = {_KEY} WHERE id > :lo AND id <= :hi AND (external_carrier != '' "
                "OR EXISTS (SELECT 1 FROM shipment s WHERE s.order_id = orders.id AND s.cancelled_at IS NULL))"
            ),
            {"lo": start, "hi": start + _BATCH},
        )
    op.create_index("ix_orders_carrier_status_id", "orders", ["carrier_code", "status", "id"])


def downgrade() -> None:
    op.drop_index("ix_orders_carrier_status_id", table_name="orders")
    op.drop_column("orders", "carrier_code")
