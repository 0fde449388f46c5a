"""Packing station services (issue 21). scan.py: scan to verify, weigh and ship one parcel."""
