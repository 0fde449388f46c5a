"""Texts for the tracking service's health (services/tracking/provider_health.py)."""

TEXTS = {
    "alerts.kind.provider_down": ("查询服务故障", "Tracking service failing"),
    "alerts.msg.provider_down": (
        "物流查询服务（{provider}）连续 {count} 次查询失败：{error}。在它恢复之前，包裹不会因为“没有新消息”而报超时；"
        "恢复后会自动补查。请检查网络，或在 设置 → 物流查询 中测试连接。",
        "The tracking service ({provider}) failed {count} queries in a row: {error}. Until it answers again, parcels "
        "raise no timeout alerts for lack of news; they are re-checked once it recovers. Check the network or test "
        "the connection in Settings → Tracking.",
    ),
    "provider_error.http_error": (
        "查询服务返回了错误（服务器暂时不可用）",
        "the service answered with an error (temporarily unavailable)",
    ),
    "provider_error.timeout": ("查询服务长时间没有响应", "the service did not answer in time"),
    "provider_error.unreachable": ("连不上查询服务，请检查网络", "the service cannot be reached; check the network"),
    "provider_error.malformed": ("查询服务返回了看不懂的内容", "the service answered with something we cannot read"),
    "provider_error.bad_key": ("查询账号或密钥不正确", "the account or key is wrong"),
    "provider_error.not_configured": ("还没有填写查询账号", "no tracking account is set up yet"),
    "provider_error.phone_required": ("需要收件人手机号后四位", "the recipient's phone (last 4 digits) is needed"),
    "provider_error.unexpected": ("查询时出现意外错误", "an unexpected error happened while querying"),
    "provider_error.other": ("查询失败", "the query failed"),
    "common.details": ("详细信息", "Details"),
    "alerts.msg.transit_overdue_now": (
        "{carrier} {number}（订单 {order_no}）刚超过承诺时效（{days} 天），仍未送达。",
        "{carrier} {number} (order {order_no}) has just passed the carrier's {days}-day transit time undelivered.",
    ),
}
