"""Carrier and tracking providers behind one protocol (see protocol.py), Karrio-style:
each provider package keeps pure request-building / response-parsing functions apart from the
I/O, and maps raw codes to our one status enum in its own ``units`` module."""
