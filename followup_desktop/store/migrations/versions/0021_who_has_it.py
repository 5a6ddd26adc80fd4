"""who has it: on a team server a rep may ask whose a contact is when it is not theirs,
by name or company, and learn only that (name, company, the rep's name)

A rep's rules (migrations 0014, 0019) hide a colleague's contacts entirely, so a rep
searching for a company a colleague already works cannot tell, and may call it too.
``followup_who_has(words)`` answers a search the rep's own book did not: at most five
live contacts of other reps whose search text holds every word (one of three letters at
least, so it is a search, not a listing), each with its name, company and rep. Run as
the tables' owner (the rules would hide them), and nothing else of those contacts: no
notes, no history, no numbers.

Revision ID: 0021
Revises: 0020
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FOUND_AT_MOST = 5


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # LIKE's own escape is the backslash: a typed %, _ or \\ matches itself.
    escaped = r"replace(replace(replace(w, '\', '\\'), '%', '\%'), '_', '\_')"
    op.execute(
        "CREATE FUNCTION followup_who_has(words text[]) "
        "RETURNS TABLE (name text, company text, rep text) "
        "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$ "
        "SELECT c.name::text, c.company::text, COALESCE(NULLIF(r.name, ''), c.owner)::text "
        "FROM contacts c LEFT JOIN reps r ON r.login = c.owner "
        "WHERE c.deleted_at IS NULL AND c.owner IS DISTINCT FROM session_user::text "
        "AND EXISTS (SELECT 1 FROM unnest(words) w WHERE length(w) >= 3) "
        "AND NOT EXISTS (SELECT 1 FROM unnest(words) w "
        f"WHERE c.search_text NOT LIKE '%' || {escaped} || '%') "
        f"ORDER BY c.sort_name, c.id LIMIT {FOUND_AT_MOST} $$"
    )
    op.execute("REVOKE ALL ON FUNCTION followup_who_has(text[]) FROM PUBLIC")
    op.execute("GRANT EXECUTE ON FUNCTION followup_who_has(text[]) TO followup_rep")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP FUNCTION followup_who_has(text[])")
