from . import dialect
from .engine import Database, open_database

__all__ = ["Database", "dialect", "open_database"]
