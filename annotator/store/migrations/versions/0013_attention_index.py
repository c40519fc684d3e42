"""An index for the library's "needs attention" badge.

The badge counts, per article, the claims whose place after a new version is fuzzy,
orphaned or ambiguous. Without an index that count scanned every claim of the library on
each refresh of the list. A partial index holds only the claims in those states (few, in a
library of mostly anchored claims), so the count reads just them; a full index on the
state would look unselective to the planner. Index only: no row changes.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


# Frozen here as the migration made it; annotator.store.reads.ATTENTION_WHERE repeats it.
NEEDS_ATTENTION = "anchor_state IN ('fuzzy', 'orphaned', 'ambiguous')"


def upgrade() -> None:
    op.create_index("ix_claims_attention", "claims", ["document_id"],
                    sqlite_where=sa.text(NEEDS_ATTENTION),
                    postgresql_where=sa.text(NEEDS_ATTENTION))


def downgrade() -> None:
    op.drop_index("ix_claims_attention", "claims")
