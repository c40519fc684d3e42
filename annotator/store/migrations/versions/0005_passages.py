"""Evidence index: the passages (sentences) of each document with their stemmed terms.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

from annotator.store.models import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # New tables only: existing rows are untouched. They fill on the first evidence query.
    op.create_table(
        "passage_sets",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("scheme", sa.String(64), nullable=False),
        sa.Column("vector_model", sa.String(64), nullable=True),
        sa.Column("indexed_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], ondelete="CASCADE",
            name=op.f("fk_passage_sets_document_id_documents"),
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_passage_sets")),
    )
    op.create_table(
        "passages",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=True),
        sa.CheckConstraint('start >= 0 AND "end" > start', name=op.f("ck_passages_span")),
        sa.ForeignKeyConstraint(
            ["document_id"], ["passage_sets.document_id"], ondelete="CASCADE",
            name=op.f("fk_passages_document_id_passage_sets"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_passages")),
    )
    op.create_index("ix_passages_document_start", "passages", ["document_id", "start"])


def downgrade() -> None:
    op.drop_index("ix_passages_document_start", table_name="passages")
    op.drop_table("passages")
    op.drop_table("passage_sets")
