"""The ``followup`` command: the scriptable face of the same services the GUI uses.

Exit status: 0 done; 1 done with problems (rejected rows, a failed check); 2 bad usage or
unreadable input. Errors are one line on stderr, never a traceback (those go to the log).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn, TextIO
from zoneinfo import ZoneInfo

from followup_desktop import (
    __version__,
    cli_away,
    cli_contacts,
    cli_inbox,
    cli_set_aside,
    cli_settings,
    cli_sync,
    cli_team,
    logs,
    paths,
)
from followup_desktop.cli_usage import OK, PROBLEMS, USAGE, UsageError, iso
from followup_desktop.core import steps
from followup_desktop.core.calendar import check_year
from followup_desktop.core.clock import Clock
from followup_desktop.core.clock_words import moment_text
from followup_desktop.core.model import FollowUp, Outcome
from followup_desktop.services import backups, maintenance
from followup_desktop.services.backups import BackupFailed
from followup_desktop.services.call_requests import LogCall
from followup_desktop.services.disk_trouble import (
    disk_trouble,
    full_disk,
    plain_error,
    watch_folder,
)
from followup_desktop.services.exports import ExportProblem
from followup_desktop.services.followups import NotFound
from followup_desktop.services.session import (
    Services,
    StoreDamaged,
    StoreUnavailable,
    open_services,
    taken_back_message,
)
from followup_desktop.services.stats import as_json, stats_lines

log = logging.getLogger("followup.cli")

OUTCOMES = (
    "connected",
    "voicemail",
    "no-answer",
    "visit",
    "email-sent",
    "wrong-number",
    "not-now",
    "inbound",
    "replied",
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, with a pointer to --help, instead of argparse's usage block.
        self.exit(USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def cmd_import(services: Services, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    files = [Path(name) for name in args.files]
    report = services.importing.import_files(files)
    # Capped: a file with 10,000 broken records says so in a few lines, not 10,000.
    for line in [
        *report.rejections.lines(),
        *report.warnings.lines("warning"),
        *report.merges.lines(),
        *report.unreadable,
    ]:
        print(line, file=err)
    print(report.summary(), file=out)
    if report.unreadable:
        return USAGE
    return PROBLEMS if report.rejected else OK


def _instant(text: str, flag: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(
            f"{flag} {text!r} is not an ISO 8601 time (e.g. 2026-11-24T10:00+01:00)"
        ) from None
    if moment.tzinfo is None:
        raise UsageError(f"{flag} {text!r} needs an offset (e.g. +01:00 or Z)")
    try:
        check_year(moment)
    except ValueError as error:
        raise UsageError(f"{flag} {text!r}: {error}") from None
    return moment.astimezone(UTC)


def _follow_up_json(follow_up: FollowUp) -> dict[str, object]:
    return {
        "id": follow_up.id,
        "contact_id": follow_up.contact_id,
        "kind": follow_up.kind.value,
        "step": follow_up.step,
        "due_at": iso(follow_up.due_at),
        "agreed": follow_up.agreed,
        "objective": follow_up.objective,
    }


def _local(moment: datetime, zone: str) -> str:
    return moment_text(moment.astimezone(ZoneInfo(zone)))


def cmd_log(services: Services, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        outcome = Outcome(args.outcome)
    except ValueError:
        raise UsageError(
            f"--outcome {args.outcome!r}: choose one of {', '.join(OUTCOMES)}"
        ) from None
    at = _instant(args.at, "--at") if args.at else None
    agreed = _instant(args.next, "--next") if args.next else None
    if (args.invite or args.draft) and agreed is None:
        raise UsageError("--invite and --draft are for the call agreed with --next")
    request = LogCall(
        args.contact_id,
        outcome,
        args.notes or "",
        at,
        args.follow_up,
        agreed,
        args.objective or "",
        invite=args.invite is not None,
        invite_to=Path(args.invite) if args.invite else None,
        draft_to=Path(args.draft) if args.draft else None,
    )
    try:
        result = services.calls.log_call(request)
    except NotFound as error:
        raise cli_contacts.out_of_reach(services, args.contact_id, error) from None
    for warning in result.plan.warnings:
        print(f"warning: {warning}", file=err)
    # Logged already: an export that failed is said once, and the call must not be logged again.
    for problem in result.problems:
        print(f"followup: logged, but {problem}; do not log the call again", file=err)
    if result.fix_setting:
        print(
            f"followup: to fix it: followup settings set {result.fix_setting} VALUE, then"
            " followup export ics (or email) with the follow-up's id",
            file=err,
        )
    done = PROBLEMS if result.problems else OK
    if args.json:
        print(
            json.dumps([_follow_up_json(f) for f in result.created], ensure_ascii=False), file=out
        )
        return done
    zone = services.followups.rep_zone()
    if not result.created:
        print("nothing scheduled", file=out)
    for follow_up in result.created:
        # In the words Today uses ("Agreed call: walk through pricing"), not the step's key.
        said = steps.describe(follow_up.step, follow_up.objective)
        print(f"{follow_up.id}: {said} at {_local(follow_up.due_at, zone)}", file=out)
    for what, path in (("invite", result.invite), ("confirmation e-mail", result.draft)):
        if path is not None:
            print(f"{what} saved as {path}", file=out)
    return done


def cmd_agenda(services: Services, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    start, end = services.followups.today()
    if args.start:
        start = _instant(args.start, "--from")
    if args.end:
        end = _instant(args.end, "--to")
    if end <= start:
        raise UsageError("--to must be after --from")
    entries = services.followups.agenda(start, end)
    if args.json:
        rows = [
            {
                **_follow_up_json(e.item.follow_up),
                "contact_name": e.contact_name,
                "overdue": e.item.overdue,
            }
            for e in entries
        ]
        print(json.dumps(rows, ensure_ascii=False), file=out)
        return OK
    zone = services.followups.rep_zone()
    if not entries:
        print("nothing due", file=out)
    for entry in entries:
        follow_up = entry.item.follow_up
        mark = "OVERDUE " if entry.item.overdue else ""
        theirs = (
            f" (their {_local(follow_up.due_at, entry.time_zone)})"
            if steps.clock_zone(follow_up, entry.time_zone, zone) not in ("", zone)
            else ""
        )
        said = steps.describe(follow_up.step, follow_up.objective)
        print(
            f"{mark}{_local(follow_up.due_at, zone)}{theirs}  {entry.contact_name}: {said} [#{follow_up.id}]",
            file=out,
        )
    return OK


def cmd_stats(services: Services, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    figures = as_json(services.stats.compute())
    if args.json:
        print(json.dumps(figures, ensure_ascii=False), file=out)
        return OK
    for line in stats_lines(figures):
        print(line, file=out)
    return OK


def cmd_export(services: Services, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """An invite (.ics) or an e-mail draft (.eml) for a follow-up: on stdout, or written to
    -o PATH (a file or a folder; an existing file is kept and the new one gets " (2)")."""
    exports = services.exports
    target = Path(args.output) if args.output else None
    if target is not None and args.output.endswith(("/", os.sep)):
        # "-o invites/" names a folder, even one that does not exist yet.
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UsageError(f"cannot make the folder {target}: {error.strerror}") from None
    try:
        if args.what == "ics":
            if target is None:
                invite = exports.invite_for(args.follow_up_id)
                _write_bytes(out, invite.data)
                exports.record_invite(invite, "printed by the command line")
                return OK
            print(exports.save_invite(args.follow_up_id, target), file=out)
            return OK
        draft = exports.draft_for(args.follow_up_id, args.template)
        # Made all the same (the rep may know the address is right now), but said first.
        done = OK
        if draft.came_back:
            print(f"warning: {draft.came_back}", file=err)
            done = PROBLEMS
        for name in draft.unknown:
            print(f"warning: the template has {{{name}}}, which is not a placeholder", file=err)
        for name in draft.missing:
            print(
                f"warning: nothing to fill in for {{{name}}}: edit the draft before sending",
                file=err,
            )
        if target is None:
            _write_bytes(out, draft.eml)
            exports.record_draft(draft, "printed by the command line")
            return done
        print(exports.save_draft(draft, target), file=out)
        return done
    except ExportProblem as error:
        # The GUI links to the setting; here the command that sets it is the link.
        fix = f" (followup settings set {error.setting} VALUE)" if error.setting else ""
        raise UsageError(f"{error}{fix}") from None
    except NotFound as error:
        raise UsageError(str(error)) from None


def _write_bytes(out: TextIO, data: bytes) -> None:
    # The exact bytes (CRLF, UTF-8) when out is a real stream; tests pass a StringIO.
    binary = getattr(out, "buffer", None)
    if binary is not None:
        out.flush()
        binary.write(data)
        binary.flush()
    else:
        out.write(data.decode("utf-8"))


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="followup", description="FollowUp from the command line.")
    paths.add_location_arguments(parser)
    parser.add_argument("--version", action="version", version=f"followup {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = commands.add_parser("import", help="import contacts from CSV or vCard files")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(run=cmd_import)

    p = commands.add_parser("log", help="log a call, visit or e-mail and plan what comes next")
    p.add_argument("contact_id", type=int, metavar="CONTACT_ID")
    p.add_argument("--outcome", required=True, metavar="OUTCOME", help=", ".join(OUTCOMES))
    p.add_argument("--at", metavar="ISO", help="when it happened (default: now)")
    p.add_argument("--notes")
    p.add_argument("--next", metavar="ISO", help="the call-back time the contact agreed")
    p.add_argument("--objective")
    p.add_argument(
        "--follow-up",
        type=int,
        metavar="ID",
        help="the follow-up this answers (default: the nearest open one)",
    )
    p.add_argument(
        "--invite", metavar="PATH", help="write the agreed call's invite (.ics) to a file or folder"
    )
    p.add_argument(
        "--draft",
        metavar="PATH",
        help="write the confirmation e-mail (.eml, invite attached) to a file or folder",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_log)

    p = commands.add_parser(
        "agenda", help="due follow-ups in time order, overdue first (default: today)"
    )
    p.add_argument("--from", dest="start", metavar="ISO")
    p.add_argument("--to", dest="end", metavar="ISO")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_agenda)

    p = commands.add_parser("stats", help="pipeline, persistence and follow-up speed")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_stats)

    export = commands.add_parser(
        "export", help="a calendar invite or an e-mail draft for a follow-up"
    ).add_subparsers(dest="what", required=True, parser_class=_Parser)
    p = export.add_parser("ics", help="calendar invite (stdout without -o)")
    p.add_argument("follow_up_id", type=int, metavar="FOLLOW_UP_ID")
    p.add_argument("-o", "--output", metavar="PATH", help="file or folder to write to")
    p.set_defaults(run=cmd_export)
    p = export.add_parser("email", help="e-mail draft, .eml (stdout without -o)")
    p.add_argument("follow_up_id", type=int, metavar="FOLLOW_UP_ID")
    p.add_argument("--template", metavar="NAME", help="default: the one for the step")
    p.add_argument("-o", "--output", metavar="PATH", help="file or folder to write to")
    p.set_defaults(run=cmd_export)

    cli_contacts.add_parsers(commands, _Parser)
    cli_settings.add_parser(commands, _Parser)
    cli_away.add_parser(commands)
    cli_inbox.add_parser(commands, _Parser)
    cli_sync.add_parser(commands, _Parser)
    cli_set_aside.add_parser(commands, _Parser)

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
    cli_team.add_db_parsers(db)
    return parser


def _db_backup(
    app_paths: paths.AppPaths, args: argparse.Namespace, out: TextIO, err: TextIO
) -> int:
    if not app_paths.database.exists():
        raise UsageError(f"there is no database in {app_paths.data_dir} to back up")
    try:
        info = backups.back_up_now(app_paths, backups.stored_settings(app_paths.database))
    except BackupFailed as error:
        print(f"followup: {disk_trouble(error) or error}", file=err)
        return PROBLEMS
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
    running = backups.running_app(app_paths)
    if running is not None:
        raise UsageError(f"FollowUp is open on this data folder (process {running}): quit it first")
    try:
        restored = backups.restore(app_paths, source)
    except BackupFailed as error:
        raise UsageError(str(error)) from None
    if restored.replaced is not None:
        print(f"the previous database was kept as {restored.replaced}", file=out)
    if restored.before is not None:
        print(f"and backed up first as {restored.before.path}", file=out)
    print(f"restored {source.name}", file=out)
    return OK


def _db_check(app_paths: paths.AppPaths, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if not app_paths.database.exists():
        # Nothing there yet (before the first start, a mistyped folder): not "damaged".
        raise UsageError(f"there is no database in {app_paths.data_dir} to check")
    result = maintenance.check(app_paths.database)
    if result.ok:
        print(f"{app_paths.database}: ok", file=out)
        return OK
    if result.unchecked:  # a full disk, an I/O error: says nothing about the file
        reason = full_disk() or result.verdict
        print(f"{app_paths.database}: not checked: {reason}", file=err)
        return PROBLEMS
    print(f"{app_paths.database}: damaged: {result.verdict}", file=err)
    return PROBLEMS


def _store_message(error: Exception) -> str:
    if isinstance(error, StoreUnavailable) and disk_trouble(error) and (full := full_disk()):
        return f"{full}: FollowUp needs a little room to open its database. Free some space, then try again."
    return disk_trouble(error) or str(error)


def main(
    argv: Sequence[str] | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    clock: Clock | None = None,
) -> int:
    # Everything FollowUp writes holds customer data: owner only (0600, folders 0700).
    # The caller's umask comes back afterwards (tests and scripts call main in-process).
    previous = os.umask(paths.PRIVATE_UMASK)
    try:
        status = _main(argv, out, err, clock)
        if out is None:
            sys.stdout.flush()  # here, where a closed pipe can still be answered quietly
        return status
    except BrokenPipeError:
        # `followup contacts | head`: the reader has what it wanted. No traceback, no
        # "Exception ignored" at exit: what is left to write goes nowhere.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    finally:
        os.umask(previous)


def _team_url(app_paths: paths.AppPaths, given: str) -> str:
    """The team server to run against ("": the data folder's file): --database or
    FOLLOWUP_DATABASE, else the one chosen in Settings › Team server."""
    from followup_desktop.services.team_choice import database_to_open

    url = database_to_open(app_paths, given)
    if not url:
        return ""
    from followup_desktop.services.team import with_password

    return with_password(url)


def _main(
    argv: Sequence[str] | None,
    out: TextIO | None,
    err: TextIO | None,
    clock: Clock | None,
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    args = _parser().parse_args(argv)
    app_paths = paths.resolve(args.data_dir)
    if problem := paths.not_a_folder(app_paths.data_dir):
        print(f"followup: {problem}", file=err)
        return USAGE
    watch_folder(app_paths.data_dir)
    with contextlib.suppress(OSError):  # a read-only log folder must not stop the command
        logs.configure(app_paths.logs, "cli")
    for fixed in app_paths.make_private():
        log.warning("made private: %s", fixed)
    offline: Callable[..., int] | None = getattr(args, "offline", None)
    try:
        if offline is not None:
            return offline(app_paths, args, out, err)
        services = open_services(
            app_paths,
            clock,
            check_before_writing=True,
            database=(
                "" if getattr(args, "local_store", False) else _team_url(app_paths, args.database)
            ),
        )
        if told := taken_back_message(services):
            print(f"followup: {told}", file=err)
        try:
            return int(args.run(services, args, out, err))
        finally:
            services.close()
    except (
        UsageError,
        cli_settings.SettingsUsageError,
        cli_away.AwayUsageError,
    ) as error:
        print(f"followup: {error}", file=err)
        return USAGE
    except (StoreUnavailable, StoreDamaged) as error:  # its message is written for the rep
        log.warning("followup %s: %s", args.command, error)
        print(f"followup: {_store_message(error)}", file=err)
        return PROBLEMS
    except BrokenPipeError:
        raise  # the reader went away: main() ends quietly
    except Exception as error:
        # The log has the error's class and statement; SQL parameters (names, e-mails)
        # are hidden by the store and cut by the log's formatter.
        log.exception("followup %s failed", args.command)
        print(f"followup: {plain_error(error)} (details in {app_paths.logs})", file=err)
        return PROBLEMS


if __name__ == "__main__":
    raise SystemExit(main())
