"""HTML report, read back with the standard library's HTML parser."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from annotator.domain.verdict import Verdict
from annotator.io.export import export_library
from annotator.store import Store
from tests.io.export_support import EMOJI_TEXT, MARKUP_NOTE, Library
from tests.io.report_reader import read_report


class Page(HTMLParser):
    """Collects tags, attributes, the text of each article's .text block, and all text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.article_texts: list[str] = []
        self.text: list[str] = []
        self.style = ""
        self._in_text_block = 0
        self._in_sup = 0
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "div" and attributes.get("class") == "text":
            self._in_text_block = 1
            self.article_texts.append("")
        elif self._in_text_block and tag == "div":
            self._in_text_block += 1
        if tag == "sup":
            self._in_sup += 1
        if tag == "style":
            self._in_style = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self._in_text_block:
            self._in_text_block -= 1
        if tag == "sup":
            self._in_sup -= 1
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data
            return
        self.text.append(data)
        if self._in_text_block and not self._in_sup:
            self.article_texts[-1] += data

    def find(self, tag: str, **wanted: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag
                and all(attrs.get(k) == v for k, v in wanted.items())]


@pytest.fixture
def page(store: Store, library: Library, tmp_path: Path) -> Page:
    path = tmp_path / "report.html"
    export_library(store, "html", path)
    parsed = Page()
    parsed.feed(path.read_text(encoding="utf-8"))
    parsed.close()
    return parsed


def test_articles_are_reproduced_exactly(page: Page, original_text: str) -> None:
    assert page.article_texts == [EMOJI_TEXT, original_text, "Nothing to check.\n"]


def test_self_contained_no_scripts_or_external_resources(page: Page) -> None:
    names = {name for name, _ in page.tags}
    assert not names & {"script", "link", "img", "iframe", "object", "embed", "base", "audio",
                        "video", "source"}
    for _, attrs in page.tags:
        assert "src" not in attrs and "srcset" not in attrs
        assert not any(key.startswith("on") for key in attrs)
    assert "url(" not in page.style and "@import" not in page.style
    assert "@media print" in page.style
    csp = page.find("meta", **{"http-equiv": "Content-Security-Policy"})
    assert csp and "default-src 'none'" in (csp[0]["content"] or "")


def test_links_are_internal_or_web_with_noopener(page: Page) -> None:
    links = page.find("a")
    hrefs = [a.get("href") for a in links if a.get("href")]
    assert all(h.startswith(("#", "https://", "http://")) for h in hrefs if h)
    external = [a for a in links if (a.get("href") or "").startswith("http")]
    assert [a["href"] for a in external] == ["https://stats.example/gdp?q=2023&x=1"]
    assert all("noopener" in (a.get("rel") or "") for a in external)
    assert not any("javascript:" in (a.get("href") or "") for a in links)
    # Every in-page link has a target.
    ids = {attrs.get("id") for _, attrs in page.tags if attrs.get("id")}
    assert {h[1:] for h in hrefs if h and h.startswith("#")} <= ids


def test_claims_are_marked_by_verdict_and_overlaps_are_split(page: Page) -> None:
    marks = page.find("mark")
    classes = [m.get("class") for m in marks]
    assert "verified" in classes and "unchecked" in classes
    # "3.4% 👍🏽" is inside both the verified and the disputed claim: the stronger wins.
    assert "disputed overlap" in classes
    assert {m.get("title") for m in marks} >= {"Claim #1", "Claim #1, #2", "Claim #2",
                                                 "Claim #3", "Claim #4"}


def test_every_claim_is_named_by_its_number_in_its_article(store: Store, library: Library,
                                                          tmp_path: Path) -> None:
    path = tmp_path / "numbers.html"
    export_library(store, "html", path)
    report = read_report(path)
    assert sorted((item["quote"], item["number"]) for item in report.items) == sorted(
        (c.exact, f"#{c.number}") for c in library.claims)
    # The reference after a claim's words carries the same label and leads to its item.
    items = {f"#{item['id']}": item["number"] for item in report.items}
    assert report.references and all(items[href] == text for href, text in report.references)
    assert {item["id"] for item in report.items} >= {"d1-c1", "d1-c4", "d2-c1"}


def test_summary_claims_sources_and_notes(page: Page) -> None:
    text = "".join(page.text)
    assert "Fact-check report" in text
    assert "5 claims in 3 articles" in text
    assert MARKUP_NOTE in text  # the markup came through as text, not as tags
    assert "GDP 2023" in text and "Statistics Office" in text and "“Growth: 3.4 %”" in text
    assert "Bad link <javascript:alert(1)>" in text
    assert "No claims." in text
    summary_cells = [attrs for name, attrs in page.tags if name == "table"]
    assert len(summary_cells) == 4  # the whole report + one per article


def test_empty_library_report(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    export_library(store, "html", path)
    parsed = Page()
    parsed.feed(path.read_text(encoding="utf-8"))
    assert "0 claims in 0 articles" in "".join(parsed.text)


def test_review_decisions_replies_and_open_conflicts_are_shown(
    store: Store, library: Library, review: Path, tmp_path: Path
) -> None:
    import sqlite3
    from contextlib import closing

    from annotator.domain.verdict import Verdict
    from annotator.io.review_import import import_review
    from annotator.store.review_merge import set_review_reply

    with closing(sqlite3.connect(review)) as db, db:
        db.execute("UPDATE claims SET review_status = 'rejected', reviewer = 'Rita', "
                   "reviewer_verdict = 'verified', review_note = 'Wrong <year>' "
                   "WHERE rowid = 2")
        db.execute("UPDATE claims SET review_status = 'needs-work' WHERE rowid = 3")
    store.set_verdict(library.overlap.id, Verdict.UNCHECKED)  # after the export: a conflict
    import_review(store, review)
    set_review_reply(store, library.formula.id, "Source added")
    out = tmp_path / "report.html"
    export_library(store, "html", out)
    html = out.read_text(encoding="utf-8")
    parsed = Page()
    parsed.feed(html)
    text = "".join(parsed.text)
    assert "Review by Rita: rejected (reviewer's verdict: verified): Wrong <year>" in text
    assert text.count("Open review conflict") == 1
    assert "Editor's reply: Source added" in text
    assert "<tr><th>Open conflict</th><td>1</td></tr>" in html  # the report's summary
    assert "<tr><th>Needs-work</th><td>1</td></tr>" in html


def test_marks_of_overlapping_claims_are_those_of_the_general_cut() -> None:
    """marks() cuts only the clusters of overlapping claims; what it writes is what the
    general cut of the whole text writes: nested, chained, touching and repeated spans,
    spans at both ends of the text and past its end, markup and NUL in the text."""
    import random
    from itertools import pairwise

    from annotator.io.html_report import marks, overlapping_marks

    rng = random.Random(1414)
    texts = ["Growth <was> 3.4% 👍🏽 & “more” in 2023.\n" * 6, "a\x00b<c>" * 3 + "".join(
        map(chr, range(9)))]  # the last has every joiner escaped_pieces() could use
    checked = 0
    for _ in range(600):
        text = rng.choice(texts)
        spans = []
        for number in range(1, rng.randrange(1, 9)):
            start = rng.randrange(len(text))
            spans.append((number, start, start + rng.randrange(1, 30),
                          rng.choice(list(Verdict))))
        if rng.random() < 0.2:  # one span passes the end of the text
            spans.append((99, len(text) - 1, len(text) + 4, Verdict.DISPUTED))
        spans.sort(key=lambda span: (span[1], span[2], span[0]))
        assert b"".join(marks(text, spans, 3)) == "".join(
            overlapping_marks(text, spans, 3)).encode()
        checked += any(b[1] < a[2] for a, b in pairwise(spans))
    assert checked > 300, "most cases have overlapping claims"


def test_marks_of_separate_claims_are_those_of_the_general_cut() -> None:
    """The shortcut for claims that do not overlap writes what the general cut writes."""
    import random

    from annotator.io.html_report import marks, overlapping_marks

    rng = random.Random(14)
    text = "Growth <was> 3.4% 👍🏽 & “more” in 2023.\n" * 8
    for _ in range(300):
        spans = []
        position = rng.randrange(3)
        for number in range(1, rng.randrange(1, 8)):
            start = position + rng.randrange(3)  # touching claims too (0 apart)
            end = start + rng.randrange(1, 9)
            if end > len(text):
                break
            spans.append((number, start, end, rng.choice(list(Verdict))))
            position = end
        assert b"".join(marks(text, spans, 2)) == "".join(
            overlapping_marks(text, spans, 2)).encode()



def test_marks_of_long_runs_and_clusters_are_those_of_the_general_cut() -> None:
    """Hundreds of claims, runs of separate ones between clusters of overlapping ones (as in
    a long article): written a run at a time, they are what the general cut writes."""
    import random

    from annotator.io.html_report import marks, overlapping_marks

    rng = random.Random(1415)
    text = "Growth <was> 3.4% 👍🏽 & “more” in 2023.\n" * 200
    for _ in range(40):
        spans = []
        position = 0
        for number in range(1, rng.randrange(50, 300)):
            start = position + rng.randrange(0, 12)
            end = start + rng.randrange(1, 20)
            if end > len(text):
                break
            spans.append((number, start, end, rng.choice(list(Verdict))))
            # Mostly separate claims; now and then one overlapping the last.
            position = start + 1 if rng.random() < 0.1 else end
        spans.sort(key=lambda span: (span[1], span[2], span[0]))
        assert b"".join(marks(text, spans, 5)) == "".join(
            overlapping_marks(text, spans, 5)).encode()
