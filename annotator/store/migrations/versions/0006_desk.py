"""A desk on one database: source versions and the change log other windows follow.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

from annotator.store.models import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# PostgreSQL: every committed change-log row is also a notification on this channel, which
# annotator.store.feed listens to (no polling). Frozen here; feed.CHANNEL must match.
_NOTIFY_FUNCTION = """
CREATE OR REPLACE FUNCTION annotator_notify_change() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('annotator_changes', row_to_json(NEW)::text);
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""
_NOTIFY_TRIGGER = """
CREATE TRIGGER changes_notify AFTER INSERT ON changes
FOR EACH ROW EXECUTE FUNCTION annotator_notify_change()
"""


def upgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.add_column(
            sa.Column("version", sa.Integer(), nullable=False, server_default="1")
        )
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("origin", sa.String(36), nullable=False),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_changes")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_NOTIFY_FUNCTION)
        op.execute(_NOTIFY_TRIGGER)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS changes_notify ON changes")
        op.execute("DROP FUNCTION IF EXISTS annotator_notify_change()")
    op.drop_table("changes")
    with op.batch_alter_table("sources") as batch:
        batch.drop_column("version")
