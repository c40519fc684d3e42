"""Covering indexes for the library's hot reads: the document list and its verdict counts.

Listing documents read every row of ``documents`` (title and import time sit behind the
text, so SQLite followed each text's overflow pages) and counting verdicts scanned every
claim. With these indexes both read only index pages. Indexes only: no row changes.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_documents_listing", "documents", ["imported_at", "id", "uuid", "title"])
    op.create_index("ix_claims_document_verdict", "claims", ["document_id", "verdict"])


def downgrade() -> None:
    op.drop_index("ix_claims_document_verdict", "claims")
    op.drop_index("ix_documents_listing", "documents")
