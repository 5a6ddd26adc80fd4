"""The names of follow-up steps. A step's name is also its script id (the call screen
and the e-mail drafts look their words up by it) and is what the store keeps, so these
strings are part of the data format: add new ones, never rename.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from followup_desktop.core.model import FollowUp, FollowUpKind, Outcome, Touch

AGREED = "agreed-call"
RETRY = "retry-1"
NUDGE = "nudge"
CALL_BACK = "call-back"
CALL_AGAIN = "call-again"
SAME_DAY = "same-day"
NEXT_MORNING = "next-morning"
NOT_NOW = "not-now"
CHECK_IN = "check-in"
VALUE_TOUCH = "value-touch"
COMMITMENT = "commitment"
# "As soon as possible" is kept in the step itself so the store needs no extra column to
# know the task is urgent.
COMMITMENT_ASAP = "commitment-asap"
VOICEMAIL_PREFIX = "voicemail-"
SERIES_EMAIL_PREFIX = "series-email-"
# After a wrong number: the rep's own task to find the right one (a task, so no call
# screen dials the wrong number), then the first call on the number she saved.
FIND_NUMBER = "find-number"
NEW_NUMBER = "new-number"

# A miss on these starts or continues the missed-call ladder (PRODUCT.md practice 5).
LADDER_MISS_STEPS = frozenset({AGREED, RETRY})
LADDER_STEPS = frozenset({AGREED, RETRY, NUDGE, CALL_BACK})

# Outcomes where the rep reached the person: they end ladders and reset the series.
CONNECTIONS = frozenset({Outcome.CONNECTED, Outcome.VISIT, Outcome.INBOUND, Outcome.REPLIED})
# Touches that count as an attempt to reach someone (the persistence numbers).
ATTEMPTS = frozenset({Outcome.NO_ANSWER, Outcome.VOICEMAIL, Outcome.EMAIL_SENT, Outcome.NOT_NOW})
# Outcomes of the rep phoning: these are what "calling on another day" warns about.
CALLS = frozenset(
    {
        Outcome.CONNECTED,
        Outcome.VOICEMAIL,
        Outcome.NO_ANSWER,
        Outcome.NOT_NOW,
        Outcome.WRONG_NUMBER,
    }
)


def count_since_connection(touches: Sequence[Touch], counted: Collection[Outcome]) -> int:
    """How many of the touches since the last connection have an outcome in ``counted``."""
    count = 0
    for touch in reversed(touches):
        if touch.outcome in CONNECTIONS:
            break
        if touch.outcome in counted:
            count += 1
    return count


def voicemail_step(number: int) -> str:
    return f"{VOICEMAIL_PREFIX}{number}"


def series_email_step(number: int) -> str:
    return f"{SERIES_EMAIL_PREFIX}{number}"


def script_id(follow_up: FollowUp) -> str:
    return follow_up.step


def is_urgent(follow_up: FollowUp) -> bool:
    return follow_up.step == COMMITMENT_ASAP


def is_commitment(follow_up: FollowUp) -> bool:
    return follow_up.step in (COMMITMENT, COMMITMENT_ASAP)


def is_number_search(follow_up: FollowUp) -> bool:
    """The task of finding the right number: finished on the contact's form, not a call."""
    return follow_up.step == FIND_NUMBER


def is_own_work(follow_up: FollowUp) -> bool:
    """The rep's own work, with no time agreed with anyone: the search for a right
    number, a promise she keeps ("the proposal by 14:00" is her deadline, on her clock)."""
    return is_number_search(follow_up) or is_commitment(follow_up)


def clock_zone(follow_up: FollowUp, contact_zone: str, rep_zone: str) -> str:
    """The zone whose clock the step keeps: the rep's for her own work, the contact's
    for the rest."""
    return rep_zone if is_own_work(follow_up) else contact_zone


def step_to_move(planned: Sequence[FollowUp]) -> FollowUp | None:
    """The planned step a time the rep gives instead of the rules' is for: the next call
    (after a voicemail, the one her message announced, "I'll call again on Thursday",
    though the series e-mail goes before it), else the next e-mail; never a task (a
    promise, or her own search for a number)."""
    for kind in (FollowUpKind.CALL, FollowUpKind.EMAIL):
        step = next((f for f in planned if f.kind is kind), None)
        if step is not None:
            return step
    return None


def channels(outcome: Outcome) -> frozenset[FollowUpKind]:
    """Which kinds of follow-up a touch with this outcome can answer."""
    if outcome is Outcome.EMAIL_SENT:
        return frozenset({FollowUpKind.EMAIL})
    if outcome in CALLS:
        return frozenset({FollowUpKind.CALL})
    if outcome is Outcome.NOTE:
        return frozenset()
    return frozenset({FollowUpKind.CALL, FollowUpKind.EMAIL})


_OBJECTIVES = {
    AGREED: "the call they agreed to",
    RETRY: "retry: they missed the agreed call",
    NUDGE: "friendly nudge: find another time this week",
    CALL_BACK: "call back at the agreed time of day",
    CALL_AGAIN: "try again",
    SAME_DAY: "follow up while it is fresh",
    NEXT_MORNING: "follow up while it is fresh",
    NOT_NOW: "they asked for another time: try again",
    CHECK_IN: "long-term check-in",
    VALUE_TOUCH: "send something of value",
    FIND_NUMBER: "the number on file reached someone else",
    NEW_NUMBER: "the first call on the number you found",
}


def default_objective(step: str) -> str:
    if step in _OBJECTIVES:
        return _OBJECTIVES[step]
    if step.startswith(VOICEMAIL_PREFIX):
        # The call screen shows "voicemail 3 of 7" beside it: the number is not repeated.
        return "try again; leave a short message if they do not pick up"
    if step.startswith(SERIES_EMAIL_PREFIX):
        return "e-mail them a few times that suit them"
    return "follow up"


def _former_default(step: str) -> str:
    """The engine's words for a step in earlier versions, still on the follow-ups they
    planned (stored, so never rewritten): read as the step's default."""
    if step.startswith(VOICEMAIL_PREFIX):
        return f"voicemail series, step {step.removeprefix(VOICEMAIL_PREFIX)}"
    if step.startswith(SERIES_EMAIL_PREFIX):
        return "voicemail series e-mail: offer a few times that suit them"
    return ""


def is_default_objective(step: str, objective: str) -> bool:
    """``objective`` is the engine's for ``step`` (now or formerly), not one someone wrote."""
    return objective in (default_objective(step), _former_default(step))


def shown_objective(step: str, objective: str) -> str:
    """The objective as the rep reads it: the engine's former words in today's."""
    return default_objective(step) if is_default_objective(step, objective) else objective


_LABELS = {
    AGREED: "Agreed call",
    RETRY: "Retry call (they missed the agreed one)",
    NUDGE: "Nudge e-mail",
    CALL_BACK: "Call back",
    CALL_AGAIN: "Call again",
    SAME_DAY: "Same-day follow-up call",
    NEXT_MORNING: "Next-morning follow-up call",
    NOT_NOW: "Call again (they asked for another time)",
    CHECK_IN: "Check-in call",
    VALUE_TOUCH: "Value e-mail",
    COMMITMENT: "Promise due",
    COMMITMENT_ASAP: "Promise due as soon as possible",
    FIND_NUMBER: "Find the right number",
    NEW_NUMBER: "Call on the new number",
}


def label(step: str) -> str:
    """What a step is, for the rep: "Retry call …", "Call again (voicemail 3 if no
    answer)", "Sorry-I-missed-you e-mail 1 (voicemail series)"."""
    if step in _LABELS:
        return _LABELS[step]
    if step.startswith(VOICEMAIL_PREFIX):
        # Numbered as the call screen counts the messages ("voicemail 3 of 7"), not the
        # tries: a series can start after a missed call or two.
        return f"Call again (voicemail {step.removeprefix(VOICEMAIL_PREFIX)} if no answer)"
    if step.startswith(SERIES_EMAIL_PREFIX):
        # Named after the draft's template for it, "Sorry I missed you (voicemail
        # series)": "Series e-mail" said neither which series nor what the e-mail was,
        # and a bare "E-mail 1" reads as the contact's first address.
        number = step.removeprefix(SERIES_EMAIL_PREFIX)
        return f"Sorry-I-missed-you e-mail {number} (voicemail series)"
    return "Follow-up"


def describe(step: str, objective: str) -> str:
    """ "Agreed call: review the proposal"; the objective only when someone wrote it (the
    engine's default for the step would only repeat the label)."""
    if objective and not is_default_objective(step, objective):
        return f"{label(step)}: {objective}"
    return label(step)
