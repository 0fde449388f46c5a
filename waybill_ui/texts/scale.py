"""Texts of the keyset-paged long lists (services/orders/listing.py, services/pool/numbers.py, db/keyset.py)."""

TEXTS = {
    "orders.bad_cursor": (
        "翻页标记已失效（排序变了或链接不完整），请从第一页重新翻。",
        "This page marker no longer fits (the sort changed or the link is cut); start from the first page.",
    ),
    "pool.bad_cursor": (
        "翻页标记已失效（排序变了或链接不完整），请从第一页重新翻。",
        "This page marker no longer fits (the sort changed or the link is cut); start from the first page.",
    ),
    "list.total_estimated": ("约 {count} 条", "about {count}"),
    "orders.tab.pending_count_estimated": ("待发货（约 {count}）", "Waiting to ship (about {count})"),
}
