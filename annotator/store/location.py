"""Where the library database lives: --db, else $ANNOTATOR_DB, else the user data dir."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "annotator"
DB_FILENAME = "library.sqlite3"
ENV_VAR = "ANNOTATOR_DB"


def resolve_database(cli_value: str | None = None) -> str:
    """A file path or a SQLAlchemy URL (postgresql+psycopg://...) for a shared desk database."""
    if cli_value:
        return cli_value
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return from_env
    return str(Path(user_data_path(APP_NAME, appauthor=False)) / DB_FILENAME)
