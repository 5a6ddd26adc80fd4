"""What to remind the rep of at a given instant (journey J3), decided from the wall clock
and what is stored — never from how long a timer has been running.

The caller passes the open follow-ups, the reminders already shown (``fired``), the
snoozes, a pause, ``now`` and the instant of its previous look (``last_check``);
``decide`` answers what to show now, what was missed while nobody was looking, what to
store as shown, and when to look again. Because the answer depends only on those
inputs, a suspend, a clock change or a restart can neither lose a reminder nor show one
twice: what was shown is in ``fired``, and anything due and not in it is shown.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from followup_desktop.core import settings as options
from followup_desktop.core import steps
from followup_desktop.core.calendar import zone
from followup_desktop.core.clock_words import both_clocks
from followup_desktop.core.model import FollowUp, FollowUpKind
from followup_desktop.core.phrases import noun_phrase
from followup_desktop.core.settings import Settings

# The scheduler looks at least this often, so an import or a change made by another
# process is picked up within a minute even when nothing tells us.
POLL = timedelta(minutes=1)
# A reminder shown this late is still "on time" (a timer woken a little late, a resume
# right after the moment); later than that, with nobody looking at the time, it was missed.
GRACE = timedelta(minutes=2)
# More reminders than this at the same instant become one grouped notification.
MOST_SHOWN_APART = 3


class Moment(enum.StrEnum):
    LEAD = "lead"  # REMINDER_LEAD_MIN before a call, COMMITMENT_LEAD_MIN before a promise
    DUE = "due"


class Gap(enum.StrEnum):
    """Why time passed without the scheduler looking; chooses the words for missed ones."""

    NONE = "none"
    START = "start"  # the app was not running
    SLEEP = "sleep"
    CLOCK_FORWARD = "clock-forward"
    CLOCK_BACK = "clock-back"


FiredKey = tuple[int, str, datetime]  # follow-up id, moment, the due time it was for
Reminded = tuple[int, datetime]  # what a notice is about: a follow-up id and its due time
# A reminder of an agreed call (or a next step at the rep's own time) not on the store
# yet (planned on a call kept on a laptop while the team server is away): contact id,
# moment, the time.
AgreedKey = tuple[int, str, datetime]


@dataclass(frozen=True, slots=True)
class Subject:
    """An open follow-up and what a reminder about it says."""

    follow_up: FollowUp
    contact_name: str
    company: str = ""
    contact_zone: str = ""  # empty: the rep's

    @property
    def id(self) -> int:
        assert self.follow_up.id is not None, "only stored follow-ups remind"
        return self.follow_up.id


@dataclass(frozen=True, slots=True)
class Timing:
    call_lead: timedelta = timedelta(minutes=15)
    commitment_lead: timedelta = timedelta(minutes=60)

    @classmethod
    def from_settings(cls, settings: Settings) -> Timing:
        return cls(
            timedelta(minutes=max(0, settings.get(options.REMINDER_LEAD_MIN))),
            timedelta(minutes=max(0, settings.get(options.COMMITMENT_LEAD_MIN))),
        )

    @property
    def longest(self) -> timedelta:
        return max(self.call_lead, self.commitment_lead)


@dataclass(frozen=True, slots=True)
class Reminder:
    subject: Subject
    moment: Moment
    at: datetime  # when it is meant to show

    @property
    def key(self) -> FiredKey:
        return (self.subject.id, self.moment.value, self.subject.follow_up.due_at)

    @property
    def due_at(self) -> datetime:
        return self.subject.follow_up.due_at


@dataclass(frozen=True, slots=True)
class Decision:
    show: tuple[Reminder, ...]  # on time: one per follow-up, in time order
    missed: tuple[Reminder, ...]  # passed while nobody looked: one per follow-up, grouped
    fired: tuple[FiredKey, ...]  # store these once shown (every moment the showing covers)
    snoozes_done: tuple[int, ...]  # snoozes this showing ends (or that lost their follow-up)
    next_wake: datetime
    snoozed_shown: frozenset[int] = field(default_factory=frozenset)

    @property
    def anything(self) -> bool:
        return bool(self.show or self.missed or self.fired or self.snoozes_done)


def moments(subject: Subject, timing: Timing) -> list[Reminder]:
    """The reminders a follow-up gets: calls before and at the time (a retry, which comes
    15 minutes after a miss, only at the time), e-mails and other tasks at the time,
    promises a while before and at the time. A follow-up created ten minutes before its
    time has a "before" moment already past: ``decide`` shows it at once, as not missed."""
    follow_up = subject.follow_up
    due = follow_up.due_at
    planned: list[tuple[Moment, datetime]] = []
    if follow_up.kind is FollowUpKind.CALL:
        if follow_up.step != steps.RETRY and timing.call_lead > timedelta(0):
            planned.append((Moment.LEAD, due - timing.call_lead))
        planned.append((Moment.DUE, due))
    elif steps.is_commitment(follow_up):
        planned.append((Moment.LEAD, due - timing.commitment_lead))
        # Work finished early is held until the promised time (practice 3): that time
        # itself says to send it.
        planned.append((Moment.DUE, due))
    else:
        planned.append((Moment.DUE, due))
    return [Reminder(subject, moment, at) for moment, at in planned]


def decide(
    subjects: Iterable[Subject],
    fired: Collection[FiredKey],
    now: datetime,
    last_check: datetime | None,
    timing: Timing,
    snoozes: Mapping[int, datetime] | None = None,
    paused_until: datetime | None = None,
) -> Decision:
    snoozes = snoozes or {}
    paused = paused_until is not None and paused_until > now
    wake = now + POLL
    if paused and paused_until is not None:
        wake = min(wake, paused_until)
    show: list[Reminder] = []
    missed: list[Reminder] = []
    to_fire: list[FiredKey] = []
    snoozes_done: list[int] = []
    snoozed_shown: set[int] = set()
    seen: set[int] = set()

    for subject in subjects:
        if subject.id in seen:
            continue
        seen.add(subject.id)
        planned = moments(subject, timing)
        snooze = snoozes.get(subject.id)
        for reminder in planned:
            if reminder.key not in fired and reminder.at > now:
                wake = min(wake, reminder.at)
        if snooze is not None and snooze > now:
            wake = min(wake, snooze)
            continue
        if paused:
            continue
        pending = [r for r in planned if r.at <= now and r.key not in fired]
        if snooze is not None:
            # The snooze ends: show the follow-up again, as of its latest moment so far.
            snoozes_done.append(subject.id)
            passed = [r for r in planned if r.at <= now]
            if not passed:
                # Moved later since it was snoozed: its own moments remind it then.
                continue
            latest, effective = passed[-1], snooze
            snoozed_shown.add(subject.id)
        elif pending:
            latest = pending[-1]
            effective = latest.at
        else:
            continue
        if paused_until is not None:
            effective = max(effective, paused_until)
        to_fire.extend(r.key for r in pending)
        if _was_missed(effective, now, last_check):
            missed.append(latest)
        else:
            show.append(latest)

    # A snooze whose follow-up is no longer open has nothing left to show.
    snoozes_done.extend(i for i in snoozes if i not in seen)
    order = _by_time
    return Decision(
        tuple(sorted(show, key=order)),
        tuple(sorted(missed, key=order)),
        tuple(to_fire),
        tuple(snoozes_done),
        max(wake, now),
        frozenset(snoozed_shown),
    )


def _was_missed(effective: datetime, now: datetime, last_check: datetime | None) -> bool:
    """Missed: the moment passed a while ago and nobody was looking when it did. One that
    passed before the last look but is pending only now (created or moved into the past,
    or shown by a process killed before it could store that) is shown as usual."""
    if now - effective <= GRACE:
        return False
    return last_check is None or effective > last_check


def _by_time(reminder: Reminder) -> tuple[datetime, datetime, int]:
    return (reminder.at, reminder.due_at, reminder.subject.id)


def detect_gap(
    wall_elapsed: float,
    awake_elapsed: float,
    boot_elapsed: float | None,
    tolerance: float = 5.0,
) -> Gap:
    """Tell a suspend from a clock change, in seconds since the previous look.

    ``awake_elapsed`` is a monotonic clock that stops while the computer sleeps (Linux
    CLOCK_MONOTONIC, macOS mach time); ``boot_elapsed`` one that keeps counting through
    sleep (Linux CLOCK_BOOTTIME), None where there is none. The wall clock follows both
    sleep and the rep (or NTP) setting the time.
    """
    through_sleep = boot_elapsed if boot_elapsed is not None else awake_elapsed
    if boot_elapsed is not None and boot_elapsed - awake_elapsed > tolerance:
        return Gap.SLEEP
    jump = wall_elapsed - through_sleep
    if jump > tolerance:
        # Without a clock that counts sleep, a forward jump and a sleep look the same;
        # sleep is far more common on a laptop.
        return Gap.CLOCK_FORWARD if boot_elapsed is not None else Gap.SLEEP
    if jump < -tolerance:
        return Gap.CLOCK_BACK
    return Gap.NONE


# Words ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Listed:
    """One reminder of a group notice: what it is about, whose call, and its line."""

    about: Reminded
    contact_id: int
    line: str


@dataclass(frozen=True, slots=True)
class Notice:
    """One desktop notification: what it says and what clicking it opens."""

    title: str
    body: str
    contact_id: int | None = None  # None: a group, which opens the main window
    follow_up_id: int | None = None
    missed: bool = False
    can_snooze: bool = False
    about: tuple[Reminded, ...] = ()  # what it reminds of: one follow-up, or a group's
    # A group's reminders, each with its line (those past LISTED too), and why it was
    # missed: what it says again without those done (``without``).
    listed: tuple[Listed, ...] = ()
    gap: Gap = Gap.NONE

    @property
    def single(self) -> int | None:
        """The follow-up a notice about one alone is for: a later reminder of it takes
        this notice's place on screen."""
        return self.about[0][0] if len(self.about) == 1 else None


def agreed_key(reminder: Reminder) -> AgreedKey:
    """What a reminder of an agreed call (or a step at the rep's own time) is known by
    before the store has it."""
    follow_up = reminder.subject.follow_up
    return (follow_up.contact_id, reminder.moment.value, follow_up.due_at)


def shown_as_agreed(
    subjects: Iterable[Subject], shown: Collection[AgreedKey], timing: Timing
) -> dict[AgreedKey, FiredKey]:
    """Of ``subjects``, the reminders already shown for the agreed call (or the step at
    the rep's own time) they are, by the same contact, moment and time, while the call
    that planned it was kept on a laptop: the same call, now stored, so not to be shown
    again."""
    if not shown:
        return {}
    return {
        agreed_key(reminder): reminder.key
        for subject in subjects
        if subject.follow_up.kind is not FollowUpKind.TASK
        for reminder in moments(subject, timing)
        if agreed_key(reminder) in shown
    }


def withdrawn(
    on_screen: Iterable[Reminded],
    open_due: Mapping[int, datetime],
    snoozes: Mapping[int, datetime],
    now: datetime,
) -> frozenset[Reminded]:
    """What a notice on screen reminds of and no longer needs to: logged, done or
    cancelled (not open any more), moved (due at another time now), or snoozed. Its
    notice would otherwise stay, and a click on it open a call already made."""
    return frozenset(
        (follow_up_id, due)
        for follow_up_id, due in on_screen
        if open_due.get(follow_up_id) != due or snoozes.get(follow_up_id, now) > now
    )


def _when(subject: Subject, rep_zone: str, now: datetime) -> str:
    """ "10:00 (their 11:00)": the contact's clock only where it reads differently."""
    mine = zone(rep_zone)
    # The rep's own work (finding a number) keeps her clock: no time of theirs beside it.
    theirs = zone(steps.clock_zone(subject.follow_up, subject.contact_zone, rep_zone), rep_zone)
    mine_text, their_text = both_clocks(subject.follow_up.due_at, mine, theirs, now)
    return f"{mine_text} (their {their_text})" if their_text else mine_text


def headline(subject: Subject, rep_zone: str, now: datetime) -> str:
    """ "Call Jane Smith at 10:00 (their 11:00)"."""
    follow_up = subject.follow_up
    when = _when(subject, rep_zone, now)
    name = subject.contact_name
    if follow_up.kind is FollowUpKind.CALL:
        return f"Call {name} at {when}"
    if follow_up.kind is FollowUpKind.EMAIL:
        return f"E-mail {name} at {when}"
    if steps.is_commitment(follow_up):
        return f"Promised to {name} {_promised(subject, when)}"
    if steps.is_number_search(follow_up):
        return f"Find the right number for {name} at {when}"
    return f"For {name} at {when}"


def _promised(subject: Subject, when: str) -> str:
    """ "for 09:00"; a promise made as soon as possible had no time: its due time is only
    when it was made."""
    return "as soon as possible" if steps.is_urgent(subject.follow_up) else f"for {when}"


def _send_now(reminder: Reminder, now: datetime) -> bool:
    """A promise whose time has come: what to do is send it (practice 3)."""
    return steps.is_commitment(reminder.subject.follow_up) and reminder.due_at <= now


def title(reminder: Reminder, rep_zone: str, now: datetime) -> str:
    """What a notice, a group's line or the tray says first: the headline, or once a
    promise's time has come what to do now ("Send the proposal to Pierre Durand now:
    promised for 09:00")."""
    subject = reminder.subject
    if not _send_now(reminder, now):
        return headline(subject, rep_zone, now)
    what = noun_phrase(subject.follow_up.objective)
    promised = f"the {what}" if what else "what you promised"
    when = _promised(subject, _when(subject, rep_zone, now))
    return f"Send {promised} to {subject.contact_name} now: promised {when}"


def _objective(subject: Subject) -> str:
    follow_up = subject.follow_up
    if follow_up.step == steps.RETRY:
        # It keeps the agreed call's objective: without its name it read as that call.
        return steps.describe(follow_up.step, follow_up.objective)
    if follow_up.objective:
        return steps.shown_objective(follow_up.step, follow_up.objective)
    if follow_up.step == steps.NUDGE:
        return "a short, friendly nudge (draft ready)"
    return ""


def one_line(reminder: Reminder, rep_zone: str, now: datetime) -> str:
    """ "Call Jane Smith at 10:00 (their 11:00) — review the proposal": a group's lines and
    the tray's, in a notice's words (a promise to send now names what it is already)."""
    text = title(reminder, rep_zone, now)
    objective = "" if _send_now(reminder, now) else _objective(reminder.subject)
    return f"{text} — {objective}" if objective else text


def _how_soon(due: datetime, now: datetime) -> str:
    minutes = round((due - now).total_seconds() / 60)
    if minutes >= 90:  # a promise's or a long lead: "in 2 h 30" reads at a glance
        hours, rest = divmod(minutes, 60)
        return f"in {hours} h {rest:02d}" if rest else f"in {hours} h"
    if minutes >= 1:
        return f"in {minutes} min"
    if minutes <= -1:
        return f"{-minutes} min ago" if minutes > -90 else "overdue"
    return "now"


def notice(reminder: Reminder, rep_zone: str, now: datetime) -> Notice:
    subject = reminder.subject
    details = [_how_soon(reminder.due_at, now)]
    if subject.company:
        details.append(subject.company)
    objective = _objective(subject)
    body = " · ".join(details)
    return Notice(
        title(reminder, rep_zone, now),
        f"{objective}\n{body}" if objective else body,
        subject.follow_up.contact_id,
        subject.id,
        can_snooze=True,
        about=((subject.id, subject.follow_up.due_at),),
    )


_WHY = {
    Gap.SLEEP: "while your computer was asleep",
    Gap.START: "while FollowUp was not running",
    Gap.CLOCK_FORWARD: "when the clock moved forward",
}
LISTED = 5


def group_notice(
    reminders: tuple[Reminder, ...], rep_zone: str, now: datetime, missed: bool, gap: Gap
) -> Notice:
    """Several at once, in one notification: "3 reminders missed while your computer was
    asleep". A single missed one still opens its call screen."""
    listed = tuple(
        Listed((r.subject.id, r.due_at), r.subject.follow_up.contact_id, one_line(r, rep_zone, now))
        for r in reminders
    )
    return _group(listed, missed, gap)


def _group(listed: tuple[Listed, ...], missed: bool, gap: Gap) -> Notice:
    count = len(listed)
    noun = "reminder" if count == 1 else "reminders"
    if missed:
        title = f"{count} {noun} missed {_WHY.get(gap, 'while FollowUp was not looking')}"
    else:
        title = f"{count} {noun} due now"
    lines = [item.line for item in listed[:LISTED]]
    if count > LISTED:
        lines.append(f"and {count - LISTED} more in Today")
    single = listed[0] if count == 1 else None
    return Notice(
        title,
        "\n".join(lines),
        single.contact_id if single else None,
        single.about[0] if single else None,
        missed=missed,
        can_snooze=single is not None,
        about=tuple(item.about for item in listed),
        listed=listed,
        gap=gap,
    )


def without(notice: Notice, done: Collection[Reminded]) -> Notice | None:
    """``notice`` once what is ``done`` (logged, moved, snoozed) is off it: None when
    nothing is left; a group says the rest ("2 reminders due now", their lines), the
    same notice when none of it is done."""
    if not notice.listed:
        return None if notice.about and set(notice.about) <= set(done) else notice
    left = tuple(item for item in notice.listed if item.about not in done)
    if len(left) == len(notice.listed):
        return notice
    return _group(left, notice.missed, notice.gap) if left else None


def notices(decision: Decision, rep_zone: str, now: datetime, gap: Gap) -> list[Notice]:
    """What goes on screen for a decision: on-time ones apart (grouped when many), missed
    ones always grouped, once."""
    shown: list[Notice] = []
    if decision.missed:
        shown.append(group_notice(decision.missed, rep_zone, now, True, gap))
    if len(decision.show) > MOST_SHOWN_APART:
        shown.append(group_notice(decision.show, rep_zone, now, False, gap))
    else:
        shown.extend(notice(r, rep_zone, now) for r in decision.show)
    return shown
