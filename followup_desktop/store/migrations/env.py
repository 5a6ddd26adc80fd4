"""Alembic environment: the connection comes from the app (``store.migrate``)."""

from alembic import context

from followup_desktop.store.schema import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through followup_desktop.store.migrate")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite can only ALTER through a table copy
    transaction_per_migration=True,
    # store.db issues real BEGINs on SQLite, so DDL commits or rolls back with its migration.
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
connection.commit()
