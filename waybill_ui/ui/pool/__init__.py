"""Parts of the 单号库存 page (NiceGUI only here; every rule is in services/pool*.py)."""
