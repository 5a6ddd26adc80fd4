"""reps and owners: who each contact belongs to, and (on a team server) the server's own
rules that keep a rep's contacts, history and follow-ups theirs

Every store gets a ``reps`` table (a login and the name shown) and ``contacts.owner``
(NULL in a rep's own file: there is one rep). On PostgreSQL:

- ``followup_rep`` and ``followup_manager``, two roles without login: each rep's login is
  granted the first (``followup db add-rep``), a manager's the second as well;
- a new contact's owner is the login that inserts it (a trigger, so a copied book's
  contacts become the copying login's);
- row-level security on ``contacts`` and every row hanging off one (history with the
  call notes, follow-ups, numbers, e-mails, deals, commitments, drafts, address-book
  entries, reminders shown): a rep reads and writes their own; a manager the team's. A rep may hand a contact to another rep. The
  tables' owner (the admin who migrates) is not bound by the policies, as PostgreSQL
  does for a table's owner.

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REP, MANAGER = "followup_rep", "followup_manager"
MINE = "owner = current_user OR pg_has_role(current_user, 'followup_manager', 'MEMBER')"
# The rows hanging off a contact: the contact's owner decides.
OF_A_CONTACT = (
    "touches",
    "follow_ups",
    "contact_phones",
    "contact_emails",
    "deals",
    "commitments",
    "call_drafts",
    "card_entries",
)
CONTACT_IS_MINE = (
    "pg_has_role(current_user, 'followup_manager', 'MEMBER') OR EXISTS "
    "(SELECT 1 FROM contacts c WHERE c.id = contact_id AND c.owner = current_user)"
)


def upgrade() -> None:
    op.create_table(
        "reps",
        sa.Column("login", sa.String(63), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    # Nullable, a plain ADD COLUMN: instant on SQLite whatever the book's size.
    op.add_column("contacts", sa.Column("owner", sa.String(63), nullable=True))
    op.create_index("ix_contacts_owner", "contacts", ["owner"])
    if op.get_bind().dialect.name == "postgresql":
        _server_rules()


def _server_rules() -> None:
    for role in (REP, MANAGER):
        op.execute(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') "
            f"THEN CREATE ROLE {role} NOLOGIN; END IF; END $$"
        )
    op.execute(f"GRANT {REP} TO {MANAGER}")
    op.execute(f"GRANT USAGE ON SCHEMA public TO {REP}")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {REP}")
    op.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {REP}")
    # Tables and sequences later migrations make (run by the same admin) too.
    op.execute(
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {REP}"
    )
    op.execute(
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {REP}"
    )
    # The schema's version and the reps are the admin's to change.
    op.execute(f"REVOKE INSERT, UPDATE, DELETE ON alembic_version, reps FROM {REP}")

    op.execute(
        "CREATE FUNCTION followup_owner_is_inserter() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN NEW.owner := COALESCE(NEW.owner, current_user); RETURN NEW; END $$"
    )
    op.execute(
        "CREATE TRIGGER contacts_owner BEFORE INSERT ON contacts "
        "FOR EACH ROW EXECUTE FUNCTION followup_owner_is_inserter()"
    )
    op.execute("ALTER TABLE contacts ENABLE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY contacts_read ON contacts FOR SELECT USING ({MINE})")
    op.execute(f"CREATE POLICY contacts_add ON contacts FOR INSERT WITH CHECK ({MINE})")
    op.execute(
        f"CREATE POLICY contacts_change ON contacts FOR UPDATE USING ({MINE}) WITH CHECK ({MINE})"
    )
    op.execute(f"CREATE POLICY contacts_remove ON contacts FOR DELETE USING ({MINE})")
    for table in OF_A_CONTACT:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY {table}_of_mine ON {table} "
            f"USING ({CONTACT_IS_MINE}) WITH CHECK ({CONTACT_IS_MINE})"
        )
    # Handing a contact over: the new owner may not be read by the one handing it, which
    # PostgreSQL's UPDATE would need; a function run as the tables' owner checks the
    # caller (session_user: the login) owns the contact or manages the team instead.
    op.execute(
        "CREATE FUNCTION followup_hand_over(contact integer, new_owner text) RETURNS text "
        "LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$ "
        "DECLARE handed text; BEGIN "
        "IF NOT EXISTS (SELECT 1 FROM reps WHERE login = new_owner) THEN RETURN NULL; END IF; "
        "UPDATE contacts SET owner = new_owner WHERE id = contact AND deleted_at IS NULL "
        "AND owner IS DISTINCT FROM new_owner AND (owner = session_user "
        "OR pg_has_role(session_user, 'followup_manager', 'MEMBER')) "
        "RETURNING name INTO handed; RETURN handed; END $$"
    )
    op.execute("REVOKE ALL ON FUNCTION followup_hand_over(integer, text) FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION followup_hand_over(integer, text) TO {REP}")
    # A reminder shown: where its follow-up is visible (that table's own rule applies).
    visible = "EXISTS (SELECT 1 FROM follow_ups f WHERE f.id = follow_up_id)"
    op.execute("ALTER TABLE reminders_fired ENABLE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY reminders_fired_of_mine ON reminders_fired "
        f"USING ({visible}) WITH CHECK ({visible})"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in (*OF_A_CONTACT, "reminders_fired"):
            op.execute(f"DROP POLICY {table}_of_mine ON {table}")
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
        for policy in ("read", "add", "change", "remove"):
            op.execute(f"DROP POLICY contacts_{policy} ON contacts")
        op.execute("ALTER TABLE contacts DISABLE ROW LEVEL SECURITY")
        op.execute("DROP FUNCTION followup_hand_over(integer, text)")
        op.execute("DROP TRIGGER contacts_owner ON contacts")
        op.execute("DROP FUNCTION followup_owner_is_inserter()")
        # The roles stay: they belong to the cluster, and logins may still be granted them.
    op.drop_index("ix_contacts_owner", "contacts")
    op.drop_column("contacts", "owner")
    op.drop_table("reps")
