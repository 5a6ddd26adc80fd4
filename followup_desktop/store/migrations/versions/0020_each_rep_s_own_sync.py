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
them. Rows already there go to the rep they were made for: a calendar entry to its
follow-up's owner, an address-book entry to its contact's; each rep gets a copy of the
team's script cards; busy times, read again at each sync, stay the migrating admin's. A
rep's own file keeps its tables as they are.

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
# Who the rows already there were made for.
MADE_FOR = {
    "calendar_entries": "SELECT f.owner FROM follow_ups f WHERE f.id = t.follow_up_id",
    "card_entries": "SELECT c.owner FROM contacts c WHERE c.id = t.contact_id",
}
CARD_COLUMNS = "situation, variant, part, position, text, updated_at"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE card_entries DISABLE ROW LEVEL SECURITY")  # 0019 left no rule
    for table, key in REPS_OWN:
        op.execute(
            f'ALTER TABLE {table} ADD COLUMN rep varchar(63) COLLATE "C" '
            "NOT NULL DEFAULT current_user"
        )
        if table in MADE_FOR:
            op.execute(f"UPDATE {table} t SET rep = COALESCE(({MADE_FOR[table]}), t.rep)")
        if key is not None:
            op.execute(f"ALTER TABLE {table} DROP CONSTRAINT pk_{table}")
            op.execute(f"ALTER TABLE {table} ADD CONSTRAINT pk_{table} PRIMARY KEY (rep, {key})")
        else:
            op.execute(f"CREATE INDEX ix_{table}_rep ON {table} (rep)")
    # The team's cards, one set for each rep (their own to change from now on).
    op.execute(
        f"INSERT INTO script_cards ({CARD_COLUMNS}, rep) SELECT {CARD_COLUMNS}, r.login "
        "FROM script_cards s CROSS JOIN reps r WHERE r.login <> s.rep"
    )
    for table, _key in REPS_OWN:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY {table}_rep_s ON {table} USING ({MINE}) WITH CHECK ({MINE})")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, key in REPS_OWN:
        op.execute(f"DROP POLICY {table}_rep_s ON {table}")
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
        # Back to one set for the team: the migrating login's rows are the ones kept.
        op.execute(f"DELETE FROM {table} WHERE rep <> current_user")
        if key is not None:
            op.execute(f"ALTER TABLE {table} DROP CONSTRAINT pk_{table}")
            op.execute(f"ALTER TABLE {table} ADD CONSTRAINT pk_{table} PRIMARY KEY ({key})")
        op.execute(f"ALTER TABLE {table} DROP COLUMN rep")  # its index goes with it
    op.execute("ALTER TABLE card_entries ENABLE ROW LEVEL SECURITY")  # 0019's, no rule
