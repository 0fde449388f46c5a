"""Push tracking (推送跟踪): the settings section, its alert and its fields."""

TEXTS = {
    "alerts.kind.push_silent": ("推送回调未到达", "Tracking callbacks not arriving"),
    "alerts.msg.push_silent": (
        "已有 {count} 个包裹订阅了物流推送，但 {hours} 小时内没有收到任何回调：本机可能无法从外网访问。"
        "这些包裹已改为定时查询；请在 设置 → 物流推送 中检查回调地址。",
        "{count} parcels are subscribed for pushed updates, but no callback has arrived for {hours} hours: this "
        "computer may not be reachable from the internet. They are polled instead; check the callback address in "
        "Settings → Push tracking.",
    ),
    "settings.tab.push": ("物流推送", "Push tracking"),
    "settings.push.intro": (
        "开启推送后，每个包裹发货时向查询服务订阅一次，之后物流有变化时由服务商主动推送到本系统，"
        "不用再反复查询（每次查询都要花钱）。推送不到的包裹会自动改为定时查询。",
        "With push on, each parcel is subscribed once when it ships; the provider then sends every change to this "
        "app, so it need not be asked again and again (each query costs money). Parcels whose updates do not "
        "arrive are polled instead.",
    ),
    "settings.push.on": ("推送跟踪：已开启（{provider}）", "Push tracking: on ({provider})"),
    "settings.push.off": (
        "推送跟踪：未开启。设置环境变量 WAYBILL_TRACKING_PUSH=true 并配置公网地址后开启。",
        "Push tracking: off. Set WAYBILL_TRACKING_PUSH=true and a public address to turn it on.",
    ),
    "settings.push.unsupported": (
        "当前查询服务不支持推送，只能定时查询。",
        "The current provider cannot push; parcels are polled.",
    ),
    "settings.push.callback_url": ("回调地址（{name}）", "Callback address ({name})"),
    "settings.push.sandbox_note": (
        "内置网络在本机运行，直接推送到本系统，无需公网地址。",
        "The built-in network runs on this computer and pushes to this app directly: no public address needed.",
    ),
    "settings.push.status_ok": ("回调正常：最近一次 {when}", "Callbacks arrive: last one {when}"),
    "settings.push.status_never": ("尚未收到任何回调。", "No callback has arrived yet."),
    "settings.push.status_silent": (
        "已超过 {hours} 小时没有收到回调，但有包裹在等待推送：已自动改为定时查询。请检查回调地址能否从外网访问。",
        "No callback for more than {hours} hours while parcels wait for pushes: they are polled instead. Check that "
        "the callback address can be reached from the internet.",
    ),
    "settings.push.channel": (
        "{provider}：已接收 {accepted}，签名错误/无法读取 {rejected}，未知单号 {unknown}",
        "{provider}: {accepted} taken, {rejected} refused (signature/unreadable), {unknown} unknown numbers",
    ),
    "settings.push.last_error": ("最近一次拒收（{when}）：{error}", "Last refused ({when}): {error}"),
    "settings.push.states": ("订阅状态", "Subscriptions"),
    "settings.push.state.subscribed": ("已订阅", "Subscribed"),
    "settings.push.state.polling": ("推送中", "Pushing"),
    "settings.push.state.shutdown": ("已结束", "Finished"),
    "settings.push.state.aborted": ("服务商中止（将重新订阅）", "Aborted (to be subscribed again)"),
    "settings.push.state.failed": ("订阅失败（定时查询）", "Failed (polled instead)"),
    "settings.push.options_title": ("外网如何访问本机？", "How can the internet reach this computer?"),
    "settings.push.option_public": (
        "有公网 IP 或云服务器：把 WAYBILL_PUBLIC_URL 设为外网能访问的地址（如 https://shop.example.com），并在路由器上转发端口。",
        "A public IP or a cloud server: set WAYBILL_PUBLIC_URL to the address the internet reaches (e.g. "
        "https://shop.example.com) and forward the port on the router.",
    ),
    "settings.push.option_tunnel": (
        "没有公网 IP：用内网穿透（反向隧道，如 frp、cpolar、Cloudflare Tunnel）把一个外网地址转到本机端口，"
        "再把 WAYBILL_PUBLIC_URL 设为该地址。只需开放 /api/v1/tracking/push/ 下的两个地址。",
        "No public IP: use a reverse tunnel (frp, cpolar, Cloudflare Tunnel…) that forwards a public address to this "
        "computer's port, and set WAYBILL_PUBLIC_URL to it. Only the two addresses under /api/v1/tracking/push/ "
        "need to be reachable.",
    ),
    "settings.push.option_none": (
        "都没有：关闭推送（WAYBILL_TRACKING_PUSH=false），系统按包裹状态智能定时查询。",
        "Neither: turn push off (WAYBILL_TRACKING_PUSH=false); parcels are polled on a schedule that follows their status.",
    ),
    "settings.push.fields": ("推送与查询频率", "Push and polling"),
    "settings.push.saved": ("已保存。", "Saved."),
    "settings.push.never": ("从未", "never"),
    "push.shipment": (
        "物流推送：{state}（代码 {code}），已收到 {callbacks} 次推送，最近 {when}",
        "Push: {state} (code {code}), {callbacks} pushes received, last {when}",
    ),
}

FIELD_LABELS = {
    "tracking.push.silent_h": (
        "已订阅包裹多少小时无推送后查询一次",
        "Look at a subscribed parcel after … h without a push",
    ),
    "tracking.push.no_callback_h": (
        "多少小时收不到任何回调即改为定时查询",
        "Poll instead after … h without any callback",
    ),
    "tracking.push.resubscribe_min": (
        "服务商中止后多少分钟重新订阅（至少 30）",
        "Subscribe again … min after an abort (≥ 30)",
    ),
    "tracking.push.fallback_max_h": (
        "未能订阅推送的包裹最长多少小时查询一次",
        "Look at a parcel not pushed at least every … h",
    ),
    "tracking.interval.long_haul_h": ("干线运输中：每隔几小时查询", "On a long-haul leg: check every … h"),
    "tracking.interval.arrived_h": ("到达派件城市：每隔几小时查询", "Arrived in the destination city: every … h"),
    "tracking.interval.pickup_point_h": ("已放入驿站/快递柜：每隔几小时查询", "At a locker/station: every … h"),
    "tracking.interval.returning_h": ("退回中：每隔几小时查询", "On its way back: every … h"),
    "tracking.pickup_window_h": ("发货后几小时内未揽收则减半查询", "Not picked up after … h: check half as often"),
}
for _key, _pair in FIELD_LABELS.items():
    TEXTS[f"settings.field.{_key}"] = _pair
