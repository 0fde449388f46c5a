TEXTS = {
    "login.title": ("登录", "Log in"),
    "login.username": ("用户名", "Username"),
    "login.password": ("密码", "Password"),
    "login.submit": ("登录", "Log in"),
    "login.failed": ("用户名或密码不正确。", "Wrong username or password."),
    "login.failed_left": (
        "用户名或密码不正确，再错 {left} 次账号将被锁定 15 分钟。",
        "Wrong username or password; {left} more tries before the account locks for 15 minutes.",
    ),
    "login.locked": (
        "密码错误次数过多，账号已锁定，请在 {minutes} 分钟后再试，或请店主重置密码。",
        "Too many wrong passwords: the account is locked. Try again in {minutes} minutes or ask the owner to reset it.",
    ),
    "login.inactive": ("此账号已停用，请联系店主。", "This account is disabled; ask the owner."),
    "login.no_account": (
        "还没有任何账号。请使用启动时控制台打印的设置链接创建店主账号。",
        "No account exists yet. Use the setup link printed on the console at start to create the owner account.",
    ),
    "setup.title": ("首次设置：创建店主账号", "First start: create the owner account"),
    "setup.intro": (
        "店主可以购买单号、充值、退款、管理员工和设置。密码至少 8 位。",
        "The owner can buy numbers, top up, refund, manage staff and settings. The password needs 8 characters or more.",
    ),
    "setup.password_again": ("再次输入密码", "Password again"),
    "setup.submit": ("创建并登录", "Create and log in"),
    "setup.bad_token": (
        "设置链接无效或已使用。请查看启动应用时控制台打印的链接。",
        "This setup link is invalid or already used. Look for the link printed on the console when the app started.",
    ),
    "setup.done_already": ("店主账号已存在，请直接登录。", "The owner account exists already; please log in."),
    "setup.mismatch": ("两次输入的密码不一致。", "The two passwords differ."),
    "user.exists": ("用户名「{username}」已存在。", "The username “{username}” is taken."),
    "user.bad_username": (
        "用户名需为 2–32 位字母、数字、下划线、点或中文。",
        "A username has 2–32 letters, digits, underscores, dots or Chinese characters.",
    ),
    "user.weak_password": ("密码至少需要 8 位。", "The password needs at least 8 characters."),
    "user.not_found": ("找不到用户「{username}」。", "No user “{username}”."),
    "user.last_owner": ("不能停用或降级最后一个店主账号。", "The last owner account cannot be disabled or demoted."),
    "token.invalid": ("API 令牌无效或已撤销。", "The API token is invalid or revoked."),
    "auth.required": ("请先登录。", "Please log in first."),
    "auth.forbidden": ("只有店主可以进行此操作。", "Only the shop owner can do this."),
}
