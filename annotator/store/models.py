"""ORM tables. Positions are code points into documents.text; ids exported are the UUIDs."""

from __future__ import annotations

import uuid as uuid_module
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from annotator.domain.anchor import AnchorState

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_uuid() -> str:
    return str(uuid_module.uuid4())


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC (portable across SQLite and PostgreSQL), returns aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Document(Base):
    __tablename__ = "documents"
    # Covers the library list (annotator.store.reads.listing_query): no text pages read.
    __table_args__ = (Index("ix_documents_listing", "imported_at", "id", "uuid", "title",
                            "outlet", "authors", "published"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    origin: Mapped[str | None] = mapped_column(Text)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # What is known about the article (annotator.domain.records.DocumentMetadata).
    url: Mapped[str] = mapped_column(Text, default="", server_default="")
    outlet: Mapped[str] = mapped_column(Text, default="", server_default="")
    authors: Mapped[str] = mapped_column(Text, default="", server_default="")
    published: Mapped[str] = mapped_column(String(32), default="", server_default="")
    language: Mapped[str] = mapped_column(String(32), default="", server_default="")
    note: Mapped[str] = mapped_column(Text, default="", server_default="")

    claims: Mapped[list[Claim]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True
    )


class DocumentCount(Base):
    """A document's claims per verdict, kept by triggers (annotator.store.document_counts).
    A document without claims may have no row."""

    __tablename__ = "document_counts"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    unchecked: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    verified: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    disputed: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


NEEDS_ATTENTION = "anchor_state IN ({})".format(
    ", ".join(f"'{state.value}'" for state in AnchorState if state.needs_attention))
"""The condition of the partial index ix_claims_attention (migration 0013) with literals:
SQLite uses a partial index only for a query that repeats its condition."""


class Claim(Base):
    __tablename__ = "claims"
    __table_args__ = (
        CheckConstraint("start >= 0 AND \"end\" > start", name="span"),
        CheckConstraint("verdict IN ('unchecked', 'verified', 'disputed')", name="verdict"),
        Index("ix_claims_document_start", "document_id", "start"),
        Index("ix_claims_document_verdict", "document_id", "verdict"),  # verdict counts
        # The library's "needs attention" badge (annotator.store.reads.ATTENTION_WHERE).
        Index("ix_claims_attention", "document_id", sqlite_where=text(NEEDS_ATTENTION),
              postgresql_where=text(NEEDS_ATTENTION)),
        Index("uq_claims_document_number", "document_id", "number", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    # The claim's number within its article (#1, #2, ...): given at creation from the
    # article's ClaimCounter, never reused, kept through undo and new versions of the text.
    number: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    exact: Mapped[str] = mapped_column(Text)
    prefix: Mapped[str] = mapped_column(Text, default="")
    suffix: Mapped[str] = mapped_column(Text, default="")
    doc_sha256: Mapped[str] = mapped_column(String(64))
    verdict: Mapped[str] = mapped_column(String(16), default="unchecked")
    note: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    modified_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Filled when a reviewer's decisions are merged back from a review export.
    review_status: Mapped[str | None] = mapped_column(String(16))
    review_note: Mapped[str] = mapped_column(Text, default="")
    reviewer: Mapped[str] = mapped_column(Text, default="")
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_conflict: Mapped[bool] = mapped_column(default=False)
    reviewer_verdict: Mapped[str | None] = mapped_column(String(16))  # the reviewer's own
    # The claim as the reviewer saw it in the review file (for conflicts and re-exports).
    review_seen_verdict: Mapped[str | None] = mapped_column(String(16))
    review_seen_note: Mapped[str | None] = mapped_column(Text)
    review_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_reply: Mapped[str] = mapped_column(Text, default="")  # the editor's answer
    # How the claim sits in its document's current version (annotator.domain.anchor.
    # AnchorState). An orphaned claim keeps the anchor of the last version that held it.
    anchor_state: Mapped[str] = mapped_column(
        String(16), default="anchored", server_default="anchored"
    )
    # The newsroom's finer rating ("Misleading"), published as reviewRating.alternateName.
    rating_label: Mapped[str] = mapped_column(Text, default="", server_default="")

    document: Mapped[Document] = relationship(back_populates="claims")
    sources: Mapped[list[Source]] = relationship(
        back_populates="claim",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Source.id",
        foreign_keys="Source.claim_id",
    )
    history: Mapped[list[ClaimHistory]] = relationship(
        back_populates="claim", cascade="all, delete-orphan", passive_deletes=True,
        order_by="ClaimHistory.id",
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy declarative)


class ClaimCounter(Base):
    """The last claim number an article gave out (annotator.store.claim_numbers)."""

    __tablename__ = "claim_counters"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    last_number: Mapped[int] = mapped_column(Integer)


class Source(Base):
    __tablename__ = "sources"
    __table_args__ = (
        CheckConstraint("stance IN ('supports', 'refutes', 'context')", name="stance"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    claim_id: Mapped[int] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(Text, default="")
    title: Mapped[str] = mapped_column(Text, default="")
    publisher: Mapped[str] = mapped_column(Text, default="")
    excerpt: Mapped[str] = mapped_column(Text, default="")
    stance: Mapped[str] = mapped_column(String(16), default="supports")
    accessed_at: Mapped[str] = mapped_column(String(32), default="")
    passage_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), index=True
    )
    passage_start: Mapped[int | None] = mapped_column(Integer)
    passage_end: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    claim: Mapped[Claim] = relationship(back_populates="sources", foreign_keys=[claim_id])

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy declarative)


class ClaimHistory(Base):
    __tablename__ = "claim_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    author: Mapped[str] = mapped_column(Text, default="")
    field: Mapped[str] = mapped_column(String(32))
    old: Mapped[str] = mapped_column(Text, default="")
    new: Mapped[str] = mapped_column(Text, default="")

    claim: Mapped[Claim] = relationship(back_populates="history")


class PublisherSetting(Base):
    """One publisher setting shared by everyone using the library
    (annotator.domain.publishing.PublisherKey names them; values are text)."""

    __tablename__ = "publisher_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class PassageSet(Base):
    """The evidence index of one document: which text (sha256) and which analysis scheme
    its passages were cut with. A document whose text or scheme differs is re-indexed."""

    __tablename__ = "passage_sets"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    sha256: Mapped[str] = mapped_column(String(64))
    scheme: Mapped[str] = mapped_column(String(64))
    # SHA-256 of the embedding model whose vectors passages.vector holds (semantic extra).
    vector_model: Mapped[str | None] = mapped_column(String(64))
    indexed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Passage(Base):
    """One sentence of a document (code points into documents.text) with its index terms."""

    __tablename__ = "passages"
    __table_args__ = (
        CheckConstraint("start >= 0 AND \"end\" > start", name="span"),
        Index("ix_passages_document_start", "document_id", "start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("passage_sets.document_id", ondelete="CASCADE")
    )
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    terms: Mapped[str] = mapped_column(Text)  # stemmed index terms, space-separated
    vector: Mapped[bytes | None] = mapped_column(LargeBinary)  # float32 embedding, if any


class ChangeRow(Base):
    """The change log that other windows follow (annotator.store.feed).

    One row per claim (or document) a write transaction touched. ``origin`` is the token of
    the Store that wrote it, so a window skips its own changes. No foreign keys: the row
    must outlive a deleted claim or document to announce the deletion.
    """

    __tablename__ = "changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    origin: Mapped[str] = mapped_column(String(36))
    author: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(24))
    document_id: Mapped[int] = mapped_column(Integer)
    claim_id: Mapped[int | None] = mapped_column(Integer)


class DocumentVersion(Base):
    """One version of a document's text. The current version's text is documents.text (kept
    once: ``text`` is NULL here); a superseded version keeps its own text."""

    __tablename__ = "document_versions"
    __table_args__ = (UniqueConstraint("document_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, ... in order of creation
    text: Mapped[str | None] = mapped_column(Text)  # NULL for the current version
    sha256: Mapped[str] = mapped_column(String(64))
    origin: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    author: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")  # e.g. "re-imported", "corrected"


class ClaimPlacement(Base):
    """Where a claim sat in a superseded version (claims hold the current version's place)."""

    __tablename__ = "claim_placements"
    __table_args__ = (
        CheckConstraint("start >= 0 AND \"end\" > start", name="span"),
        Index("ix_claim_placements_version", "version_id"),
    )

    claim_id: Mapped[int] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True
    )
    version_id: Mapped[int] = mapped_column(
        ForeignKey("document_versions.id", ondelete="CASCADE"), primary_key=True
    )
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16))
