"""Initial schema: documents, claims, sources, claim history.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from annotator.store.models import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("origin", sa.Text(), nullable=True),
        sa.Column("imported_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("uuid", name=op.f("uq_documents_uuid")),
        sa.UniqueConstraint("sha256", name=op.f("uq_documents_sha256")),
    )
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("exact", sa.Text(), nullable=False),
        sa.Column("prefix", sa.Text(), nullable=False),
        sa.Column("suffix", sa.Text(), nullable=False),
        sa.Column("doc_sha256", sa.String(64), nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint('start >= 0 AND "end" > start', name=op.f("ck_claims_span")),
        sa.CheckConstraint(
            "verdict IN ('unchecked', 'verified', 'disputed')", name=op.f("ck_claims_verdict")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"],
            name=op.f("fk_claims_document_id_documents"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
        sa.UniqueConstraint("uuid", name=op.f("uq_claims_uuid")),
    )
    op.create_index("ix_claims_document_start", "claims", ["document_id", "start"])
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("publisher", sa.Text(), nullable=False),
        sa.Column("excerpt", sa.Text(), nullable=False),
        sa.Column("stance", sa.String(16), nullable=False),
        sa.Column("accessed_at", sa.String(32), nullable=False),
        sa.Column("passage_document_id", sa.Integer(), nullable=True),
        sa.Column("passage_start", sa.Integer(), nullable=True),
        sa.Column("passage_end", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "stance IN ('supports', 'refutes', 'context')", name=op.f("ck_sources_stance")
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"],
            name=op.f("fk_sources_claim_id_claims"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["passage_document_id"], ["documents.id"],
            name=op.f("fk_sources_passage_document_id_documents"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
        sa.UniqueConstraint("uuid", name=op.f("uq_sources_uuid")),
    )
    op.create_index(op.f("ix_sources_claim_id"), "sources", ["claim_id"])
    op.create_index(op.f("ix_sources_passage_document_id"), "sources", ["passage_document_id"])
    op.create_table(
        "claim_history",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("field", sa.String(32), nullable=False),
        sa.Column("old", sa.Text(), nullable=False),
        sa.Column("new", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"],
            name=op.f("fk_claim_history_claim_id_claims"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_history")),
    )
    op.create_index(op.f("ix_claim_history_claim_id"), "claim_history", ["claim_id"])


def downgrade() -> None:
    op.drop_table("claim_history")
    op.drop_table("sources")
    op.drop_table("claims")
    op.drop_table("documents")
