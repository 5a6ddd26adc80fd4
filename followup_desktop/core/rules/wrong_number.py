"""A wrong number: no new calls, the open rule calls replaced, and a warning to correct the
number. The number is wrong, not the person: e-mail steps and agreed calls stay, and the
contact stays in the rep's day with a ``find-number`` task on her next business morning
(her own work, in her zone), one at a time. Saving a new number finishes it
(``core.new_number``)."""

from __future__ import annotations

from followup_desktop.core import settings as options
from followup_desktop.core import steps
from followup_desktop.core.cadence_model import Rule, RuleContext, RuleSteps
from followup_desktop.core.calendar import local, next_business_morning
from followup_desktop.core.model import FollowUp, FollowUpKind, Outcome

WARNING = "Wrong number: correct the phone number before calling."


def applies(ctx: RuleContext) -> bool:
    return ctx.event.outcome is Outcome.WRONG_NUMBER


def plan(ctx: RuleContext) -> RuleSteps:
    searching = any(steps.is_number_search(f) for f in ctx.history.open_follow_ups)
    return RuleSteps(
        [] if searching else [find_number(ctx)],
        replaces=frozenset({FollowUpKind.CALL}),
        warnings=(WARNING,),
    )


def find_number(ctx: RuleContext) -> FollowUp:
    """Due NEXT_MORNING_OFFSET_MIN after opening on the rep's next business day: looking a
    number up is her work, not a call placed in the contact's hours."""
    after = max(ctx.event.at, ctx.now)
    day = local(ctx.event.at, ctx.rep_zone).date()
    offset = ctx.minutes(options.NEXT_MORNING_OFFSET_MIN)
    due = next_business_morning(after, day, ctx.rep_zone, ctx.hours, offset)
    return FollowUp(
        ctx.history.contact_id,
        FollowUpKind.TASK,
        steps.FIND_NUMBER,
        due,
        # Its own words, whatever the call screen's objective said (that was the call's).
        objective=steps.default_objective(steps.FIND_NUMBER),
    )


RULE = Rule("wrong number", applies, plan)
