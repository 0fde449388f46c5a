"""Texts of the session, token and login-throttling defences (docs/security.md)."""

TEXTS = {
    "login.throttled": (
        "尝试次数过多，请 {seconds} 秒后再试。忘记密码请找店主重置。",
        "Too many tries: wait {seconds} seconds and try again. Forgot the password? Ask the owner to reset it.",
    ),
    "security.login_expired": (
        "登录已超时，请重新输入用户名和密码。",
        "The login took too long; please enter your username and password again.",
    ),
    "security.csrf": (
        "请求被拒绝：它不是从本应用的页面发出的。请在本应用的页面中重新操作。",
        "Refused: this request did not come from a page of this app. Please do it again from the app's own page.",
    ),
    "import.problem.row_short": (
        "这一行只有 {have} 格，表头有 {want} 列：可能被截断或被换行拆开了，请检查这一行后重新导入",
        "this row has {have} cells but the header has {want} columns: it may be cut off or split by a line break; "
        "check the row and import again",
    ),
    "import.problem.row_long": (
        "这一行有 {have} 格，比表头的 {want} 列多：可能有没加引号的逗号，请检查这一行后重新导入",
        "this row has {have} cells, more than the header's {want} columns: maybe an unquoted comma; check the row "
        "and import again",
    ),
    "user.old_password_wrong": ("当前密码不正确。", "The current password is wrong."),
    "settings.tokens.expires": ("到期", "Expires"),
    "settings.tokens.none": ("没有有效的 API 令牌。", "No API token in use."),
    "settings.tokens.expiry_note": (
        "新令牌 {days} 天后到期；修改或重置密码、变更角色或停用账号时，该用户的所有令牌立即失效。",
        "New tokens expire after {days} days; a password change or reset, a role change or deactivation ends all of "
        "that user's tokens at once.",
    ),
    "settings.users.waits": ("登录等待", "Login waits"),
    "settings.users.wait_row": (
        "{username} 从 {address} 输错 {failures} 次，需等到 {time}",
        "{username} from {address}: {failures} wrong tries, waits until {time}",
    ),
    "settings.users.unlock": ("解除", "Clear"),
    "settings.users.unlocked": ("已解除 {username} 的登录等待。", "Login waits of {username} cleared."),
    "settings.password.title": ("修改我的密码", "Change my password"),
    "settings.password.old": ("当前密码", "Current password"),
    "settings.password.new": ("新密码", "New password"),
    "settings.password.submit": ("修改密码", "Change password"),
    "settings.password.done": (
        "密码已修改。所有登录和 API 令牌已失效，请重新登录。",
        "Password changed. All logins and API tokens ended; please log in again.",
    ),
}
