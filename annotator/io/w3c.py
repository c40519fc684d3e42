"""W3C Web Annotation (JSON-LD): one AnnotationCollection, one Annotation per claim.

Each claim becomes an Annotation motivated by ``assessing``. Its target is the article
(its web address where known, so another annotation client can find it; otherwise the
``urn:uuid:`` of its stable id) narrowed by a TextQuoteSelector and a TextPositionSelector
(code points, as the model specifies). The article's ``sameAs`` lists its other
identifiers: our ``urn:uuid:`` and the SHA-256 of its text as an RFC 6920 ``ni:`` URI.

The bodies are the verdict (TextualBody, purpose ``assessing``), the editor's note
(``commenting``), the reviewer's decision and every source (SpecificResource, purpose
``linking``; an excerpt becomes a TextQuoteSelector on the source, a linked passage a
TextPositionSelector too). The reviewer's decision is a second ``assessing`` body whose
``creator`` is the reviewer: the reviewer judges the editor's assessment, which is what
``assessing`` means; ``moderating`` is about whether an annotation may be shown, which is
not what a fact-check review decides.

Each annotation's ``label`` names the claim as people know it: ``Claim #7``, its number in
its article, as in the app, the CLI, the review file and the HTML report. The model has no
property for a number within a document; ``label`` (rdfs:label) is in the published context,
so every processor keeps it and clients that show labels show this one, while the
annotation's ``id`` (the claim's ``urn:uuid:``) stays its identifier for machines. A term of
our own (say ``claimNumber``) would need a vocabulary published at an address we control.

The ``@context`` is the published W3C context followed by our own terms: ``assessing``
(missing from some published copies of the context, so offline processors would turn it
into a relative IRI) and ``sameAs`` (schema.org).
See https://www.w3.org/TR/annotation-model/.
"""

from __future__ import annotations

import base64
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from annotator import __version__
from annotator.domain.urls import iri_safe
from annotator.io.json_stream import write_document, write_streamed, write_streamed_text
from annotator.store.export_rows import (
    DocumentBundle,
    ExportClaim,
    ExportCounts,
    ExportDocument,
    ExportReader,
    ExportSource,
    iso_utc,
)

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
# Terms the export uses that a copy of the published context may lack.
OWN_TERMS: dict[str, Any] = {
    "assessing": "http://www.w3.org/ns/oa#assessing",
    "sameAs": {"@id": "http://schema.org/sameAs", "@type": "@id", "@container": "@set"},
    "version": "http://schema.org/version",
}
CONTEXT: list[Any] = [ANNO_CONTEXT, OWN_TERMS]
MEDIA_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'

Json = dict[str, Any]

# An absolute IRI: a scheme, a colon, then no whitespace or characters IRIs forbid.
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]+$")


def urn(identifier: str) -> str:
    return f"urn:uuid:{identifier}"


def write_w3c(
    reader: ExportReader, path: Path, *, counts: ExportCounts,
    exported_at: datetime, tick: Callable[[int], None],
) -> None:
    """Write the collection as it is read: one batch of annotations in memory at a time.

    ``counts`` come from the same read transaction as the claims, so ``total`` is known
    before the first item is written. On SQLite the database writes the annotations' text
    (annotator.io.w3c_sql); elsewhere Python does, with the same result.
    """
    generated = iso_utc(exported_at)
    collection: Json = {
        "@context": CONTEXT,
        "id": urn(str(uuid.uuid4())),
        "type": "AnnotationCollection",
        "label": f"Fact-check claims from {counts.documents} document(s), exported {generated}",
        "total": counts.claims,
    }
    if counts.claims:  # an empty collection has no pages
        collection["first"] = {
            "id": urn(str(uuid.uuid4())),
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": [],
        }
    if counts.claims and reader.sql_text:
        from annotator.io.w3c_sql import annotation_chunks

        write_streamed_text(path, collection, ("first", "items"),
                            annotation_chunks(reader, generated, tick), one_per_line=True)
    elif counts.claims:
        write_streamed(path, collection, ("first", "items"),
                       _annotations(reader.bundles(), generated, tick), one_per_line=True)
    else:
        write_document(path, collection)


def _annotations(bundles: Iterable[DocumentBundle], generated: str,
                 tick: Callable[[int], None]) -> Iterator[Json]:
    done = 0
    for bundle in bundles:
        for claim in bundle.claims:
            yield annotation(claim, bundle.document, generated=generated)
            done += 1
            tick(done)


def annotation(claim: ExportClaim, document: ExportDocument, *, generated: str) -> Json:
    result: Json = {
        "@context": CONTEXT,
        "id": urn(claim.uuid),
        "type": "Annotation",
        "label": f"Claim {claim.label}",
        "motivation": "assessing",
        "created": iso_utc(claim.created_at),
        "modified": iso_utc(claim.modified_at),
        "generated": generated,
        "generator": {"type": "Software", "name": f"Annotator {__version__}"},
        "body": _bodies(claim),
        "target": _target(claim, document),
    }
    if claim.author:
        result["creator"] = {"type": "Person", "name": claim.author}
    return result


def _target(claim: ExportClaim, document: ExportDocument) -> Json:
    quote: Json = {"type": "TextQuoteSelector", "exact": claim.exact}
    if claim.prefix:
        quote["prefix"] = claim.prefix
    if claim.suffix:
        quote["suffix"] = claim.suffix
    return {
        "type": "SpecificResource",
        "source": article(document, claim),
        # An orphaned claim's words are not in this version: its quote alone says what it
        # was about, and no position points at other words.
        "selector": [
            quote,
            {"type": "TextPositionSelector", "start": claim.start, "end": claim.end},
        ] if claim.placed else [quote],
    }


class Anchored(Protocol):
    """What article() reads of a claim: the text its anchor was made on."""

    @property
    def anchor_sha256(self) -> str: ...
    @property
    def anchor_version(self) -> int | None: ...


def article(document: ExportDocument, claim: Anchored | None = None) -> Json:
    """The article as a resource: its web address where known, with our other identifiers.

    The text is the version the claim is anchored in (``version``, schema.org's term, and
    the ``ni:`` SHA-256 of that version's text): the current one, or for an orphaned
    claim the last version that held its words. Without a claim, the current version.
    """
    sha256, version = document.sha256, document.version
    if claim is not None and claim.anchor_sha256 and claim.anchor_version is not None:
        sha256, version = claim.anchor_sha256, claim.anchor_version
    hashed = base64.urlsafe_b64encode(bytes.fromhex(sha256)).rstrip(b"=").decode()
    identifiers = [urn(document.uuid), f"ni:///sha-256;{hashed}"]
    url = iri_safe(document.article_url)
    if url and _IRI.match(url):
        # The page at the address is HTML; the selectors count in its text.
        return {"id": url, "type": "Text", "label": document.title, "sameAs": identifiers,
                "version": version}
    return {"id": identifiers[0], "type": "Text", "format": "text/plain",
            "label": document.title, "sameAs": identifiers[1:], "version": version}


def _bodies(claim: ExportClaim) -> list[Json]:
    bodies: list[Json] = [_text(claim.verdict.value, "assessing")]
    if claim.note:
        bodies.append(_text(claim.note, "commenting"))
    if claim.review_status is not None:
        decision = claim.review_status.value
        review = _text(f"{decision}: {claim.review_note}" if claim.review_note else decision,
                       "assessing")
        if claim.reviewer:
            review["creator"] = {"type": "Person", "name": claim.reviewer}
        bodies.append(review)
    bodies.extend(_source_body(source) for source in claim.sources)
    return bodies


def _text(value: str, purpose: str) -> Json:
    return {"type": "TextualBody", "purpose": purpose, "value": value, "format": "text/plain"}


def _source_body(source: ExportSource) -> Json:
    url = source.url.strip()
    # A passage of another library document is linked by that document's id, unless the
    # source also has a URL, which then names the resource.
    passage = source.passage_document_uuid if not url else None
    if passage is not None:
        identifier = urn(passage)
    else:
        safe = iri_safe(url)
        identifier = safe if _IRI.match(safe) else urn(source.uuid)
    resource: Json = {"id": identifier, "type": "Text", "label": _label(source)}
    body: Json = {"type": "SpecificResource", "purpose": "linking", "source": resource}
    selectors: list[Json] = []
    if source.excerpt:
        selectors.append({"type": "TextQuoteSelector", "exact": source.excerpt})
    if passage is not None and source.passage_start is not None:
        selectors.append({"type": "TextPositionSelector", "start": source.passage_start,
                          "end": source.passage_end})
    if selectors:
        body["selector"] = selectors if len(selectors) > 1 else selectors[0]
    return body


def _label(source: ExportSource) -> str:
    """Human-readable: how the source bears on the claim, its title, publisher, raw URL."""
    parts = [source.title or source.url or source.excerpt[:80] or "source"]
    if source.publisher:
        parts.append(f"({source.publisher})")
    if source.url and source.title and not _IRI.match(iri_safe(source.url.strip())):
        parts.append(f"<{source.url}>")
    if source.accessed_at:
        parts.append(f"accessed {source.accessed_at}")
    return f"{source.stance.value}: {' '.join(parts)}"
