"""Texts for 待补地址 orders (services/orders/address_check.py)."""

TEXTS = {
    "ship.needs_address": (
        "订单 {order_no} 还缺收货人、地址或电话（待补地址），补全后才能发货。",
        "Order {order_no} still lacks the receiver, address or phone (needs address); fill it in before shipping.",
    ),
    "batch.fail.needs_address": ("待补地址：缺收货人、地址或电话", "needs address: receiver, address or phone missing"),
    "orders.needs_address": ("待补地址", "Needs address"),
    "orders.import.needs_address": (
        "其中 {count} 个订单缺收货地址，已导入为「待补地址」，补全后才能发货。",
        "{count} orders have no usable address; they are imported as “needs address” and ship once it is filled in.",
    ),
}

TEXTS.update(
    {
        "senders.required": (
            "还没有设置寄件人（发货地址）。面单上要印寄件人，退件也要寄回这里。请先到 设置 → 面单与寄件人 添加。",
            "No sender (ship-from address) is set yet. Labels print it and returns go back to it: add one in "
            "Settings → Labels & sender first.",
        ),
        "senders.set_now": ("去设置寄件人", "Set the sender"),
    }
)
