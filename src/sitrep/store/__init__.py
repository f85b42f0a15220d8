"""The crisis database (SQLite by default, PostgreSQL + PostGIS by URL); see :mod:`sitrep.store.store`."""

from .store import QueryFilters, Store, content_hash, database_url

__all__ = ["QueryFilters", "Store", "content_hash", "database_url"]
