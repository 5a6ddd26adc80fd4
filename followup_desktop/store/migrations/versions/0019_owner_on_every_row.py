"""owner on every row: on a team server each row hanging off a contact carries the
contact's owner, and each rule is a plain comparison the server answers from an index

Migration 0014's rules asked, for each history line or follow-up, whether its contact
was the login's (``EXISTS (SELECT … FROM contacts …)``), and every rule read
``owner = current_user OR pg_has_role(…)``. The server cannot use an index for either:
it read the rep's whole book for each statement (130 ms of a 174 ms agenda on a million
contacts). Now:

- ``touches``, ``follow_ups``, ``contact_phones``, ``contact_emails``, ``deals``,
  ``commitments`` and ``call_drafts`` gain ``owner``. It is set by the
  server from the contact as the row is written, whatever the client sends, read with
  the writer's own rights: a rep writing onto a colleague's contact finds no owner and is
  refused. When a contact changes hands, its rows follow in the same statement;
- the rules are split by role: ``followup_rep`` reads and writes rows whose owner is the
  login, ``followup_manager`` the team's. PostgreSQL keeps only the rules of the roles a
  login has, so a rep's statements carry ``owner = current_user::text`` alone, which an
  index answers;
- an index on each table's owner, and the open follow-ups by owner and time (Today's);
- the owners compare in the "C" collation, as the login (``current_user``, a ``name``)
  does: compared across two collations, the server cannot use an index on the owner. And
  compared as text with text: the server then also reads Today in the index's order.

On PostgreSQL only: a rep's own file has one rep, and its rows no owner.

Revision ID: 0019
Revises: 0018
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REP, MANAGER = "followup_rep", "followup_manager"
LOGIN = "C"  # the collation of a login (``name``)
OF_A_CONTACT = (
    "touches",
    "follow_ups",
    "contact_phones",
    "contact_emails",
    "deals",
    "commitments",
    "call_drafts",
)
# Its rule by the contact's owner goes too; which rep's address book an entry belongs to
# is migration 0020's.
ADDRESS_BOOK = "card_entries"
OLD_MINE = "owner = current_user OR pg_has_role(current_user, 'followup_manager', 'MEMBER')"
OLD_CONTACT_IS_MINE = (
    "pg_has_role(current_user, 'followup_manager', 'MEMBER') OR EXISTS "
    "(SELECT 1 FROM contacts c WHERE c.id = contact_id AND c.owner = current_user)"
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # The contact's owner as the writer sees it: NULL for a contact the writer may not
    # read, which the rule below then refuses. FOR SHARE waits for a hand-over of the
    # contact under way to commit, and then reads the new owner: a row written meanwhile
    # never keeps the old one. The tables are named with their schema: a trigger fired
    # inside a function run as the tables' owner takes that function's search path.
    op.execute(
        "CREATE FUNCTION followup_owner_from_contact() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN NEW.owner := (SELECT c.owner FROM public.contacts c WHERE c.id = NEW.contact_id "
        "FOR SHARE); RETURN NEW; END $$"
    )
    # The old rules name the contacts' owner: they go before its collation changes.
    for rule in ("read", "add", "change", "remove"):
        op.execute(f"DROP POLICY contacts_{rule} ON contacts")
    for table in (*OF_A_CONTACT, ADDRESS_BOOK):
        op.execute(f"DROP POLICY {table}_of_mine ON {table}")
    op.execute(f'ALTER TABLE contacts ALTER COLUMN owner TYPE varchar(63) COLLATE "{LOGIN}"')
    _split_rules("contacts")
    for table in OF_A_CONTACT:
        op.execute(f'ALTER TABLE {table} ADD COLUMN owner varchar(63) COLLATE "{LOGIN}"')
        op.execute(
            f"UPDATE {table} t SET owner = c.owner FROM contacts c WHERE c.id = t.contact_id"
        )
        op.execute(
            f"CREATE TRIGGER {table}_owner BEFORE INSERT OR UPDATE OF contact_id, owner "
            f"ON {table} FOR EACH ROW EXECUTE FUNCTION followup_owner_from_contact()"
        )
        op.execute(f"CREATE INDEX ix_{table}_owner ON {table} (owner)")
        _split_rules(table)
    # Today's read: a rep's open follow-ups in the order they fall due.
    op.execute(
        "CREATE INDEX ix_follow_ups_owner_open ON follow_ups (owner, due_at, contact_id, id) "
        "WHERE state = 'open'"
    )
    # A contact handed over takes its rows along, in the statement that hands it. The
    # trigger's WHEN is checked for each row without calling the function, so a save that
    # does not change the owner costs nothing.
    op.execute(
        "CREATE FUNCTION followup_rows_follow_owner() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN "
        + " ".join(
            f"UPDATE public.{table} SET owner = NEW.owner WHERE contact_id = NEW.id;"
            for table in OF_A_CONTACT
        )
        + " RETURN NULL; END $$"
    )
    op.execute(
        "CREATE TRIGGER contacts_rows_follow_owner AFTER UPDATE OF owner ON contacts "
        "FOR EACH ROW WHEN (OLD.owner IS DISTINCT FROM NEW.owner) "
        "EXECUTE FUNCTION followup_rows_follow_owner()"
    )


def _split_rules(table: str) -> None:
    op.execute(
        f"CREATE POLICY {table}_mine ON {table} TO {REP} "
        "USING (owner = current_user::text) WITH CHECK (owner = current_user::text)"
    )
    op.execute(f"CREATE POLICY {table}_team ON {table} TO {MANAGER} USING (true) WITH CHECK (true)")


def _drop_split_rules(table: str) -> None:
    op.execute(f"DROP POLICY {table}_mine ON {table}")
    op.execute(f"DROP POLICY {table}_team ON {table}")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER contacts_rows_follow_owner ON contacts")
    op.execute("DROP FUNCTION followup_rows_follow_owner()")
    op.execute("DROP INDEX ix_follow_ups_owner_open")
    for table in ("contacts", *OF_A_CONTACT):
        _drop_split_rules(table)
    op.execute('ALTER TABLE contacts ALTER COLUMN owner TYPE varchar(63) COLLATE "default"')
    op.execute(f"CREATE POLICY contacts_read ON contacts FOR SELECT USING ({OLD_MINE})")
    op.execute(f"CREATE POLICY contacts_add ON contacts FOR INSERT WITH CHECK ({OLD_MINE})")
    op.execute(
        f"CREATE POLICY contacts_change ON contacts FOR UPDATE "
        f"USING ({OLD_MINE}) WITH CHECK ({OLD_MINE})"
    )
    op.execute(f"CREATE POLICY contacts_remove ON contacts FOR DELETE USING ({OLD_MINE})")
    for table in OF_A_CONTACT:
        op.execute(f"DROP TRIGGER {table}_owner ON {table}")
        op.execute(f"ALTER TABLE {table} DROP COLUMN owner")  # its index goes with it
    for table in (*OF_A_CONTACT, ADDRESS_BOOK):
        op.execute(
            f"CREATE POLICY {table}_of_mine ON {table} "
            f"USING ({OLD_CONTACT_IS_MINE}) WITH CHECK ({OLD_CONTACT_IS_MINE})"
        )
    op.execute("DROP FUNCTION followup_owner_from_contact()")
