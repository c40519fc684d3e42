"""Shared fixtures: a real SQLite library in tmp_path and the bundled sample articles."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before anything imports Qt: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ANNOTATOR_AUTHOR", "tester")

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLES_DIR = REPO_ROOT / "resources" / "samples"
ORIGINAL_REPORT = SAMPLES_DIR / "004_c41784a00cd0d9a4.txt"
REWRITE = SAMPLES_DIR / "000_e694465455adeef1.txt"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "library.sqlite3"


@pytest.fixture
def store(db_path: Path) -> Iterator[object]:
    from annotator.store import Store

    opened = Store.open(db_path, author="tester")
    yield opened
    opened.close()


@pytest.fixture
def original_text() -> str:
    return ORIGINAL_REPORT.read_text(encoding="utf-8")


@pytest.fixture
def rewrite_text() -> str:
    return REWRITE.read_text(encoding="utf-8")
