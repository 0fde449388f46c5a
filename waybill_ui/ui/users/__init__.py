"""The parts of 设置 → 账号与员工 (`ui/settings_sections/users.py`): the accounts with their role,
state and password reset, the usernames waiting after wrong passwords, and the add-account form."""
