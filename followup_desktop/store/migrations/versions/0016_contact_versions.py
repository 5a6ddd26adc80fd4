"""contact versions: optimistic locking, so two people saving one contact never overwrite
each other unseen

``contacts.version`` goes up by one with each save of what the rep edits; a save made
over a version it did not read is refused and shown with what changed. ``changed_at``
and ``changed_by`` say when and who: on a team server the login is set by the server (a
trigger, whatever the client sends), in a rep's own file it stays NULL.

Revision ID: 0016
Revises: 0015
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A constant default and nullable columns: plain ADD COLUMNs, instant on SQLite and
    # PostgreSQL whatever the book's size.
    op.add_column(
        "contacts", sa.Column("version", sa.Integer(), nullable=False, server_default="1")
    )
    op.add_column("contacts", sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("contacts", sa.Column("changed_by", sa.String(63), nullable=True))
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE FUNCTION followup_changed_by() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN IF NEW.version IS DISTINCT FROM OLD.version THEN "
        "NEW.changed_by := session_user; ELSE NEW.changed_by := OLD.changed_by; END IF; "
        "RETURN NEW; END $$"
    )
    op.execute(
        "CREATE TRIGGER contacts_changed_by BEFORE UPDATE ON contacts "
        "FOR EACH ROW EXECUTE FUNCTION followup_changed_by()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER contacts_changed_by ON contacts")
        op.execute("DROP FUNCTION followup_changed_by()")
    op.drop_column("contacts", "changed_by")
    op.drop_column("contacts", "changed_at")
    op.drop_column("contacts", "version")
