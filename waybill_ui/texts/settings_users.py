"""Column headings of the accounts list in 设置 (ui/settings_sections/users.py)."""

TEXTS = {
    "settings.users.col.username": ("用户名", "Username"),
    "settings.users.col.role": ("角色", "Role"),
    "settings.users.col.state": ("状态", "State"),
    "settings.users.col.last_login": ("上次登录", "Last sign-in"),
    "settings.users.inactive": ("已停用", "disabled"),
    "settings.users.never": ("从未登录", "never"),
}
