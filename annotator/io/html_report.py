"""HTML report: each article with its claims highlighted, a verdict summary, claims and sources.

One self-contained, printable file: inline CSS only, no scripts, images, fonts or style
sheets to fetch (a Content-Security-Policy forbids them too). Every piece of library text
is escaped (``& < >`` in element text, quotes too in attribute values); only http(s)
sources become links. Overlapping claims are drawn by cutting the text at every claim
boundary, so each piece is marked once, in the colour of the most serious verdict that
covers it.

Each claim is named by its number in its article (``#7``, as in the app, the CLI and the
review file): in its list item (``<span class="number">``), in the reference after its words
in the text, and in its anchor (``#d1-c7``), so a link to a claim survives a new export.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Generator, Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from html import escape as _html_escape
from itertools import accumulate, chain, compress, pairwise, repeat
from operator import ge, itemgetter
from pathlib import Path
from urllib.parse import urlsplit

from annotator import __version__
from annotator.domain.claim_number import PREFIX, claim_label
from annotator.domain.verdict import Verdict
from annotator.store.export_rows import (
    DocumentBundle,
    ExportClaim,
    ExportDocument,
    ExportReader,
    ExportSource,
    ReportTally,
    iso_utc,
)

VERDICT_LABELS = {
    Verdict.VERIFIED: "Verified",
    Verdict.DISPUTED: "Disputed",
    Verdict.UNCHECKED: "Unchecked",
}
# Where claims overlap, the text takes the colour of the most serious verdict.
_SEVERITY: dict[str, int] = {Verdict.DISPUTED: 2, Verdict.UNCHECKED: 1, Verdict.VERIFIED: 0}

STYLE = """
:root { color-scheme: light; }
body { font: 16px/1.5 Georgia, "Times New Roman", serif; color: #1b1b1b; background: #fff;
       max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
h1, h2, h3 { font-family: system-ui, sans-serif; line-height: 1.2; }
.meta { color: #555; font-size: 0.9rem; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; border-left: 3px solid #ddd;
        padding-left: 1rem; }
mark { padding: 0 0.1em; border-radius: 2px; color: inherit; }
mark.verified { background: #cdeccd; }
mark.disputed { background: #f6c4c4; }
mark.unchecked { background: #fbeaa5; }
mark.overlap { outline: 1px dashed #666; }
sup.ref a { font: 0.7rem system-ui, sans-serif; text-decoration: none; }
table.summary { border-collapse: collapse; margin: 0.5rem 0 1rem; }
table.summary th, table.summary td { border: 1px solid #ccc; padding: 0.2rem 0.6rem;
    text-align: left; }
.badge { font: bold 0.75rem system-ui, sans-serif; padding: 0.1rem 0.4rem; border-radius: 3px;
         text-transform: uppercase; }
.badge.verified { background: #cdeccd; }
.badge.disputed { background: #f6c4c4; }
.badge.unchecked { background: #fbeaa5; }
ol.claims { list-style: none; padding-left: 0; }
.rating-label { font: bold 0.8rem system-ui, sans-serif; border: 1px solid #888;
                border-radius: 3px; padding: 0 0.35rem; }
ol.claims > li { margin-bottom: 1rem; }
.number { font: bold 0.9rem system-ui, sans-serif; margin-right: 0.3rem; }
blockquote { margin: 0.3rem 0; padding-left: 0.8rem; border-left: 3px solid #bbb;
             white-space: pre-wrap; }
.note, .review, .reply { white-space: pre-wrap; }
.conflict { background: #fff3cd; border: 1px solid #e0b000; padding: 0.2rem 0.5rem; }
.sources { font-size: 0.9rem; }
.excerpt { color: #444; font-style: italic; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  nav, .back { display: none; }
  article.document + article.document { break-before: page; }
  ol.claims > li { break-inside: avoid; }
  mark, .badge { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
  .sources a[href]::after { content: " <" attr(href) ">"; font-size: 0.8em; }
}
"""

_CSP = "default-src 'none'; style-src 'unsafe-inline'"


def html_text(value: str) -> str:
    """``value`` as element content: ``& < >`` as character references. Quotes need no
    escaping outside attribute values (the HTML standard's serializer leaves them there
    too), and leaving them saves two passes over every text."""
    return _html_escape(value, quote=False)


def html_attribute(value: str) -> str:
    """``value`` inside a double-quoted attribute value: ``& < > " '`` escaped."""
    return _html_escape(value)


@dataclass(frozen=True, slots=True)
class ArticleParts:
    """What the report shows of one article: its claims' marks, list items and verdicts."""

    document: ExportDocument
    claims: int
    verdicts: Counter[str]  # verdict values (equal to Verdict members as keys)
    spans: list[Span]  # the placed claims: (number, start, end, verdict)
    items: bytes  # the claims' <li> elements in UTF-8, in text order, each followed by a
    # line break (ids with the article's number in the report: the enumeration write_html
    # makes)


Span = tuple[int, int, int, str]  # number, start, end, verdict value (or Verdict)


def write_html(
    reader: ExportReader, path: Path, *, exported_at: datetime, exported_by: str,
    tick: Callable[[int], None],
) -> None:
    """Write the report one article at a time: memory holds one article, whatever the
    library size. The header's totals and list of articles are counted first (one query,
    in the same read transaction as the articles). On SQLite the database writes the
    claims' list items (annotator.io.html_sql)."""
    articles: Generator[ArticleParts, None, None]
    if reader.sql_text:
        from annotator.io.html_sql import article_parts

        articles = article_parts(reader)
    else:
        articles = (bundle_parts(number, bundle)
                    for number, bundle in enumerate(reader.bundles(), 1))
    tally = reader.tally()
    done = 0
    # The articles' statement is closed before the export's read transaction ends, also
    # when writing fails (a full disk) or is cancelled.
    with closing(articles), path.open("wb") as handle:
        handle.write(_head(tally, exported_at=exported_at, exported_by=exported_by).encode())
        for number, parts in enumerate(articles, 1):
            handle.write(_article(number, parts))
            assert (parts.document.title, parts.claims) == tally.documents[number - 1], \
                "the articles are those the header counted"
            done += parts.claims
            tick(done)
        handle.write(b"\n</body>\n</html>\n")


def bundle_parts(number: int, bundle: DocumentBundle) -> ArticleParts:
    """The portable path: the parts of the ``number``-th article, made in Python."""
    claims = bundle.claims
    version = bundle.document.version
    return ArticleParts(
        bundle.document, len(claims), Counter(claim.verdict.value for claim in claims),
        [(c.number, c.start, c.end, c.verdict) for c in claims if c.placed],
        "".join([f"{_claim_item(number, claim, version)}\n" for claim in claims]).encode(),
    )


def _head(tally: ReportTally, *, exported_at: datetime, exported_by: str) -> str:
    title = "Fact-check report"
    head = (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="Annotator {html_attribute(__version__)}">\n'
        f"<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
    )
    contents = "".join(f'<li><a href="#doc-{number}">{html_text(name)}</a> '
                       f"({_plural(claims, 'claim')})</li>"
                       for number, (name, claims) in enumerate(tally.documents, 1))
    header = (
        f"<header>\n<h1>{title}</h1>\n"
        f'<p class="meta">Exported {html_text(iso_utc(exported_at))} by '
        f'{html_text(exported_by)}: '
        f"{_plural(sum(tally.verdicts.values()), 'claim')} in "
        f"{_plural(len(tally.documents), 'article')}.</p>\n"
        f"{_summary(tally.verdicts)}"
        f"{_review_summary(tally.reviews)}"
        f'<nav><h2>Articles</h2>\n<ol>\n{contents}\n</ol></nav>\n</header>\n'
    )
    return head + header


def _article(number: int, parts: ArticleParts) -> bytes:
    """One article's HTML in UTF-8, after a line break when it is not the first."""
    document = parts.document
    source = document.public_origin
    origin = f" from {html_text(source)}" if source else ""
    head = "".join([
        "\n" if number > 1 else "",
        f'<article class="document" id="doc-{number}">\n'
        f"<h2>{html_text(document.title)}</h2>\n"
        f"{_byline(document)}"
        f'<p class="meta">Imported {html_text(iso_utc(document.imported_at))}{origin}. '
        f'<span class="version">The text below is version {document.version}, the current '
        "one.</span></p>\n"
        f"{_summary(parts.verdicts)}"
        '<div class="text">',
    ]).encode()
    claims = (b'</div>\n<h3>Claims</h3>\n<ol class="claims">\n', parts.items,
              b"</ol>\n</article>") if parts.items else (
        b"</div>\n<h3>Claims</h3>\n<p>No claims.</p>\n</article>",)
    return b"".join([head, *marks(document.text, parts.spans, number), *claims])


def _byline(document: ExportDocument) -> str:
    """Who wrote the article, where and when, as its record says (nothing if unknown)."""
    parts = []
    if document.authors:
        parts.append(f"By {html_text(document.authors)}")
    if document.outlet:
        parts.append(html_text(document.outlet))
    if document.published:
        parts.append(f"published {html_text(document.published)}")
    return f'<p class="byline meta">{" · ".join(parts)}</p>\n' if parts else ""


def _summary(counts: Counter[str]) -> str:
    cells = "".join(
        f'<tr><th><span class="badge {v.value}">{VERDICT_LABELS[v]}</span></th>'
        f"<td>{counts.get(v, 0)}</td></tr>"
        for v in (Verdict.VERIFIED, Verdict.DISPUTED, Verdict.UNCHECKED)
    )
    return f'<table class="summary">{cells}<tr><th>Total</th><td>{counts.total()}</td></tr>' \
           "</table>\n"


def _review_summary(reviews: Counter[str]) -> str:
    """Review decisions and open conflicts, if any claim was reviewed."""
    if not reviews:
        return ""
    order = ["approved", "rejected", "needs-work", "pending", "open conflict"]
    cells = "".join(f"<tr><th>{html_text(key.capitalize())}</th><td>{reviews[key]}</td></tr>"
                    for key in order if reviews.get(key))
    return f'<table class="summary review-summary"><caption>Review</caption>{cells}</table>\n'


def marks(text: str, spans: list[Span], doc: int) -> list[bytes]:
    """Escaped HTML of ``text`` in UTF-8 with every span (a placed claim, in text order)
    marked: what overlapping_marks() writes, made faster. Runs of claims that overlap no
    other are cut and written a run at a time, as bytes (an article with one emoji is a
    str of 4 bytes a character, its pieces are not); only a cluster of overlapping claims
    is cut at each of its boundaries (overlapping_marks' way)."""
    if not spans:
        return [html_text(text).encode()]
    reach = list(accumulate(map(itemgetter(2), spans), max))  # the furthest end so far
    if reach[-1] > len(text) or min(map(itemgetter(0), spans)) <= 0:
        # (rare: no such span in a library)
        return ["".join(overlapping_marks(text, spans, doc)).encode()]
    # A cluster starts at a span that begins where every earlier one has ended.
    firsts = [0, *compress(range(1, len(spans)), map(ge, map(itemgetter(1), spans[1:]), reach)),
              len(spans)]
    joiner = _joiner(text)
    out: list[bytes] = []
    position = done = 0  # the text and the spans written so far
    for first, stop in pairwise(firsts):
        if stop - first == 1:
            continue
        position = _single_marks(text, spans[done:first], position, doc, joiner, out)
        cluster = spans[first:stop]
        cuts = sorted({cut for _, a, b, _ in cluster for cut in (a, b)})
        marked = [html_text(text[position:cuts[0]])]
        _cut_marks(cluster, cuts, cuts[-1], map(html_text, map(
            text.__getitem__, map(slice, cuts, cuts[1:]))), doc, marked)
        out.append("".join(marked).encode())
        position, done = cuts[-1], stop
    _single_marks(text, spans[done:], position, doc, joiner, out, tail=True)
    return out


def _single_marks(text: str, spans: list[Span], position: int, doc: int, joiner: str | None,
                  out: list[bytes], *, tail: bool = False) -> int:
    """Append to ``out`` the text from ``position`` up to the end of the last of ``spans``
    (claims that overlap no other, each numbered; with ``tail`` to the end of the text),
    each span marked; where that is."""
    bounds = [position] * (2 * len(spans) + 1)  # the gap before each span, then the span
    bounds[1::2] = map(itemgetter(1), spans)
    bounds[2::2] = map(itemgetter(2), spans)
    if tail:
        bounds.append(len(text))
    escaped = _escaped(list(map(text.__getitem__, map(slice, bounds, bounds[1:]))), joiner)
    numbers = [str(number).encode() for number, _, _, _ in spans]
    # Each span's gap and mark, put together by C loops (no Python code run per span).
    out += chain.from_iterable(zip(
        escaped[::2], repeat(f'<a id="d{doc}-t'.encode()), numbers,
        repeat(b'"></a><mark class="'), map(str.encode, map(itemgetter(3), spans)),
        repeat(f'" title="Claim {PREFIX}'.encode()), numbers, repeat(b'">'), escaped[1::2],
        repeat(f'</mark><sup class="ref"><a href="#d{doc}-c'.encode()), numbers,
        repeat(f'">{PREFIX}'.encode()), numbers, repeat(b"</a></sup>")))
    if tail:
        out.append(escaped[-1])
    return bounds[-1]


# Characters html.escape leaves alone, one of which joins the pieces of a text to be escaped
# in one call (any of them absent from the text will do).
_JOINERS = "\x00\x01\x02\x03\x04\x05\x06\x07\x08"


def _joiner(text: str) -> str | None:
    return next((c for c in _JOINERS if c not in text), None)


def _escaped(pieces: list[str], joiner: str | None) -> list[bytes]:
    """The pieces escaped (html_text) in UTF-8: encoded one by one (a piece without an emoji
    is a str of one byte a character), joined, escaped and cut again as bytes."""
    if joiner is None:
        return [html_text(piece).encode() for piece in pieces]
    mark = joiner.encode()
    return mark.join(map(str.encode, pieces)).replace(b"&", b"&amp;").replace(
        b"<", b"&lt;").replace(b">", b"&gt;").split(mark)


def escaped_pieces(pieces: list[str], text: str) -> list[str]:
    """``[html_text(piece) for piece in pieces]`` for pieces of ``text``, escaped as one
    text (one call instead of one a piece: a 1 MB article has 20k pieces)."""
    joiner = _joiner(text)
    if joiner is None:
        return [html_text(piece) for piece in pieces]
    return html_text(joiner.join(pieces)).split(joiner)


def _cut_marks(spans: list[Span], cuts: list[int], last: int, pieces: Iterator[str],
               doc: int, out: list[str]) -> None:
    """Append to ``out`` the marks of ``spans`` cut at ``cuts`` (sorted, every boundary of
    the spans among them), taking the escaped text from each cut to the next (the last to
    ``last``) from ``pieces``."""
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    verdicts: dict[int, str] = {}
    for number, start, end, verdict in spans:
        verdicts[number] = verdict
        starts.setdefault(start, []).append(number)
        ends.setdefault(end, []).append(number)
    active: set[int] = set()
    for a, b in zip(cuts, [*cuts[1:], last], strict=True):
        if a in ends:
            for n in ends[a]:
                active.discard(n)
                out.append(f'<sup class="ref"><a href="#d{doc}-c{n}">{claim_label(n)}</a></sup>')
        if a in starts:
            for n in starts[a]:
                active.add(n)
                out.append(f'<a id="d{doc}-t{n}"></a>')
        if a >= b:
            continue
        piece = next(pieces)
        if not active:
            out.append(piece)
        elif len(active) == 1:  # most pieces: under one claim
            (n,) = active
            out.append(f'<mark class="{verdicts[n]}" title="Claim {claim_label(n)}">{piece}'
                       "</mark>")
        else:
            numbers = sorted(active)
            verdict = max((verdicts[n] for n in numbers), key=_SEVERITY.__getitem__)
            label = ", ".join(map(claim_label, numbers))
            out.append(f'<mark class="{verdict} overlap" title="Claim {label}">{piece}</mark>')


def overlapping_marks(text: str, spans: list[Span], doc: int) -> Iterator[str]:
    """Escaped HTML of ``text`` with ``spans`` marked, the plain way: the text is cut at
    every boundary and each piece marked in the colour of the most serious claim over it
    (a span may pass the end of the text). marks() writes the same, faster."""
    cuts = sorted({0, len(text), *(cut for _, a, b, _ in spans for cut in (a, b))})
    pairs = list(zip(cuts, [*cuts[1:], len(text)], strict=True))
    pieces = iter(escaped_pieces([text[a:b] for a, b in pairs if a < b], text))
    out: list[str] = []
    _cut_marks(spans, cuts, len(text), pieces, doc, out)
    return iter(out)


def _claim_item(doc: int, claim: ExportClaim, version: int) -> str:
    verdict, n = claim.verdict, claim.number
    if claim.placed:
        where = f'<a class="back" href="#d{doc}-t{n}">in the text</a>'
    else:
        quoted = (f", quoted from version {claim.anchor_version}"
                  if claim.anchor_version is not None else "")
        where = (f'<span class="orphaned">not in version {version}: its words were changed '
                 f"or removed{quoted}</span>")
    parts = [
        f'<li id="d{doc}-c{n}">',
        f'<span class="number">{claim.label}</span>',
        f'<span class="badge {verdict.value}">{VERDICT_LABELS[verdict]}</span> ',
        (f'<span class="rating-label" title="Rating label">{html_text(claim.rating_label)}'
         "</span> " if claim.rating_label else ""),
        where,
        f"<blockquote>{html_text(claim.exact)}</blockquote>",
    ]
    if claim.note:
        parts.append(f'<p class="note">{html_text(claim.note)}</p>')
    if claim.review_status is not None:
        who = f" by {html_text(claim.reviewer)}" if claim.reviewer else ""
        own = (f" (reviewer's verdict: {html_text(claim.reviewer_verdict.value)})"
               if claim.reviewer_verdict else "")
        note = f": {html_text(claim.review_note)}" if claim.review_note else ""
        parts.append(f'<p class="review">Review{who}: <strong>'
                     f"{html_text(claim.review_status.value)}</strong>{own}{note}</p>")
    if claim.review_conflict:
        parts.append('<p class="conflict">⚠ Open review conflict: the claim was changed after '
                     "the reviewer saw it, and the change is not resolved yet.</p>")
    if claim.review_reply:
        parts.append(f'<p class="reply">Editor\'s reply: {html_text(claim.review_reply)}</p>')
    if claim.sources:
        sources = "".join(map(_source, claim.sources))
        parts.append(f'<ul class="sources">{sources}</ul>')
    parts.append(f'<p class="meta">{html_text(claim.author)}, created '
                 f"{html_text(iso_utc(claim.created_at))}, modified "
                 f"{html_text(iso_utc(claim.modified_at))}</p>")
    parts.append("</li>")
    return "".join(parts)


def _source(source: ExportSource) -> str:
    return source_item(source.url, source.title, source.publisher, source.accessed_at,
                       source.excerpt, source.stance.value)


def source_item(url: str, title: str, publisher: str, accessed_at: str, excerpt: str,
                stance: str) -> str:
    """A source's ``<li>``: its name (a link for a web address), stance, publisher, date
    and excerpt."""
    url = url.strip()
    name = html_text(title or url or "Source")
    if is_web_link(url):
        name = f'<a href="{html_attribute(url)}" rel="noopener noreferrer">{name}</a>'
    elif url and title:
        name += f" &lt;{html_text(url)}&gt;"
    details = [f"{name} ({html_text(stance)})"]
    if publisher:
        details.append(html_text(publisher))
    if accessed_at:
        details.append(f"accessed {html_text(accessed_at)}")
    excerpt = f' <span class="excerpt">“{html_text(excerpt)}”</span>' if excerpt else ""
    return f"<li>{', '.join(details)}{excerpt}</li>"


def is_web_link(url: str) -> bool:
    """Whether the (stripped) address becomes a link: http(s) with a host. An address
    urlsplit() refuses (a broken IPv6 host, say) is shown as text."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
