"""The sample articles shipped in annotator.resources, for a first run with an empty library."""

from __future__ import annotations

from contextlib import ExitStack
from importlib.resources import as_file, files

from annotator.domain.records import ImportOutcome
from annotator.io.importers import read_file
from annotator.store import Store


def import_bundled_samples(store: Store) -> list[ImportOutcome]:
    """Import the samples, the original report first so it is the first in the library."""
    outcomes = []
    with ExitStack() as stack:
        folder = files("annotator.resources").joinpath("samples")
        entries = sorted(
            (e for e in folder.iterdir() if e.name.endswith(".txt")),
            key=lambda e: e.name, reverse=True,
        )
        for entry in entries:
            path = stack.enter_context(as_file(entry))
            imported = read_file(path)
            outcomes.append(store.import_document(imported.title, imported.text, origin=None))
    return outcomes
