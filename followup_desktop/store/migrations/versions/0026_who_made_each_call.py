"""who made each call: on a team server a history line keeps the rep who logged it, so a
manager's numbers credit a call to the rep who made it, not to whoever has the contact now

A contact handed over takes its history along (migration 0019: each row's ``owner`` follows
the contact's), and the numbers by rep counted a week's calls by that owner: a rep who
handed a contact to a colleague lost the calls she had made on it, and he gained them.
``touches.made_by`` is set by the server as the line is written, whatever the client
sends, to the login (``session_user``: the rep, also inside a function run as the tables'
owner) when it is one of the team's reps, and never changes. The admin copying a book onto
the server is not a rep: those lines, like the lines written before this migration, have
none, and are counted by their contact's owner as before.

On PostgreSQL only: a rep's own file has one rep.

Revision ID: 0026
Revises: 0025
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LOGIN = "C"  # the collation of a login (``name``), as the owners' (migration 0019)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f'ALTER TABLE touches ADD COLUMN made_by varchar(63) COLLATE "{LOGIN}"')
    # The reps table is named with its schema: a trigger fired inside a function run as
    # the tables' owner takes that function's search path.
    op.execute(
        "CREATE FUNCTION followup_made_by() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN "
        "IF TG_OP = 'UPDATE' THEN NEW.made_by := OLD.made_by; "
        "ELSIF EXISTS (SELECT 1 FROM public.reps r WHERE r.login = session_user::text) "
        "THEN NEW.made_by := session_user; "
        "ELSE NEW.made_by := NULL; END IF; "
        "RETURN NEW; END $$"
    )
    op.execute(
        "CREATE TRIGGER touches_made_by BEFORE INSERT OR UPDATE OF made_by ON touches "
        "FOR EACH ROW EXECUTE FUNCTION followup_made_by()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER touches_made_by ON touches")
    op.execute("DROP FUNCTION followup_made_by()")
    op.execute("ALTER TABLE touches DROP COLUMN made_by")
