"""The ``followup`` command: the scriptable face of the same services the GUI uses.

Exit status: 0 done; 1 done with problems (rejected rows, a failed check); 2 bad usage or
unreadable input. Errors are one line on stderr, never a traceback (those go to the log).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import NoReturn, TextIO

from followup_desktop import __version__, logs, paths
from followup_desktop.core.contact_rules import InvalidField
from followup_desktop.core.model import Contact
from followup_desktop.services import backups, maintenance
from followup_desktop.services.session import Services, open_services
from followup_desktop.store.backup import BackupFailed

log = logging.getLogger("followup.cli")

OK, PROBLEMS, USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad usage or unreadable input: exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, with a pointer to --help, instead of argparse's usage block.
        self.exit(USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat().replace("+00:00", "Z")


def _contact_json(contact: Contact, next_follow_up: datetime | None) -> dict[str, object]:
    return {
        "id": contact.id,
        "name": contact.name,
        "company": contact.company,
        "emails": [e.address for e in contact.emails],
        "phones": [p.e164 for p in contact.phones],
        "time_zone": contact.time_zone,
        "next_follow_up": _iso(next_follow_up),
    }


def cmd_import(services: Services, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    files = [Path(name) for name in args.files]
    report = services.importing.import_files(files)
    for rejection in report.rejections:
        print(str(rejection), file=err)
    for problem in report.unreadable:
        print(problem, file=err)
    print(report.summary(), file=out)
    if report.unreadable:
        return USAGE
    return PROBLEMS if report.rejected else OK


def cmd_contacts(services: Services, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    page_size = 1000
    last = None
    first = True
    if args.json:
        out.write("[")
    while summaries := services.contacts.page(args.search or "", after=last, limit=page_size):
        last = summaries[-1]
        if args.json:
            details = services.contacts.get_many([s.id for s in summaries])
            for summary in summaries:
                out.write(("" if first else ",") + "\n  ")
                out.write(
                    json.dumps(
                        _contact_json(details[summary.id], summary.next_follow_up_at),
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
                print(f"{summary.id:>7}  {summary.name}{company}  next: {when}", file=out)
    if args.json:
        out.write("\n]\n" if not first else "]\n")
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


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="followup", description="FollowUp from the command line.")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="data folder (default: FOLLOWUP_DATA_DIR or the user data folder)",
    )
    parser.add_argument("--version", action="version", version=f"followup {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = commands.add_parser("import", help="import contacts from CSV or vCard files")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(run=cmd_import)

    p = commands.add_parser("contacts", help="list contacts")
    p.add_argument("--search", metavar="TEXT")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_contacts)

    contact = commands.add_parser("contact", help="add a contact").add_subparsers(
        dest="action", required=True, parser_class=_Parser
    )
    p = contact.add_parser("add", help="add a contact; prints its id")
    p.add_argument("--name", required=True)
    p.add_argument("--company")
    p.add_argument("--email", action="append")
    p.add_argument("--phone", action="append")
    p.add_argument("--time-zone")
    p.set_defaults(run=cmd_contact_add)

    db = commands.add_parser("db", help="database maintenance").add_subparsers(
        dest="action", required=True, parser_class=_Parser
    )
    p = db.add_parser("check", help="run the full integrity checks")
    p.set_defaults(run=None, offline=_db_check)
    p = db.add_parser("backup", help="take a checked backup now")
    p.set_defaults(run=None, offline=_db_backup)
    p = db.add_parser(
        "restore", help="replace the database with a backup (the current file is kept aside)"
    )
    p.add_argument("backup", metavar="BACKUP")
    p.set_defaults(run=None, offline=_db_restore)
    return parser


def _db_backup(
    app_paths: paths.AppPaths, args: argparse.Namespace, out: TextIO, err: TextIO
) -> int:
    if not app_paths.database.exists():
        raise UsageError(f"there is no database in {app_paths.data_dir} to back up")
    info = backups.take_backup(app_paths, "manual")
    print(info.path, file=out)
    return OK


def _db_restore(
    app_paths: paths.AppPaths, args: argparse.Namespace, out: TextIO, err: TextIO
) -> int:
    source = Path(args.backup)
    if not source.is_file():
        # A bare name is looked up in the backups folder.
        source = app_paths.backups / args.backup
    if not source.is_file():
        raise UsageError(f"no backup named {args.backup}")
    try:
        replaced = backups.restore(app_paths, source)
    except BackupFailed as error:
        raise UsageError(str(error)) from None
    if replaced is not None:
        print(f"the previous database was kept as {replaced}", file=out)
    print(f"restored {source.name}", file=out)
    return OK


def _db_check(app_paths: paths.AppPaths, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    result = maintenance.check(app_paths.database)
    if result.ok:
        print(f"{app_paths.database}: ok", file=out)
        return OK
    print(f"{app_paths.database}: damaged: {result.verdict}", file=err)
    return PROBLEMS


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    args = _parser().parse_args(argv)
    app_paths = paths.resolve(args.data_dir)
    with contextlib.suppress(OSError):  # a read-only log folder must not stop the command
        logs.configure(app_paths.logs, "cli")
    offline: Callable[..., int] | None = getattr(args, "offline", None)
    try:
        if offline is not None:
            return offline(app_paths, args, out, err)
        services = open_services(app_paths)
        try:
            return int(args.run(services, args, out, err))
        finally:
            services.close()
    except UsageError as error:
        print(f"followup: {error}", file=err)
        return USAGE
    except Exception as error:
        log.exception("followup %s failed", args.command)
        print(
            f"followup: {error.__class__.__name__}: {error} (details in {app_paths.logs})", file=err
        )
        return PROBLEMS


if __name__ == "__main__":
    raise SystemExit(main())
