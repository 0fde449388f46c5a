"""What the fork server (launch.py) loads before it forks an app or a console command: the modules
`serve` would import, and the API's finished routes.

Importing a page module puts its @ui.page route on NiceGUI's app, as `create_app` does first thing
when the app starts (`register_pages`); the fork's own `create_app` then finds them imported. The
API routes are built by `api._routes()` once per process (waybill_ui/api/__init__.py); built here,
every fork inherits them. Neither opens a file, a connection or a thread.
"""

from __future__ import annotations

import waybill_ui.app  # noqa: F401
import waybill_ui.cli  # noqa: F401
from waybill_ui import api
from waybill_ui.ui.pages import register

register()
api._routes()
