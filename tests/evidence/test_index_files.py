"""The ranker kept on disk: a restart maps it (nothing rebuilt) and answers as the built one;
a change to the library makes a new one; a half-written or damaged folder is rebuilt."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from annotator.evidence import index_files
from annotator.evidence.assistant import EvidenceIndex
from annotator.evidence.passage_table import PassageTable
from annotator.evidence.passages import load_passages
from annotator.evidence.ranking import Ranker
from annotator.store import Store

CLAIM = "The harbour closed after the storm"


def library(path: Path) -> Store:
    store = Store.open(path)
    store.import_document("Port news", "The storm closed the harbour on Monday.\n"
                                       "Ships waited outside for two days.")
    store.import_document("Garden", "Tomatoes ripen in summer. Storms break their stems.")
    store.import_document("Council", "The council met on Tuesday about the harbour fees.")
    return store


def answers(index: EvidenceIndex) -> list[tuple[int, int, float]]:
    return [(h.document_id, h.start, round(h.score, 5))
            for h in index.search(CLAIM, exclude={3}).results]


def refreshed(store: Store, cache: Path) -> EvidenceIndex:
    index = EvidenceIndex(store, cache=cache)
    index.refresh()
    return index


def test_a_restart_maps_the_saved_ranker_and_answers_the_same(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    with library(tmp_path / "lib.sqlite3") as store:
        expected = answers(refreshed(store, cache))
        assert expected and expected[0][0] == 1
        again = refreshed(store, cache)
        assert isinstance(again.ranker.table.columns.term_ids, np.memmap)
        assert answers(again) == expected
        # The same answers as a ranker built from the stored passages as objects.
        plain = Ranker(load_passages(store))
        assert [(r.index, round(r.score, 5)) for r in plain.rank(CLAIM)] == \
            [(r.index, round(r.score, 5)) for r in again.ranker.rank(CLAIM)]


def test_a_new_article_makes_a_new_state_and_the_old_one_goes(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    with library(tmp_path / "lib.sqlite3") as store:
        index = refreshed(store, cache)
        folder = index_files.library_folder(cache, store.label)
        before = {p.name for p in folder.iterdir()}
        added = store.import_document("Storm report", "The harbour closed after the storm.")
        index.refresh()
        assert answers(index)[0][0] == added.document.id
        after = {p.name for p in folder.iterdir()}
        assert len(before) == len(after) == 1 and before != after


def test_an_incomplete_or_damaged_folder_is_built_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    with library(tmp_path / "lib.sqlite3") as store:
        expected = answers(refreshed(store, cache))
        (state,) = index_files.library_folder(cache, store.label).iterdir()
        (state / "term_ids.npy").write_bytes(b"not an array")
        assert index_files.load(state) is None
        assert answers(refreshed(store, cache)) == expected
        (state / "complete").unlink()
        assert index_files.load(state) is None


def test_a_table_gives_back_the_stored_passages(tmp_path: Path) -> None:
    with library(tmp_path / "lib.sqlite3") as store:
        EvidenceIndex(store).refresh()
        stored = load_passages(store)
        table = PassageTable.read(store)
        assert list(table) == stored
        assert table[-1] == stored[-1] and list(table[1:3]) == stored[1:3]
        assert list(PassageTable.from_passages(stored)) == stored
        assert len(PassageTable.from_passages([])) == 0


def test_a_desk_library_on_postgresql_is_indexed_and_kept(postgres_url: str,
                                                           tmp_path: Path) -> None:
    """Batched writes and the streamed read of the passages on a shared desk database."""
    cache = tmp_path / "cache"
    store = Store.open(postgres_url)
    try:
        for n in range(40):  # more than one read of documents
            store.import_document(f"Note {n}", f"Harbour note {n}. Ships came in.")
        store.import_document("Port news", "The storm closed the harbour on Monday.")
        index = EvidenceIndex(store, cache=cache)
        assert index.refresh().indexed == 41
        best = index.search(CLAIM).results[0]
        assert best.text == "The storm closed the harbour on Monday."
        again = EvidenceIndex(store, cache=cache)
        assert again.refresh().indexed == 0
        assert isinstance(again.ranker.table.columns.term_ids, np.memmap)
        assert again.search(CLAIM).results[0] == best
        assert len(load_passages(store)) == 81
    finally:
        store.close()
