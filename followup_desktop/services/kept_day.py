"""The rep's day as last read from the team server, kept beside the profile: a start while
the server cannot be reached still shows it (with when it was read), instead of nothing.

Plain JSON (times in ISO 8601 with their offset), written whole (``durable_files``), the
rep's only. Anything that cannot be read back is no kept day: the window then waits for
the server with an empty Today, and nothing is lost (the server holds the day)."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from followup_desktop.core.agenda import AgendaEntry, AgendaItem, AgendaPage, TodayAgenda
from followup_desktop.core.durable_files import replace_file
from followup_desktop.core.model import FollowUp, FollowUpKind, FollowUpState
from followup_desktop.core.reminders import Timing
from followup_desktop.paths import AppPaths

log = logging.getLogger(__name__)

DAY_FILE = "team-day.json"


@dataclass(frozen=True, slots=True)
class KeptDay:
    day: TodayAgenda
    timing: Timing  # the reminders' leads when it was read


def keep(paths: AppPaths, server: str, day: TodayAgenda, timing: Timing) -> None:
    """``day``, read from ``server`` (its URL as shown: the login, never the password), as
    the one to show (and remind of) should the server be away at the next start."""
    body = {
        "server": server,
        **_body(day),
        "call_lead_s": timing.call_lead.total_seconds(),
        "commitment_lead_s": timing.commitment_lead.total_seconds(),
    }
    replace_file(paths.data_dir / DAY_FILE, json.dumps(body).encode("utf-8"))


def last(paths: AppPaths, server: str) -> KeptDay | None:
    """The day kept last from ``server`` (another server's or login's is not this rep's
    day there), or None (none kept, or unreadable: logged)."""
    path = paths.data_dir / DAY_FILE
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        if body.get("server") != server:
            return None
        day = _day(body)
        # A day kept before the leads were: the call's lead is the day's, a promise's the
        # default.
        timing = Timing(
            timedelta(seconds=body.get("call_lead_s", day.lead.total_seconds())),
            timedelta(
                seconds=body.get("commitment_lead_s", Timing().commitment_lead.total_seconds())
            ),
        )
        return KeptDay(day, timing)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as error:
        log.warning("the day kept in %s was not read: %s", path, error)
        return None


def _body(day: TodayAgenda) -> dict[str, Any]:
    page = day.page
    return {
        "now": day.now.isoformat(),
        "rep_zone": day.rep_zone,
        "lead_s": day.lead.total_seconds(),
        "overdue": page.overdue,
        "upcoming": page.upcoming,
        "counted_to": page.counted_to,
        "entries": [
            {
                "overdue": entry.item.overdue,
                "contact_name": entry.contact_name,
                "company": entry.company,
                "time_zone": entry.time_zone,
                "follow_up": {
                    "id": entry.item.follow_up.id,
                    "contact_id": entry.item.follow_up.contact_id,
                    "kind": entry.item.follow_up.kind.value,
                    "step": entry.item.follow_up.step,
                    "due_at": entry.item.follow_up.due_at.isoformat(),
                    "objective": entry.item.follow_up.objective,
                    "agreed": entry.item.follow_up.agreed,
                    "attempt": entry.item.follow_up.attempt,
                },
            }
            for entry in page.entries
        ],
    }


def _aware(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.utcoffset() is None:
        raise ValueError(f"a time without its offset: {text!r}")
    return moment


def _day(body: dict[str, Any]) -> TodayAgenda:
    entries = []
    for entry in body["entries"]:
        kept = entry["follow_up"]
        follow_up = FollowUp(
            contact_id=int(kept["contact_id"]),
            kind=FollowUpKind(kept["kind"]),
            step=str(kept["step"]),
            due_at=_aware(kept["due_at"]),
            objective=str(kept["objective"]),
            agreed=bool(kept["agreed"]),
            state=FollowUpState.OPEN,
            attempt=int(kept["attempt"]),
            id=None if kept["id"] is None else int(kept["id"]),
        )
        entries.append(
            AgendaEntry(
                AgendaItem(follow_up, bool(entry["overdue"])),
                str(entry["contact_name"]),
                str(entry["company"]),
                str(entry["time_zone"]),
            )
        )
    page = AgendaPage(entries, int(body["overdue"]), int(body["upcoming"]), int(body["counted_to"]))
    return TodayAgenda(
        page, _aware(body["now"]), str(body["rep_zone"]), timedelta(seconds=body["lead_s"])
    )
