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
SAFE_SETTINGS = "SET search_path = pg_catalog, pg_temp SET standard_conforming_strings = on"
# Latin letters as ``core.text_search.fold`` writes them (a test holds the two together):
# the app folds the typed words, so a company is matched folded too ("societe" and
# "Société" find "Société Générale"; the name's folded form is ``sort_name``).
FOLDED_FROM = (
    "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĐĒēĔĕĖėĘęĚěĜ"
    "ĝĞğĠġĢģĤĥĦĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŁŃńŅņŇňŊŌōŎŏŐőŒŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžſ"
)
FOLDED_TO = (
    "aaaaaaæceeeeiiiiðnoooooøuuuuyþaaaaaaceeeeiiiinooooouuuuyyaaaaaaccccccccddđeeeeeeeeeeg"
    "ggggggghhħiiiiiiiiijjkkllllllłnnnnnnŋooooooœrrrrrrssssssssttttŧuuuuuuuuuuuuwwyyyzzzzzzs"
)
HAYSTACK = f"c.sort_name || ' ' || translate(lower(c.company), '{FOLDED_FROM}', '{FOLDED_TO}')"
# Every typed word in the contact's name or company, as the app's own search matches:
# a word of three letters or more (or with punctuation in it) anywhere, a shorter run of
# letters and digits at the start of a word. LIKE's
# own escape is the backslash, so a typed %, _ or \ matches itself; in the pattern of a
# word start every character but a letter or digit is escaped.
MATCHING = (
    "NOT EXISTS (SELECT 1 FROM unnest(words) w WHERE NOT CASE "
    r"WHEN length(w) >= 3 OR w ~ '[^[\:alnum\:]]' "
    f"THEN {HAYSTACK} LIKE "
    r"'%' || replace(replace(replace(w, '\', '\\'), '%', '\%'), '_', '\_') || '%' "
    f"ELSE {HAYSTACK} ~ "
    # (``\:``: a colon of the SQL itself, not a parameter, for SQLAlchemy's ``text``)
    r"('(^|[^[\:alnum\:]])' || regexp_replace(w, '([^[\:alnum\:]])', '\\\1', 'g')) END)"
)
# Migration 0021's, matching the folded company too (and as it was, to go back).
SAFE_PATH_0021 = "SET search_path = pg_catalog, pg_temp"
HAYSTACK_0021 = "c.sort_name || ' ' || lower(c.company)"
WHO_HAS = (
    "CREATE OR REPLACE FUNCTION followup_who_has(words text[]) "
    "RETURNS TABLE (name text, company text, rep text) "
    "LANGUAGE sql STABLE SECURITY DEFINER {settings} AS $$ "
    "SELECT c.name::text, c.company::text, COALESCE(NULLIF(r.name, ''), c.owner)::text "
    "FROM public.contacts c LEFT JOIN public.reps r ON r.login = c.owner "
    "WHERE c.deleted_at IS NULL AND c.owner IS DISTINCT FROM session_user::text "
    "AND cardinality(words) BETWEEN 1 AND 5 "
    "AND NOT EXISTS (SELECT 1 FROM unnest(words) w WHERE length(w) < 3) "
    "AND NOT EXISTS (SELECT 1 FROM unnest(words) w "
    "WHERE {haystack} NOT LIKE "
    r"'%' || replace(replace(replace(w, '\', '\\'), '%', '\%'), '_', '\_') || '%') "
    "ORDER BY c.sort_name, c.id LIMIT 5 $$"
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE FUNCTION followup_team_book("
        "words text[], after_name text, after_id integer, rows_at_most integer) "
        "RETURNS TABLE (id integer, name text, company text, owner text) "
        f"LANGUAGE sql STABLE SECURITY DEFINER {SAFE_SETTINGS} AS $$ "
        "SELECT c.id, c.name::text, c.company::text, c.owner::text FROM public.contacts c "
        f"WHERE c.deleted_at IS NULL AND {MATCHING} "
        "AND (after_name IS NULL OR (c.sort_name, c.id) > (after_name, after_id)) "
        f"ORDER BY c.sort_name, c.id LIMIT least(rows_at_most, {PAGE_AT_MOST}) $$"
    )
    op.execute(
        "CREATE FUNCTION followup_team_count(words text[]) RETURNS bigint "
        f"LANGUAGE sql STABLE SECURITY DEFINER {SAFE_SETTINGS} AS $$ "
        f"SELECT count(*) FROM public.contacts c WHERE c.deleted_at IS NULL AND {MATCHING} $$"
    )
    for signature in (
        "followup_team_book(text[], text, integer, integer)",
        "followup_team_count(text[])",
    ):
        op.execute(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION {signature} TO followup_rep")
    op.execute(WHO_HAS.format(settings=SAFE_SETTINGS, haystack=HAYSTACK))


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(WHO_HAS.format(settings=SAFE_PATH_0021, haystack=HAYSTACK_0021))
    op.execute("DROP FUNCTION followup_team_count(text[])")
    op.execute("DROP FUNCTION followup_team_book(text[], text, integer, integer)")
