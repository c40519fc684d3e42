"""On SQLite the database builds the text of the CSV, W3C and ClaimReview exports
(annotator.store.export_text); the portable path builds it in Python (and is what
PostgreSQL libraries get). Both must write the same bytes, hostile text included."""

from __future__ import annotations

import re
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest
from sqlalchemy import text

from annotator.domain.library import ClaimQuery
from annotator.domain.verdict import Verdict
from annotator.io import w3c
from annotator.io.claimreview import write_claimreview
from annotator.io.csv_export import COLUMNS, write_csv
from annotator.io.html_report import write_html
from annotator.io.w3c import write_w3c
from annotator.store import Store
from annotator.store.export_rows import read_library
from annotator.store.publishing import publisher_settings
from annotator.store.sql_text import WHITESPACE
from tests.io.export_support import Library

pytestmark = pytest.mark.sqlite_only  # the SQL-built text exists on SQLite only

HOSTILE = 'A "quoted", comma\r\nline <b>&amp;</b> \x01\x1f\x7f\u2028 😀 検証 it\'s 100%s'
NUL_NOTE = "cut\x00here"  # SQLite's printf would cut the text at a NUL


def harden(store: Store, library: Library) -> None:
    """Rows an export gets wrong: odd whitespace around addresses, long excerpts without a
    title, reviews with quotes and formulas, an orphaned claim, hostile titles and notes."""
    statements = [
        ("UPDATE documents SET title = :t WHERE id = :d",
         {"t": "=Title, \"with\"\nbreak", "d": library.emoji_doc.id}),
        ("UPDATE claims SET note = :n, author = '@author', review_status = 'approved', "
         "review_note = :n, reviewer = '=reviewer' WHERE id = :c",
         {"n": HOSTILE, "c": library.emoji.id}),
        # A comma past a NUL in a short cell: the row's line must still quote it.
        ("UPDATE claims SET review_status = 'rejected', review_note = '', reviewer = :r "
         "WHERE id = :c", {"c": library.overlap.id, "r": "Sam\x00, desk"}),
        # The article was corrected: version 1 is an older text, which the orphaned claim
        # was anchored in; version 2 is the current text.
        ("UPDATE document_versions SET sha256 = :old, text = 'older text' "
         "WHERE document_id = :d AND number = 1", {"old": "ab" * 32, "d": library.emoji_doc.id}),
        ("INSERT INTO document_versions (document_id, number, text, sha256, origin, "
         "created_at, author, note) SELECT id, 2, NULL, sha256, NULL, imported_at, 'x', "
         "'corrected' FROM documents WHERE id = :d", {"d": library.emoji_doc.id}),
        ("UPDATE claims SET anchor_state = 'orphaned', prefix = '', suffix = '', "
         "doc_sha256 = :old WHERE id = :c", {"c": library.minus.id, "old": "ab" * 32}),
        ("UPDATE claims SET author = '', note = :n WHERE id = :c",
         {"c": library.formula.id, "n": NUL_NOTE}),
        # A short cell to quote in a row with nothing else to escape.
        ("UPDATE claims SET review_status = 'needs-work', reviewer_verdict = 'disputed', "
         "author = 'Doe, Jane', review_reply = :r, review_conflict = 1 WHERE id = :c",
         {"c": library.original.id, "r": "<reply> & 'more'"}),
        ("UPDATE sources SET url = :u, title = '', publisher = '', excerpt = :e "
         "WHERE title = 'GDP 2023'",
         {"u": "\u2003\t https://stats.example/a b?q=<1>&x=ü \u3000\n", "e": "+" + "é" * 90}),
        ("UPDATE sources SET url = :u, accessed_at = '' WHERE title = 'Bad link'",
         {"u": "  javascript:alert(1)\x85"}),
    ]
    with store.engine.begin() as connection:
        for sql, params in statements:
            connection.execute(text(sql), params)
    # A NUL in a row with nothing else to escape (SQLite's printf would cut the line there).
    words = store.document(library.original_doc.id).text.index(" ")
    store.create_claim(library.original_doc.id, 0, words, note="plain " + NUL_NOTE)


@pytest.fixture
def hostile(store: Store, library: Library) -> Library:
    harden(store, library)
    return library


def both(store: Store, tmp_path: Path, write: object, **read: object) -> tuple[bytes, bytes]:
    files = []
    for sql_text in (True, False):
        path = tmp_path / f"{getattr(write, '__name__', 'x')}-{sql_text}"
        with read_library(store, sql_text=sql_text, **read) as reader:  # type: ignore[arg-type]
            assert reader.sql_text is sql_text
            write(reader, path)  # type: ignore[operator]
        files.append(path.read_bytes())
    return files[0], files[1]


@pytest.fixture
def fixed_ids(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(w3c.uuid, "uuid4", lambda: uuid.UUID(int=7))
    yield


def _csv(reader: object, path: Path) -> None:
    write_csv(reader, path, tick=lambda done: None)  # type: ignore[arg-type]


def _html(reader: object, path: Path) -> None:
    write_html(reader, path, exported_at=datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC),  # type: ignore[arg-type]
               exported_by="Desk <&>", tick=lambda done: None)


def _w3c(reader: object, path: Path) -> None:
    from annotator.store.export_rows import ExportReader

    assert isinstance(reader, ExportReader)
    write_w3c(reader, path, counts=reader.counts(),
              exported_at=datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC), tick=lambda done: None)


NARROWINGS = ["all", "some documents", "searched", "unreviewed"]


def narrowing(name: str, hostile: Library) -> dict[str, object]:
    """read_library's arguments for each way an export is narrowed (NARROWINGS)."""
    return {
        "all": {}, "some documents": {"document_ids": [hostile.emoji_doc.id]},
        "searched": {"claims": ClaimQuery(verdicts=frozenset({Verdict.VERIFIED}))},
        "unreviewed": {"changed_since_review": True},
    }[name]


@pytest.mark.parametrize("narrowed", NARROWINGS)
def test_csv_w3c_and_html_are_the_same_bytes_both_ways(store: Store, hostile: Library,
                                                  tmp_path: Path, fixed_ids: None,
                                                  narrowed: str) -> None:
    read = narrowing(narrowed, hostile)
    fast, slow = both(store, tmp_path, _csv, **read)
    assert fast == slow
    assert fast.count(b"\r\n") > 1, "the CSV has claims"
    fast, slow = both(store, tmp_path, _w3c, **read)
    assert fast == slow
    collection = orjson.loads(fast)
    versions = {item["target"]["source"]["version"] for item in collection["first"]["items"]}
    fast, slow = both(store, tmp_path, _html, **read)
    assert fast == slow
    assert fast.count(b"<li id=") >= 1, "the report lists claims"
    if narrowed == "all":  # the orphaned claim names the older text it was anchored in
        assert versions == {1, 2}
        assert b"not in version 2: its words were changed or removed, quoted from version 1" \
            in fast


def test_hostile_cells_are_escaped_and_named(store: Store, hostile: Library,
                                             tmp_path: Path) -> None:
    import csv

    fast, _ = both(store, tmp_path, _csv)
    rows = list(csv.DictReader(fast.decode("utf-8-sig").splitlines(keepends=True)))
    emoji = next(row for row in rows if row["claim_uuid"] == hostile.emoji.uuid)
    assert emoji["note"] == HOSTILE
    assert emoji["escaped"] == "document; author; sources; reviewer"
    assert emoji["reviewer"] == "'=reviewer"
    assert list(rows[0]) == [*COLUMNS, "escaped"]


def test_claimreview_is_the_same_bytes_and_tally_both_ways(store: Store, hostile: Library,
                                                           tmp_path: Path) -> None:
    settings = publisher_settings(store)
    tallies = []

    def write(reader: object, path: Path) -> None:
        from annotator.store.export_rows import ExportReader

        assert isinstance(reader, ExportReader)
        tallies.append(write_claimreview(reader, path, settings=settings,
                                         total=reader.counts().claims,
                                         tick=lambda done: None))

    fast, slow = both(store, tmp_path, write)
    assert fast == slow
    assert len(orjson.loads(fast)["@graph"]) == tallies[0].written == 4
    assert (tallies[0].seen, tallies[0].written, tallies[0].warnings()) == (
        tallies[1].seen, tallies[1].written, tallies[1].warnings())


def test_sql_json_quotes_strings_as_orjson_does() -> None:
    value = "".join(map(chr, range(0x80))) + "\u2028\u2029\x85\ufeff😀 検証"
    with closing(sqlite3.connect(":memory:")) as db:
        quoted = db.execute("SELECT json_quote(?)", (value,)).fetchone()[0]
    assert quoted.encode() == orjson.dumps(value)


def test_whitespace_is_what_python_strips() -> None:
    assert set(WHITESPACE) == {c for c in map(chr, range(0x110000)) if c.isspace()}


@pytest.mark.parametrize("url", [
    "https://example.org/a?b=1#c", "http://x", "https://", "http:///path", "https://?q",
    "HTTPS://example.org", "https://\nexample.org", "https://[::1/", "ftp://example.org",
    "https://exämple.org", "https:example.org", "https://user@host:8080/p;x", "http://#",
])
def test_the_fast_web_address_check_agrees_with_urlsplit(url: str) -> None:
    from urllib.parse import urlsplit

    from annotator.io.html_sql import plain_web_address

    if plain_web_address(url):
        parts = urlsplit(url)
        assert parts.scheme in ("http", "https") and parts.netloc


# Addresses on the edge of a web link: '&' and quotes in a plain address, a host urlsplit()
# refuses, NUL, tab and control characters, upper-case schemes, non-ASCII hosts, no host.
EDGE_URLS = [
    "https://example.org/?a=1&b='2'", "https://[::1/broken", "https://a\x00<b>", "http://x",
    "HTTPS://Example.org", "https://exämple.org/é", "\x01https://control.example",
    "https://tab\tbed.example", "https://\nexample.org", "javascript:alert(1)", "https://",
    "http://#fragment", "https:// spaced.example", "https://ok.example/a\"b<c>",
    # Nothing to escape but a quote; what strip() takes off the end (or a NUL) after a plain
    # address: the SQL's usual-source test must leave these to Python.
    "https://ok.example/it's", "https://end.example/\x0b", "https://end.example/\x1f",
    "https://end.example/ ", "https://end.example/\u3000", "https://end.example/\x85",
    "https://end.example/\x00", "\t https://lead.example",
]


def test_html_links_the_same_addresses_both_ways(store: Store, library: Library,
                                                 tmp_path: Path) -> None:
    """Whether an address becomes a link is decided in SQL for plain addresses and by
    urlsplit() for the rest; each address, with and without a title, is written as the
    Python path writes it (an address urlsplit() refuses is text, not a failed export)."""
    with store.engine.begin() as connection:
        for url in EDGE_URLS:
            for title in ("", "T & <b>", "Plain title"):
                connection.execute(text(
                    "INSERT INTO sources (uuid, claim_id, url, title, publisher, excerpt, "
                    "stance, accessed_at, created_at) VALUES (:u, :c, :url, :t, '', '', "
                    "'supports', '', '2024-01-01 00:00:00')"),
                    {"u": str(uuid.uuid4()), "c": library.emoji.id, "url": url, "t": title})
    fast, slow = both(store, tmp_path, _html)
    assert fast == slow
    assert b'<a href="https://example.org/?a=1&amp;b=&#x27;2&#x27;" ' in fast
    assert b"https://[::1/broken" in fast and b'href="https://[::1/broken' not in fast
    assert b'<a href="HTTPS://Example.org" ' in fast
    assert b"javascript:" in fast and b'href="javascript:' not in fast


def test_claims_that_start_together_are_in_text_order_both_ways(
        store: Store, library: Library, tmp_path: Path) -> None:
    """The SQL reads claims by start only (the index's order, ties by row id) and orders
    the claims that start together itself: the shorter first, then by id."""
    doc = library.emoji_doc.id
    start = library.emoji.start
    for end in (start + 9, start + 3, start + 6, start + 3):
        store.create_claim(doc, start, end)
    fast, slow = both(store, tmp_path, _html)
    assert fast == slow
    page = fast.decode()
    numbers = [int(n) for n in re.findall(r'<li id="d1-c(\d+)"', page)]  # (the first article)
    items = {claim.number: claim for claim in store.claims(doc)}
    keys = [(items[n].start, items[n].end, items[n].id) for n in numbers]
    assert keys == sorted(keys) and len(keys) == len(items) == 8


def test_the_sql_web_address_check_implies_a_web_link() -> None:
    """Every address the SQL check takes for a link is one to urlsplit() (the check may
    say no where urlsplit() says yes: web_link() is asked then)."""
    import random

    from annotator.io.html_report import is_web_link
    from annotator.io.html_sql import web_address_sql

    alphabet = "ab/?#:@[]%&'\"<> \t\n\r\x00\x01é.-"
    rng = random.Random(9)
    urls = [*EDGE_URLS, *(rng.choice(["http://", "https://", "HTTP://", ""]) + "".join(
        rng.choice(alphabet) for _ in range(rng.randrange(8))) for _ in range(3000))]
    with closing(sqlite3.connect(":memory:")) as db:
        db.execute("CREATE TABLE s (url TEXT)")
        db.executemany("INSERT INTO s VALUES (?)", [(url,) for url in urls])
        query = f"SELECT url FROM s WHERE {web_address_sql('url')}"
        taken = [url for (url,) in db.execute(query)]
    assert {"http://x", "https://example.org/?a=1&b='2'"} <= set(taken)
    assert len(taken) > 100
    assert all(is_web_link(url) for url in taken)


@pytest.mark.parametrize("narrowed", NARROWINGS)
def test_the_report_header_counts_the_claims_its_articles_show(
        store: Store, hostile: Library, tmp_path: Path, narrowed: str) -> None:
    """The header is counted before the articles are read (ExportReader.tally): its totals,
    review decisions and list of articles are those of the articles written below it."""
    import re

    read = narrowing(narrowed, hostile)
    html, _ = both(store, tmp_path, _html, **read)
    page = html.decode()
    header, body = page.split("</header>")
    items = re.findall(r'<li id="d\d+-c\d+">.*?</li>\n', body, re.S)
    for verdict in Verdict:
        shown = sum(f'<span class="badge {verdict.value}">' in item for item in items)
        assert re.search(rf'<span class="badge {verdict.value}">\w+</span></th><td>{shown}<',
                         header), verdict
    assert f"<th>Total</th><td>{len(items)}</td>" in header
    decisions = re.findall(r'<p class="review">.*?<strong>([\w-]+)</strong>', body, re.S)
    for decision in set(decisions):
        assert f"<th>{decision.capitalize()}</th><td>{decisions.count(decision)}</td>" in header
    conflicts = body.count('<p class="conflict">')
    assert (f"<th>Open conflict</th><td>{conflicts}</td>" in header) == (conflicts > 0)
    articles = re.findall(r'<article class="document" id="doc-(\d+)">', body)
    listed = re.findall(r'<li><a href="#doc-(\d+)">.*? \((\d+) claims?\)</li>', header, re.S)
    assert [number for number, _ in listed] == articles
    per_article = [len(re.findall(r'<li id="d\d+-c', part)) for part in body.split(
        '<article class="document"')[1:]]
    assert [int(claims) for _, claims in listed] == per_article
    assert items or narrowed == "unreviewed"
