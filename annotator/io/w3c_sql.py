"""The W3C annotations of annotator.io.w3c, written by SQLite (annotator.store.export_text).

The same annotation as :func:`annotator.io.w3c.annotation`, as a tree of SQL nodes: the
database lays out each claim's JSON text; Python is called once a source (its IRI) and once
a distinct anchored text of a document (the article resource). Tests compare the files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from annotator import __version__
from annotator.domain.urls import IRI_ASCII, iri_safe
from annotator.io.json_stream import encode
from annotator.io.w3c import _IRI, CONTEXT, article
from annotator.store.export_rows import ExportDocument, ExportReader
from annotator.store.export_text import (
    ANCHOR_VERSION,
    PLACED,
    REVIEWED,
    SqlFunction,
    driver_connection,
    text_rows,
)
from annotator.store.sql_text import (
    Array,
    Choice,
    Const,
    Depth,
    Member,
    Node,
    Number,
    Object,
    Rows,
    Sql,
    Text,
    deeper,
    iso_seconds,
    strip,
)

# Each source's values, computed once a source. Its passage counts only when the source has
# no URL (annotator.io.w3c._source_body): ``is_passage``.
_SOURCES = (
    "(SELECT s.uuid, s.url, s.title, s.publisher, s.excerpt, s.stance, s.accessed_at, "
    "s.passage_start, s.passage_end, passage.uuid AS passage_uuid, "
    "annotator_w3c_iri(s.url) AS iri, "
    f"({strip('s.url')} = '' AND passage.uuid IS NOT NULL) AS is_passage "
    "FROM sources AS s LEFT JOIN documents AS passage ON passage.id = s.passage_document_id "
    "WHERE s.claim_id = claims.id ORDER BY s.id) AS s"
)
_PASSAGE = "s.is_passage"


def _text_body(value: str, purpose: str) -> Object:
    return Object((Member("type", Const("TextualBody")), Member("purpose", Const(purpose)),
                   Member("value", Text(value)), Member("format", Const("text/plain"))))


def _person(name: str) -> Object:
    return Object((Member("type", Const("Person")), Member("name", Text(name))))


def _quote_selector(exact: str) -> Object:
    return Object((Member("type", Const("TextQuoteSelector")), Member("exact", Text(exact))))


_SOURCE_QUOTE = _quote_selector("s.excerpt")
_SOURCE_POSITION = Object((
    Member("type", Const("TextPositionSelector")),
    Member("start", Number("s.passage_start")), Member("end", Number("s.passage_end")),
))
_HAS_POSITION = f"({_PASSAGE} AND s.passage_start IS NOT NULL)"
_SOURCE_LABEL = (
    "s.stance || ': ' || CASE WHEN s.title <> '' THEN s.title WHEN s.url <> '' THEN s.url "
    "WHEN s.excerpt <> '' THEN substr(s.excerpt, 1, 80) ELSE 'source' END "
    "|| CASE WHEN s.publisher <> '' THEN ' (' || s.publisher || ')' ELSE '' END "
    "|| CASE WHEN s.url <> '' AND s.title <> '' AND s.iri IS NULL "
    "THEN ' <' || s.url || '>' ELSE '' END "
    "|| CASE WHEN s.accessed_at <> '' THEN ' accessed ' || s.accessed_at ELSE '' END"
)
_SOURCE_BODY = Object((
    Member("type", Const("SpecificResource")),
    Member("purpose", Const("linking")),
    Member("source", Object((
        Member("id", Text(f"CASE WHEN {_PASSAGE} THEN 'urn:uuid:' || s.passage_uuid "
                          "ELSE coalesce(s.iri, 'urn:uuid:' || s.uuid) END")),
        Member("type", Const("Text")),
        Member("label", Text(_SOURCE_LABEL)),
    ))),
    Member("selector", Choice(
        ((f"s.excerpt <> '' AND {_HAS_POSITION}",
          Array(((_SOURCE_QUOTE, None), (_SOURCE_POSITION, None)))),
         ("s.excerpt <> ''", _SOURCE_QUOTE)),
        _SOURCE_POSITION,
    ), when=f"(s.excerpt <> '' OR {_HAS_POSITION})"),
))

_REVIEW_BODY = Object((
    Member("type", Const("TextualBody")),
    Member("purpose", Const("assessing")),
    Member("value", Text("claims.review_status || CASE WHEN coalesce(claims.review_note, '') "
                         "<> '' THEN ': ' || claims.review_note ELSE '' END")),
    Member("format", Const("text/plain")),
    Member("creator", _person("claims.reviewer"), when="coalesce(claims.reviewer, '') <> ''"),
))

_TEXT_QUOTE = Object((
    Member("type", Const("TextQuoteSelector")),
    Member("exact", Text("claims.exact")),
    Member("prefix", Text("claims.prefix"), when="claims.prefix <> ''"),
    Member("suffix", Text("claims.suffix"), when="claims.suffix <> ''"),
))


class _Article(Node):
    """The article resource (annotator.io.w3c.article) for the text a claim is anchored
    in: bound once per document for its current text (``:current_sha256``, NULL when
    that text's version is not the current one), else made by Python once per document
    and anchored text."""

    def pieces(self, level: Depth) -> list[str]:
        return [Sql(f"(CASE WHEN claims.doc_sha256 = :current_sha256 THEN :current_article "
                    f"ELSE annotator_w3c_article(claims.doc_sha256, {ANCHOR_VERSION}, "
                    f"{'NULL' if level is None else level}) END)")]


ANNOTATION = Object((
    Member("@context", Const(CONTEXT)),
    Member("id", Text("'urn:uuid:' || claims.uuid")),
    Member("type", Const("Annotation")),
    Member("label", Text("'Claim ' || CASE WHEN claims.number > 0 THEN '#' || claims.number "
                         "ELSE '' END")),
    Member("motivation", Const("assessing")),
    Member("created", Text(iso_seconds("claims.created_at"))),
    Member("modified", Text(iso_seconds("claims.modified_at"))),
    Member("generated", Text(":generated")),
    Member("generator", Const({"type": "Software", "name": f"Annotator {__version__}"})),
    Member("body", Array(
        ((_text_body("claims.verdict", "assessing"), None),
         (_text_body("claims.note", "commenting"), "claims.note <> ''"),
         (_REVIEW_BODY, REVIEWED)),
        Rows(_SOURCES, _SOURCE_BODY),
    )),
    Member("target", Object((
        Member("type", Const("SpecificResource")),
        Member("source", _Article()),
        Member("selector", Choice(((PLACED, Array(((_TEXT_QUOTE, None), (Object((
            Member("type", Const("TextPositionSelector")),
            Member("start", Number("claims.start")),
            Member("end", Number('claims."end"')),
        )), None)))),), Array(((_TEXT_QUOTE, None),)))),
    ))),
    Member("creator", _person("claims.author"), when="claims.author <> ''"),
))


_VERSION_OF_TEXT = (
    "SELECT max(v.number) FROM document_versions AS v JOIN documents AS d "
    "ON d.id = v.document_id WHERE d.uuid = :uuid AND v.sha256 = :sha256"
)


def source_iri(url: str) -> str | None:
    """A source's address as an annotation's id, or None (annotator.io.w3c._source_body)."""
    if url.startswith(("https://", "http://")) and IRI_ASCII.issuperset(url):
        return url  # the usual address: nothing to strip or encode, and a valid IRI
    safe = iri_safe(url.strip())
    return safe if _IRI.match(safe) else None


def annotation_chunks(reader: ExportReader, generated: str, tick: Callable[[int], None]
                      ) -> Callable[[Depth], Iterator[list[bytes]]]:
    """For json_stream.write_streamed_text: the annotations' text (UTF-8) in batches."""
    current: list[ExportDocument] = []
    database = driver_connection(reader)
    articles: dict[tuple[str, int | None, Depth], str] = {}  # of the current document only

    def article_json(sha256: str, version: int | None, level: Depth) -> str:
        key = (sha256, version, level)
        text = articles.get(key)
        if text is None:
            text = articles[key] = encode(article(current[0], _Anchor(sha256, version)),
                                          level).decode()
        return text

    def params(level: Depth) -> Callable[[ExportDocument], dict[str, Any]]:
        def bind(document: ExportDocument) -> dict[str, Any]:
            current[:] = [document]
            articles.clear()
            # The current text's claims name the current version, unless another (later)
            # version has the same text: then Python asks, claim by claim.
            [latest] = database.execute(_VERSION_OF_TEXT, {
                "uuid": document.uuid, "sha256": document.sha256}).fetchone()
            current_sha256 = document.sha256 if latest == document.version else None
            return {"generated": generated, "current_sha256": current_sha256,
                    "current_article": article_json(document.sha256, document.version,
                                                    deeper(deeper(level)))}

        return bind

    def chunks(level: Depth) -> Iterator[list[bytes]]:
        done = 0
        functions: dict[str, tuple[int, SqlFunction]] = {
            "annotator_w3c_iri": (1, source_iri), "annotator_w3c_article": (3, article_json)}
        for _, rows in text_rows(reader, ANNOTATION, level, params=params(level),
                                 functions=functions, as_bytes=True):
            yield [row[0] for row in rows]
            done += len(rows)
            tick(done)

    return chunks


class _Anchor:
    """What article() reads of a claim: the text its anchor was made on."""

    __slots__ = ("anchor_sha256", "anchor_version")

    def __init__(self, sha256: str, version: int | None) -> None:
        self.anchor_sha256 = sha256
        self.anchor_version = version
