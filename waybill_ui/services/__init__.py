"""Use cases: every rule and state change of the shop, one transaction each, no NiceGUI.

Pages, the JSON API, the CLI and the scheduler all call these functions.
"""
