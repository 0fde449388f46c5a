"""Migration 0019_order_carrier back-fills the carrier key of existing orders in SQL, the same
key the app keeps (services/orders/carrier_key.py)."""

from datetime import datetime, timezone

from sqlalchemy import text
from sqlmodel import Session

from waybill_ui.db.migrate import upgrade
from waybill_ui.db.models import Carrier, Shipment, Waybill
from waybill_ui.services.orders import carrier_key

_ORDER = (
    "INSERT INTO orders (order_no, shop_id, buyer_nick, receiver_name, phone, phone_ext, landline, province, city, "
    "district, address, full_address, postcode, items, item_count, amount_fen, postage_fen, buyer_message, "
    "seller_memo, marketplace_status, status, external_carrier, external_number, imported_at, is_demo, after_sale) "
    "VALUES (:no, 1, '', '张三', '13800138000', '', '', '浙江省', '杭州市', '西湖区', '文三路90号', '', '', '', 1, 0, 0, "
    "'', '', '', :status, :ext, '', :now, FALSE, '')"
)
# order → (status, external carrier, [(carrier, parcel, cancelled)])
_SHOP = {
    "A": ("shipped", "", [("ZTO", 1, False)]),
    "B": ("shipped", "", [("ZTO", 1, True), ("SF", 1, False)]),  # cancelled, reshipped
    "C": ("pending", "", [("YTO", 1, True)]),  # cancelled only
    "D": ("shipped", "", [("ZTO", 1, False), ("YTO", 2, False)]),  # split over two carriers
    "E": ("shipped", "", [("ZTO", 1, False), ("ZTO", 2, False)]),  # split, one carrier
    "F": ("shipped", "中通快递", []),  # shipped elsewhere, an alias
    "G": ("closed", "某某物流", []),  # shipped elsewhere, a name we do not know
    "H": ("pending", "", []),
}


def test_backfill_gives_every_order_the_key_the_app_keeps(empty_db):
    upgrade(empty_db, "0016_parcels")
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    with Session(empty_db.engine) as session:
        session.add_all(Carrier(code=c, name=c) for c in ("ZTO", "YTO", "SF"))
        session.flush()
        n = 0
        for no, (status, ext, parcels) in _SHOP.items():
            session.execute(text(_ORDER), {"no": no, "status": status, "ext": ext, "now": now})
            order_id = session.execute(text("SELECT id FROM orders WHERE order_no = :no"), {"no": no}).scalar_one()
            for carrier, seq, cancelled in parcels:
                n += 1
                waybill = Waybill(carrier_code=carrier, number=f"N{n}", status="used", origin="manual")
                session.add(waybill)
                session.flush()
                session.add(
                    Shipment(
                        order_id=order_id,
                        waybill_id=waybill.id,
                        carrier_code=carrier,
                        number=f"N{n}",
                        parcel_seq=seq,
                        cancelled_at=now if cancelled else None,
                    )
                )
                session.flush()
        session.commit()
    upgrade(empty_db)
    with empty_db.engine.connect() as conn:
        keys = dict(conn.execute(text("SELECT order_no, carrier_code FROM orders")).all())
    several = carrier_key.SEVERAL
    assert keys == {"A": "ZTO", "B": "SF", "C": None, "D": several, "E": "ZTO", "F": "ZTO", "G": "某某物流", "H": None}
    with Session(empty_db.engine) as session:  # the app's refresh computes the very same keys
        session.execute(text("UPDATE orders SET carrier_code = 'stale'"))
        carrier_key.refresh(session, session.execute(text("SELECT id FROM orders")).scalars().all())
        again = dict(session.execute(text("SELECT order_no, carrier_code FROM orders")).all())
    assert again == keys
