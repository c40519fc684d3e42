"""Mark the file as an Annotator library: SQLite's application_id header field.

Other programs' SQLite files are then told apart before anything is changed in them
(annotator.store.identify). PostgreSQL has no such field; nothing to do there.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

from annotator.store.identify import APPLICATION_ID

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"PRAGMA application_id = {int(APPLICATION_ID)}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("PRAGMA application_id = 0")
