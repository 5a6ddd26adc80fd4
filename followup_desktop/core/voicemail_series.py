"""The voicemail series: when calls keep going to voicemail, a paced run of short
messages with a couple of e-mails mixed in, closed politely by the last one.

Spacing (business days after each voicemail, before the next one). Early steps come
close together while the reason for calling is fresh, later ones spread out so the
series reads as persistent, not pushy; seven voicemails span about five weeks:

    voicemail  1   2   3   4   5   6   7
    wait       2   2   3   3   5   5   -   (then parked, check-in after 90 days)

E-mails go out the business day after the voicemails spread evenly through the series
(with 7 voicemails and 2 e-mails: after voicemail 2 and voicemail 5), so every e-mail
lands between two calls. Each step's name is also its script id: ``voicemail-3``,
``series-email-1``.
"""

from __future__ import annotations

from dataclasses import dataclass

SPACING = (2, 2, 3, 3, 5, 5)
LONG_GAP = 7  # for series longer than the table


def wait_after(voicemail: int) -> int:
    """Business days from voicemail ``voicemail`` (1-based) to the next one."""
    return SPACING[voicemail - 1] if voicemail <= len(SPACING) else LONG_GAP


def email_after(voicemail: int, voicemails: int, emails: int) -> int | None:
    """Which series e-mail (1-based) follows voicemail ``voicemail``, if any."""
    if emails <= 0 or voicemails <= 1:
        return None
    # Spread the e-mails over the gaps between voicemails (never after the last one).
    gaps = voicemails - 1
    positions = [round((index + 1) * (gaps + 1) / (emails + 1)) for index in range(emails)]
    positions = [min(max(position, 1), gaps) for position in positions]
    for number, position in enumerate(positions, start=1):
        if position == voicemail and positions.index(position) == number - 1:
            return number
    return None


@dataclass(frozen=True, slots=True)
class SeriesPosition:
    voicemail: int  # this voicemail's number in the series, 1-based
    total: int

    @property
    def is_last(self) -> bool:
        return self.voicemail >= self.total

    def label(self) -> str:
        return f"voicemail {self.voicemail} of {self.total}"


def step_name(voicemail: int) -> str:
    return f"voicemail-{voicemail}"


def email_step_name(number: int) -> str:
    return f"series-email-{number}"
