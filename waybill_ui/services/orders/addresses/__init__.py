"""Addresses: the bundled administrative divisions, smart paste (智能识别) and filling 待补地址
orders (docs/addresses.md)."""
