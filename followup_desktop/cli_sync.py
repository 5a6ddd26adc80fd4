"""`followup sync`: the rep's CalDAV calendar and CardDAV address book kept in step.

followup sync setup https://dav.example.com --user sam [--calendar NAME] [--address-book NAME]
                                                  # password: stdin or a prompt
followup sync                                     # one sync now, both ways
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any, TextIO

from followup_desktop.cli_password import read_password

if TYPE_CHECKING:
    from followup_desktop.services.calendar_sync import SyncReport
    from followup_desktop.services.session import Services

OK, PROBLEMS, USAGE = 0, 1, 2


def add_parser(commands: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    sync = commands.add_parser(
        "sync",
        help="agreed calls and promises onto your CalDAV calendar, contacts both ways with "
        "your CardDAV address book (once, now)",
    )
    sync.add_argument("--json", action="store_true", help="the report as JSON")
    sync.set_defaults(run=cmd_sync)
    actions = sync.add_subparsers(dest="action", parser_class=parser_class)
    p = actions.add_parser(
        "setup", help="the CalDAV account: checked, then kept (password in the keyring)"
    )
    p.add_argument(
        "--url", dest="url_option", default="", help="https://… address, or a bare domain"
    )
    p.add_argument("url", nargs="?", default="", help="the same, without --url")
    p.add_argument("--user", required=True)
    p.add_argument("--calendar", default="", help="a calendar's name (default: FollowUp, made)")
    p.add_argument(
        "--address-book", default="", help="an address book's name (default: FollowUp, made)"
    )
    p.set_defaults(run=cmd_setup)


def cmd_setup(services: Services, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from followup_desktop.exchange.caldav_calendar import SyncProblem

    url = args.url_option or args.url
    if not url:
        print("followup: give the server: followup sync setup --url URL --user NAME", file=err)
        return USAGE
    password = read_password(f"Password for {args.user} at {url}: ")
    if not password:
        print("followup: no password given (type it, or pipe it on stdin)", file=err)
        return USAGE
    try:
        report = services.calendar.setup(url, args.user, password, args.calendar, args.address_book)
    except SyncProblem as error:
        print(f"followup: the account was not kept: {error}", file=err)
        return PROBLEMS
    print(
        f"Connected: {len(report.calendars)} calendar(s): {', '.join(report.calendars)}.", file=out
    )
    made = " (made now)" if report.made else ""
    print(f"Agreed calls and promises go to {report.chosen!r}{made}.", file=out)
    if report.address_book:
        print(f"Your contacts go to the address book {report.address_book!r}.", file=out)
    else:
        print("This server keeps no address books: contacts stay here.", file=out)
    if not report.password_in_keyring:
        print(
            "No secure keyring here: the password is not kept, so the next sync asks again.",
            file=out,
        )
    return OK


def cmd_sync(services: Services, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from followup_desktop.services.calendar_sync import NotSetUp

    try:
        report = services.calendar.sync()
    except NotSetUp as error:
        print(f"followup: {error}", file=err)
        return USAGE
    cards, pulled = report.cards, report.pulled
    if args.json:
        print(json.dumps(_as_json(report)), file=out)
        return PROBLEMS if report.problem else OK
    line = (
        f"Calendar: {report.text()} · {report.put} put, {report.removed} removed"
        f" · contacts: {cards.put} put, {cards.removed} removed"
    )
    if pulled.new or pulled.updated or pulled.deleted:
        line += (
            f" · from your phone: {pulled.new} new, {pulled.updated} changed,"
            f" {pulled.deleted} deleted"
        )
    print(f"{line}.", file=out)
    for text in report.news():  # cards not taken in among them, with where and why
        print(f"  {text}", file=out)
    for name in report.changed_there:
        print(f"  {name}: changed on your calendar since; left as it is there", file=out)
    return PROBLEMS if report.problem else OK


def _as_json(report: SyncReport) -> dict[str, Any]:
    pulled = report.pulled
    return {
        "at": report.at.isoformat(),
        "status": report.text(),
        "problem": report.problem,
        "waiting": report.waiting,
        "calendar": {"put": report.put, "removed": report.removed},
        "contacts": {"put": report.cards.put, "removed": report.cards.removed},
        "from_phone": {"new": pulled.new, "changed": pulled.updated, "deleted": pulled.deleted},
        "news": list(report.news()),
        "not_taken_in": list(pulled.unreadable),
        "changed_there": list(report.changed_there),
    }
