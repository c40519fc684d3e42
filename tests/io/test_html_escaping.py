"""The HTML report escapes element text as ``& < >`` and attribute values with quotes too.

A library whose every field holds quotes, ``&``, character references, tags and attempts to
leave an attribute is exported (on SQLite both ways: the SQL-built and the portable path)
and read back with html5lib, which parses as browsers do: every value comes back exactly as
stored, no value opens an element or adds an attribute, and only web addresses are links.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from sqlalchemy import text

from annotator.domain.records import SourceInput
from annotator.domain.verdict import Stance, Verdict
from annotator.io.html_report import write_html
from annotator.store import Store
from annotator.store.export_rows import read_library

html5lib = pytest.importorskip("html5lib")

EVIL = ("Q \"dq\" 'sq' <script>alert(1)</script> & &amp; &#x27; <img src=x onerror=alert(1)>"
        " a=\"b\" ' onmouseover='x' \"><b>bold</b>")
SHORT = "\"><b a='1'>&amp;</b>"  # for the 32-character columns (a date, a day)
ARTICLE = f"Intro. {EVIL} middle \"quoted\" & <i>tail</i> it's.\n"
# (address as stored, title): the first two are links whose address tries to leave href.
SOURCES = [
    ("https://evil.example/\"onmouseover=\"alert(1)", "T1 " + EVIL),
    ("  http://evil.example/?a='b'&c=<d>\"x ", ""),
    ("javascript:\"x\"<b>", "T3 " + EVIL),
    ("https://plain.example/path", "Plain title, it's \"fine\""),
    ("https://clean.example/it's\"ok", "Clean"),  # no markup: only its quotes to escape
]
LINKS = {"https://evil.example/\"onmouseover=\"alert(1)", "http://evil.example/?a='b'&c=<d>\"x",
         "https://plain.example/path", "https://clean.example/it's\"ok"}
ELEMENTS = {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p",
            "table", "tr", "th", "td", "caption", "nav", "ol", "ul", "li", "a", "article",
            "div", "mark", "sup", "span", "blockquote", "strong", "tbody"}
ATTRIBUTES = {"class", "id", "href", "rel", "title", "lang", "charset", "http-equiv",
              "content", "name"}


def _hostile(store: Store) -> None:
    document = store.import_document("title", ARTICLE).document
    start = ARTICLE.index(EVIL)
    claim = store.create_claim(
        document.id, start, start + len(EVIL), verdict=Verdict.DISPUTED,
        sources=[SourceInput(url=f"https://example.org/{n}", title="t", stance=Stance.REFUTES)
                 for n in range(len(SOURCES))])
    store.create_claim(document.id, ARTICLE.index("\"quoted\""), len(ARTICLE) - 1)
    statements = [
        ("UPDATE documents SET title = :a, authors = :b, outlet = :c, published = :short "
         "WHERE id = :d", {"a": EVIL, "b": EVIL, "c": EVIL, "short": SHORT, "d": document.id}),
        ("UPDATE claims SET note = :a, rating_label = :b, author = :c, "
         "review_status = 'rejected', reviewer = :d, reviewer_verdict = 'verified', "
         "review_note = :e, review_reply = :f WHERE id = :claim",
         {**dict.fromkeys("abcdef", EVIL), "claim": claim.id}),
    ]
    with store.engine.begin() as connection:
        ids = connection.execute(text("SELECT id FROM sources WHERE claim_id = :c ORDER BY id"),
                                 {"c": claim.id}).scalars().all()
        # (as an earlier version, or another program, could have stored them)
        statements += [("UPDATE sources SET url = :url, title = :title, publisher = :a, "
                        "accessed_at = :short, excerpt = :b WHERE id = :s",
                        {"s": source, "url": url, "title": title,
                         **({"a": "", "b": "", "short": ""} if title == "Clean" else
                            {"a": EVIL, "b": EVIL, "short": SHORT})})
                       for source, (url, title) in zip(ids, SOURCES, strict=True)]
        for sql, params in statements:
            connection.execute(text(sql), params)


def _reports(store: Store, tmp_path: Path) -> Iterator[bytes]:
    for sql_text in (True, False):
        path = tmp_path / f"report-{sql_text}.html"
        with read_library(store, sql_text=sql_text) as reader:
            if reader.sql_text is not sql_text:
                continue  # PostgreSQL: the portable path only
            write_html(reader, path, exported_at=datetime(2024, 5, 6, tzinfo=UTC),
                       exported_by=EVIL, tick=lambda done: None)
        yield path.read_bytes()


def _text(element: ElementTree.Element, skip: str = "") -> str:
    """The text a reader sees in ``element`` (without ``skip`` elements' text)."""
    parts = [element.text or ""]
    for child in element:
        if child.tag != skip:
            parts.append(_text(child, skip))
        parts.append(child.tail or "")
    return "".join(parts)


def _all(root: ElementTree.Element, tag: str, cls: str | None = None) -> list[Any]:
    return [e for e in root.iter(tag) if cls is None or e.get("class") == cls]


def test_hostile_values_come_back_as_stored_and_open_nothing(store: Store,
                                                             tmp_path: Path) -> None:
    _hostile(store)
    reports = list(_reports(store, tmp_path))
    assert reports and all(report == reports[0] for report in reports), "same bytes both ways"
    report = reports[0]
    root = html5lib.parse(report, treebuilder="etree", namespaceHTMLElements=False)
    assert {e.tag for e in root.iter()} <= ELEMENTS  # no value opened an element
    assert all(set(e.keys()) <= ATTRIBUTES for e in root.iter())  # nor added an attribute
    assert {a.get("href") for a in _all(root, "a") if not a.get("href", "#").startswith(
        "#")} == LINKS
    assert [_text(h) for h in _all(root, "h2")] == ["Articles", EVIL]
    assert _text(_all(root, "p", "byline meta")[0]) == f"By {EVIL} · {EVIL} · published {SHORT}"
    assert [_text(d, skip="sup") for d in _all(root, "div", "text")] == [ARTICLE]
    assert [_text(q) for q in _all(root, "blockquote")] == [
        EVIL, ARTICLE[ARTICLE.index("\"quoted\""):-1]]
    for cls in ("note", "rating-label", "reply"):
        (element,) = _all(root, "p", cls) or _all(root, "span", cls)
        assert _text(element).removeprefix("Editor's reply: ") == EVIL
    (review,) = _all(root, "p", "review")
    assert _text(review) == (f"Review by {EVIL}: rejected (reviewer's verdict: verified): "
                             f"{EVIL}")
    excerpts = [_text(e) for e in _all(root, "span", "excerpt")]
    assert excerpts == [f"“{EVIL}”"] * (len(SOURCES) - 1)
    sources = [_text(li) for ul in _all(root, "ul", "sources") for li in ul]
    assert sources[2] == (f"T3 {EVIL} <javascript:\"x\"<b>> (refutes), {EVIL}, "
                          f"accessed {SHORT} “{EVIL}”")
    assert sources[3].startswith("Plain title, it's \"fine\" (refutes)")
    assert sources[4] == "Clean (refutes)"
    assert EVIL in _text(_all(root, "p", "meta")[0])  # exported by
    # Quotes are escaped in attribute values only: element text keeps them as they are.
    assert "<blockquote>Q \"dq\" 'sq' &lt;script&gt;" in report.decode()
    assert 'href="https://evil.example/&quot;onmouseover=&quot;alert(1)"' in report.decode()
    assert 'href="https://clean.example/it&#x27;s&quot;ok"' in report.decode()
