"""Reminders from the day kept beside the profile, while a start waits for the team
server (``kept_day``): the rep's calls still remind them, before and at their time.

The same rules as the store's reminders (``core.reminders``) on the kept day's open
follow-ups, from the start on (what was due before the start was the last session's to
remind of). What shows is remembered here and, once the server answers, stored as shown
(``ReminderService.shown_while_away``), so nothing shows twice. A call logged meanwhile
(kept on this laptop) is done with, as in ``ReminderService``: its notice goes and it
is not reminded again; a call agreed on it reminds as the one the server will plan,
and what it showed is handed on to the store's reminders (``agreed_shown``), so the
planned call is not reminded again once it is written there. Nothing is read from or
written to the server meanwhile: there is none.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection
from datetime import datetime

from followup_desktop.core import reminders as rules
from followup_desktop.core.clock import Clock
from followup_desktop.core.model import FollowUpState
from followup_desktop.core.reminders import AgreedKey, FiredKey, Gap, Reminded, Subject
from followup_desktop.services.kept_calls import PlannedStep
from followup_desktop.services.kept_day import KeptDay
from followup_desktop.services.reminders import Due, kept_here
from followup_desktop.services.steps_planned_here import StepsPlannedHere


class KeptReminders:
    """What the reminder timer asks of ``ReminderService`` (``now``, ``due_now``,
    ``mark_fired``), from a kept day."""

    def __init__(
        self,
        kept: KeptDay,
        clock: Clock,
        called: Callable[[], Collection[int]] = frozenset,
        planned: Callable[[], Collection[PlannedStep]] = tuple,
    ) -> None:
        """``called``: the follow-ups whose call is kept on this laptop to send
        (``kept_calls.follow_ups_called``); ``planned``: the calls agreed on them, and the
        next steps given the rep's own time (``kept_calls.planned_here``)."""
        day = kept.day
        self._clock = clock
        self._called = called
        self._planned = planned
        self._timing = kept.timing
        self._zone = day.rep_zone
        self._subjects = [
            Subject(entry.item.follow_up, entry.contact_name, entry.company, entry.time_zone)
            for entry in day.page.entries
            if entry.item.follow_up.id is not None
            and entry.item.follow_up.state is FollowUpState.OPEN
        ]
        # The calls agreed on calls kept here, until the server plans them.
        self._planned_here = StepsPlannedHere()
        self._lock = threading.Lock()  # asked on a worker, stored on the writer thread
        start = self._looked = clock.now()
        self._shown: set[FiredKey] = set()
        # Moments before the start count as reminded: the last session (or its catching
        # up once the server answers) had them, and the kept day cannot tell which.
        self._before = {
            reminder.key
            for subject in (
                *self._subjects,
                *self._planned_here.subjects(kept_here(planned), self._subjects),
            )
            for reminder in rules.moments(subject, self._timing)
            if reminder.at <= start
        }

    def now(self) -> datetime:
        return self._clock.now()

    def due_now(self, gap: Gap = Gap.NONE, on_screen: Collection[Reminded] = ()) -> Due:
        """What is due; of ``on_screen``, those whose call was logged since, or replaced
        by a time agreed (the kept day itself does not change)."""
        now = self._clock.now()
        with self._lock:
            done, looked = self._shown | self._before, self._looked
        called = kept_here(self._called)
        subjects = self._planned_here.planned(
            [subject for subject in self._subjects if subject.id not in called],
            kept_here(self._planned),
        )
        decision = rules.decide(subjects, done, now, looked, self._timing)
        notices = tuple(rules.notices(decision, self._zone, now, gap))
        # Called, replaced by a time agreed, or answered by a later call: done with.
        live = {subject.id for subject in subjects}
        withdrawn = frozenset(item for item in on_screen if item[0] not in live)
        return Due(now, decision, notices, self._zone, withdrawn)

    def mark_fired(self, due: Due) -> None:
        with self._lock:
            self._shown.update(due.decision.fired)
            self._looked = max(self._looked, due.now)

    def shown(self) -> set[FiredKey]:
        """The reminders shown so far (for the store, once the server answers)."""
        with self._lock:
            return set(self._shown)

    def agreed_shown(self) -> set[AgreedKey]:
        """Of those, the reminders of calls agreed on calls kept here, by contact, moment
        and time: the server knows them only once the kept call is written there."""
        return self._planned_here.shown(self.shown())

    def agreed_here(self, follow_up_id: int) -> bool:
        """``follow_up_id`` goes for a call agreed on a call kept here (none on the server)."""
        return self._planned_here.own(follow_up_id)
