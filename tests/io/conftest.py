"""Fixtures shared by the export tests (the library and its review export are in
tests/conftest.py, shared with the Qt tests of the review loop)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from tests.conftest import parametrise_backends

SCHEMAS = Path(__file__).with_name("schemas")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """The export and review suites run on SQLite and on PostgreSQL."""
    parametrise_backends(metafunc)


@pytest.fixture(scope="session")
def schema_validator() -> Callable[[str], Draft202012Validator]:
    """A validator for one of the JSON schemas in tests/io/schemas, checked itself first."""

    def load(name: str) -> Draft202012Validator:
        schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        return Draft202012Validator(schema)

    return load
