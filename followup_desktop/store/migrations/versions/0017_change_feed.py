"""change feed: on a team server, each statement that changes a contact or what hangs off
it says so on the channel ``followup_changes`` (its table's name), so every other app
connected refreshes the views that show it without a restart

A statement, not a row: an import of 100,000 contacts is one notice, and the notice
carries only the table's name (no row, no owner), so it tells a rep nothing of a
colleague's book. PostgreSQL delivers it after the commit, and only then. On PostgreSQL
only: a rep's own file has one app.

Revision ID: 0017
Revises: 0016
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHANNEL = "followup_changes"
TABLES = ("contacts", "contact_phones", "contact_emails", "touches", "follow_ups", "deals")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE FUNCTION followup_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME); RETURN NULL; END $$"
    )
    for table in TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_notify AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION followup_notify_change()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"DROP TRIGGER {table}_notify ON {table}")
    op.execute("DROP FUNCTION followup_notify_change()")
