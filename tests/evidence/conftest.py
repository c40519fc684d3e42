"""A small library the evidence tests build themselves: three articles on different topics,
one of which backs (and one contradicts) claims made in the others."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.evidence.assistant import EvidenceIndex
from annotator.store import Store

HARBOUR = (
    "Harbour works begin in Lisbon\n"
    "The port authority said the new container terminal will open in June 2027. "
    "Dredging of the northern channel started on Monday. "
    "The project costs 420 million euros and will employ 1,800 workers. "
    "Fishermen protested against the noise at the quay."
)
REWRITE = (
    "Lisbon's port is growing\n"
    "A new container terminal is due to open in the summer. "
    "According to officials, about 1,800 people will work on the project. "
    "Critics say the terminal will cost far more than planned."
)
ORCHARD = (
    "Apple harvest down in the valley\n"
    "Growers in the Douro valley picked 30 percent fewer apples this autumn. "
    "A late frost in April damaged the blossoms. "
    "Cooperatives expect prices to rise before Christmas. "
    "Émilie Duarte, who runs a farm near Régua, said 🍎 exports to Spain were not affected."
)


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(tmp_path / "library.sqlite3", author="tester")
    store.import_document("Harbour works", HARBOUR, origin="https://news.example/harbour")
    store.import_document("Port rewrite", REWRITE, origin="https://blog.example/port")
    store.import_document("Orchard", ORCHARD, origin="https://news.example/orchard")
    yield store
    store.close()


@pytest.fixture
def index(library: Store) -> EvidenceIndex:
    evidence = EvidenceIndex(library)
    evidence.refresh()
    return evidence


def doc_id(store: Store, title: str) -> int:
    return store.find_document(title).id


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    return tmp_path / "library.sqlite3"
