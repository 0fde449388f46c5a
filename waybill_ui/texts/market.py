TEXTS = {
    "market.title": ("物流服务市场", "Carrier market"),
    "market.intro": (
        "比较各家快递的价格、服务范围和时效，购买电子面单单号套餐。价格为首重 1 公斤的参考价。",
        "Compare carriers on price, service area and speed, and buy number packages. Prices are for a 1 kg parcel.",
    ),
    "market.empty": (
        "正在从快递网络获取快递公司列表…如果一直为空，请点「刷新」或检查设置中的服务连接。",
        "Fetching the carrier list from the carrier network… if it stays empty, press Refresh or check the connection in Settings.",
    ),
    "market.refresh_failed": ("刷新失败：{error}。稍后会自动重试。", "Refresh failed: {error}. It will be retried automatically."),
    "market.refreshed": ("已刷新，共 {count} 家快递。", "Refreshed: {count} carriers."),
    "market.col.carrier": ("快递公司", "Carrier"),
    "market.col.local": ("省内", "Same province"),
    "market.col.region": ("同区域", "Same region"),
    "market.col.national": ("全国", "Nationwide"),
    "market.col.remote": ("偏远", "Remote"),
    "market.col.days": ("时效（天）", "Transit (days)"),
    "market.col.excluded": ("不服务地区", "Not served"),
    "market.col.packages": ("单号套餐", "Number packages"),
    "market.package": ("{quantity} 单 {price}（{validity} 天有效）", "{quantity} numbers {price} (valid {validity} days)"),
    "market.all_served": ("全国可达", "Serves everywhere"),
}
