"""With FOLLOWUP_TEST_STORE=postgresql the service tests run on PostgreSQL (tests/pg_store)."""

from __future__ import annotations

import pytest

from tests import pg_store


@pytest.fixture(autouse=True)
def _store_on_postgres(monkeypatch: pytest.MonkeyPatch) -> None:
    if pg_store.WANTED:
        from followup_desktop.store.db import Database

        monkeypatch.setattr(Database, "open", staticmethod(pg_store.database_for))
