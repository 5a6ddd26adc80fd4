"""The calls agreed on calls kept on this laptop, and the next steps the rep gave her own
time there (``kept_calls.planned_here``), as the reminders see them until the team server
plans them: planned steps that remind like any other, an agreed call in place of the
contact's other planned calls and e-mails.

One for both reminders that go on while the server is away: the kept day's, at a start
it did not answer (``kept_reminders``), and the store's, once it stops answering later
(``reminders.ReminderService``)."""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterable

from followup_desktop.core import reminders as rules
from followup_desktop.core.model import FollowUp, FollowUpKind
from followup_desktop.core.reminders import AgreedKey, FiredKey, Reminded, Subject, Timing
from followup_desktop.services.kept_calls import PlannedStep


class StepsPlannedHere:
    """The steps planned here have no id until the server plans them: each goes by one of
    its own meanwhile (by the kept call's write id), below any id the server gives, and is
    known by its contact."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # asked on a worker, stored on the writer thread
        self._ids: dict[tuple[str, bool], int] = {}
        self._contacts: dict[int, int] = {}

    def subjects(self, agreed: Iterable[PlannedStep], known: Iterable[Subject]) -> list[Subject]:
        """The steps planned on calls kept here (``agreed``), as the server will plan
        them; a contact among ``known`` says their company, on their clock."""
        contacts = {s.follow_up.contact_id: (s.company, s.contact_zone) for s in known}
        subjects = []
        for call in agreed:
            with self._lock:
                own_id = self._ids.setdefault((call.write_id, call.agreed), -1 - len(self._ids))
                self._contacts[own_id] = call.contact_id
            company, contact_zone = contacts.get(call.contact_id, ("", ""))
            follow_up = FollowUp(
                call.contact_id, call.kind, call.step, call.due_at, agreed=call.agreed, id=own_id
            )
            subjects.append(Subject(follow_up, call.contact_name, company, contact_zone))
        return subjects

    def planned(self, known: list[Subject], agreed: Collection[PlannedStep]) -> list[Subject]:
        """``known`` as the steps planned on calls kept here (``agreed``) leave it: a time
        agreed replaces the contact's other planned calls and e-mails; each reminds until
        a later call with the contact answers it. One the server has planned already (its
        kept call written there just now) is reminded of once, as the server's."""
        replaced = {call.contact_id for call in agreed if call.agreed}
        kept = [
            subject
            for subject in known
            if not (
                subject.follow_up.contact_id in replaced
                and subject.follow_up.kind is not FollowUpKind.TASK
                and not _agreed_at(subject, agreed)
            )
        ]
        on_server = {
            (s.follow_up.contact_id, s.follow_up.due_at)
            for s in kept
            if s.follow_up.kind is not FollowUpKind.TASK
        }
        waiting = [
            call
            for call in agreed
            if not call.answered and (call.contact_id, call.due_at) not in on_server
        ]
        return kept + self.subjects(waiting, known)

    def own(self, follow_up_id: int) -> bool:
        """``follow_up_id`` goes for a step planned on a call kept here (none on the server)."""
        with self._lock:
            return follow_up_id in self._contacts

    def shown(self, fired: Iterable[FiredKey]) -> set[AgreedKey]:
        """Of ``fired``, the reminders of steps planned here, by contact, moment and time:
        the server knows them only once the kept call is written there."""
        with self._lock:
            return {
                (self._contacts[own_id], moment, due_at)
                for own_id, moment, due_at in fired
                if own_id in self._contacts
            }

    def fired(
        self, subjects: Iterable[Subject], shown: Collection[AgreedKey], timing: Timing
    ) -> set[FiredKey]:
        """Of ``subjects``, the reminders of steps planned here already ``shown``."""
        if not shown:
            return set()
        return {
            reminder.key
            for subject in subjects
            if self.own(subject.id)
            for reminder in rules.moments(subject, timing)
            if rules.agreed_key(reminder) in shown
        }

    def gone(self, on_screen: Iterable[Reminded], planned: Iterable[Subject]) -> set[Reminded]:
        """Of the notices ``on_screen`` about steps planned here, those ``planned`` no
        longer has: answered by a later call, or agreed again. One the server has planned
        since stays: it is the same step."""
        calls = {
            (s.follow_up.contact_id, s.follow_up.due_at)
            for s in planned
            if s.follow_up.kind is not FollowUpKind.TASK
        }
        with self._lock:
            contacts = dict(self._contacts)
        return {
            (own_id, due_at)
            for own_id, due_at in on_screen
            if own_id in contacts and (contacts[own_id], due_at) not in calls
        }


def _agreed_at(subject: Subject, agreed: Collection[PlannedStep]) -> bool:
    """``subject`` is the call one of ``agreed`` agreed, planned by the server already."""
    follow_up = subject.follow_up
    return follow_up.agreed and any(
        (call.contact_id, call.due_at) == (follow_up.contact_id, follow_up.due_at)
        and call.agreed
        and not call.answered
        for call in agreed
    )
