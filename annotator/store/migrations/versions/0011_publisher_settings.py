"""Publisher settings shared by the library, and a finer rating label per claim.

Adds the table ``publisher_settings`` (key/value rows: the organisation, the URL template of
a published fact-check and the newsroom's rating scale, annotator.domain.publishing), empty
so every setting starts at its default, and ``claims.rating_label`` ('' for every existing
claim: its rating is the newsroom's label for its verdict). Existing rows are untouched.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "publisher_settings",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_publisher_settings")),
    )
    op.add_column(
        "claims", sa.Column("rating_label", sa.Text(), nullable=False, server_default="")
    )


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("rating_label")
    op.drop_table("publisher_settings")
