"""Reviewer decisions merged back from a review export live on the claim.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from annotator.store.models import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("review_status", sa.String(16), nullable=True))
        batch.add_column(
            sa.Column("review_note", sa.Text(), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("reviewer", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("reviewed_at", UTCDateTime(), nullable=True))
        batch.add_column(
            sa.Column(
                "review_conflict", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        for column in ("review_conflict", "reviewed_at", "reviewer", "review_note",
                       "review_status"):
            batch.drop_column(column)
