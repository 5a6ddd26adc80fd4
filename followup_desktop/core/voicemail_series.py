"""The voicemail series (PRODUCT.md practice 6, journey J6): when calls keep going to
voicemail, a paced run of short messages with a couple of e-mails mixed in, closed
politely by the last one, after which the contact is parked with a long-term check-in.

Spacing: business days from each voicemail to the next (VOICEMAIL_SPACING_DAYS, default
"2,2,3,3,5,5,7"; the last number repeats for longer series). Early steps come close
together while the reason for calling is fresh; later ones spread out so the series reads
as persistent, not pushy. Seven voicemails span about five weeks:

    voicemail    1   2   3   4   5   6   7
    next after   2   2   3   3   5   5   -    (7: parked, check-in PARKED_CHECK_IN_DAYS later)

E-mails (VOICEMAIL_EMAIL_STEPS) go out one business day after the voicemails spread
evenly through the series — with 7 voicemails and 2 e-mails, after voicemail 2 and 5 —
so every e-mail lands between two calls (with a voicemail the next business day, two
hours after the voicemail it follows, not with the call). Each step keeps the wall-clock time of the
voicemail it follows (clamped into business hours), so a contact reached mid-morning is
tried mid-morning. The step name is the script id: ``voicemail-3``, ``series-email-1``.

The series position counts voicemails since the last connection; a no-answer in between
does not break the series, any connection starts a new one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from followup_desktop.core import settings as options
from followup_desktop.core import steps
from followup_desktop.core.cadence_model import Rule, RuleContext, RuleSteps, SeriesPosition
from followup_desktop.core.calendar import same_time_business_days_later, same_time_days_later
from followup_desktop.core.model import ContactStatus, FollowUp, FollowUpKind, Outcome, Touch
from followup_desktop.core.settings import Settings

DEFAULT_SPACING = (2, 2, 3, 3, 5, 5, 7)
EMAIL_AFTER_VOICEMAIL_DAYS = 1
EMAIL_SAME_DAY_AFTER = timedelta(hours=2)


def spacing(settings: Settings) -> tuple[int, ...]:
    """The spacing setting; a damaged one means the default rather than a crash."""
    try:
        days = tuple(int(part) for part in settings.get(options.VOICEMAIL_SPACING_DAYS).split(","))
    except ValueError:
        return DEFAULT_SPACING
    return days if days and all(day >= 1 for day in days) else DEFAULT_SPACING


def wait_after(voicemail: int, days: Sequence[int] = DEFAULT_SPACING) -> int:
    """Business days from voicemail ``voicemail`` (1-based) to the next one."""
    return days[min(voicemail, len(days)) - 1]


def email_positions(voicemails: int, emails: int) -> list[int]:
    """After which voicemails (1-based) the series e-mails go, in order, at most one per gap
    and never after the last voicemail."""
    gaps = voicemails - 1
    if emails <= 0 or gaps <= 0:
        return []
    wanted = (round(number * voicemails / (emails + 1)) for number in range(1, emails + 1))
    return sorted({min(max(position, 1), gaps) for position in wanted})


def email_after(voicemail: int, voicemails: int, emails: int) -> int | None:
    """Which series e-mail (1-based) follows voicemail ``voicemail``, if any."""
    positions = email_positions(voicemails, emails)
    return positions.index(voicemail) + 1 if voicemail in positions else None


def voicemails_in_a_row(touches: Sequence[Touch]) -> int:
    """Voicemails since the last connection (other attempts do not break a series)."""
    return steps.count_since_connection(touches, {Outcome.VOICEMAIL})


def series_length(settings: Settings) -> int:
    return max(1, settings.get(options.VOICEMAIL_STEPS))


def has_ended(status: ContactStatus) -> bool:
    """The series parked the contact after its last voicemail: a call from then on is a
    check-in, and a voicemail left on it is planned by the parked rule, no step of this."""
    return status is ContactStatus.PARKED


def position_of_next(touches: Sequence[Touch], settings: Settings) -> SeriesPosition:
    """The position the next voicemail would have: what the call screen shows before
    the rep dials, and what logging one records."""
    total = series_length(settings)
    return SeriesPosition(min(voicemails_in_a_row(touches) + 1, total), total)


def times_named_at(follow_up: FollowUp, touches: Sequence[Touch]) -> datetime | None:
    """When the voicemail a series e-mail follows was left: the call screen worked out the
    times it names ("I'm e-mailing you three times that could work: …") from that moment,
    and the e-mail offers the same. None for any other step."""
    if not follow_up.step.startswith(steps.SERIES_EMAIL_PREFIX):
        return None
    left = (t.at for t in touches if t.outcome is Outcome.VOICEMAIL and t.at <= follow_up.due_at)
    return max(left, default=None)


def applies(ctx: RuleContext) -> bool:
    return ctx.event.outcome is Outcome.VOICEMAIL


def plan(ctx: RuleContext) -> RuleSteps:
    """The next step of the series; after the last voicemail the contact is parked."""
    created, position = plan_voicemail(ctx)
    parked = ContactStatus.PARKED if position.is_last else None
    return RuleSteps(created, status=parked, position=position)


def plan_voicemail(ctx: RuleContext) -> tuple[list[FollowUp], SeriesPosition]:
    position = position_of_next(ctx.history.touches, ctx.settings)
    at = ctx.event.at
    if position.is_last:
        return [check_in(ctx)], position
    created: list[FollowUp] = []
    wait = wait_after(position.voicemail, spacing(ctx.settings))
    after = ctx.inside_hours(same_time_business_days_later(at, wait, ctx.tz, ctx.hours))
    email = email_after(
        position.voicemail, position.total, ctx.settings.get(options.VOICEMAIL_EMAIL_STEPS)
    )
    if email is not None:
        when = same_time_business_days_later(at, EMAIL_AFTER_VOICEMAIL_DAYS, ctx.tz, ctx.hours)
        if ctx.inside_hours(when) >= after:
            # The next voicemail is a business day away (spacing 1): the e-mail would go
            # with the call, so it follows this voicemail a little later the same day.
            when = at + EMAIL_SAME_DAY_AFTER
        created.append(
            ctx.follow_up(
                FollowUpKind.EMAIL, steps.series_email_step(email), ctx.inside_hours(when)
            )
        )
    created.append(
        ctx.follow_up(FollowUpKind.CALL, steps.voicemail_step(position.voicemail + 1), after)
    )
    return created, position


def check_in(ctx: RuleContext) -> FollowUp:
    """The parked contact's long-term check-in, PARKED_CHECK_IN_DAYS on at the same time of
    day, inside business hours."""
    days = max(1, ctx.settings.get(options.PARKED_CHECK_IN_DAYS))
    due = same_time_days_later(ctx.event.at, days, ctx.tz, ctx.hours)
    return ctx.follow_up(FollowUpKind.CALL, steps.CHECK_IN, ctx.inside_hours(due))


RULE = Rule("voicemail series", applies, plan)
