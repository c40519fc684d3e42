"""A library indexed under an earlier term analysis is cut again: the stored terms always
come from the analysis that ranks the claims (text.SCHEME)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from annotator.evidence.assistant import EvidenceIndex
from annotator.evidence.passages import load_passages, stale_documents
from annotator.evidence.text import SCHEME, terms
from annotator.store import Store

from .conftest import ORCHARD, doc_id

EARLIER = "sentencex-lines/snowball-en/1"  # short stop list, no Unicode normalisation


def test_passages_of_an_earlier_analysis_are_cut_again(
        library: Store, index: EvidenceIndex, db_file: Path) -> None:
    assert SCHEME != EARLIER
    connection = sqlite3.connect(db_file)
    with connection:  # as the previous version of the app stored them
        connection.execute("UPDATE passage_sets SET scheme = ?", (EARLIER,))
        connection.execute("UPDATE passages SET terms = 'émili the duart'")
    connection.close()
    assert load_passages(library) == []  # never ranked with terms of another analysis
    assert len(stale_documents(library)) == 3

    again = EvidenceIndex(library)
    assert again.refresh().indexed == 3
    orchard = doc_id(library, "Orchard")
    stored = [p for p in load_passages(library) if p.document_id == orchard]
    assert [p.terms for p in stored] == [tuple(terms(ORCHARD[p.start:p.end])) for p in stored]
    assert {"emili", "duart", "regua"} <= set(stored[-1].terms)  # accents folded
    hit = again.search("Emilie Duarte near Regua").results[0]
    assert hit.document_id == orchard and hit.text.startswith("Émilie Duarte")
    assert [ORCHARD[a:b] for a, b in hit.marks] == ["Émilie", "Duarte", "near", "Régua"]
