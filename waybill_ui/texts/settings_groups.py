"""The settings page's groups, the language and backup sections."""

TEXTS = {
    "settings.intro": (
        "店里的各项设置分成几组。在菜单里选一项，旁边（手机上在下方）会说明它管什么。只有店主能改店铺设置；员工可以设置自己的语言和 API 令牌。",
        "The shop's settings, in groups. Pick one in the menu; the section beside it (below it on a phone) explains "
        "what it controls. Only the "
        "owner changes shop settings; staff set their own language and API tokens.",
    ),
    "settings.group.shop": ("店铺与账号", "Shop and accounts"),
    "settings.group.shop.intro": (
        "谁能登录、能做什么；给扫码枪和脚本用的 API 令牌；页面语言。",
        "Who can sign in and what they may do; API tokens for scanners and scripts; the language of the pages.",
    ),
    "settings.group.buying": ("采购与库存", "Buying and stock"),
    "settings.group.buying.intro": (
        "从哪里发货、和快递网点谈好的合同价（比价和报表会用它），以及单号库存什么时候提醒快过期、快用完。",
        "Where parcels leave from and the prices agreed with carrier outlets (used for quotes and reports), and "
        "when the pool warns about numbers expiring or running low.",
    ),
    "settings.group.shipping": ("发货与面单", "Shipping and labels"),
    "settings.group.shipping.intro": (
        "智能匹配快递时看重价格、速度、评分还是库存；自动发货；面单尺寸、隐藏手机号和寄件人地址。",
        "How carrier matching weighs price, speed, rating and stock; auto-ship; label size, phone masking and the "
        "sender addresses printed on labels.",
    ),
    "settings.group.tracking": ("物流跟踪与预警", "Tracking and alerts"),
    "settings.group.tracking.intro": (
        "用哪家物流查询服务（快递100、快递鸟或内置模拟网络）及其密钥；多久查一次、什么情况下预警；告知买家的话术。",
        "Which tracking service to use (Kuaidi100, Kdniao or the built-in network) and its keys; how often parcels "
        "are checked and when an alert is raised; the messages sent to buyers.",
    ),
    "settings.group.system": ("系统与备份", "System and backups"),
    "settings.group.system.intro": (
        "版本、数据目录和数据库备份。备份包含所有订单和收件人信息，请妥善保管。",
        "Version, data folder and database backups. A backup holds every order and address: keep it safe.",
    ),
    "settings.group.other": ("其他", "Other"),
    "settings.group.other.intro": ("其他设置。", "Other settings."),
    "settings.tab.language": ("语言", "Language"),
    "settings.language.intro": (
        "页面和提示信息使用的语言，只影响你自己的账号（页头右上角的切换按钮也可以改）。",
        "The language of pages and messages, for your own account only (the switch at the top right does the same).",
    ),
    "settings.tab.backup": ("备份", "Backup"),
    "settings.backup.intro": (
        "点「立即备份并下载」会在应用运行的同时复制一份完整的数据库（不影响发货），保存在 {folder}，并下载到这台电脑。"
        "恢复时先停止应用，再运行 waybill-ui restore 备份文件。",
        "“Back up and download” copies the whole database while the app keeps running (shipping is not "
        "interrupted), keeps it in {folder} and downloads it to this computer. To restore, stop the app and run "
        "waybill-ui restore FILE.",
    ),
    "settings.backup.make": ("立即备份并下载", "Back up and download"),
    "settings.backup.made": ("已备份：{name}", "Backup made: {name}"),
    "settings.backup.recent": ("最近的备份", "Recent backups"),
    "settings.backup.none": ("还没有备份。", "No backup yet."),
    "backup.not_sqlite": (
        "当前数据库不是本地 SQLite 文件，请用数据库自己的工具备份。",
        "The database is not a local SQLite file; back it up with the database's own tools.",
    ),
    "backup.not_found": (
        "找不到备份「{name}」。请在设置 → 备份里重新生成。",
        "Backup “{name}” was not found. Make a new one under Settings → Backup.",
    ),
}
