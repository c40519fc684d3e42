"""Fixtures shared by the export tests: a library built through the services, and its
review export."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from annotator.io.export import export_library
from annotator.store import Store
from tests.conftest import parametrise_backends
from tests.io.export_support import Library, build_library

SCHEMAS = Path(__file__).with_name("schemas")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """The export and review suites run on SQLite and on PostgreSQL."""
    parametrise_backends(metafunc)


@pytest.fixture
def library(store: Store, original_text: str) -> Library:
    return build_library(store, original_text)


@pytest.fixture
def review(store: Store, library: Library, tmp_path: Path) -> Path:
    path = tmp_path / "review.sqlite"
    export_library(store, "review", path)
    return path


@pytest.fixture(scope="session")
def schema_validator() -> Callable[[str], Draft202012Validator]:
    """A validator for one of the JSON schemas in tests/io/schemas, checked itself first."""

    def load(name: str) -> Draft202012Validator:
        schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        return Draft202012Validator(schema)

    return load
