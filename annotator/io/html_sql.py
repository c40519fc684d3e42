"""The HTML report's claim list items (annotator.io.html_report), written by SQLite.

The same ``<li>`` as :func:`annotator.io.html_report._claim_item`, escaped as
``html.escape`` escapes (a chain of replace()), made by the database as it reads each
article's claims; Python is called once a source (whether its address is a web link) and
marks the article's text once per article. Tests compare the files.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from annotator.domain.claim_number import PREFIX
from annotator.domain.verdict import Verdict
from annotator.io.html_report import VERDICT_LABELS, ArticleParts, Span
from annotator.store.export_rows import ExportReader
from annotator.store.export_text import ANCHOR_VERSION, PLACED, REVIEWED, text_rows
from annotator.store.sql_text import Node, Sql, concat, iso_seconds, literal, strip

_VERDICTS = {verdict.value: verdict for verdict in Verdict}


def escaped(expr: str) -> str:
    """``html.escape(expr)``: & < > " ' as character references."""
    for raw, reference in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"),
                           ("'", "&#x27;")):
        expr = f"replace({expr}, {literal(raw)}, {literal(reference)})"
    return expr


def _when(condition: str, pieces: list[str]) -> Sql:
    return Sql(f"(CASE WHEN {condition} THEN {concat(pieces)} ELSE '' END)")


def web_link(url: str) -> int:
    """annotator.io.html_report._is_web_link of a stripped address."""
    if plain_web_address(url):
        return 1
    parts = urlsplit(url)
    return int(parts.scheme in ("http", "https") and bool(parts.netloc))


# Characters with which urlsplit() neither drops anything nor refuses a host.
_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                   "-._~:/?#@!$&'()*+,;=%")


def plain_web_address(url: str) -> bool:
    """True for the usual address (``https://host...`` in plain ASCII), for which
    urlsplit() would give scheme http(s) and a host; False means: ask urlsplit()."""
    rest = url[8:] if url.startswith("https://") else url[7:] if url.startswith(
        "http://") else ""
    return bool(rest) and rest[0] not in "/?#" and _PLAIN.issuperset(url)


_URL = strip("s.url")
_NAME = escaped(f"CASE WHEN s.title <> '' THEN s.title WHEN {_URL} <> '' THEN {_URL} "
                "ELSE 'Source' END")
_LINK = concat(['<a href="', Sql(escaped(_URL)), '" rel="noopener noreferrer">', Sql(_NAME),
               "</a>"])
_NAME_AND_ADDRESS = concat([Sql(_NAME), " &lt;", Sql(escaped(_URL)), "&gt;"])
_SOURCE = concat([
    "<li>",
    Sql(f"CASE WHEN s.link THEN {_LINK} WHEN {_URL} <> '' AND s.title <> '' "
        f"THEN {_NAME_AND_ADDRESS} ELSE {_NAME} END"),
    " (", Sql(escaped("s.stance")), ")",
    _when("s.publisher <> ''", [", ", Sql(escaped("s.publisher"))]),
    _when("s.accessed_at <> ''", [", accessed ", Sql(escaped("s.accessed_at"))]),
    _when("s.excerpt <> ''", [' <span class="excerpt">“', Sql(escaped("s.excerpt")),
                              "”</span>"]),
    "</li>",
])
_SOURCES = (
    f"(SELECT s.*, annotator_web_link({_URL}) AS link FROM sources AS s "
    "WHERE s.claim_id = claims.id ORDER BY s.id) AS s"
)
_NUMBER = f"CASE WHEN claims.number > 0 THEN {literal(PREFIX)} || claims.number ELSE '' END"


class _Item(Node):
    def sql(self, level: int) -> str:  # kept NUL-safe: user text is not passed to printf
        return concat(self.pieces(level))

    def pieces(self, level: int) -> list[str]:
        badge = "CASE claims.verdict " + " ".join(
            f"WHEN {literal(v.value)} THEN {literal(label)}" for v, label in VERDICT_LABELS.items()
        ) + " END"
        return [
            '<li id="d', Sql(":article"), "-c", Sql("claims.number"), '">',
            '<span class="number">', Sql(_NUMBER), "</span>",
            '<span class="badge ', Sql("claims.verdict"), '">', Sql(badge), "</span> ",
            _when("claims.rating_label <> ''", [
                '<span class="rating-label" title="Rating label">',
                Sql(escaped("claims.rating_label")), "</span> "]),
            Sql(f"CASE WHEN {PLACED} THEN "
                + concat(['<a class="back" href="#d', Sql(":article"), "-t",
                          Sql("claims.number"), '">in the text</a>'])
                + " ELSE "
                + concat(['<span class="orphaned">not in version ', Sql(":version"),
                          ": its words were changed or removed",
                          Sql(f"coalesce(', quoted from version ' || {ANCHOR_VERSION}, '')"),
                          "</span>"])
                + " END"),
            "<blockquote>", Sql(escaped("claims.exact")), "</blockquote>",
            _when("claims.note <> ''", ['<p class="note">', Sql(escaped("claims.note")),
                                        "</p>"]),
            _when(REVIEWED, [
                '<p class="review">Review',
                _when("coalesce(claims.reviewer, '') <> ''",
                      [" by ", Sql(escaped("claims.reviewer"))]),
                ": <strong>", Sql(escaped("claims.review_status")), "</strong>",
                _when("coalesce(claims.reviewer_verdict, '') <> ''",
                      [" (reviewer's verdict: ", Sql(escaped("claims.reviewer_verdict")), ")"]),
                _when("coalesce(claims.review_note, '') <> ''",
                      [": ", Sql(escaped("claims.review_note"))]),
                "</p>"]),
            _when("claims.review_conflict",
                  ['<p class="conflict">⚠ Open review conflict: the claim was changed after '
                   "the reviewer saw it, and the change is not resolved yet.</p>"]),
            _when("coalesce(claims.review_reply, '') <> ''",
                  ['<p class="reply">Editor\'s reply: ', Sql(escaped("claims.review_reply")),
                   "</p>"]),
            Sql(f"coalesce('<ul class=\"sources\">' || (SELECT group_concat({_SOURCE}, '') "
                f"FROM {_SOURCES}) || '</ul>', '')"),
            '<p class="meta">', Sql(escaped("claims.author")), ", created ",
            Sql(iso_seconds("claims.created_at")), ", modified ",
            Sql(iso_seconds("claims.modified_at")), "</p>", "</li>",
        ]


_EXTRA = ("claims.number", "claims.start", 'claims."end"', "claims.verdict",
          f"{PLACED}", "coalesce(claims.review_status, '')", "claims.review_conflict")


def article_parts(reader: ExportReader) -> Iterator[ArticleParts]:
    """Each article's parts in report order, its list items made by the database."""
    numbers = iter(range(1, 1 << 62))
    current = {"article": 0}

    def params(document: Any) -> dict[str, Any]:
        current["article"] = next(numbers)
        return {"article": current["article"], "version": document.version}

    rows = text_rows(reader, _Item(), 0, params=params, extra=_EXTRA,
                     functions={"annotator_web_link": (1, web_link)}, by_document=True)
    for document, batch in rows:
        verdicts: Counter[str] = Counter()
        reviews: Counter[str] = Counter()
        spans: list[Span] = []
        for _, number, start, end, verdict, placed, status, conflict in batch:
            verdicts[verdict] += 1
            if status:
                reviews[status] += 1
            if conflict:
                reviews["open conflict"] += 1
            if placed:
                spans.append((number, start, end, _VERDICTS[verdict]))
        yield ArticleParts(document, len(batch), verdicts, reviews, spans,
                           [row[0] for row in batch])
