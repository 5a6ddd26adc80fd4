"""Setting the rep away (Settings › Away, the tray, `followup away`): the period kept
in the settings and the open follow-ups inside it moved after it, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass

from followup_desktop.core import settings as options
from followup_desktop.core.away import AwayPeriod, plan_away
from followup_desktop.core.calendar import BusinessHours
from followup_desktop.core.clock import Clock
from followup_desktop.core.model import FollowUp
from followup_desktop.services.settings import SettingsService
from followup_desktop.store import followups_repo, settings_repo
from followup_desktop.store.db import Database


@dataclass(frozen=True, slots=True)
class AgreedInside:
    """An agreed call inside the period (the rep agrees another time with the customer),
    or a promise due inside it (she keeps it before she goes, or tells the customer)."""

    follow_up: FollowUp
    name: str


@dataclass(frozen=True, slots=True)
class AwayReport:
    period: AwayPeriod | None
    moved: int = 0
    agreed_inside: tuple[AgreedInside, ...] = ()
    promises_inside: tuple[AgreedInside, ...] = ()

    def text(self) -> str:
        if self.period is None:
            return "Not away: reminders and plans as usual."
        lines = [f"Away {self.period.describe()}."]
        if self.moved:
            lines.append(
                f"{self.moved} follow-up{'s' if self.moved != 1 else ''} moved to the first "
                "business day after."
            )
        if self.agreed_inside:
            lines.append(
                f"{len(self.agreed_inside)} agreed call"
                f"{'s' if len(self.agreed_inside) != 1 else ''} inside: agree another time "
                "with each customer (nothing was moved for them)."
            )
        if promises := len(self.promises_inside):
            lines.append(
                f"{promises} promise{'s' if promises != 1 else ''} due inside: keep "
                f"{'them' if promises != 1 else 'it'} before you go or tell the customer "
                f"({'they were' if promises != 1 else 'it was'} not moved)."
            )
        return " ".join(lines)


class AwayService:
    def __init__(self, db: Database, clock: Clock, settings: SettingsService) -> None:
        self._db, self._clock, self._settings = db, clock, settings

    def current(self) -> AwayPeriod | None:
        return AwayPeriod.of(self._settings.load())

    def set(self, period: AwayPeriod) -> AwayReport:
        """Away for ``period``: kept, and what falls inside moved out (agreed calls listed)."""
        settings = (
            self._settings.load()
            .with_value(options.AWAY_FROM, period.first_day.isoformat())
            .with_value(options.AWAY_TO, period.last_day.isoformat())
        )
        return self._apply(settings)

    def clear(self) -> AwayReport:
        """Back: reminders fire again; what was moved stays where it was moved."""
        settings = (
            self._settings.load().with_value(options.AWAY_FROM, "").with_value(options.AWAY_TO, "")
        )
        with self._db.writing() as session:
            settings_repo.save(session, settings)
        self._settings.reload()
        return AwayReport(None)

    def apply(self) -> AwayReport:
        """The period as now set, applied again (after Settings saved it): moves what the
        rules planned inside it meanwhile; nothing moves twice."""
        return self._apply(self._settings.reload())

    def _apply(self, settings: options.Settings) -> AwayReport:
        period = AwayPeriod.of(settings)
        rep_zone = settings.get(options.REP_TIME_ZONE) or self._settings.rep_zone()
        hours = BusinessHours.from_settings(settings)
        with self._db.writing() as session:
            settings_repo.save(session, settings)
            if period is None or period.is_over(self._clock.now(), rep_zone):
                inside: list[tuple[FollowUp, str, str, str]] = []
            else:
                start, end = period.bounds(rep_zone)
                inside = followups_repo.due_between(session, start, end)
            plan = (
                plan_away(period, [(f, z) for f, _n, _c, z in inside], rep_zone, hours)
                if period
                else None
            )
            touched: set[int] = set()
            for follow_up, due_at in plan.moves if plan else ():
                followups_repo.move(session, follow_up.id or 0, due_at)
                touched.add(follow_up.contact_id)
            for contact_id in touched:
                followups_repo.refresh_next_due(session, contact_id)
        self._settings.reload()
        names = {f.id: name for f, name, _c, _z in inside}
        if plan is None:
            return AwayReport(period)
        agreed = tuple(AgreedInside(f, names.get(f.id, "")) for f in plan.to_agree_again)
        promises = tuple(AgreedInside(f, names.get(f.id, "")) for f in plan.promises)
        return AwayReport(period, len(plan.moves), agreed, promises)
