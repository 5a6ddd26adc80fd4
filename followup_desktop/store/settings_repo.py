"""Settings rows: only values that differ from their declared default are stored."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from followup_desktop.core.settings import OPTIONS_BY_KEY, Settings
from followup_desktop.store.schema import SettingRow


def load(session: Session) -> Settings:
    return Settings({row.key: row.value for row in session.scalars(select(SettingRow))})


def save(session: Session, settings: Settings) -> None:
    changed = settings.changed()
    back_to_default = [key for key in OPTIONS_BY_KEY if key not in changed]
    session.execute(delete(SettingRow).where(SettingRow.key.in_(back_to_default)))
    for key, value in changed.items():
        session.merge(SettingRow(key=key, value=value))


def get_raw(session: Session, key: str) -> str | None:
    row = session.get(SettingRow, key)
    return None if row is None else row.value


def raw_values(session: Session, prefix: str) -> dict[str, str]:
    """Every free-form value whose key starts with ``prefix``."""
    rows = session.execute(
        select(SettingRow.key, SettingRow.value).where(SettingRow.key.startswith(prefix))
    )
    return {key: value for key, value in rows}


def set_raw(session: Session, key: str, value: str) -> None:
    """Free-form values outside the declared options (window geometry and other UI state)."""
    session.merge(SettingRow(key=key, value=value))
