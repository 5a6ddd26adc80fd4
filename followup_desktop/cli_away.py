"""`followup away`: set the rep away for a holiday, clear it, or say how things stand.

followup away --from 2026-12-21 --to 2027-01-03   # away; follow-ups inside move after
followup away --clear                              # back
followup away                                      # the period, the agreed calls
                                                   # inside it to agree again and
                                                   # the promises due inside it
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any, TextIO

from followup_desktop.core.away import AwayPeriod
from followup_desktop.core.calendar import local, zone
from followup_desktop.core.clock_words import moment_text
from followup_desktop.core.email_wording import SUGGESTED_TIMES

if TYPE_CHECKING:
    from followup_desktop.services.away import AwayReport
    from followup_desktop.services.session import Services

OK, USAGE = 0, 2


class AwayUsageError(ValueError):
    pass


def add_parser(commands: Any) -> None:
    p = commands.add_parser(
        "away", help="away for a holiday: no reminders, follow-ups inside moved after it"
    )
    p.add_argument("--from", dest="first", metavar="YYYY-MM-DD", help="the first day away")
    p.add_argument("--to", dest="last", metavar="YYYY-MM-DD", help="the last day away")
    p.add_argument("--clear", action="store_true", help="back: reminders fire again")
    p.set_defaults(run=cmd_away)


def cmd_away(services: Services, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.clear:
        if args.first or args.last:
            raise AwayUsageError("--clear takes no days")
        report = services.away.clear()
    elif args.first or args.last:
        if not (args.first and args.last):
            raise AwayUsageError("give both --from and --to (the first and the last day away)")
        try:
            period = AwayPeriod.parse(args.first, args.last)
        except ValueError as error:
            raise AwayUsageError(str(error)) from None
        report = services.away.set(period)
    else:
        report = services.away.apply()
    print_report(report, services, out)
    return OK


def print_report(report: AwayReport, services: Services, out: TextIO) -> None:
    print(report.text(), file=out)
    rep_zone = services.settings.rep_zone()
    for agreed in report.agreed_inside:
        follow_up = agreed.follow_up
        contact = services.contacts.find(follow_up.contact_id)
        their = zone(contact.time_zone if contact else "", rep_zone)
        print(
            f"  {agreed.name}: agreed call {moment_text(local(follow_up.due_at, their))} "
            f"their time · e-mail them other times: followup export email {follow_up.id} "
            f"--template {SUGGESTED_TIMES}",
            file=out,
        )
    mine = zone(rep_zone)
    for promise in report.promises_inside:
        follow_up = promise.follow_up
        print(
            f"  {promise.name}: promise due {moment_text(local(follow_up.due_at, mine))} "
            f"your time · {follow_up.objective}",
            file=out,
        )
