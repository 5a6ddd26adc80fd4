"""What the team server would not take of what was kept on this laptop while it was away
(``kept_writes``: a call whose contact was deleted or handed to another rep meanwhile, a
save the server refuses). Nothing the rep logged is dropped: each stays in the outbox,
set aside, until the rep has done with it. Here it is read back in plain words (what it
was, when it was kept, why it was refused), as a whole text to copy, and let go once the
rep says so.

Plain Python: the window's notice and list, and ``followup set-aside``, show this."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from followup_desktop.core.calendar import zone
from followup_desktop.core.clock_words import moment_text
from followup_desktop.core.contact_merge import LISTS, SINGLE, shown
from followup_desktop.core.contact_timeline import OUTCOME_WORDS
from followup_desktop.core.model import Contact, Deal, Outcome
from followup_desktop.core.money import money
from followup_desktop.core.steps import describe
from followup_desktop.services import kept_calls, kept_edits, kept_queue
from followup_desktop.store.outbox import Kept, Outbox

# What each kind of kept write is called in the notice (one, many).
_NOUNS = {
    "call": ("call", "calls"),
    "notes": ("call's notes", "calls' notes"),
    "contact": ("contact's save", "contacts' saves"),
    "skip": ("call passed over", "calls passed over"),
    "other": ("write", "writes"),
}
_KINDS = {
    kept_calls.KIND: "call",
    kept_calls.DRAFT_KIND: "notes",
    kept_edits.KIND: "contact",
    kept_queue.SKIP_KIND: "skip",
}


def when_text(moment: datetime, rep_zone: tzinfo) -> str:
    """In the rep's own zone, with the year, as the history shows times."""
    return moment_text(moment.astimezone(rep_zone), year=True)


@dataclass(frozen=True, slots=True)
class SetAsideWrite:
    """One write the team server refused for good, as the rep reads it."""

    id: str
    kind: str  # call, notes, contact, skip (other: a kind this version does not know)
    kept_at: datetime
    what: str  # one line: "Call with Priya Patel: connected"
    details: tuple[str, ...]  # what it said, line by line: the notes, the next step…
    why: str  # why the server refused it

    def text(self, rep_zone: tzinfo) -> str:
        """The whole of it, notes included: what the rep copies to write it elsewhere."""
        lines = [
            self.what,
            f"Kept on this laptop: {when_text(self.kept_at, rep_zone)}",
            *self.details,
            f"Not taken by the team server: {self.why}",
        ]
        return "\n".join(lines)


def notice(writes: list[SetAsideWrite]) -> str:
    """ "2 calls kept on this laptop were not taken by the team server"; "" when none."""
    if not writes:
        return ""
    counts = Counter(w.kind for w in writes)
    parts = [
        f"{count} {_NOUNS[kind][count != 1]}" for kind in _NOUNS if (count := counts.get(kind, 0))
    ]
    said = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    verb = "was" if len(writes) == 1 else "were"
    return f"{said} kept on this laptop {verb} not taken by the team server"


class SetAsideWrites:
    """The outbox's writes set aside, read and let go. ``names``: the contacts' names
    known on this laptop (the calls kept for later), for writes that carry no name."""

    def __init__(
        self,
        outbox: Outbox | None,
        rep_zone: Callable[[], str],
        names: Callable[[], Mapping[int, str]] = dict,
    ) -> None:
        self._outbox, self._rep_zone, self._names = outbox, rep_zone, names

    def rep_zone(self) -> tzinfo:
        return zone(self._rep_zone())

    def entries(self) -> list[SetAsideWrite]:
        """Oldest first, as they were kept."""
        if self._outbox is None:
            return []
        kept = self._outbox.set_aside()
        if not kept:
            return []
        names, rep_zone = self._names(), self.rep_zone()
        return [described(k, names, rep_zone) for k in kept]

    def notice(self) -> str:
        return notice(self.entries())

    def remove(self, write_id: str) -> bool:
        """Let go of one, once the rep has done with it (False: not set aside here)."""
        return self._outbox is not None and self._outbox.forget_set_aside(write_id)


def described(kept: Kept, names: Mapping[int, str], rep_zone: tzinfo) -> SetAsideWrite:
    """``kept`` in plain words. A body this version cannot read is still listed, as it
    was kept, rather than hidden."""
    kind = _KINDS.get(kept.kind, "other")
    try:
        what, details = _READERS[kind](kept.body, names, rep_zone)
    except (KeyError, ValueError, TypeError):
        kind = "other"
        what, details = _unknown(kept.body, names, rep_zone)
    return SetAsideWrite(kept.id, kind, kept.kept_at, what, details, kept.problem)


def _name(names: Mapping[int, str], contact_id: int, given: object = "") -> str:
    if isinstance(given, str) and given:
        return given
    return names.get(contact_id) or f"contact no. {contact_id}"


def _call(
    body: dict[str, Any], names: Mapping[int, str], rep_zone: tzinfo
) -> tuple[str, tuple[str, ...]]:
    call = kept_calls.from_body(body)
    name = _name(names, call["contact_id"], body.get("contact_name"))
    words = OUTCOME_WORDS[Outcome(call["outcome"])]
    if words.startswith("Call: "):
        what = f"Call with {name}: {words.removeprefix('Call: ')}"
    else:
        what = f"{words}: {name}"
    details = [f"When: {when_text(call['at'], rep_zone)}"]
    details.append(f"Notes: {call['notes']}" if call["notes"].strip() else "Notes: (none)")
    agreed, objective = call["agreed_next"], call["objective"]
    if agreed is not None:
        aim = f" — {objective}" if objective else ""
        details.append(f"Next step: call agreed for {when_text(agreed, rep_zone)}{aim}")
    elif call["next_at"] is not None:
        details.append(f"Next step: planned for {when_text(call['next_at'], rep_zone)}")
    elif objective:
        details.append(f"Next step: {objective}")
    promise = call["commitment"]
    if promise is not None:
        due = (
            "as soon as possible"
            if promise.asap or promise.due_at is None
            else f"by {when_text(promise.due_at, rep_zone)}"
        )
        details.append(f"Promised: {promise.description}, {due}")
    return what, tuple(details)


def _notes(
    body: dict[str, Any], names: Mapping[int, str], _zone: tzinfo
) -> tuple[str, tuple[str, ...]]:
    draft = kept_calls.kept_draft_of(body)
    name = _name(names, draft.contact_id)
    notes = draft.notes if draft.notes.strip() else "(none)"
    return f"Notes typed for a call with {name}", (f"Notes: {notes}",)


def _contact(
    body: dict[str, Any], _names: Mapping[int, str], _zone: tzinfo
) -> tuple[str, tuple[str, ...]]:
    edit = kept_edits.edit_of(body)
    if edit.opened is None:
        lines = [f"{label}: {shown(getattr(edit.edited, f))}" for f, label in _fields()]
        what = f"New contact: {edit.edited.name}"
        details = [line for line in lines if not line.endswith(("(empty)", "(none)"))]
    else:
        what = f"Save of {edit.edited.name}"
        details = _changed(edit.opened, edit.edited) or ["No field changed"]
    if edit.deal is not None:
        details.append(_deal(edit.deal))
    return what, tuple(details)


def _fields() -> list[tuple[str, str]]:
    return [*SINGLE.items(), *LISTS.items()]


def _changed(opened: Contact, edited: Contact) -> list[str]:
    return [
        f"{label}: {shown(getattr(opened, f))} → {shown(getattr(edited, f))}"
        for f, label in _fields()
        if getattr(opened, f) != getattr(edited, f)
    ]


def _deal(deal: Deal) -> str:
    value = money(deal.value_minor, deal.currency)  # a yen has no cents
    return f"Deal: {deal.title or '(no title)'}, {value}, {deal.stage.value.capitalize()}"


def _skip(
    body: dict[str, Any], _names: Mapping[int, str], rep_zone: tzinfo
) -> tuple[str, tuple[str, ...]]:
    skip = kept_queue.skip_of(body)
    follow_up = skip.call.follow_up
    return f"Call with {skip.call.name} passed over", (
        f"When: {when_text(skip.at, rep_zone)}",
        f"The call: {describe(follow_up.step, follow_up.objective)}",
        f"Why: {skip.reason or 'no reason given'}",
    )


def _unknown(
    body: dict[str, Any], _names: Mapping[int, str], _zone: tzinfo
) -> tuple[str, tuple[str, ...]]:
    lines = tuple(f"{key}: {value}" for key, value in body.items() if value not in ("", None))
    return "A write kept on this laptop", lines


_Reader = Callable[[dict[str, Any], Mapping[int, str], tzinfo], tuple[str, tuple[str, ...]]]
_READERS: dict[str, _Reader] = {
    "call": _call,
    "notes": _notes,
    "contact": _contact,
    "skip": _skip,
    "other": _unknown,
}
