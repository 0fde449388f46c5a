"""Entry file for NiceGUI's test fixtures (`user`, `screen`); people use `waybill-ui` instead."""

from waybill_ui.app import run

run()
