"""The review loop: the reviewer's own verdict, what the reviewer saw, the editor's reply.

``review_seen_*`` hold the claim as it was in the review file (verdict, note, modified_at),
so a conflict can be shown side by side and "changed since the last review" is exact;
``review_reply`` is the editor's answer to a needs-work decision, carried in the next export.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

from annotator.store.models import UTCDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_COLUMNS = ("review_reply", "review_seen_at", "review_seen_note", "review_seen_verdict",
            "reviewer_verdict")


def upgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("reviewer_verdict", sa.String(16), nullable=True))
        batch.add_column(sa.Column("review_seen_verdict", sa.String(16), nullable=True))
        batch.add_column(sa.Column("review_seen_note", sa.Text(), nullable=True))
        batch.add_column(sa.Column("review_seen_at", UTCDateTime(), nullable=True))
        batch.add_column(
            sa.Column("review_reply", sa.Text(), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        for column in _COLUMNS:
            batch.drop_column(column)
