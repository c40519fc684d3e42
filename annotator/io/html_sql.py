"""The HTML report's claim list items (annotator.io.html_report), written by SQLite.

The same ``<li>`` as :func:`annotator.io.html_report._claim_item`, escaped as it escapes
(``& < >`` in element text), made by the database as it reads each article's claims.
Every ``||`` and replace() result is a new string (an allocation), so the usual claim takes
a short way: its markup up to the quote is one printf(), and a value holding none of
``& < >`` is not escaped at all. The usual source (a plain web address, no markup in its
fields) is written by SQLite; any other by html_report.source_item, called from SQL.
Tests compare the files with the portable path's (annotator.io.html_report.bundle_parts).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Generator
from itertools import chain, compress
from operator import itemgetter
from typing import Any

from annotator.domain.claim_number import PREFIX
from annotator.domain.verdict import Stance, Verdict
from annotator.io.html_report import VERDICT_LABELS, ArticleParts, source_item
from annotator.store.export_rows import ExportReader
from annotator.store.export_text import ANCHOR_VERSION, PLACED, REVIEWED, text_rows
from annotator.store.sql_text import (
    Depth,
    Node,
    Piece,
    Sql,
    concat,
    iso_seconds_printf,
    literal,
)

# What html_report.html_text escapes.
_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))


def escaped(expr: str) -> str:
    """``html_report.html_text(expr)``: & < > as character references."""
    for raw, reference in _ESCAPES:
        expr = f"replace({expr}, {literal(raw)}, {literal(reference)})"
    return expr


def no_markup(expr: str) -> str:
    """True when ``expr`` holds none of & < > (instr(), unlike GLOB, sees past a NUL)."""
    return " AND ".join(f"instr({expr}, {literal(raw)}) = 0" for raw, _ in _ESCAPES)


def escaped_if_needed(expr: str) -> str:
    """escaped(), without its three new strings when there is nothing to escape."""
    return f"(CASE WHEN {no_markup(expr)} THEN {expr} ELSE {escaped(expr)} END)"


def _when(condition: str, pieces: list[Piece], otherwise: str = "") -> Sql:
    return Sql(f"(CASE WHEN {condition} THEN {concat(pieces)} ELSE {literal(otherwise)} END)")


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
    IPv6 host, which urlsplit checks). False means: ask html_report.is_web_link()."""
    absent = " AND ".join(f"instr({url}, {c}) = 0"
                          for c in ("char(9)", "char(10)", "char(13)", "'['", "']'"))
    return (f"(({url} GLOB 'https://[^/?#]*' OR {url} GLOB 'http://[^/?#]*') "
            f"AND length({url}) = length(CAST({url} AS BLOB)) AND {absent})")


# The usual source: its address a web link as stored (nothing for strip() to take off: it
# starts with http, and its last character, ASCII, is no space or control), no quote to
# escape in its href, no & < > in its fields, and one of the three stances.
_PLAIN_SOURCE = " AND ".join([
    web_address_sql("s.url"), "unicode(substr(s.url, -1)) > 32",
    *(f"instr(s.url, {literal(quote)}) = 0" for quote in "\"'"),
    *map(no_markup, ("s.url", "s.title", "s.publisher", "s.accessed_at", "s.excerpt")),
    f"s.stance IN ({', '.join(literal(stance.value) for stance in Stance)})",
])
_PLAIN_ITEM = concat([
    '<li><a href="', Sql("s.url"), '" rel="noopener noreferrer">',
    Sql("CASE WHEN s.title <> '' THEN s.title ELSE s.url END"), "</a> (", Sql("s.stance"), ")",
    _when("s.publisher <> ''", [", ", Sql("s.publisher")]),
    _when("s.accessed_at <> ''", [", accessed ", Sql("s.accessed_at")]),
    _when("s.excerpt <> ''", [' <span class="excerpt">“', Sql("s.excerpt"), "”</span></li>"],
          "</li>"),
])
# Each source's item is made in a subquery that keeps them in order; the outer query reads
# one column of it (SQLite copies each column it reads from such a subquery).
_SOURCES = (
    "coalesce('<ul class=\"sources\">' || (SELECT group_concat(item, '') FROM "
    f"(SELECT CASE WHEN {_PLAIN_SOURCE} THEN {_PLAIN_ITEM} ELSE annotator_source_item("
    "s.url, s.title, s.publisher, s.accessed_at, s.excerpt, s.stance) END AS item "
    "FROM sources AS s WHERE s.claim_id = claims.id ORDER BY s.id)) || '</ul>', '')"
)


def _badge(verdict: Verdict) -> str:
    return f'<span class="badge {verdict.value}">{VERDICT_LABELS[verdict]}</span> '


_BADGE = "CASE claims.verdict " + " ".join(
    f"WHEN {literal(v.value)} THEN {literal(_badge(v))}" for v in VERDICT_LABELS) + " END"


def _any_head() -> str:
    """The first part of any claim's ``<li>`` (see item_sql)."""
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
        "<blockquote>", Sql(escaped_if_needed("claims.exact")), "</blockquote>",
        _when("claims.note <> ''",
              ['<p class="note">', Sql(escaped_if_needed("claims.note")), "</p>"]),
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
    ])


# The usual claim: numbered, in the text, neither rated, reviewed nor replied to. Its markup
# up to the quote is one printf() of values without NUL (printf's %s would stop there).
_USUAL = (f"claims.number > 0 AND {PLACED} AND claims.rating_label = '' AND NOT {REVIEWED} "
          "AND NOT claims.review_conflict AND coalesce(claims.review_reply, '') = ''")
_USUAL_HEAD = concat([
    # (%d takes the number as it is: no text made of it three times)
    Sql("printf(" + literal(f'%s%d"><span class="number">{PREFIX}%d</span>%s%s%d">in the text'
                            "</a><blockquote>")
        + f", :item, claims.number, claims.number, {_BADGE}, :back, claims.number)"),
    Sql(escaped_if_needed("claims.exact")),
    _when("claims.note <> ''",
          ['</blockquote><p class="note">', Sql(escaped_if_needed("claims.note")), "</p>"],
          "</blockquote>"),
])


def _times() -> str:
    """``, created …, modified …</p></li>`` and a line break: one printf() (timestamps
    hold no NUL)."""
    created, created_arguments = iso_seconds_printf("claims.created_at")
    modified, modified_arguments = iso_seconds_printf("claims.modified_at")
    text = f", created {created}, modified {modified}</p></li>"
    return f"printf({literal(text)} || char(10), " \
           f"{', '.join([*created_arguments, *modified_arguments])})"


def item_sql() -> tuple[str, str]:
    """One claim's ``<li>`` and a line break, in two parts: up to its sources, and from
    them on (SQLite builds two such columns faster than one text with the sources'
    subquery inside). Parameters :item and :back start its id and its link back, :version
    is the article's current version."""
    return f"CASE WHEN {_USUAL} THEN {_USUAL_HEAD} ELSE {_any_head()} END", concat([
        Sql(_SOURCES), '<p class="meta">', Sql(escaped_if_needed("claims.author")),
        Sql(_times()),
    ])


class _ItemNode(Node):
    def sql(self, level: Depth) -> str:  # NUL-safe: user text is joined by ||, not printf
        return item_sql()[0]


# Both parts as UTF-8 bytes (the first through text_rows' as_bytes): the report is written
# as bytes, and the text is not decoded into Python strings only to be encoded again.
_TAIL = f"CAST({item_sql()[1]} AS BLOB)"
_EXTRA = (_TAIL, "claims.number", "claims.start", 'claims."end"', "claims.verdict", PLACED,
          "claims.id")
_TEXT_ORDER = itemgetter(3, 4, 7)  # start, end, id


def article_parts(reader: ExportReader) -> Generator[ArticleParts, None, None]:
    """Each article's parts in report order, its list items made by the database."""
    articles = iter(range(1, 1 << 62))

    def params(document: Any) -> dict[str, Any]:
        article = next(articles)
        return {"item": f'<li id="d{article}-c', "back": f'<a class="back" href="#d{article}-t',
                "version": document.version}

    rows = text_rows(reader, _ItemNode(), 0, params=params, extra=_EXTRA,
                     functions={"annotator_source_item": (6, source_item)}, by_document=True,
                     as_bytes=True, by_start=True)
    for document, batch in rows:
        if not batch:
            yield ArticleParts(document, 0, Counter(), [], b"")
            continue
        claims = sorted(batch, key=_TEXT_ORDER)  # (claims that start together: rare)
        heads, tails, numbers, starts, ends, verdicts, placed, _ = zip(*claims, strict=True)
        spans = zip(numbers, starts, ends, verdicts, strict=True)
        yield ArticleParts(document, len(batch), Counter(verdicts),
                           list(compress(spans, placed)),
                           b"".join(chain.from_iterable(zip(heads, tails, strict=True))))
