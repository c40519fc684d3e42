"""Persistence: SQLAlchemy models, migrations, and the Store service (no Qt here)."""

from annotator.store.errors import (
    ConcurrentEdit,
    DatabaseCorrupt,
    DatabaseLocked,
    DatabaseReadOnly,
    DatabaseTooNew,
    DatabaseUnavailable,
    NotFound,
    StoreError,
)
from annotator.store.location import resolve_database
from annotator.store.service import Store

__all__ = [
    "ConcurrentEdit",
    "DatabaseCorrupt",
    "DatabaseLocked",
    "DatabaseReadOnly",
    "DatabaseTooNew",
    "DatabaseUnavailable",
    "NotFound",
    "Store",
    "StoreError",
    "resolve_database",
]
