"""whose contact it is: on a team server a rep told a contact id that is not theirs
learns whose it is (the rep's name), not "there is no contact"

A rep's rules (migrations 0014, 0019) hide a colleague's contact entirely, so the
command line answered ``followup log 12`` on one with "there is no contact 12", and the
rep could not tell a mistyped id from a colleague's contact. ``followup_whose(contact)``
gives the name of the rep whose live contact it is (their login when the team has no
name for them, "" when it has no owner), and NULL when there is none or it is the
caller's to read (their own, or any for a manager). Run as the tables' owner, it reads
only the owner: what ``followup_team_book`` (migration 0022) already lists with the id.
Safe search path and schema-named tables, as migration 0021's.

Revision ID: 0023
Revises: 0022
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SAFE_SETTINGS = "SET search_path = pg_catalog, pg_temp"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE FUNCTION followup_whose(contact integer) RETURNS text "
        f"LANGUAGE sql STABLE SECURITY DEFINER {SAFE_SETTINGS} AS $$ "
        "SELECT COALESCE(NULLIF(r.name, ''), c.owner, '')::text "
        "FROM public.contacts c LEFT JOIN public.reps r ON r.login = c.owner "
        "WHERE c.id = contact AND c.deleted_at IS NULL "
        "AND c.owner IS DISTINCT FROM session_user::text "
        "AND NOT pg_has_role(session_user, 'followup_manager', 'MEMBER') $$"
    )
    op.execute("REVOKE ALL ON FUNCTION followup_whose(integer) FROM PUBLIC")
    op.execute("GRANT EXECUTE ON FUNCTION followup_whose(integer) TO followup_rep")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP FUNCTION followup_whose(integer)")
