"""Shared fixtures: a real SQLite library in tmp_path and the bundled sample articles."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before anything imports Qt: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ANNOTATOR_AUTHOR", "tester")

# A library syncs every commit to the disk (synchronous=FULL) so that a power loss loses no
# edit. Tests do not lose power: they run with NORMAL, which skips that fsync and takes about
# a quarter off the store tests' time on a busy disk. tests/store/test_service.py checks
# that a library really gets FULL.
PRODUCTION_SYNCHRONOUS = "FULL"


@pytest.fixture(autouse=True, scope="session")
def _no_fsync_per_commit() -> Iterator[None]:
    from annotator.store import engine

    assert engine.SYNCHRONOUS == PRODUCTION_SYNCHRONOUS
    engine.SYNCHRONOUS = "NORMAL"
    yield
    engine.SYNCHRONOUS = PRODUCTION_SYNCHRONOUS


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
