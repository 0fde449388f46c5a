"""Texts of e-waybill accounts and issuing (电子面单)."""

TEXTS = {
    "ewaybill.unknown_provider": (
        "不支持的电子面单服务商“{provider}”，可选：{known}",
        "Unknown e-waybill provider '{provider}'; choose {known}",
    ),
    "ewaybill.customer_required": (
        "请填写电子面单账号（客户号 / 月结号 / 网点编码，向网点或快递鸟索取）",
        "Enter the e-waybill account (customer name, monthly code or outlet code)",
    ),
    "ewaybill.partner_required": (
        "请填写快递100 电子面单账号（partnerId / 网点 / 月结号）",
        "Enter the Kuaidi100 e-waybill account (partnerId, outlet or monthly code)",
    ),
    "ewaybill.secret_required": (
        "请在“密码”一栏填写快递100 接口的 secret（在快递100 企业管理后台查看）",
        "Put the Kuaidi100 API secret into the password field",
    ),
    "ewaybill.field_too_long": (
        "账号字段太长（最多 80 个字符）",
        "An account field is too long (80 characters at most)",
    ),
    "ewaybill.carrier_taken": (
        "{carrier} 已经有电子面单账号，请先删除旧账号再添加",
        "{carrier} already has an e-waybill account; delete it first",
    ),
    "ewaybill.account_not_found": ("电子面单账号 {id} 不存在", "E-waybill account {id} not found"),
    "ewaybill.kind_quota": (
        "{carrier} 电子面单余额不足：请联系网点充值，或在市场购买单号后重试",
        "{carrier}: e-waybill quota exhausted; top it up at the outlet, then retry",
    ),
    "ewaybill.kind_address": (
        "收件地址不在 {carrier} 的服务范围：请换一家快递或核对地址后重试",
        "The address is outside {carrier}'s service area; choose another carrier or fix it",
    ),
    "ewaybill.kind_account": (
        "{carrier} 电子面单账号被拒绝：请在 设置 → 电子面单 核对账号和密码",
        "{carrier} refused the e-waybill account; check it in Settings → E-waybills",
    ),
    "ewaybill.kind_sign": (
        "服务商拒绝了接口签名：请核对快递鸟/快递100 的接口密钥",
        "The provider refused the signature; check the API key",
    ),
    "ewaybill.kind_params": (
        "订单信息不完整或含不允许的字符（{reason}）：请补全收件人姓名、电话和地址后重试",
        "Order data incomplete or invalid ({reason}); complete it and retry",
    ),
    "ewaybill.kind_other": (
        "电子面单取号失败（{reason}）：稍后重试，仍失败请联系服务商",
        "E-waybill issue failed ({reason}); retry later",
    ),
    "ewaybill.kind_transient": (
        "暂时连不上电子面单服务商（{reason}）：订单仍待发货，稍后重试不会重复取号",
        "Cannot reach the e-waybill provider ({reason}); retry later — no double numbers",
    ),
    "ewaybill.quota_exhausted": (
        "订单 {order_no}：{carrier} 电子面单余额已用完（剩 {quota} 单），没有取号，订单仍待发货。"
        "请联系网点充值后在 设置 → 电子面单 点“查余额”再发货，或换一家快递",
        "Order {order_no}: {carrier} e-waybill quota is used up ({quota} left); nothing was issued and the order "
        "stays pending. Top it up, press “Check quota” in Settings → E-waybills, or choose another carrier",
    ),
    "ewaybill.issue_later": (
        "订单 {order_no} 匹配到 {carrier}（电子面单），自动发货不取电子面单号：请在订单页发货",
        "Order {order_no} matched {carrier} (e-waybill); ship it from the orders page",
    ),
    "ewaybill.batch.group": ("{orders} 个订单，电子面单余额 {quota}", "{orders} orders, e-waybill quota {quota}"),
    "ewaybill.batch.group_parcels": (
        "{orders} 个订单（{numbers} 个包裹，需 {numbers} 个单号），电子面单余额 {quota}",
        "{orders} orders ({numbers} parcels, {numbers} numbers), e-waybill quota {quota}",
    ),
    "ewaybill.batch.group_unknown_parcels": (
        "{orders} 个订单（{numbers} 个包裹），电子面单余额未查询（由服务商判断）",
        "{orders} orders ({numbers} parcels), e-waybill quota not checked yet (the provider decides)",
    ),
    "ewaybill.batch.group_unknown": (
        "{orders} 个订单，电子面单余额未查询（由服务商判断）",
        "{orders} orders, e-waybill quota not checked yet (the provider decides)",
    ),
    "ewaybill.batch.short": (
        "余额差 {short} 单：超出的订单不会取号、保持待发货，请先充值",
        "{short} over the quota: those orders stay pending; top up first",
    ),
    "ewaybill.unsure": (
        "订单 {order_no} 上次向{carrier}（快递100）取号没有收到回复，单号可能已经生成，为免重复取号这次没有再取。"
        "请在快递100 后台按备注“订单 {order_code}”查一下：查到单号就在发货窗口填入登记；确认没有出号就点“确认未出号”后重新发货",
        "Order {order_no}: the last issue request to {carrier} (Kuaidi100) got no answer and a number may exist; "
        "nothing was sent again. Look up remark “订单 {order_code}” in Kuaidi100: enter the number found, or confirm "
        "none was issued, then ship again",
    ),
    "ewaybill.unsure_none": (
        "订单 {order_no} 没有待确认的电子面单取号",
        "Order {order_no} has no unsure e-waybill issue",
    ),
    "ewaybill.unsure.title": ("上次取号结果未知", "Last issue outcome unknown"),
    "ewaybill.unsure.number": ("在快递100 查到的单号", "Number found at Kuaidi100"),
    "ewaybill.unsure.use": ("登记此单号并发货", "Ship with this number"),
    "ewaybill.unsure.none": ("确认未出号", "No number was issued"),
    "ewaybill.unsure.cleared": ("已确认未出号：现在可以重新发货", "Confirmed: ship again now"),
    "ewaybill.no_receiver": (
        "订单 {order_no} 缺少收件人姓名、电话或地址，无法取电子面单",
        "Order {order_no} lacks the recipient's name, phone or address",
    ),
    "ewaybill.no_sender": (
        "还没有设置发件人：请在 设置 → 发件人 填写后重试",
        "No sender set yet; add one in Settings → Sender",
    ),
    "ewaybill.cancel_refused": (
        "服务商拒绝取消单号 {number}：{reason}。本地记录未改动",
        "The provider refused to cancel {number}: {reason}. Nothing changed here",
    ),
    "ewaybill.reprint_limit": (
        "单号 {number} 已补打 {count} 次，快递100 规定 2 天内最多 10 次，请勿再补打",
        "{number} was reprinted {count} times; Kuaidi100 allows 10 within 2 days",
    ),
    "ewaybill.reprint_window": (
        "单号 {number} 取号已超过 2 天，快递100 不再允许补打",
        "{number} was issued over 2 days ago; Kuaidi100 no longer allows reprints",
    ),
    "ewaybill.reprint_refused": (
        "服务商拒绝补打单号 {number}：{reason}。这次没有打印，请按提示处理",
        "The provider refused to reprint {number}: {reason}. Nothing was printed",
    ),
    "ewaybill.not_ewaybill": ("运单 {id} 不是电子面单", "Shipment {id} is not an e-waybill"),
    "ewaybill.alert_low": (
        "{carrier} 电子面单余额只剩 {count} 单（提醒线 {threshold}）：请尽快联系网点充值",
        "{carrier} e-waybill quota down to {count} (alert below {threshold}); top it up",
    ),
    "settings.tab.ewaybill": ("电子面单", "E-waybills"),
    "ewaybill.settings.intro": (
        "有电子面单账号的快递，发货时由服务商按订单实时取号（带大头笔、集包地、三段码）；没有账号的快递仍从单号库存取号。"
        "账号和密码只用于向服务商取号，保存后不再显示。",
        "Carriers with an e-waybill account get their number from the provider when an order ships; the others use "
        "the pool. Account fields are only sent to the provider and never shown again.",
    ),
    "ewaybill.settings.none": ("还没有电子面单账号", "No e-waybill account yet"),
    "ewaybill.settings.quota": (
        "余额：服务商 {reported} / 本地计 {local}，已取号 {issued}",
        "Quota: provider {reported} / counted {local}; issued {issued}",
    ),
    "ewaybill.settings.checked": ("查询于 {at}", "checked {at}"),
    "ewaybill.settings.fields": ("已填：{fields}", "set: {fields}"),
    "ewaybill.settings.refresh": ("查余额", "Check quota"),
    "ewaybill.settings.refreshed": ("余额：{quota}", "Quota: {quota}"),
    "ewaybill.settings.refresh_failed": (
        "查余额失败（{reason}）：请核对账号或稍后再试",
        "Quota check failed ({reason}); check the account or retry",
    ),
    "ewaybill.settings.delete": ("删除", "Delete"),
    "ewaybill.settings.deleted": ("已删除；该快递以后从单号库存取号", "Deleted; this carrier now uses the pool"),
    "ewaybill.settings.add_title": ("添加电子面单账号", "Add an e-waybill account"),
    "ewaybill.settings.provider": ("服务商", "Provider"),
    "ewaybill.settings.carrier": ("快递公司", "Carrier"),
    "ewaybill.settings.add": ("添加", "Add"),
    "ewaybill.settings.added": ("已添加电子面单账号", "E-waybill account added"),
    "ewaybill.field.customer_name": ("客户号 CustomerName", "Customer name"),
    "ewaybill.field.customer_pwd": ("密码 / 快递100 secret", "Password / Kuaidi100 secret"),
    "ewaybill.field.month_code": ("月结号", "Monthly code"),
    "ewaybill.field.send_site": ("网点编码", "Outlet code"),
    "ewaybill.field.partner_id": ("partnerId", "partnerId"),
    "ewaybill.field.partner_key": ("partnerKey", "partnerKey"),
    "planner.step.ewaybill": (
        "可用单号 = 库存 {pool} + 电子面单余额 {quota}",
        "Numbers available = pool {pool} + e-waybill quota {quota}",
    ),
    "ewaybill.pool.quota": ("电子面单余额", "E-waybill quota"),
    "ewaybill.pool.quota_value": ("{quota}（{provider}）", "{quota} ({provider})"),
    "ewaybill.pool.low": ("余额不足", "low"),
    "ewaybill.dialog.option": ("{name}（电子面单余额 {quota}）", "{name} (e-waybill quota {quota})"),
    "ewaybill.dialog.will_issue": (
        "{carrier} 有电子面单账号：确认发货时由服务商实时取号",
        "{carrier} has an e-waybill account: the number is issued on confirm",
    ),
    "alerts.kind.ewaybill_low_quota": ("电子面单余额不足", "Low e-waybill quota"),
}
