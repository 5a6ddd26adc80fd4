"""the team's book by name: on a team server a rep may list the team's contacts, each
with its name, company and rep, and nothing else of them

A rep's rules (migrations 0014, 0019) hide a colleague's contacts entirely; the list's
"The team's contacts" was a manager's choice only. ``followup_team_book`` gives a rep
that list, a page at a time in name order (after a name and id, at most 500 rows), of
live contacts whose name or company holds every typed word; ``followup_team_count``
counts them. Run as the tables' owner (the rules would hide them), they read only the
id, name, company and owner: not notes, history, numbers or e-mails (which the search
text also holds, so it is not searched). Opening a colleague's contact is still refused
by the rules. Safe search path and schema-named tables, as migration 0021's.

Revision ID: 0022
Revises: 0021
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PAGE_AT_MOST = 500
SAFE_PATH = "SET search_path = pg_catalog, pg_temp"
# Every typed word in the contact's name or company; LIKE's own escape is the backslash,
# so a typed %, _ or \ matches itself.
MATCHING = (
    "NOT EXISTS (SELECT 1 FROM unnest(words) w "
    "WHERE c.sort_name || ' ' || lower(c.company) NOT LIKE "
    r"'%' || replace(replace(replace(w, '\', '\\'), '%', '\%'), '_', '\_') || '%')"
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE FUNCTION followup_team_book("
        "words text[], after_name text, after_id integer, rows_at_most integer) "
        "RETURNS TABLE (id integer, name text, company text, owner text) "
        f"LANGUAGE sql STABLE SECURITY DEFINER {SAFE_PATH} AS $$ "
        "SELECT c.id, c.name::text, c.company::text, c.owner::text FROM public.contacts c "
        f"WHERE c.deleted_at IS NULL AND {MATCHING} "
        "AND (after_name IS NULL OR (c.sort_name, c.id) > (after_name, after_id)) "
        f"ORDER BY c.sort_name, c.id LIMIT least(rows_at_most, {PAGE_AT_MOST}) $$"
    )
    op.execute(
        "CREATE FUNCTION followup_team_count(words text[]) RETURNS bigint "
        f"LANGUAGE sql STABLE SECURITY DEFINER {SAFE_PATH} AS $$ "
        f"SELECT count(*) FROM public.contacts c WHERE c.deleted_at IS NULL AND {MATCHING} $$"
    )
    for signature in (
        "followup_team_book(text[], text, integer, integer)",
        "followup_team_count(text[])",
    ):
        op.execute(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION {signature} TO followup_rep")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP FUNCTION followup_team_count(text[])")
    op.execute("DROP FUNCTION followup_team_book(text[], text, integer, integer)")
