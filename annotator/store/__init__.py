"""Persistence: SQLAlchemy models, migrations, and the Store service (no Qt here).

The names below load on first use, so that light modules of this package (location,
peek) can be used at start-up without loading SQLAlchemy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from annotator.store.errors import (
        ConcurrentEdit,
        DatabaseCorrupt,
        DatabaseFull,
        DatabaseLocked,
        DatabaseReadOnly,
        DatabaseTooNew,
        DatabaseUnavailable,
        NotALibrary,
        NotFound,
        StoreError,
    )
    from annotator.store.location import resolve_database
    from annotator.store.service import Store

_HOMES = {
    "ConcurrentEdit": "errors",
    "DatabaseCorrupt": "errors",
    "DatabaseFull": "errors",
    "DatabaseLocked": "errors",
    "DatabaseReadOnly": "errors",
    "DatabaseTooNew": "errors",
    "DatabaseUnavailable": "errors",
    "NotALibrary": "errors",
    "NotFound": "errors",
    "StoreError": "errors",
    "resolve_database": "location",
    "Store": "service",
}

__all__ = [
    "ConcurrentEdit",
    "DatabaseCorrupt",
    "DatabaseFull",
    "DatabaseLocked",
    "DatabaseReadOnly",
    "DatabaseTooNew",
    "DatabaseUnavailable",
    "NotALibrary",
    "NotFound",
    "Store",
    "StoreError",
    "resolve_database",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'annotator.store' has no attribute {name!r}")
    return getattr(importlib.import_module(f"annotator.store.{home}"), name)
