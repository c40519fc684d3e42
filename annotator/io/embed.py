"""The ClaimReview embed form: per article, the ``<script type="application/ld+json">`` block
a publisher pastes into the page that carries its fact-checks.

One HTML file with one section per article that has checked claims. Each section shows the
block as text (select it, copy, paste into the article's page) and also holds the block
itself, so the file is a page that structured-data tools read as it is. The JSON is that of
the ClaimReview export (annotator.io.claimreview), HTML-safe: no text in a note can close the
script block or open a comment. Everything else on the page is escaped library text; the
page loads nothing and runs no script (a Content-Security-Policy forbids both).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape
from pathlib import Path
from typing import TextIO

from annotator.domain.publishing import PublisherSettings
from annotator.io.claimreview import (
    PUBLISHED,
    SCHEMA_CONTEXT,
    ReviewTally,
    article_reviews,
    check_publishable,
)
from annotator.io.json_stream import encode
from annotator.store.export_rows import DocumentBundle

STYLE = """
:root { color-scheme: light; }
body { font: 16px/1.5 system-ui, sans-serif; color: #1b1b1b; background: #fff;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-bottom: 0.2rem; }
.meta, .how { color: #555; font-size: 0.9rem; }
section.article { border-top: 1px solid #ccc; padding-top: 0.8rem; margin-top: 1.5rem; }
pre.snippet { background: #f5f5f5; border: 1px solid #ddd; border-radius: 4px;
              padding: 0.6rem; font: 0.8rem/1.4 ui-monospace, monospace; white-space: pre-wrap;
              overflow-wrap: anywhere; max-height: 24rem; overflow: auto; user-select: all; }
ul.reviews { font-size: 0.9rem; padding-left: 1.2rem; }
.rating, .number { font-weight: bold; }
"""
_CSP = "default-src 'none'; style-src 'unsafe-inline'"
SCRIPT_OPEN = '<script type="application/ld+json">'
SCRIPT_CLOSE = "</script>"


def snippet(reviews: list[dict[str, object]]) -> str:
    """The block to paste: the article's ClaimReviews in one HTML-safe JSON-LD graph."""
    data = encode({"@context": SCHEMA_CONTEXT, "@graph": reviews}).decode("utf-8")
    return f"{SCRIPT_OPEN}\n{data}\n{SCRIPT_CLOSE}"


def write_embed(bundles: Iterable[DocumentBundle], path: Path, *, settings: PublisherSettings,
                tick: Callable[[int], None]) -> ReviewTally:
    check_publishable(settings)
    tally = ReviewTally()
    with path.open("w", encoding="utf-8", newline="\n") as out:
        _head(out, settings)
        articles = 0
        for bundle in bundles:
            reviews = list(article_reviews(bundle, settings, tally))
            if reviews:
                articles += 1
                _article(out, bundle, reviews)
            tick(tally.seen)
        if not articles:
            out.write('<p class="how">No article has a checked claim yet: there is nothing '
                      "to publish.</p>\n")
        out.write("</body>\n</html>\n")
    return tally


def _head(out: TextIO, settings: PublisherSettings) -> None:
    org = escape(settings.organisation)
    out.write(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>ClaimReview snippets: {org}</title>\n<style>{STYLE}</style>\n</head>\n"
        f"<body>\n<h1>ClaimReview snippets: {org}</h1>\n"
        '<p class="how">Paste each grey block, unchanged, into the HTML of the page that '
        "publishes that article's fact-check (in its <code>&lt;head&gt;</code> or "
        "<code>&lt;body&gt;</code>). Each block lists the article's checked claims; "
        "unchecked claims are left out.</p>\n"
    )


def _article(out: TextIO, bundle: DocumentBundle, reviews: list[dict[str, object]]) -> None:
    document = bundle.document
    block = snippet(reviews)
    noun = "fact-check" if len(reviews) == 1 else "fact-checks"
    out.write(f'<section class="article" id="article-{escape(document.uuid)}">\n'
              f"<h2>{escape(document.title)}</h2>\n"
              f'<p class="meta">{len(reviews)} {noun}')
    if document.article_url:
        out.write(f" · article: {escape(document.article_url)}")
    out.write("</p>\n<ul class=\"reviews\">\n")
    published = [claim for claim in bundle.claims if claim.verdict in PUBLISHED]
    for claim, review in zip(published, reviews, strict=True):
        rating = review["reviewRating"]
        assert isinstance(rating, dict)
        out.write(f'<li><span class="number">{escape(claim.label)}</span> '
                  f'<span class="rating">{escape(str(rating["alternateName"]))}</span>: '
                  f"{escape(str(review['claimReviewed']))} — "
                  f"<span class=\"meta\">{escape(str(review['url']))}</span></li>\n")
    out.write(f'</ul>\n<pre class="snippet">{escape(block)}</pre>\n{block}\n</section>\n')
