"""The HTML report's claim list items (annotator.io.html_report), written by SQLite.

The same ``<li>`` as :func:`annotator.io.html_report._claim_item`, escaped as it escapes
(a chain of replace(): ``& < >`` in element text, quotes too in the one attribute value
that holds library text, a source's ``href``), made by the database as it reads each
article's claims. Every replace() makes a new string, so neighbouring values with no markup
between them are escaped as one text (escaping commutes with joining, and the constant
words between them hold none of ``& < >``), and a source without any of them is not
escaped at all. Whether an address is a web link is decided in SQL for plain ``http(s)://``
addresses; Python's urlsplit() is asked about the others. Tests compare the files with the
portable path's (annotator.io.html_report.bundle_parts).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Generator
from itertools import chain, compress
from typing import Any

from annotator.domain.claim_number import PREFIX
from annotator.domain.verdict import Verdict
from annotator.io.html_report import VERDICT_LABELS, ArticleParts, is_web_link
from annotator.store.export_rows import ExportReader
from annotator.store.export_text import ANCHOR_VERSION, PLACED, REVIEWED, text_rows
from annotator.store.sql_text import Depth, Node, Piece, Sql, concat, literal, strip

# What html_report.html_text escapes; html_attribute escapes the quotes too.
_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))
_QUOTES = (('"', "&quot;"), ("'", "&#x27;"))


def _replaced(expr: str, escapes: tuple[tuple[str, str], ...]) -> str:
    for raw, reference in escapes:
        expr = f"replace({expr}, {literal(raw)}, {literal(reference)})"
    return expr


def escaped(expr: str) -> str:
    """``html_report.html_text(expr)``: & < > as character references."""
    return _replaced(expr, _ESCAPES)


def escaped_attribute(expr: str) -> str:
    """``html_report.html_attribute(expr)``: & < > " ' as character references."""
    return _replaced(expr, _ESCAPES + _QUOTES)


def escaped_text(pieces: list[Piece]) -> Sql:
    """``pieces`` joined, escaped as one text (constant pieces must hold no markup)."""
    assert not any(raw in piece for piece in pieces if not isinstance(piece, Sql)
                   for raw, _ in _ESCAPES), "constant text is not escaped twice"
    return Sql(escaped(concat(pieces)))


def _when(condition: str, pieces: list[Piece], otherwise: str = "") -> Sql:
    return Sql(f"(CASE WHEN {condition} THEN {concat(pieces)} ELSE {literal(otherwise)} END)")


def web_link(url: str) -> int:
    """annotator.io.html_report.is_web_link of a stripped address."""
    return int(is_web_link(url))


# Characters with which urlsplit() neither drops anything nor refuses a host.
_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                   "-._~:/?#@!$&'()*+,;=%")


def plain_web_address(url: str) -> bool:
    """True for the usual address (``https://host...`` in plain ASCII), for which
    urlsplit() would give scheme http(s) and a host; False means: ask urlsplit()."""
    rest = url[8:] if url.startswith("https://") else url[7:] if url.startswith(
        "http://") else ""
    return bool(rest) and rest[0] not in "/?#" and _PLAIN.issuperset(url)


def web_address_sql(url: str) -> str:
    """SQL: true when the stripped address ``url`` is one urlsplit() reads as a web link
    for certain: ``http(s)://`` and a host, in ASCII without NUL (its length as text is its
    length in bytes), with no tab or line break (which urlsplit drops) and no bracket (an
    IPv6 host, which urlsplit checks). False means: ask web_link()."""
    absent = " AND ".join(f"instr({url}, {c}) = 0"
                          for c in ("char(9)", "char(10)", "char(13)", "'['", "']'"))
    return (f"(({url} GLOB 'https://[^/?#]*' OR {url} GLOB 'http://[^/?#]*') "
            f"AND length({url}) = length(CAST({url} AS BLOB)) AND {absent})")


# A source's fields, its address stripped; ``raw`` joins the text that escaping may change
# (with the address as stored: stripping takes off whitespace, none of & < > " ').
_SOURCE_ROWS = (
    f"(SELECT {strip('url')} AS url, title, publisher, accessed_at, excerpt, stance, "
    "url || title || publisher || accessed_at || excerpt || stance AS raw "
    "FROM sources WHERE claim_id = claims.id ORDER BY id) AS s"
)
# A clean source: no markup in its text and no quote in its address (its href).
_CLEAN = " AND ".join([*(f"instr(s.raw, {literal(raw)}) = 0" for raw, _ in _ESCAPES),
                       *(f"instr(s.url, {literal(raw)}) = 0" for raw, _ in _QUOTES)])
_LINK = f"s.url <> '' AND ({web_address_sql('s.url')} OR annotator_web_link(s.url))"
_NAME = "CASE WHEN s.title <> '' THEN s.title ELSE s.url END"  # of a link: url is not ''
# What follows the name, up to the excerpt: " (supports), publisher, accessed 2024-01-02".
_DETAILS: list[Piece] = [
    " (", Sql("s.stance"), ")",
    _when("s.publisher <> ''", [", ", Sql("s.publisher")]),
    _when("s.accessed_at <> ''", [", accessed ", Sql("s.accessed_at")]),
]


def _label(before: str, after: str) -> Sql:
    """The name of a source that is not a link: its title and its address between
    ``before`` and ``after``, or either, or "Source"."""
    return Sql(f"CASE WHEN s.title <> '' AND s.url <> '' THEN s.title || {literal(before)} "
               f"|| s.url || {literal(after)} WHEN s.title <> '' THEN s.title "
               "WHEN s.url <> '' THEN s.url ELSE 'Source' END")


def _source(escape: Callable[[list[Piece]], Sql], href: Sql, label: Sql) -> str:
    """One source's ``<li>``, its text escaped by ``escape``, its address in ``href``;
    ``label`` names it when it is not a link."""
    link = concat(['<a href="', href, '" rel="noopener noreferrer">',
                   escape([Sql(_NAME)]), "</a>", escape(_DETAILS)])
    return concat([
        "<li>",
        Sql(f"CASE WHEN {_LINK} THEN {link} ELSE {escape([label, *_DETAILS])} END"),
        _when("s.excerpt <> ''", [' <span class="excerpt">“', escape([Sql("s.excerpt")]),
                                  "”</span></li>"], "</li>"),
    ])


# Most sources hold none of & < > (nor quotes in the address): their text is written as it
# is (no replace() calls).
_SOURCE = (f"CASE WHEN {_CLEAN} THEN "
           f"{_source(lambda pieces: Sql(concat(pieces)), Sql('s.url'), _label(' &lt;', '&gt;'))}"
           f" ELSE {_source(escaped_text, Sql(escaped_attribute('s.url')), _label(' <', '>'))}"
           " END")
_SOURCES = (f"coalesce('<ul class=\"sources\">' || (SELECT group_concat({_SOURCE}, '') "
            f"FROM {_SOURCE_ROWS}) || '</ul>', '')")


def _iso(expr: str) -> list[Piece]:
    """annotator.store.sql_text.iso_seconds as pieces (constant text joins its neighbours)."""
    return [Sql(f"substr({expr}, 1, 10)"), "T", Sql(f"substr({expr}, 12, 8)"), "Z"]


def _badge(verdict: Verdict) -> str:
    return f'<span class="badge {verdict.value}">{VERDICT_LABELS[verdict]}</span> '


_BADGE = "CASE claims.verdict " + " ".join(
    f"WHEN {literal(v.value)} THEN {literal(_badge(v))}" for v in VERDICT_LABELS) + " END"


def item_sql() -> tuple[str, str]:
    """One claim's ``<li>`` and a line break, in two parts: up to its sources, and from
    them on (SQLite builds two such columns faster than one text with the sources'
    subquery inside). Parameters :item and :back start its id and its link back, :version
    is the article's current version."""
    return concat([
        Sql(":item"), Sql("claims.number"), '"><span class="number">',
        Sql(f"CASE WHEN claims.number > 0 THEN {literal(PREFIX)} || claims.number ELSE '' END"),
        "</span>", Sql(_BADGE),
        _when("claims.rating_label <> ''", [
            '<span class="rating-label" title="Rating label">',
            Sql(escaped("claims.rating_label")), "</span> "]),
        Sql(f"CASE WHEN {PLACED} THEN "
            + concat([Sql(":back"), Sql("claims.number"), '">in the text</a>'])
            + " ELSE "
            + concat(['<span class="orphaned">not in version ', Sql(":version"),
                      ": its words were changed or removed",
                      Sql(f"coalesce(', quoted from version ' || {ANCHOR_VERSION}, '')"),
                      "</span>"])
            + " END"),
        "<blockquote>", Sql(escaped("claims.exact")), "</blockquote>",
        _when("claims.note <> ''", ['<p class="note">', Sql(escaped("claims.note")), "</p>"]),
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
    ]), concat([
        Sql(_SOURCES),
        '<p class="meta">',
        escaped_text([Sql("claims.author"), ", created ", *_iso("claims.created_at"),
                      ", modified ", *_iso("claims.modified_at")]),
        "</p></li>\n",
    ])


class _ItemNode(Node):
    def sql(self, level: Depth) -> str:  # NUL-safe: user text is joined by ||, not printf
        return item_sql()[0]


# Both parts as UTF-8 bytes (the first through text_rows' as_bytes): the report is written
# as bytes, and the text is not decoded into Python strings only to be encoded again.
_TAIL = f"CAST({item_sql()[1]} AS BLOB)"
_EXTRA = (_TAIL, "claims.number", "claims.start", 'claims."end"', "claims.verdict", PLACED)


def article_parts(reader: ExportReader) -> Generator[ArticleParts, None, None]:
    """Each article's parts in report order, its list items made by the database."""
    articles = iter(range(1, 1 << 62))

    def params(document: Any) -> dict[str, Any]:
        article = next(articles)
        return {"item": f'<li id="d{article}-c', "back": f'<a class="back" href="#d{article}-t',
                "version": document.version}

    rows = text_rows(reader, _ItemNode(), 0, params=params, extra=_EXTRA,
                     functions={"annotator_web_link": (1, web_link)}, by_document=True,
                     as_bytes=True)
    for document, batch in rows:
        if not batch:
            yield ArticleParts(document, 0, Counter(), [], b"")
            continue
        heads, tails, numbers, starts, ends, verdicts, placed = zip(*batch, strict=True)
        spans = zip(numbers, starts, ends, verdicts, strict=True)
        yield ArticleParts(document, len(batch), Counter(verdicts),
                           list(compress(spans, placed)),
                           b"".join(chain.from_iterable(zip(heads, tails, strict=True))))
