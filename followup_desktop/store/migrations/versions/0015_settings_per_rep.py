"""settings per rep on a team server: each login keeps its own (name, e-mail, zone, hours,
accounts, the window's state), so one rep's answers never become the team's

On PostgreSQL only; a rep's own file has one rep and keeps its table as it is. The
settings rows gain ``rep`` (the login that wrote them: ``current_user``, which is also
what rows already there get, the migrating admin's), the key becomes (rep, key), and
row-level security, forced on the table's owner too, shows each login its own rows. The
app's statements stay the same (``WHERE key = …``): the server narrows them to the
login's rows, and a new rep starts from the defaults, first-run page included.

Revision ID: 0015
Revises: 0014
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MINE = "rep = current_user"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE settings ADD COLUMN rep varchar(63) NOT NULL DEFAULT current_user")
    op.execute("ALTER TABLE settings DROP CONSTRAINT pk_settings")
    op.execute("ALTER TABLE settings ADD CONSTRAINT pk_settings PRIMARY KEY (rep, key)")
    op.execute("ALTER TABLE settings ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE settings FORCE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY settings_mine ON settings USING ({MINE}) WITH CHECK ({MINE})")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP POLICY settings_mine ON settings")
    op.execute("ALTER TABLE settings NO FORCE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE settings DISABLE ROW LEVEL SECURITY")
    # Back to one row a key: the migrating login's settings are the ones kept.
    op.execute("DELETE FROM settings WHERE rep <> current_user")
    op.execute("ALTER TABLE settings DROP CONSTRAINT pk_settings")
    op.execute("ALTER TABLE settings DROP COLUMN rep")
    op.execute("ALTER TABLE settings ADD CONSTRAINT pk_settings PRIMARY KEY (key)")
