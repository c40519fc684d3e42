"""schema.org ClaimReview (JSON-LD): one ClaimReview per checked claim, in one ``@graph``.

What a fact-check publisher posts, with the publisher settings of the library
(annotator.domain.publishing): the review's ``url`` comes from the URL template, its
``author`` is the organisation, and its ``reviewRating`` sits on the newsroom's scale
(``worstRating`` for a disputed claim, ``bestRating`` for a verified one) with the
newsroom's label, or the claim's finer rating label ("Misleading"), as ``alternateName``.
Without an organisation or a URL template nothing is written: :class:`PublishingNotSet`
says what to set.

Only checked claims are published: an unchecked claim is no review, and a rating in the
middle of the scale would read as a half-true verdict; the export summary counts the
claims left out. ``claimReviewed`` is the quoted text; past 75 characters the summary warns
(search results cut it there). The reviewed Claim's ``appearance`` is the article (its
``url`` when known), its ``author`` the article's authors (else its outlet) and its
``datePublished`` the article's. Addresses are made IRI-safe (an RDF processor refuses the
whole graph for one address with a space or a ``<``), and the JSON is HTML-safe (see
annotator.io.json_stream) so it can be pasted into a page's script block (see
annotator.io.embed). Sources become ``citation`` entries. See https://schema.org/ClaimReview.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from annotator.domain.publishing import PublisherKey, PublisherSettings, fact_check_url
from annotator.domain.urls import iri_safe
from annotator.domain.verdict import Stance, Verdict
from annotator.io.json_stream import write_streamed, write_streamed_text
from annotator.store.export_rows import (
    DocumentBundle,
    ExportClaim,
    ExportDocument,
    ExportReader,
    ExportSource,
    iso_utc,
)

SCHEMA_CONTEXT = "https://schema.org"
PUBLISHED = frozenset({Verdict.VERIFIED, Verdict.DISPUTED})
CLAIM_REVIEWED_LIMIT = 75
"""Past this many characters search results cut ``claimReviewed``: the summary warns."""
_EXAMPLES = 3

STANCES: dict[Stance, str] = {
    Stance.SUPPORTS: "Supports the claim.",
    Stance.REFUTES: "Refutes the claim.",
    Stance.CONTEXT: "Gives context to the claim.",
}

Json = dict[str, Any]


class PublishingNotSet(ValueError):
    """The publisher settings a ClaimReview needs are not set; the message says which."""

    def __init__(self, missing: list[PublisherKey]) -> None:
        names = " and ".join(key.value for key in missing)
        example = {PublisherKey.ORGANISATION: '"Example Fact Check"',
                   PublisherKey.URL_TEMPLATE:
                   "https://factcheck.example.org/{article_slug}#claim-{number}"}
        commands = "; ".join(f"annotator config set {key.value} {example[key]}"
                             for key in missing)
        super().__init__(
            f"ClaimReview needs the publisher's {names} (the review's author and web "
            f"address), and nothing was exported. Set them in Edit → Preferences → "
            f"Publishing, or on the command line: {commands}"
        )


def check_publishable(settings: PublisherSettings) -> None:
    missing = settings.missing_for_claimreview()
    if missing:
        raise PublishingNotSet(missing)


@dataclass(slots=True)
class ReviewTally:
    """What a ClaimReview export read, wrote and warns about."""

    seen: int = 0
    written: int = 0
    long_quotes: list[str] = field(default_factory=list)  # "#3 of 'Title'"

    @property
    def left_out(self) -> int:
        return self.seen - self.written

    def warnings(self) -> tuple[str, ...]:
        n = len(self.long_quotes)
        if not n:
            return ()
        shown = ", ".join(self.long_quotes[:_EXAMPLES]) + (", ..." if n > _EXAMPLES else "")
        claims = "claim is" if n == 1 else "claims are"
        return (f"{n} reviewed {claims} longer than {CLAIM_REVIEWED_LIMIT} characters, "
                f"which search results cut short ({shown}); consider quoting less.",)


def claim_number(claim: ExportClaim) -> int:
    """The claim's number within its article (for {number}): the #7 of the app and CLI."""
    return claim.number


def write_claimreview(
    reader: ExportReader, path: Path, *, settings: PublisherSettings, total: int,
    tick: Callable[[int], None],
) -> ReviewTally:
    """Write the graph as it is read: one batch of ClaimReviews in memory at a time.

    On SQLite the database writes the reviews' text (annotator.io.claimreview_sql);
    elsewhere Python does, with the same result. ``total``: the claims the reader holds.
    """
    check_publishable(settings)
    tally = ReviewTally()
    document = {"@context": SCHEMA_CONTEXT, "@graph": []}
    if reader.sql_text:
        from annotator.io.claimreview_sql import review_chunks

        write_streamed_text(path, document, ("@graph",),
                            review_chunks(reader, settings, tally, total, tick))
        return tally
    bundles = reader.bundles()

    def reviews() -> Iterator[Json]:
        for bundle in bundles:
            yield from article_reviews(bundle, settings, tally)
            tick(tally.seen)

    write_streamed(path, document, ("@graph",), reviews())
    return tally


def article_reviews(bundle: DocumentBundle, settings: PublisherSettings,
                    tally: ReviewTally) -> Iterator[Json]:
    """The ClaimReviews of one article's checked claims, counted in ``tally``."""
    for claim in bundle.claims:
        tally.seen += 1
        if claim.verdict not in PUBLISHED:
            continue
        number = claim_number(claim)
        if len(claim.exact) > CLAIM_REVIEWED_LIMIT:
            tally.long_quotes.append(f"#{number} of {bundle.document.title!r}")
        tally.written += 1
        yield claim_review(claim, bundle.document, settings, number)


def claim_review(claim: ExportClaim, document: ExportDocument, settings: PublisherSettings,
                 number: int) -> Json:
    review: Json = {
        "@type": "ClaimReview",
        "@id": f"urn:uuid:{claim.uuid}",
        "identifier": claim.uuid,
        "url": fact_check_url(settings.url_template, title=document.title, number=number,
                              claim_uuid=claim.uuid, article_uuid=document.uuid),
        "claimReviewed": claim.exact,
        "datePublished": iso_utc(claim.modified_at),
        "dateCreated": iso_utc(claim.created_at),
        "dateModified": iso_utc(claim.modified_at),
        "author": organisation(settings),
        "reviewRating": rating(claim, settings),
        "itemReviewed": reviewed_claim(document),
    }
    if claim.note:
        review["reviewBody"] = claim.note
    if claim.sources:
        review["citation"] = [_citation(source) for source in claim.sources]
    return review


def organisation(settings: PublisherSettings) -> Json:
    org: Json = {"@type": "Organization", "name": settings.organisation}
    if settings.organisation_url:
        org["url"] = iri_safe(settings.organisation_url)
    return org


def rating(claim: ExportClaim, settings: PublisherSettings) -> Json:
    """The verdict on the newsroom's scale; the claim's own label, if any, names it."""
    worst, best = settings.worst_rating, settings.best_rating
    return {
        "@type": "Rating",
        "ratingValue": settings.rating_value(claim.verdict),
        "worstRating": worst,
        "bestRating": best,
        "alternateName": claim.rating_label or settings.label(claim.verdict),
        "ratingExplanation": (
            f"{worst} = {settings.disputed_label} (the sources contradict the claim), "
            f"{best} = {settings.verified_label} (the sources support the claim)."
        ),
    }


def reviewed_claim(document: ExportDocument) -> Json:
    """The Claim as the article made it: where it appeared, by whom and when."""
    item: Json = {"@type": "Claim", "appearance": _appearance(document)}
    author = _claim_author(document)
    if author:
        item["author"] = author
    if document.published:
        item["datePublished"] = document.published
    return item


def _claim_author(document: ExportDocument) -> Json | list[Json] | None:
    people: list[Json] = [{"@type": "Person", "name": name}
                          for name in (n.strip() for n in document.authors.split(";")) if name]
    if people:
        return people[0] if len(people) == 1 else people
    if document.outlet:
        return {"@type": "Organization", "name": document.outlet}
    return None


def _appearance(document: ExportDocument) -> Json:
    work: Json = {"@type": "CreativeWork", "@id": f"urn:uuid:{document.uuid}",
                  "headline": document.title}
    url = _web_url(document.article_url)
    if url:
        work["url"] = url
    if document.outlet:
        work["publisher"] = {"@type": "Organization", "name": document.outlet}
    if document.published:
        work["datePublished"] = document.published
    return work


def _citation(source: ExportSource) -> Json:
    work: Json = {"@type": "CreativeWork"}
    url = _web_url(source.url.strip())
    if url:
        work["url"] = url
    if source.title:
        work["name"] = source.title
    if source.publisher:
        work["publisher"] = {"@type": "Organization", "name": source.publisher}
    if source.excerpt:
        work["text"] = source.excerpt
    description = STANCES[source.stance]
    if source.accessed_at:
        description += f" Accessed {source.accessed_at}."
    if source.url and not url:  # typed without a scheme: kept as written, not guessed at
        description += f" Address as given: {source.url}"
    work["description"] = description
    return work


def _web_url(value: str | None) -> str | None:
    if not value:
        return None
    parts = urlsplit(value)
    return iri_safe(value) if parts.scheme in ("http", "https") and parts.netloc else None
