"""`followup inbox check`: one look at the INBOX for replies from contacts whose series or
ladder is running (headers only; nothing on the server changes)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from followup_desktop.services.session import Services

OK, PROBLEMS = 0, 1


def add_parser(commands: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    inbox = commands.add_parser(
        "inbox", help="replies in your INBOX stop a contact's series (IMAP, read-only)"
    ).add_subparsers(dest="action", required=True, parser_class=parser_class)
    p = inbox.add_parser("check", help="look once for replies from contacts")
    p.set_defaults(run=cmd_check)


def cmd_check(services: Services, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from followup_desktop.exchange.imap_drafts import ImapProblem
    from followup_desktop.services.exports import ExportProblem

    try:
        report = services.inbox.check()
    except (ImapProblem, ExportProblem) as error:
        print(f"followup: the INBOX was not read: {error}", file=err)
        return PROBLEMS
    for reply in report.replies:
        print(reply.text(), file=out)
    for answer in report.automatic:
        print(answer.text(), file=out)
    for bounce in report.bounces:
        print(bounce.text(), file=out)
    new = report.looked_at
    print(
        f"{new} new message{'s' if new != 1 else ''}, "
        f"{len(report.replies)} repl{'ies' if len(report.replies) != 1 else 'y'} from contacts.",
        file=out,
    )
    return OK
