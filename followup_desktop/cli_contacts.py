"""The command line's contacts: ``followup contacts`` lists them, ``followup contact``
adds one, lists and restores the deleted ones, and hands them to another rep."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any, TextIO

from followup_desktop.cli_usage import OK, UsageError, iso
from followup_desktop.core.contact_rules import InvalidField
from followup_desktop.core.model import Contact
from followup_desktop.services.session import Services


def add_parsers(commands: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    p = commands.add_parser("contacts", help="list contacts")
    p.add_argument("--search", metavar="TEXT")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--team",
        action="store_true",
        help="on a team server: the team's contacts with their rep (a rep: by name and "
        "company only, as the window's team list)",
    )
    p.set_defaults(run=cmd_contacts)

    contact = commands.add_parser(
        "contact", help="add a contact, bring back a deleted one, hand one over"
    ).add_subparsers(dest="action", required=True, parser_class=parser_class)
    p = contact.add_parser("add", help="add a contact; prints its id")
    p.add_argument("--name", required=True)
    p.add_argument("--company")
    p.add_argument("--email", action="append")
    p.add_argument("--phone", action="append")
    p.add_argument("--time-zone")
    p.set_defaults(run=cmd_contact_add)
    p = contact.add_parser("deleted", help="the contacts deleted, the latest first")
    p.add_argument("--most", type=int, default=500, metavar="N", help="at most N (500)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_contact_deleted)
    p = contact.add_parser(
        "restore", help="bring back a deleted contact with its history, steps and deals"
    )
    p.add_argument("contact_id", type=int, metavar="CONTACT_ID")
    p.set_defaults(run=cmd_contact_restore)
    p = contact.add_parser("hand", help="hand a contact to another rep (a team server)")
    p.add_argument("contact_id", type=int, metavar="CONTACT_ID")
    p.add_argument("--to", required=True, metavar="LOGIN", help="the rep's login")
    p.set_defaults(run=cmd_contact_hand)
    p = contact.add_parser(
        "hand-book", help="hand a whole book to another rep (a team server): yours, or --from's"
    )
    p.add_argument("--to", required=True, metavar="LOGIN", help="the rep's login")
    p.add_argument(
        "--from",
        dest="owner",
        metavar="LOGIN",
        help="the rep whose book it is (a manager); yours when left out",
    )
    p.set_defaults(run=cmd_contact_hand_book)


def _contact_json(contact: Contact, next_follow_up: datetime | None) -> dict[str, object]:
    return {
        "id": contact.id,
        "name": contact.name,
        "company": contact.company,
        "emails": [e.address for e in contact.emails],
        "phones": [p.number for p in contact.phones],
        # Kept as written: libphonenumber could not check them (dial them as they are).
        "phones_not_checked": [p.number for p in contact.phones if not p.checked],
        "time_zone": contact.time_zone,
        "next_follow_up": iso(next_follow_up),
    }


def _rep_json(login: str | None, name_of: Callable[[str], str]) -> dict[str, object]:
    """The contact's rep by name, and by login (what ``contact hand --to`` takes)."""
    return {"rep": name_of(login) if login else None, "rep_login": login or None}


def cmd_contacts(services: Services, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    team = args.team
    # Each contact's rep by name, as the window's list shows them (the login is a key).
    me = services.team_book.who() if team else None
    if me is not None and not me.manager:
        return _team_book(services, args, out, me.name_of)
    rep_name = me.name_of if me is not None else str
    page_size = 1000
    last = None
    first = True
    if args.json:
        out.write("[")
    while summaries := services.contacts.page(
        args.search or "", after=last, limit=page_size, team=team
    ):
        last = summaries[-1]
        if args.json:
            details = services.contacts.get_many([s.id for s in summaries])
            for summary in summaries:
                out.write(("" if first else ",") + "\n  ")
                out.write(
                    json.dumps(
                        _contact_json(details[summary.id], summary.next_follow_up_at)
                        | (_rep_json(summary.owner, rep_name) if team else {}),
                        ensure_ascii=False,
                    )
                )
                first = False
        else:
            for summary in summaries:
                when = (
                    summary.next_follow_up_at.isoformat(timespec="minutes")
                    if summary.next_follow_up_at
                    else "-"
                )
                company = f" · {summary.company}" if summary.company else ""
                rep = f"  rep: {rep_name(summary.owner)}" if team and summary.owner else ""
                print(f"{summary.id:>7}  {summary.name}{company}  next: {when}{rep}", file=out)
    if args.json:
        out.write("\n]\n" if not first else "]\n")
    elif last is None:  # said, where an empty answer read like a command that failed
        print(f"no contact matches {args.search!r}" if args.search else "no contacts yet", file=out)
    return OK


def _team_book(
    services: Services, args: argparse.Namespace, out: TextIO, rep_name: Callable[[str], str]
) -> int:
    """A rep's ``contacts --team``: the team's book (migration 0022), each contact's id,
    name, company and rep, as the window's "The team's contacts" lists them; the server
    gives a rep nothing else of a colleague's contact."""
    found = []
    last = None
    while summaries := services.team_book.page(args.search or "", after=last, limit=1000):
        found += summaries
        last = summaries[-1]
    if args.json:
        rows = [
            {"id": c.id, "name": c.name, "company": c.company} | _rep_json(c.owner, rep_name)
            for c in found
        ]
        out.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return OK
    for contact in found:
        company = f" · {contact.company}" if contact.company else ""
        print(f"{contact.id:>7}  {contact.name}{company}  rep: {rep_name(contact.owner)}", file=out)
    if not found:
        print(f"no contact matches {args.search!r}" if args.search else "no contacts yet", file=out)
    return OK


def cmd_contact_add(services: Services, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        contact = services.contacts.build(
            args.name,
            args.company or "",
            "",
            args.email or [],
            args.phone or [],
            args.time_zone or "",
        )
    except InvalidField as error:
        raise UsageError(str(error)) from None
    print(services.contacts.add(contact), file=out)
    return OK


def cmd_contact_deleted(
    services: Services, args: argparse.Namespace, out: TextIO, err: TextIO
) -> int:
    """The contacts deleted, the latest first: what ``contact restore`` brings back."""
    deleted = services.contacts.deleted(most=args.most)
    if args.json:
        rows = [
            {
                "id": d.id,
                "name": d.name,
                "company": d.company,
                "deleted_at": d.deleted_at.isoformat(),
            }
            for d in deleted
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2), file=out)
        return OK
    for d in deleted:
        company = f" · {d.company}" if d.company else ""
        print(
            f"{d.id:>7}  {d.name}{company}  deleted: {d.deleted_at.isoformat(timespec='minutes')}",
            file=out,
        )
    return OK


def cmd_contact_restore(
    services: Services, args: argparse.Namespace, out: TextIO, err: TextIO
) -> int:
    from followup_desktop.services.contacts import ContactNotFound

    live = services.contacts.find(args.contact_id)
    if live is not None:
        print(f"{live.name} is not deleted", file=out)
        return OK
    try:
        services.contacts.undelete(args.contact_id)
    except ContactNotFound as error:
        raise out_of_reach(services, args.contact_id, error) from None
    contact = services.contacts.get(args.contact_id)
    print(f"restored {contact.name}", file=out)
    return OK


def out_of_reach(services: Services, contact_id: int, error: Exception) -> UsageError:
    """A contact the command did not find, said as a colleague's when it is one (a team
    server hides them: "there is no contact 12" left the rep guessing at a typo)."""
    return UsageError(services.team_book.not_yours(contact_id) or str(error))


def cmd_contact_hand(services: Services, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from followup_desktop.services.team import hand_over

    return _handing(lambda: hand_over(services.db, services.clock, args.contact_id, args.to), out)


def cmd_contact_hand_book(
    services: Services, args: argparse.Namespace, out: TextIO, err: TextIO
) -> int:
    from followup_desktop.services.team import hand_book

    return _handing(lambda: hand_book(services.db, services.clock, args.to, args.owner), out)


def _handing(hand: Callable[[], str], out: TextIO) -> int:
    """A hand-over run, and what it did said; a refusal said as a usage error."""
    from followup_desktop.services.team import HandOverRefused

    try:
        said = hand()
    except HandOverRefused as error:
        raise UsageError(str(error)) from None
    print(said, file=out)
    return OK
