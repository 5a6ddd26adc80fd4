"""Small builders shared by the engine tests: fixed instants, never the real clock."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from followup_desktop.core.cadence import ContactHistory, LoggedOutcome, Plan, plan
from followup_desktop.core.model import ContactStatus, FollowUp, FollowUpKind, Outcome, Touch
from followup_desktop.core.settings import Settings

CHICAGO = ZoneInfo("America/Chicago")
PARIS = "Europe/Paris"
DEFAULTS = Settings()
CONTACT = 7


def chicago(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    """A wall-clock time in Chicago in 2026 (November by default), as a UTC instant.
    Mon 2, 9, 16, 23, 30 November 2026."""
    return datetime(2026, month, day, hour, minute, tzinfo=CHICAGO).astimezone(UTC)


def paris(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=ZoneInfo(PARIS)).astimezone(UTC)


def follow_up(
    step: str,
    due: datetime,
    id_: int = 1,
    *,
    agreed: bool = False,
    kind: FollowUpKind = FollowUpKind.CALL,
    objective: str = "",
) -> FollowUp:
    return FollowUp(CONTACT, kind, step, due, objective=objective, agreed=agreed, id=id_)


def touch(outcome: Outcome, at: datetime) -> Touch:
    return Touch(CONTACT, outcome, at)


def history(
    *touches: Touch,
    open_: tuple[FollowUp, ...] = (),
    recent: tuple[FollowUp, ...] = (),
    status: ContactStatus = ContactStatus.ACTIVE,
    time_zone: str = "America/Chicago",
) -> ContactHistory:
    return ContactHistory(CONTACT, time_zone, status, touches, open_, recent)


def run(
    outcome: Outcome,
    at: datetime,
    past: ContactHistory | None = None,
    *,
    now: datetime | None = None,
    settings: Settings = DEFAULTS,
    rep_zone: str = PARIS,
    **event: object,
) -> Plan:
    """Plan one logged outcome; ``now`` defaults to the moment it happened."""
    logged = LoggedOutcome(outcome, at, **event)  # type: ignore[arg-type]
    return plan(logged, past or history(), settings, now or at, rep_zone)


def steps_of(result: Plan) -> list[tuple[str, datetime]]:
    return [(f.step, f.due_at) for f in result.create]
