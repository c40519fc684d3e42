"""One number per claim within its article: #1, #2, ... assigned at creation, never reused.

Adds ``claims.number`` with a unique index on (document_id, number), and the table
``claim_counters`` holding each article's last number given out (so the number of a deleted
claim is never given to a new one). Existing claims are numbered 1, 2, ... per article in
the document order of their first placement (the claims of version 1 in the order they sat
in version 1, then those first made on version 2 in version 2's order, ...), then by
creation time and id; each article's counter starts at its last number. Every other value
is untouched.

The column is added in place, without rebuilding ``claims`` (which on SQLite would cost a
copy of every claim and its full-text triggers): SQLite adds a NOT NULL column only with a
default, so the column has DEFAULT 0 there; the store always writes a number, and a claim
written without one (0) would collide with the next on the unique index. PostgreSQL drops
the default after the back-fill.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# Where each claim first sat: the lowest version holding a placement of it; a claim with no
# placement (never carried into a later version) sits in the current version, at its place.
_FIRST_VERSION = (
    "coalesce((SELECT min(v.number) FROM claim_placements AS p "
    "JOIN document_versions AS v ON v.id = p.version_id WHERE p.claim_id = c.id), "
    "(SELECT max(v.number) FROM document_versions AS v WHERE v.document_id = c.document_id), 0)"
)
_FIRST_PLACE = (
    "coalesce((SELECT p.\"{column}\" FROM claim_placements AS p "
    "JOIN document_versions AS v ON v.id = p.version_id WHERE p.claim_id = c.id "
    'ORDER BY v.number LIMIT 1), c."{column}")'
)


def upgrade() -> None:
    op.add_column(
        "claims", sa.Column("number", sa.Integer(), nullable=False, server_default="0")
    )
    op.create_table(
        "claim_counters",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], ondelete="CASCADE",
            name=op.f("fk_claim_counters_document_id_documents"),
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_claim_counters")),
    )
    # Numbered in a side table first: one pass with a window function, then one indexed
    # look-up per claim (an UPDATE with the window function inline would renumber per row).
    op.execute("CREATE TEMPORARY TABLE numbering_0010 (id INTEGER PRIMARY KEY, "
               "number INTEGER NOT NULL)")
    op.execute(
        "INSERT INTO numbering_0010 (id, number) "
        "SELECT id, row_number() OVER (PARTITION BY document_id ORDER BY first_version, "
        "first_start, first_end, created_at, id) FROM ("
        f"SELECT c.id, c.document_id, c.created_at, {_FIRST_VERSION} AS first_version, "
        f"{_FIRST_PLACE.format(column='start')} AS first_start, "
        f"{_FIRST_PLACE.format(column='end')} AS first_end FROM claims AS c) AS placed"
    )
    op.execute("UPDATE claims SET number = (SELECT n.number FROM numbering_0010 AS n "
               "WHERE n.id = claims.id)")
    op.execute("DROP TABLE numbering_0010")
    op.execute("INSERT INTO claim_counters (document_id, last_number) "
               "SELECT document_id, max(number) FROM claims GROUP BY document_id")
    op.create_index("uq_claims_document_number", "claims", ["document_id", "number"],
                    unique=True)
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("claims", "number", server_default=None)


def downgrade() -> None:
    op.drop_index("uq_claims_document_number", table_name="claims")
    op.drop_table("claim_counters")
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("number")
