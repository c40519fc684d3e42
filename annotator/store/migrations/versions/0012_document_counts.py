"""Per-document verdict counts kept by triggers, so the library list stops counting claims.

Adds the table ``document_counts`` (one row per document with claims) and the triggers on
``claims`` that keep it (annotator.store.document_counts), then fills it from the claims
already stored. Existing rows are untouched.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

from annotator.store import document_counts

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_counts",
        sa.Column("document_id", sa.Integer(), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False, server_default="0")
          for name in document_counts.COLUMNS),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], ondelete="CASCADE",
            name=op.f("fk_document_counts_document_id_documents"),
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_document_counts")),
    )
    document_counts.install(op.get_bind())


def downgrade() -> None:
    document_counts.uninstall(op.get_bind())
    op.drop_table("document_counts")
