"""schema.org ClaimReview (JSON-LD): one ClaimReview per checked claim, in one ``@graph``.

Only checked claims are published: an unchecked claim is no review, and a rating in the
middle of the scale would read as a half-true verdict; the export summary counts the
claims left out. Verdicts map onto a declared 1-3 rating scale (``worstRating`` 1,
``bestRating`` 3) with the verdict's name as ``alternateName``; the scale is spelled out
in ``ratingExplanation``. Addresses are made IRI-safe (an RDF processor refuses the whole
graph for one address with a space or a ``<``), and the JSON is HTML-safe (see
annotator.io.json_stream) so it can be pasted into a page's script block.
The reviewed Claim's ``appearance`` is the article, with its ``url`` when it was imported
from the web (the review itself has no web address of its own to give). Sources become
``citation`` entries. See https://schema.org/ClaimReview.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from annotator.domain.urls import iri_safe
from annotator.domain.verdict import Stance, Verdict
from annotator.io.json_stream import write_streamed
from annotator.store.export_rows import (
    DocumentBundle,
    ExportClaim,
    ExportDocument,
    ExportSource,
    iso_utc,
)

SCHEMA_CONTEXT = "https://schema.org"
WORST_RATING = 1
BEST_RATING = 3
RATINGS: dict[Verdict, tuple[int, str]] = {
    Verdict.DISPUTED: (1, "Disputed"),
    Verdict.VERIFIED: (3, "Verified"),
}
RATING_EXPLANATION = (
    "1 = Disputed (the sources contradict the claim), "
    "3 = Verified (the sources support the claim)."
)

STANCES: dict[Stance, str] = {
    Stance.SUPPORTS: "Supports the claim.",
    Stance.REFUTES: "Refutes the claim.",
    Stance.CONTEXT: "Gives context to the claim.",
}

Json = dict[str, Any]


def write_claimreview(
    bundles: Iterable[DocumentBundle], path: Path, *, tick: Callable[[int], None]
) -> int:
    """Write the graph as it is read: one ClaimReview in memory at a time.

    Returns the number of claims left out because they are not checked yet."""
    seen = [0]
    written = write_streamed(path, {"@context": SCHEMA_CONTEXT, "@graph": []}, ("@graph",),
                             _reviews(bundles, tick, seen))
    return seen[0] - written


def _reviews(bundles: Iterable[DocumentBundle], tick: Callable[[int], None],
             seen: list[int]) -> Iterator[Json]:
    for bundle in bundles:
        for claim in bundle.claims:
            seen[0] += 1
            if claim.verdict in RATINGS:
                yield claim_review(claim, bundle.document)
            tick(seen[0])


def claim_review(claim: ExportClaim, document: ExportDocument) -> Json:
    value, name = RATINGS[claim.verdict]
    review: Json = {
        "@type": "ClaimReview",
        "@id": f"urn:uuid:{claim.uuid}",
        "identifier": claim.uuid,
        "claimReviewed": claim.exact,
        "datePublished": iso_utc(claim.modified_at),
        "dateCreated": iso_utc(claim.created_at),
        "dateModified": iso_utc(claim.modified_at),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "worstRating": WORST_RATING,
            "bestRating": BEST_RATING,
            "alternateName": name,
            "ratingExplanation": RATING_EXPLANATION,
        },
        "itemReviewed": {"@type": "Claim", "appearance": _appearance(document)},
    }
    if claim.author:
        review["author"] = {"@type": "Person", "name": claim.author}
    if claim.note:
        review["reviewBody"] = claim.note
    if claim.sources:
        review["citation"] = [_citation(source) for source in claim.sources]
    return review


def _appearance(document: ExportDocument) -> Json:
    work: Json = {"@type": "CreativeWork", "@id": f"urn:uuid:{document.uuid}",
                  "headline": document.title}
    url = _web_url(document.article_url)
    if url:
        work["url"] = url
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
