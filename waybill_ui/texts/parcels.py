"""Texts for merge and split (合并订单 / 拆单多包裹), services/orders/merging.py and splitting.py."""

TEXTS = {
    "parcels.merge_need_two": ("至少选两个待发货订单才能合并。", "Pick at least two waiting orders to merge."),
    "parcels.merge_too_many": ("一个包裹最多合并 {count} 个订单。", "At most {count} orders can share one parcel."),
    "parcels.merge_shipped": (
        "订单 {order_no} 已发货，不能再合并。",
        "Order {order_no} is already shipped and cannot be merged.",
    ),
    "parcels.merge_not_waiting": (
        "订单 {order_no} 不是待发货状态（未付款、已关闭或售后中），不能合并或拆分。",
        "Order {order_no} is not waiting to ship (unpaid, closed or in after-sale): it cannot be merged or split.",
    ),
    "parcels.already_merged": (
        "订单 {order_no} 已经在合并包裹 #{group} 里。一个订单只能在一个合并包裹中，请先取消合并。",
        "Order {order_no} is already in merged parcel #{group}. An order can be in one merged "
        "parcel only: unmerge it first.",
    ),
    "parcels.merge_needs_address": (
        "订单 {order_no} 还缺收货人、地址或电话（待补地址），补全后才能合并。",
        "Order {order_no} lacks the receiver, address or phone: fill it in before merging.",
    ),
    "parcels.merge_split": (
        "订单 {order_no} 已拆成多个包裹，不能再合并。先把它改回一个包裹。",
        "Order {order_no} is split into several parcels and cannot be merged: set it back to one parcel first.",
    ),
    "parcels.merge_mismatch": (
        "订单 {first} 和 {other} 的买家或收货人、电话、地址不同，不能合并到一个包裹。只有同一买家寄往同一地址的订单才能合并。",
        "Orders {first} and {other} differ in buyer, receiver, phone or address: they cannot "
        "share a parcel. Only orders of one buyer to one address can be merged.",
    ),
    "parcels.merge_raced": (
        "有订单刚被别人合并或发货了，请刷新后再试。",
        "One of the orders was just merged or shipped by someone else: refresh and try again.",
    ),
    "parcels.not_merged": ("订单 {order_no} 没有合并，无需取消。", "Order {order_no} is not merged."),
    "parcels.unmerge_shipped": (
        "订单 {order_no} 所在的合并包裹已发货（{number}），不能取消合并。要改，请先取消发货。",
        "The merged parcel of order {order_no} is already shipped ({number}): cancel the shipment first to unmerge.",
    ),
    "parcels.split_count": ("包裹数要在 1 到 {max} 之间。", "The number of parcels must be 1 to {max}."),
    "parcels.split_items": (
        "分了 {count} 个包裹，却写了 {given} 个包裹的商品。每个包裹写一行，或都不写。",
        "{count} parcels but items for {given}: give one line per parcel, or none.",
    ),
    "parcels.split_shipped": (
        "订单 {order_no} 已发货，不能再拆分。",
        "Order {order_no} is already shipped and cannot be split.",
    ),
    "parcels.split_merged": (
        "订单 {order_no} 在合并包裹里，不能拆分。先取消合并。",
        "Order {order_no} is in a merged parcel: unmerge it before splitting.",
    ),
    "parcels.split_partly_shipped": (
        "订单 {order_no} 已有包裹发出，包裹数不能再改。",
        "Order {order_no} already has parcels out: its parcels can no longer change.",
    ),
    "parcels.no_such_parcel": ("订单 {order_no} 没有第 {parcel} 个包裹。", "Order {order_no} has no parcel {parcel}."),
    "parcels.parcel_shipped": (
        "订单 {order_no} 的第 {parcel} 个包裹已发货。",
        "Parcel {parcel} of order {order_no} is already shipped.",
    ),
    "parcels.typed_needs_parcel": (
        "订单 {order_no} 拆成了 {count} 个包裹：手输单号时请选是哪个包裹。",
        "Order {order_no} is split into {count} parcels: say which parcel a typed number is for.",
    ),
    "parcels.children_short": (
        "面单服务只给了 {got} 个单号（需要 {need} 个）。其余包裹还没发货（部分发货），请用单号池或手输单号逐个发。",
        "The e-waybill service gave {got} numbers ({need} needed). The other parcels are not "
        "shipped yet (partly shipped): ship them one by one from the pool or with typed numbers.",
    ),
    "parcels.ewaybill_parcels_left": (
        "订单 {order_no} 的电子面单已取过号，其余包裹请用单号池或手输单号发货。",
        "Order {order_no} already has its e-waybill: ship the remaining parcels from the pool or with typed numbers.",
    ),
    "parcels.group_diverged": (
        "合并包裹里的订单 {order_no} 的收货人或地址已和 {first} 不同（重新导入或补了地址），不能一起发。请先取消合并，核对后再合并。",
        "Order {order_no} in this merged parcel no longer has the receiver or address of "
        "{first} (re-imported or filled in since): unmerge, check, and merge again.",
    ),
    # labels
    "labels.merged_orders": ("{order_no} 等{count}单", "{order_no} +{count} orders"),
    "labels.parcel_of": ("包裹 {seq}/{total}", "Parcel {seq}/{total}"),
    # the orders page
    "orders.partly_shipped": ("部分发货", "Partly shipped"),
    "orders.mergeable": ("可合并", "Can merge"),
    "orders.merged": ("已合并 #{group}", "Merged #{group}"),
    "orders.parcels_chip": ("{count} 个包裹", "{count} parcels"),
    "orders.filter.mergeable": ("可合并", "Can merge"),
    "orders.action.merge": ("合并", "Merge"),
    "orders.action.unmerge": ("取消合并", "Unmerge"),
    "orders.action.split": ("拆分包裹", "Split parcels"),
    "orders.merge.suggestions": ("合并建议", "Merge suggestions"),
    "orders.merge.done": (
        "已合并 {count} 个订单为一个包裹（#{group}），发货时共用一个单号。",
        "{count} orders merged into one parcel (#{group}); they ship with one number.",
    ),
    "orders.merge.undone": ("已取消合并：{orders}", "Unmerged: {orders}"),
    "orders.merge.pick_two": (
        "请先勾选至少两个同一买家、同一地址的待发货订单。",
        "Select at least two waiting orders of one buyer and address first.",
    ),
    "orders.merge.page_title": (
        "合并建议：同一买家、同一地址的待发货订单",
        "Merge suggestions: waiting orders of one buyer and address",
    ),
    "orders.merge.empty": ("没有可合并的订单。", "No orders to merge."),
    "orders.merge.group_line": (
        "{count} 个订单 · {receiver} {phone} · {address}",
        "{count} orders · {receiver} {phone} · {address}",
    ),
    "orders.merge.merge_these": ("合并这 {count} 个", "Merge these {count}"),
    "orders.split.title": ("拆分包裹：订单 {order_no}", "Split into parcels: order {order_no}"),
    "orders.split.count": ("包裹数", "Parcels"),
    "orders.split.items": (
        "每个包裹装什么（可选，一行一个包裹）",
        "What goes in each parcel (optional, one line per parcel)",
    ),
    "orders.split.confirm": ("保存", "Save"),
    "orders.split.done": (
        "订单 {order_no} 分为 {count} 个包裹，发货时每个包裹一个单号。",
        "Order {order_no} is now {count} parcels; each ships with its own number.",
    ),
    "orders.split.parcel": ("包裹 {seq}", "Parcel {seq}"),
    "orders.ship.group": ("合并包裹：{orders} 共用一个单号发货", "Merged parcel: {orders} ship with one number"),
    "orders.ship.parcels": (
        "拆成 {count} 个包裹：本次发 {left} 个，每个包裹一个单号",
        "{count} parcels: {left} to ship now, one number each",
    ),
    "orders.ship.done_parcels": (
        "订单 {order_no} 已发 {count} 个包裹：{numbers}",
        "Order {order_no}: {count} parcels shipped: {numbers}",
    ),
    "orders.ship.done_group": ("{orders} 已用同一单号 {number} 发货", "{orders} shipped with one number {number}"),
}
