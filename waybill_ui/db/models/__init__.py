"""All tables, in small families. Importing this module registers them on SQLModel.metadata."""

from .aftership import AlertChannel, FreightBill, FreightLine, Interception, ReturnRecord
from .alerts import Alert, BuyerNotice
from .audit import AuditLog
from .market import Carrier, CarrierPackage, ContractPrice
from .money import LedgerEntry, LedgerKind, Purchase, PurchaseStatus
from .orders import Order, OrderStatus
from .pool import Waybill, WaybillOrigin, WaybillStatus
from .shipments import Shipment, ShipBatch, TrackingEvent
from .shop import MatchingRule, SenderAddress, Setting
from .users import ApiToken, Role, User

__all__ = [
    "AlertChannel", "FreightBill", "FreightLine", "Interception", "ReturnRecord",
    "Alert", "ApiToken", "AuditLog", "BuyerNotice", "Carrier", "CarrierPackage", "ContractPrice",
    "LedgerEntry", "LedgerKind", "MatchingRule", "Order", "OrderStatus", "Purchase", "PurchaseStatus",
    "Role", "SenderAddress", "Setting", "ShipBatch", "Shipment", "TrackingEvent", "User", "Waybill",
    "WaybillOrigin", "WaybillStatus",
]
