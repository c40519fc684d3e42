"""Articles as records (URL, outlet, authors, date, language, note) and a full-text index.

Revision ID: 0007
Revises: 0006

Every existing document keeps its rows; the new columns start empty. On SQLite with FTS5
the claim search index (annotator.store.search_index) is created and filled from the rows
already there; on other databases the search reads the tables directly.
"""

import sqlalchemy as sa
from alembic import op

from annotator.store import search_index

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

COLUMNS = ("url", "outlet", "authors", "published", "language", "note")


LISTING = ["imported_at", "id", "uuid", "title"]  # ix_documents_listing of 0004
LISTED = ["outlet", "authors", "published"]  # what the library list now shows too


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        for name in COLUMNS:
            width = sa.String(32) if name in ("published", "language") else sa.Text()
            batch.add_column(sa.Column(name, width, nullable=False, server_default=""))
    # The list reads only index pages (0004): the index covers the new columns it shows.
    op.drop_index("ix_documents_listing", "documents")
    op.create_index("ix_documents_listing", "documents", LISTING + LISTED)
    search_index.install(op.get_bind())


def downgrade() -> None:
    search_index.uninstall(op.get_bind())
    op.drop_index("ix_documents_listing", "documents")
    op.create_index("ix_documents_listing", "documents", LISTING)
    with op.batch_alter_table("documents") as batch:
        for name in reversed(COLUMNS):
            batch.drop_column(name)
