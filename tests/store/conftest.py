"""The store suite runs on SQLite and on PostgreSQL (tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from annotator.store import Store
from tests.conftest import Backend, parametrise_backends


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    parametrise_backends(metafunc)


@pytest.fixture
def alice(backend: Backend) -> Iterator[Store]:
    """One editor of a shared library..."""
    with backend.open(author="Alice") as store:
        yield store


@pytest.fixture
def dana(backend: Backend, alice: Store) -> Iterator[Store]:
    """...and another, with a Store of her own on the same library."""
    with backend.open(author="Dana") as store:
        yield store
