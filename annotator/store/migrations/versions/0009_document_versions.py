"""Versions of a document's text and where each claim sat in each version.

Adds ``claims.anchor_state`` (every existing claim is anchored in the text it was made on),
the table ``document_versions`` with one row per existing document (its version 1, whose
text stays in ``documents.text``: NULL here), and the empty table ``claim_placements``.
Existing rows are untouched.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

from annotator.store.models import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "claims",
        sa.Column("anchor_state", sa.String(16), nullable=False, server_default="anchored"),
    )
    op.create_table(
        "document_versions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("origin", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], ondelete="CASCADE",
            name=op.f("fk_document_versions_document_id_documents"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_versions")),
        sa.UniqueConstraint("document_id", "number", name=op.f("uq_document_versions_document_id")),
    )
    op.create_index(
        "ix_document_versions_document_id", "document_versions", ["document_id"]
    )
    op.create_table(
        "claim_placements",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.CheckConstraint('start >= 0 AND "end" > start', name=op.f("ck_claim_placements_span")),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], ondelete="CASCADE",
            name=op.f("fk_claim_placements_claim_id_claims"),
        ),
        sa.ForeignKeyConstraint(
            ["version_id"], ["document_versions.id"], ondelete="CASCADE",
            name=op.f("fk_claim_placements_version_id_document_versions"),
        ),
        sa.PrimaryKeyConstraint("claim_id", "version_id", name=op.f("pk_claim_placements")),
    )
    op.create_index("ix_claim_placements_version", "claim_placements", ["version_id"])
    # Every existing document is its own version 1, made when it was imported.
    op.execute(
        "INSERT INTO document_versions "
        "(document_id, number, text, sha256, origin, created_at, author, note) "
        "SELECT id, 1, NULL, sha256, origin, imported_at, '', 'imported' FROM documents"
    )


def downgrade() -> None:
    op.drop_index("ix_claim_placements_version", table_name="claim_placements")
    op.drop_table("claim_placements")
    op.drop_index("ix_document_versions_document_id", table_name="document_versions")
    op.drop_table("document_versions")
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("anchor_state")
