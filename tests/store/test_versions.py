"""Versions of a document on a real SQLite file: every claim follows the new text or says
it is lost, the old version keeps its claims where they were, re-attaching is undoable."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from annotator.domain.anchor import AnchorState, find_occurrence, make_anchor
from annotator.domain.library import ClaimQuery
from annotator.domain.verdict import Verdict
from annotator.store import Store
from annotator.store.migrate import head_revision
from annotator.store.versions import ANCHOR_FIELD
from tests.conftest import Backend

FROZEN_REV0008 = Path(__file__).parent / "data" / "library-rev0008.sqlite3"

MOVED = "Trump spoke to his Russian counterpart on Thursday via phone call"
CORRECTED = "Weeks passed as Russia continued to bombard Ukraine"
DELETED = "If they will not stop the war, they will need it in any case"
DELETED_SENTENCE = DELETED + ",” Zelensky said. "
INSERTED = "Editor's note: this article was updated to correct the date of the call.\n\n"


def raw(db_path: Path, sql: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(db_path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def claim_on(store: Store, doc_id: int, text: str, quote: str, occurrence: int = 1) -> int:
    start, end = find_occurrence(text, quote, occurrence)
    return store.create_claim(doc_id, start, end, verdict=Verdict.DISPUTED).id


def paragraph_with(text: str, quote: str) -> str:
    return next(p for p in text.split("\n\n") if quote in p)


@pytest.fixture
def article(store: Store, original_text: str) -> tuple[int, str]:
    for quote in (MOVED, CORRECTED, DELETED_SENTENCE):
        assert original_text.count(quote) == 1, quote
    doc_id = store.import_document("Report", original_text, "/tmp/report.txt").document.id
    return doc_id, original_text


def edited(text: str) -> tuple[str, str]:
    """A new version: a paragraph inserted before everything, a word corrected inside a
    claim, a sentence deleted, and the paragraph of the last claim duplicated."""
    long_paragraph = max(text.split("\n\n"), key=len)
    new = INSERTED + text.replace("bombard", "shell")
    new = new.replace(DELETED_SENTENCE, "")
    new = new.replace(long_paragraph, long_paragraph + "\n\n" + long_paragraph)
    return new, long_paragraph


def test_a_new_version_re_anchors_every_claim_with_its_state(
    store: Store, article: tuple[int, str]
) -> None:
    doc_id, text = article
    new, long_paragraph = edited(text)
    middle = long_paragraph[200:290].strip()
    ids = {
        "moved": claim_on(store, doc_id, text, MOVED),
        "fuzzy": claim_on(store, doc_id, text, CORRECTED),
        "orphaned": claim_on(store, doc_id, text, DELETED),
        "ambiguous": claim_on(store, doc_id, text, middle),
    }
    before = {c.id: c for c in store.claims(doc_id)}

    outcome = store.add_version(doc_id, new, note="corrected by the outlet")

    assert outcome.created and outcome.number == 2
    claims = {c.id: c for c in store.claims(doc_id)}
    states = {name: claims[key].anchor_state for name, key in ids.items()}
    assert states == {
        "moved": AnchorState.MOVED, "fuzzy": AnchorState.FUZZY,
        "orphaned": AnchorState.ORPHANED, "ambiguous": AnchorState.AMBIGUOUS,
    }
    assert outcome.states == {AnchorState.MOVED: 1, AnchorState.FUZZY: 1,
                              AnchorState.ORPHANED: 1, AnchorState.AMBIGUOUS: 1}
    document = store.document(doc_id)
    assert document.text == new
    for name in ("moved", "fuzzy", "ambiguous"):
        claim = claims[ids[name]]
        assert claim.placed and claim.doc_sha256 == document.sha256
        assert new[claim.start:claim.end] == claim.exact
    assert claims[ids["moved"]].start == before[ids["moved"]].start + len(INSERTED)
    assert claims[ids["fuzzy"]].exact == CORRECTED.replace("bombard", "shell")
    orphan = claims[ids["orphaned"]]
    assert not orphan.placed and orphan.exact == DELETED  # the anchor it had in version 1
    # Re-anchoring is not an edit: the claims keep their version (review files agree).
    assert all(claims[k].version == before[k].version for k in before)
    assert all(claims[k].verdict is Verdict.DISPUTED for k in before)


def test_every_claim_is_written_as_its_new_version_cuts_it(
    store: Store, article: tuple[int, str]
) -> None:
    """Claims are written set-based (only what changed); each one must still read exactly as
    make_anchor cuts its place in the new text: quote, context on both sides, fingerprint.
    One claim on every sentence start, so that many sit next to an edit."""
    doc_id, text = article
    starts = [k for k in range(1, len(text) - 60) if text[k - 1] == " " and text[k].isupper()]
    ids = [store.create_claim(doc_id, k, k + 50, verdict=Verdict.DISPUTED).id
           for k in starts[::3]]
    new = edited(text)[0]
    outcome = store.add_version(doc_id, new)

    sha = store.document(doc_id).sha256
    claims = {c.id: c for c in store.claims(doc_id)}
    assert sum(outcome.states.values()) == len(ids) == len(claims)
    for claim in claims.values():
        if claim.placed:
            cut = make_anchor(new, claim.start, claim.end, doc_sha256=sha)
            assert (claim.start, claim.end, claim.exact, claim.prefix, claim.suffix,
                    claim.doc_sha256) == (cut.start, cut.end, cut.exact, cut.prefix,
                                          cut.suffix, cut.doc_sha256)
    near_edit = [c for c in claims.values() if c.anchor_state is AnchorState.MOVED
                 and c.prefix != text[max(0, c.start - len(INSERTED) - 32):
                                      c.start - len(INSERTED)]]
    assert near_edit  # some untouched claims took a new context


def test_the_search_index_follows_a_corrected_quote(
    store: Store, article: tuple[int, str]
) -> None:
    doc_id, text = article
    claim_id = claim_on(store, doc_id, text, CORRECTED)
    moved_id = claim_on(store, doc_id, text, MOVED)

    def found(words: str) -> set[int]:
        return {hit.claim.id for hit in store.search_claims(ClaimQuery(text=words)).hits}

    assert claim_id in found("bombard")
    store.add_version(doc_id, edited(text)[0])
    assert claim_id in found("shell") and claim_id not in found("bombard")
    assert moved_id in found("counterpart")


def test_the_history_records_each_re_anchoring(store: Store, article: tuple[int, str]) -> None:
    doc_id, text = article
    claim_id = claim_on(store, doc_id, text, CORRECTED)
    store.add_version(doc_id, edited(text)[0])
    [entry] = [h for h in store.history(claim_id) if h.field == ANCHOR_FIELD]
    assert entry.old == "version 1: anchored"
    assert entry.new.startswith("version 2: fuzzy (score ")
    assert entry.author == "tester"


def test_the_old_version_keeps_its_text_and_its_claims_where_they_were(
    store: Store, article: tuple[int, str], backend: Backend
) -> None:
    doc_id, text = article
    ids = [claim_on(store, doc_id, text, quote) for quote in (MOVED, CORRECTED, DELETED)]
    before = {c.id: (c.start, c.end, c.exact) for c in store.claims(doc_id)}
    new = edited(text)[0]
    store.add_version(doc_id, new)
    later = claim_on(store, doc_id, new, "Editor's note")

    versions = store.versions(doc_id)
    assert [(v.number, v.current) for v in versions] == [(1, False), (2, True)]
    assert versions[1].author == "tester" and versions[0].note == "imported"
    assert store.version_text(doc_id, 1) == text
    assert store.version_text(doc_id, 2) == new
    old = store.claims_in_version(doc_id, 1)
    assert {c.id: (c.start, c.end, c.exact) for c in old} == before
    assert all(c.anchor_state is AnchorState.ANCHORED for c in old)
    current = {c.id for c in store.claims_in_version(doc_id, 2)}
    assert current == {ids[0], ids[1], later}  # the orphan is not in version 2
    # The current text is stored once: documents.text, not again in document_versions.
    assert backend.raw("SELECT number, CASE WHEN text IS NULL THEN 1 ELSE 0 END "
                       "FROM document_versions ORDER BY number") == [(1, 0), (2, 1)]


def test_untouched_claims_stay_on_their_own_copy_of_repeated_paragraphs(
    store: Store, original_text: str
) -> None:
    paragraph = paragraph_with(original_text, MOVED)
    text = "\n\n".join([paragraph, "Between the copies.", paragraph, "End."])
    doc_id = store.import_document("Repeated", text).document.id
    second = claim_on(store, doc_id, text, MOVED, 2)
    new = "A new first paragraph, longer than the copies are apart. " * 4 + "\n\n" + text
    store.add_version(doc_id, new)
    claim = store.claim(second)
    assert claim.anchor_state is AnchorState.MOVED
    assert claim.start == find_occurrence(new, MOVED, 2)[0]


def test_re_attaching_an_orphan_and_undoing_it(store: Store, article: tuple[int, str]) -> None:
    doc_id, text = article
    claim_id = claim_on(store, doc_id, text, DELETED)
    new = edited(text)[0]
    store.add_version(doc_id, new)
    orphan = store.claim(claim_id)
    assert orphan.anchor_state is AnchorState.ORPHANED

    start, end = find_occurrence(new, "Editor's note")
    attached = store.reattach_claim(claim_id, start, end, expected_version=orphan.version)
    assert attached.anchor_state is AnchorState.ANCHORED
    assert (attached.start, attached.end, attached.exact) == (start, end, "Editor's note")
    assert attached.version == orphan.version + 1
    assert store.history(claim_id)[-1].new == f"re-attached [{start}, {end})"

    restored = store.restore_claim_anchor(orphan)
    assert restored.anchor_state is AnchorState.ORPHANED
    assert (restored.start, restored.end, restored.exact) == (orphan.start, orphan.end, DELETED)
    assert store.history(claim_id)[-1].new.endswith("(undone)")


def test_an_orphan_comes_back_when_a_later_version_restores_its_words(
    store: Store, article: tuple[int, str]
) -> None:
    doc_id, text = article
    claim_id = claim_on(store, doc_id, text, DELETED)
    store.add_version(doc_id, edited(text)[0])
    assert store.claim(claim_id).anchor_state is AnchorState.ORPHANED
    outcome = store.add_version(doc_id, text + "\n\nUpdate: the original wording stands.")
    assert outcome.number == 3
    claim = store.claim(claim_id)
    assert claim.anchor_state in {AnchorState.ANCHORED, AnchorState.MOVED}
    assert claim.start == text.index(DELETED)
    assert [c.id for c in store.claims_in_version(doc_id, 2)] == []


def test_same_text_is_no_new_version_and_another_documents_text_is_refused(
    store: Store, article: tuple[int, str], rewrite_text: str
) -> None:
    doc_id, text = article
    assert not store.add_version(doc_id, text).created
    assert [v.number for v in store.versions(doc_id)] == [1]
    store.import_document("Rewrite", rewrite_text)
    with pytest.raises(ValueError, match="already in the library"):
        store.add_version(doc_id, rewrite_text)
    with pytest.raises(ValueError, match="carriage returns"):
        store.add_version(doc_id, "A\r\nB")
    assert store.document(doc_id).text == text


def test_claims_made_after_a_version_by_another_window_use_the_new_text(
    backend: Backend, store: Store, article: tuple[int, str]
) -> None:
    doc_id, text = article
    with backend.open(author="other") as other:
        other.create_claim(doc_id, 0, 5)  # caches version 1's text
        new = edited(text)[0]
        store.add_version(doc_id, new)
        claim = other.create_claim(doc_id, 0, 14)
    assert claim.exact == new[:14] == "Editor's note:"


def test_deleting_a_document_deletes_its_versions_and_placements(
    store: Store, article: tuple[int, str], backend: Backend
) -> None:
    doc_id, text = article
    claim_on(store, doc_id, text, MOVED)
    store.add_version(doc_id, edited(text)[0])
    assert backend.raw("SELECT count(*) FROM claim_placements") == [(1,)]
    store.delete_document(doc_id)
    assert backend.raw("SELECT count(*) FROM document_versions") == [(0,)]
    assert backend.raw("SELECT count(*) FROM claim_placements") == [(0,)]


def test_upgrade_from_revision_0008_keeps_every_row_and_makes_each_document_version_1(
    tmp_path: Path,
) -> None:
    from tests.store.test_migrations import rows_as_they_were

    path = tmp_path / "rev0008.sqlite3"
    shutil.copyfile(FROZEN_REV0008, path)
    tables = ("documents", "claims", "sources", "claim_history")
    old_columns = rows_as_they_were(path, tables)
    before = {t: old_columns(t) for t in tables}
    assert all(before.values()), "the frozen fixture must hold rows in every table"

    with Store.open(path) as store:
        [document] = store.list_documents()
        versions = store.versions(document.id)
        claims = store.claims(document.id)

    assert raw(path, "SELECT version_num FROM alembic_version") == [(head_revision(),)]
    for table in tables:
        assert old_columns(table) == before[table], table
    assert [(v.number, v.current, v.note) for v in versions] == [(1, True, "imported")]
    assert raw(path, "SELECT d.sha256 = v.sha256, v.text IS NULL, v.created_at = d.imported_at "
                     "FROM documents d JOIN document_versions v ON v.document_id = d.id") \
        == [(1, 1, 1)]
    assert claims and all(c.anchor_state is AnchorState.ANCHORED for c in claims)
    assert raw(path, "PRAGMA foreign_key_check") == []
    assert list(tmp_path.glob("rev0008.sqlite3.schema-0008-*.bak"))


def test_exports_do_not_point_an_orphan_at_other_words(
    store: Store, article: tuple[int, str], tmp_path: Path
) -> None:
    import json

    from annotator.io.export import export_library

    doc_id, text = article
    orphan = claim_on(store, doc_id, text, DELETED)
    kept = claim_on(store, doc_id, text, MOVED)
    store.add_version(doc_id, edited(text)[0])
    export_library(store, "w3c", tmp_path / "w3c.json")
    annotations = json.loads((tmp_path / "w3c.json").read_text(encoding="utf-8"))
    items = annotations.get("first", annotations).get("items", annotations.get("items"))
    selectors = {item["id"].rsplit(":", 1)[-1]: item["target"]["selector"] for item in items}
    uuids = {c.id: c.uuid for c in store.claims(doc_id)}
    assert [s["type"] for s in selectors[uuids[orphan]]] == ["TextQuoteSelector"]
    assert [s["type"] for s in selectors[uuids[kept]]] == ["TextQuoteSelector",
                                                           "TextPositionSelector"]
    export_library(store, "html", tmp_path / "report.html")
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert html.count('id="d1-t') == 1  # only the claim still in the text is marked in it


def test_exports_carry_the_version_each_claim_is_anchored_in(
    store: Store, article: tuple[int, str], tmp_path: Path
) -> None:
    """The review file (claims.text_version), W3C (schema.org version and the ni: SHA-256 of
    that version's text) and the HTML report (which version it shows), on both backends:
    SQLite copies the review file's rows in SQL, PostgreSQL streams them."""
    import base64
    import hashlib
    import json

    from annotator.io.export import export_library

    doc_id, text = article
    orphan = claim_on(store, doc_id, text, DELETED)
    fuzzy = claim_on(store, doc_id, text, CORRECTED)
    other_doc = store.import_document("Other", "A text that was never corrected.\n").document.id
    untouched = store.create_claim(other_doc, 2, 6, verdict=Verdict.VERIFIED).id
    new_text = edited(text)[0]
    store.add_version(doc_id, new_text)
    uuids = {c.id: c.uuid for c in store.claims()}

    export_library(store, "review", tmp_path / "review.sqlite")
    connection = sqlite3.connect(tmp_path / "review.sqlite")
    try:
        versions = dict(connection.execute("SELECT id, text_version FROM claims").fetchall())
    finally:
        connection.close()
    assert versions == {uuids[orphan]: None, uuids[fuzzy]: 2, uuids[untouched]: 1}

    def ni(value: str) -> str:
        digest = hashlib.sha256(value.encode("utf-8")).digest()
        return "ni:///sha-256;" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    export_library(store, "w3c", tmp_path / "w3c.json")
    collection = json.loads((tmp_path / "w3c.json").read_text(encoding="utf-8"))
    assert collection["@context"][1]["version"] == "http://schema.org/version"
    sources = {item["id"].rsplit(":", 1)[-1]: item["target"]["source"]
               for item in collection["first"]["items"]}
    assert sources[uuids[fuzzy]]["version"] == 2
    assert ni(new_text) in sources[uuids[fuzzy]]["sameAs"]
    # The orphan's quote is from version 1: its target names that text, not the new one.
    assert sources[uuids[orphan]]["version"] == 1
    assert ni(text) in sources[uuids[orphan]]["sameAs"]
    assert ni(new_text) not in sources[uuids[orphan]]["sameAs"]
    assert sources[uuids[untouched]]["version"] == 1

    export_library(store, "html", tmp_path / "report.html")
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "The text below is version 2, the current one." in html
    assert "The text below is version 1, the current one." in html  # the other article
    assert "not in version 2: its words were changed or removed, quoted from version 1" in html


def test_an_undone_deletion_brings_back_every_version_and_placement(
    store: Store, article: tuple[int, str], backend: Backend
) -> None:
    doc_id, text = article
    orphan = claim_on(store, doc_id, text, DELETED)
    fuzzy = claim_on(store, doc_id, text, CORRECTED)
    store.add_version(doc_id, edited(text)[0], note="corrected")
    third = edited(text)[0].replace("Editor's note", "Note")
    store.add_version(doc_id, third, note="shorter note")
    versions = store.versions(doc_id)
    old_places = {n: store.claims_in_version(doc_id, n) for n in (1, 2, 3)}
    claims = store.claims(doc_id)
    tables = ("document_versions", "claim_placements")
    rows = {t: backend.raw(f"SELECT * FROM {t} ORDER BY 1, 2") for t in tables}
    assert rows["claim_placements"]  # the old versions held the claims somewhere

    snapshot = store.delete_document(doc_id)
    assert backend.raw("SELECT count(*) FROM document_versions") == [(0,)]
    store.restore_document(snapshot)

    assert store.versions(doc_id) == versions
    assert [store.version_text(doc_id, n) for n in (1, 2, 3)] == [text, edited(text)[0], third]
    assert {n: store.claims_in_version(doc_id, n) for n in (1, 2, 3)} == old_places
    assert store.claims(doc_id) == claims  # the orphan is still orphaned, and so on
    assert store.claim(orphan).anchor_state is AnchorState.ORPHANED
    assert store.claim(fuzzy).anchor_state is AnchorState.MOVED  # version 2 to 3: shifted
    assert {t: backend.raw(f"SELECT * FROM {t} ORDER BY 1, 2") for t in tables} == rows
