"""What the rep's numbers need to know about one contact's touches, worked out once when
a touch is logged (and by the migration that introduced it) instead of by scanning
every touch each time the numbers are shown.

The store keeps these facts next to the touches, in the same transaction that writes a
touch; ``store/touch_facts.py`` runs this over a contact's touches in the order the
figures have always used, (at, id). Pure: no SQL, no clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from followup_desktop.core import steps
from followup_desktop.core.model import Outcome

ATTEMPTS = frozenset(o.value for o in steps.ATTEMPTS)
CONNECTIONS = frozenset(o.value for o in steps.CONNECTIONS)
# The touches counted as "contacts it took" for a won prospect.
OUTREACH = ATTEMPTS | CONNECTIONS
# The conversations whose next touch the speed figures time.
TIMED = frozenset({Outcome.VISIT.value, Outcome.CONNECTED.value})
MICROSECOND = timedelta(microseconds=1)
VOICEMAIL = Outcome.VOICEMAIL.value
VISIT = Outcome.VISIT.value


@dataclass(frozen=True, slots=True)
class ContactFacts:
    # Attempts logged before the first connection; None while they never answered.
    attempts_before_connection: int | None = None
    # Attempts and conversations: what a won prospect took.
    outreach: int = 0
    # Voicemails since the last connection: a series still running (or abandoned).
    voicemail_run: int = 0
    # Voicemail series that ended with the person answering.
    answered_runs: int = 0
    visits: int = 0


@dataclass(frozen=True, slots=True)
class Facts:
    contact: ContactFacts
    # Per touch, in the order given: for visits and connected calls, microseconds to
    # the contact's next touch (None when there is none yet, or for other outcomes).
    next_touch_us: tuple[int | None, ...]


def of(touches: Sequence[tuple[str, datetime]]) -> Facts:
    """``touches``: (outcome, at) of one contact, ordered by (at, id). One pass: the
    migration runs this over every touch in the store."""
    first_connection = min((at for outcome, at in touches if outcome in CONNECTIONS), default=None)
    attempts_before = outreach = run = answered = visits = 0
    gaps: list[int | None] = []
    last = len(touches) - 1
    for index, (outcome, at) in enumerate(touches):
        if outcome in OUTREACH:
            outreach += 1
            if outcome in ATTEMPTS:
                # Strictly earlier, as the figure has always been defined: a tie is not
                # "before". (Touches come in time order, but the first connection may
                # share its instant with attempts listed after it.)
                attempts_before += first_connection is not None and at < first_connection
            if outcome == VOICEMAIL:
                run += 1
            elif outcome in CONNECTIONS:
                answered += run > 0
                run = 0
        if outcome == VISIT:
            visits += 1
        gaps.append(
            (touches[index + 1][1] - at) // MICROSECOND
            if outcome in TIMED and index < last
            else None
        )
    return Facts(
        ContactFacts(
            attempts_before_connection=None if first_connection is None else attempts_before,
            outreach=outreach,
            voicemail_run=run,
            answered_runs=answered,
            visits=visits,
        ),
        tuple(gaps),
    )
