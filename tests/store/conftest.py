"""The store suite runs on SQLite and on PostgreSQL (tests/conftest.py)."""

from __future__ import annotations

import pytest

from tests.conftest import parametrise_backends


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    parametrise_backends(metafunc)
