"""who has it: on a team server a rep may ask whose a contact is when it is not theirs,
by name or company, and learn only that (name, company, the rep's name)

A rep's rules (migrations 0014, 0019) hide a colleague's contacts entirely, so a rep
searching for a company a colleague already works cannot tell, and may call it too.
``followup_who_has(words)`` answers a search the rep's own book did not: at most five
live contacts of other reps whose name or company holds every word (one to five words of
three letters or more, so it is a search, not a listing), each with its name, company
and rep. Run as the tables' owner (the rules would hide them), it reads nothing else of
them: not their notes, history, numbers or e-mails (which the search text also holds).

A function run as the tables' owner must find only the server's own functions and
operators, whatever a login has made elsewhere: its search path is ``pg_catalog`` and
the tables are named with their schema. ``followup_hand_over`` (migration 0014) is made
again the same way.

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
WORDS_AT_MOST = 5
SHORTEST_WORD = 3
SAFE_PATH = "SET search_path = pg_catalog, pg_temp"
HAND_OVER = (
    "CREATE OR REPLACE FUNCTION followup_hand_over(contact integer, new_owner text) "
    "RETURNS text LANGUAGE plpgsql SECURITY DEFINER {path} AS $$ "
    "DECLARE handed text; BEGIN "
    "IF NOT EXISTS (SELECT 1 FROM {schema}reps WHERE login = new_owner) THEN RETURN NULL; "
    "END IF; "
    "UPDATE {schema}contacts SET owner = new_owner WHERE id = contact AND deleted_at IS NULL "
    "AND owner IS DISTINCT FROM new_owner AND (owner = session_user "
    "OR pg_has_role(session_user, 'followup_manager', 'MEMBER')) "
    "RETURNING name INTO handed; RETURN handed; END $$"
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # LIKE's own escape is the backslash: a typed %, _ or \ matches itself.
    escaped = r"replace(replace(replace(w, '\', '\\'), '%', '\%'), '_', '\_')"
    op.execute(
        "CREATE FUNCTION followup_who_has(words text[]) "
        "RETURNS TABLE (name text, company text, rep text) "
        f"LANGUAGE sql STABLE SECURITY DEFINER {SAFE_PATH} AS $$ "
        "SELECT c.name::text, c.company::text, COALESCE(NULLIF(r.name, ''), c.owner)::text "
        "FROM public.contacts c LEFT JOIN public.reps r ON r.login = c.owner "
        "WHERE c.deleted_at IS NULL AND c.owner IS DISTINCT FROM session_user::text "
        f"AND cardinality(words) BETWEEN 1 AND {WORDS_AT_MOST} "
        f"AND NOT EXISTS (SELECT 1 FROM unnest(words) w WHERE length(w) < {SHORTEST_WORD}) "
        "AND NOT EXISTS (SELECT 1 FROM unnest(words) w "
        f"WHERE c.sort_name || ' ' || lower(c.company) NOT LIKE '%' || {escaped} || '%') "
        f"ORDER BY c.sort_name, c.id LIMIT {FOUND_AT_MOST} $$"
    )
    op.execute("REVOKE ALL ON FUNCTION followup_who_has(text[]) FROM PUBLIC")
    op.execute("GRANT EXECUTE ON FUNCTION followup_who_has(text[]) TO followup_rep")
    op.execute(HAND_OVER.format(path=SAFE_PATH, schema="public."))


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(HAND_OVER.format(path="SET search_path = public, pg_temp", schema=""))
    op.execute("DROP FUNCTION followup_who_has(text[])")
