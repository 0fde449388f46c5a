"""All tables, in small families. Importing this module registers them on SQLModel.metadata."""

from .aftership import AlertChannel, FreightBill, FreightLine, Interception, ReturnRecord
from .alerts import Alert, BuyerNotice
from .audit import AuditLog
from .ewaybill import EwaybillAccount, EwaybillIssue
from .market import Carrier, CarrierPackage, ContractPrice
from .money import LedgerEntry, LedgerKind, Purchase, PurchaseStatus
from .orders import MergeGroup, Order, OrderParcel, OrderStatus
from .packing import Handover, ItemBarcode, OrderItem
from .printing import Printer, PrinterChoice, PrintJob
from .pool import Waybill, WaybillOrigin, WaybillStatus
from .push import PushChannel, TrackingSubscription
from .shipments import Shipment, ShipBatch, TrackingEvent
from .shop import MatchingRule, SenderAddress, Setting
from .shops import Marketplace, Shop
from .users import ApiToken, LoginThrottle, Role, User, UserSession

__all__ = [
    "AlertChannel",
    "FreightBill",
    "FreightLine",
    "Interception",
    "ReturnRecord",
    "Alert",
    "ApiToken",
    "AuditLog",
    "BuyerNotice",
    "Carrier",
    "CarrierPackage",
    "ContractPrice",
    "EwaybillAccount",
    "EwaybillIssue",
    "Handover",
    "MergeGroup",
    "OrderParcel",
    "ItemBarcode",
    "LedgerEntry",
    "LoginThrottle",
    "LedgerKind",
    "MatchingRule",
    "Order",
    "OrderItem",
    "OrderStatus",
    "Printer",
    "PrinterChoice",
    "PrintJob",
    "Purchase",
    "PurchaseStatus",
    "PushChannel",
    "Role",
    "SenderAddress",
    "Setting",
    "ShipBatch",
    "Shipment",
    "TrackingEvent",
    "TrackingSubscription",
    "User",
    "UserSession",
    "Waybill",
    "WaybillOrigin",
    "WaybillStatus",
    "Marketplace",
    "Shop",
]
