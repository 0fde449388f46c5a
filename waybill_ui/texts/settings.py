TEXTS = {
    "settings.title": ("设置", "Settings"),
    "settings.tab.users": ("账号与员工", "Users"),
    "settings.tab.tokens": ("API 令牌", "API tokens"),
    "settings.tab.general": ("通用", "General"),
    "settings.users.intro": (
        "店主可以添加员工账号。员工可以发货、打印面单和查看物流；不能购买单号、充值、退款、管理账号和设置。",
        "The owner adds staff accounts. Staff can ship, print and track; they cannot buy, top up, refund, "
        "or manage users and settings.",
    ),
    "settings.users.add": ("添加员工", "Add staff"),
    "settings.users.role": ("角色", "Role"),
    "settings.users.active": ("启用", "Active"),
    "settings.users.last_login": ("最近登录", "Last login"),
    "settings.users.reset": ("重置密码", "Reset password"),
    "settings.users.disable": ("停用", "Disable"),
    "settings.users.enable": ("启用", "Enable"),
    "settings.users.make_owner": ("设为店主", "Make owner"),
    "settings.users.make_staff": ("设为员工", "Make staff"),
    "settings.users.created": ("已添加账号「{username}」。", "Account “{username}” added."),
    "settings.users.new_password": ("新密码", "New password"),
    "settings.users.password_reset": ("已重置「{username}」的密码。", "Password of “{username}” reset."),
    "settings.tokens.intro": (
        "API 令牌用于脚本、扫码枪和其他店铺工具调用 /api/v1 接口（请求头 Authorization: Bearer <令牌>）。令牌只显示一次，请妥善保存。",
        "API tokens let scripts, scanners and other shop tools call /api/v1 (header Authorization: Bearer <token>). "
        "A token is shown once only; keep it safe.",
    ),
    "settings.tokens.name": ("令牌名称（例如：扫码枪）", "Token name (e.g. scanner)"),
    "settings.tokens.create": ("生成令牌", "Create token"),
    "settings.tokens.created": ("新令牌（只显示这一次）：", "New token (shown this once only):"),
    "settings.tokens.revoke": ("撤销", "Revoke"),
    "settings.tokens.revoked": ("令牌已撤销。", "Token revoked."),
    "settings.tokens.owner_col": ("所属账号", "Account"),
    "settings.tokens.last_used": ("最近使用", "Last used"),
    "settings.general.data_dir": ("数据目录", "Data folder"),
    "settings.general.provider": ("物流跟踪服务", "Tracking provider"),
    "settings.general.version": ("版本", "Version"),
    "settings.general.sandbox_note": (
        "当前使用内置模拟快递网络（无需快递账号即可体验全部功能）。配置快递100或快递鸟的密钥后可切换到真实数据。",
        "The built-in simulated carrier network is in use (everything works without a carrier account). "
        "Enter Kuaidi100 or Kdniao keys to switch to real data.",
    ),
    "settings.staff_view": (
        "员工只能管理自己的 API 令牌和语言。",
        "Staff can manage only their own API tokens and language.",
    ),
}
