"""who won each deal: on a team server a deal won keeps the rep who won it, so a manager's
numbers credit the win to her, not to whoever has the contact now

A contact handed over takes its deals along (migration 0019: each row's ``owner`` follows
the contact's), and the numbers by rep counted a month's wins by that owner: a rep who won
a deal and then handed the contact to a colleague lost the win, and he gained it (calls
already stay with the rep who made them, migration 0026). ``deals.won_by`` is set by the
server as a deal becomes won, whatever the client sends, to the login (``session_user``)
when it is one of the team's reps; it stays while the deal stays won, and goes when the
deal is reopened or lost. A deal won before this migration, or copied onto the server by
the admin, has none, and counts for its contact's owner as before.

An overdue follow-up is not moved: it is the step its contact's rep has to make now.

On PostgreSQL only: a rep's own file has one rep.

Revision ID: 0027
Revises: 0026
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LOGIN = "C"  # the collation of a login (``name``), as the owners' (migration 0019)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f'ALTER TABLE deals ADD COLUMN won_by varchar(63) COLLATE "{LOGIN}"')
    # The reps table is named with its schema: a trigger fired inside a function run as
    # the tables' owner (a hand-over moving the deals) takes that function's search path.
    op.execute(
        "CREATE FUNCTION followup_won_by() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN "
        "IF NEW.stage IS DISTINCT FROM 'won' THEN NEW.won_by := NULL; "
        "ELSIF TG_OP = 'UPDATE' AND OLD.stage = 'won' THEN NEW.won_by := OLD.won_by; "
        "ELSIF EXISTS (SELECT 1 FROM public.reps r WHERE r.login = session_user::text) "
        "THEN NEW.won_by := session_user; "
        "ELSE NEW.won_by := NULL; END IF; "
        "RETURN NEW; END $$"
    )
    op.execute(
        "CREATE TRIGGER deals_won_by BEFORE INSERT OR UPDATE ON deals "
        "FOR EACH ROW EXECUTE FUNCTION followup_won_by()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER deals_won_by ON deals")
    op.execute("DROP FUNCTION followup_won_by()")
    op.execute("ALTER TABLE deals DROP COLUMN won_by")
