"""each rep's own sync: on a team server, what links the book to a rep's own calendar and
address book, and a rep's script cards, are that rep's

Each rep syncs their own calendar and phone, and keeps their own words on the call
screen. Until now those rows were one set for the team: one rep's calendar sync read the
entries another rep's had put on theirs (and took them for its own to remove), and
replaced everyone's busy times with their own calendar's.

``calendar_entries``, ``busy_times``, ``card_entries`` and ``script_cards`` gain ``rep``
(the login that writes the row: ``current_user``), the entries' keys become (rep, …), and
row-level security, forced on the tables' owner too, shows each login its own rows, as
the settings do (migration 0015). The app's statements stay the same: the server narrows
them. A rep's own file keeps its tables as they are.

Revision ID: 0020
Revises: 0019
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MINE = "rep = current_user::text"
# Table, and the key a rep's rows are found by (None: the table keeps its own key).
REPS_OWN = (
    ("calendar_entries", "follow_up_id"),
    ("card_entries", "contact_id"),
    ("busy_times", None),
    ("script_cards", None),
)
# Migration 0019's rules on card_entries (by its contact's owner), which this replaces.
BY_OWNER = (
    (
        "card_entries_mine",
        "TO followup_rep USING (owner = current_user::text) "
        "WITH CHECK (owner = current_user::text)",
    ),
    ("card_entries_team", "TO followup_manager USING (true) WITH CHECK (true)"),
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, _rule in BY_OWNER:
        op.execute(f"DROP POLICY {name} ON card_entries")
    for table, key in REPS_OWN:
        op.execute(
            f'ALTER TABLE {table} ADD COLUMN rep varchar(63) COLLATE "C" '
            "NOT NULL DEFAULT current_user"
        )
        if key is not None:
            op.execute(f"ALTER TABLE {table} DROP CONSTRAINT pk_{table}")
            op.execute(f"ALTER TABLE {table} ADD CONSTRAINT pk_{table} PRIMARY KEY (rep, {key})")
        else:
            op.execute(f"CREATE INDEX ix_{table}_rep ON {table} (rep)")
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY {table}_rep_s ON {table} USING ({MINE}) WITH CHECK ({MINE})")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, key in REPS_OWN:
        op.execute(f"DROP POLICY {table}_rep_s ON {table}")
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
        if table != "card_entries":
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
        # Back to one set for the team: the migrating login's rows are the ones kept.
        op.execute(f"DELETE FROM {table} WHERE rep <> current_user")
        if key is not None:
            op.execute(f"ALTER TABLE {table} DROP CONSTRAINT pk_{table}")
            op.execute(f"ALTER TABLE {table} ADD CONSTRAINT pk_{table} PRIMARY KEY ({key})")
        op.execute(f"ALTER TABLE {table} DROP COLUMN rep")  # its index goes with it
    for name, rule in BY_OWNER:
        op.execute(f"CREATE POLICY {name} ON card_entries {rule}")
