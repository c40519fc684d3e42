"""The ClaimReviews of annotator.io.claimreview, written by SQLite
(annotator.store.export_text).

The same review as :func:`annotator.io.claimreview.claim_review`, as a tree of SQL nodes
built for one export's publisher settings: the database lays out each checked claim's JSON
text; Python is called once a claim (the publisher's URL template) and once a source (its
web address), and once a document for the reviewed claim. Tests compare the files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

from annotator.domain.publishing import PublisherSettings, fact_check_url, slug
from annotator.domain.urls import iri_safe
from annotator.domain.verdict import Verdict
from annotator.io.claimreview import (
    CLAIM_REVIEWED_LIMIT,
    PUBLISHED,
    STANCES,
    ReviewTally,
    organisation,
    reviewed_claim,
)
from annotator.io.html_sql import plain_web_address
from annotator.io.json_stream import encode
from annotator.store.export_rows import ExportDocument, ExportReader
from annotator.store.export_text import text_rows
from annotator.store.sql_text import (
    Const,
    Depth,
    Member,
    Node,
    Number,
    Object,
    RowsArray,
    Sql,
    Text,
    deeper,
    iso_seconds,
    literal,
)

_SOURCES = (
    "(SELECT s.*, annotator_web_url(s.url) AS web FROM sources AS s "
    "WHERE s.claim_id = claims.id ORDER BY s.id) AS s"
)
_STANCE = ("CASE s.stance " + " ".join(f"WHEN {literal(stance.value)} THEN {literal(text)}"
                                      for stance, text in STANCES.items()) + " END")
_CITATION = Object((
    Member("@type", Const("CreativeWork")),
    Member("url", Text("s.web"), when="s.web IS NOT NULL"),
    Member("name", Text("s.title"), when="s.title <> ''"),
    Member("publisher", Object((Member("@type", Const("Organization")),
                                Member("name", Text("s.publisher")))),
           when="s.publisher <> ''"),
    Member("text", Text("s.excerpt"), when="s.excerpt <> ''"),
    Member("description", Text(
        f"{_STANCE} || CASE WHEN s.accessed_at <> '' THEN ' Accessed ' || s.accessed_at "
        "|| '.' ELSE '' END || CASE WHEN s.url <> '' AND s.web IS NULL "
        "THEN ' Address as given: ' || s.url ELSE '' END")),
))


class _Fragment(Node):
    """JSON made by Python once per document, bound as the parameter named
    ``fragment_parameter(name, level)``."""

    def __init__(self, name: str) -> None:
        self.name = name

    def pieces(self, level: Depth) -> list[str]:
        return [Sql(f":{fragment_parameter(self.name, level)}")]


def fragment_parameter(name: str, level: Depth) -> str:
    return f"{name}_{'compact' if level is None else level}"


def review_node(settings: PublisherSettings) -> Object:
    verified = literal(Verdict.VERIFIED.value)
    return Object((
        Member("@type", Const("ClaimReview")),
        Member("@id", Text("'urn:uuid:' || claims.uuid")),
        Member("identifier", Text("claims.uuid")),
        Member("url", Text("annotator_review_url(claims.number, claims.uuid, :slug, "
                           ":document_uuid)")),
        Member("claimReviewed", Text("claims.exact")),
        Member("datePublished", Text(iso_seconds("claims.modified_at"))),
        Member("dateCreated", Text(iso_seconds("claims.created_at"))),
        Member("dateModified", Text(iso_seconds("claims.modified_at"))),
        Member("author", Const(organisation(settings))),
        Member("reviewRating", Object((
            Member("@type", Const("Rating")),
            Member("ratingValue", Number(
                f"CASE WHEN claims.verdict = {verified} "
                f"THEN {settings.rating_value(Verdict.VERIFIED)} "
                f"ELSE {settings.rating_value(Verdict.DISPUTED)} END")),
            Member("worstRating", Const(settings.worst_rating)),
            Member("bestRating", Const(settings.best_rating)),
            Member("alternateName", Text(
                f"CASE WHEN claims.rating_label <> '' THEN claims.rating_label "
                f"WHEN claims.verdict = {verified} "
                f"THEN {literal(settings.label(Verdict.VERIFIED))} "
                f"ELSE {literal(settings.label(Verdict.DISPUTED))} END")),
            Member("ratingExplanation", Const(
                f"{settings.worst_rating} = {settings.disputed_label} (the sources contradict "
                f"the claim), {settings.best_rating} = {settings.verified_label} (the sources "
                "support the claim).")),
        ))),
        Member("itemReviewed", _Fragment("item")),
        Member("reviewBody", Text("claims.note"), when="claims.note <> ''"),
        Member("citation", RowsArray(_SOURCES, _CITATION),
               when="EXISTS (SELECT 1 FROM sources WHERE sources.claim_id = claims.id)"),
    ))


def web_url(url: str) -> str | None:
    """annotator.io.claimreview._web_url of a source's stripped address."""
    value = url.strip()
    if not value:
        return None
    if plain_web_address(value):
        return iri_safe(value)
    parts = urlsplit(value)
    return iri_safe(value) if parts.scheme in ("http", "https") and parts.netloc else None


def review_chunks(reader: ExportReader, settings: PublisherSettings, tally: ReviewTally,
                  total: int, tick: Callable[[int], None]
                  ) -> Callable[[Depth], Iterator[list[bytes]]]:
    """For json_stream.write_streamed_text: the reviews' text (UTF-8) in batches; ``tally`` counts
    the ``total`` claims read, those written and the long quotes."""
    template = settings.url_template

    def review_url(number: int, claim_uuid: str, article_slug: str, article_uuid: str) -> str:
        return fact_check_url(template, title="", number=number, claim_uuid=claim_uuid,
                              article_uuid=article_uuid, article_slug=article_slug)

    def chunks(level: Depth) -> Iterator[list[bytes]]:
        item_level = deeper(level)

        def params(document: ExportDocument) -> dict[str, Any]:
            return {"slug": slug(document.title, document.uuid), "document_uuid": document.uuid,
                    fragment_parameter("item", item_level):
                        encode(reviewed_claim(document), item_level).decode()}

        published = ", ".join(literal(verdict.value) for verdict in sorted(PUBLISHED))
        rows = text_rows(
            reader, review_node(settings), level, params=params,
            functions={"annotator_review_url": (4, review_url), "annotator_web_url": (1, web_url)},
            where=f"claims.verdict IN ({published})",
            extra=[f"CASE WHEN length(claims.exact) > {CLAIM_REVIEWED_LIMIT} "
                   "THEN claims.number END"],
            as_bytes=True,
        )
        for document, batch in rows:
            tally.written += len(batch)
            tally.long_quotes.extend(f"#{number} of {document.title!r}"
                                     for _, number in batch if number is not None)
            yield [row[0] for row in batch]
            tick(min(tally.written, total))
        tally.seen = total

    return chunks
