"""`followup settings`: the scriptable face of Settings.

    followup settings [--json]            every option: value, default, group
    followup settings get KEY
    followup settings set KEY VALUE       checked like the dialog (core.setting_values)
    followup settings reset KEY
    followup settings set-password imap|dav|team   from stdin or a prompt, into the keyring

Secrets are never printed and never written to the data folder.
"""

from __future__ import annotations

import argparse
import difflib
import json
from typing import Any, TextIO

from followup_desktop.cli_password import read_password
from followup_desktop.core import settings as options
from followup_desktop.core.setting_values import check_together, parse_setting, said
from followup_desktop.core.settings import ALL_OPTIONS, OPTIONS_BY_KEY, Option
from followup_desktop.services.secrets import IMAP
from followup_desktop.services.session import Services

OK, USAGE, PROBLEMS = 0, 2, 1


class SettingsUsageError(Exception):
    """A one-line reason, exit 2 (the CLI's UsageError, raised where cli.py cannot be
    imported without a loop)."""


def add_parser(commands: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    settings = commands.add_parser(
        "settings", help="list, read and change settings (as the Settings dialog does)"
    )
    settings.add_argument("--json", action="store_true", help="every option as JSON")
    settings.set_defaults(run=cmd_list)
    actions = settings.add_subparsers(dest="action", parser_class=parser_class)
    p = actions.add_parser("get", help="print one setting's value")
    p.add_argument("key")
    p.set_defaults(run=cmd_get)
    p = actions.add_parser("set", help="change a setting; checked like the dialog")
    p.add_argument("key")
    p.add_argument("value")
    p.set_defaults(run=cmd_set)
    p = actions.add_parser("reset", help="put a setting back to its default")
    p.add_argument("key")
    p.set_defaults(run=cmd_reset)
    p = actions.add_parser(
        "set-password", help="store a password in the system keyring (from stdin or a prompt)"
    )
    p.add_argument("account", choices=["imap", "dav", "team"])
    # The team server's password is set before the server can be opened: on the local store.
    p.set_defaults(run=cmd_set_password, local_store=True)


def _option(key: str) -> Option[Any]:
    option = OPTIONS_BY_KEY.get(key)
    if option is None:
        close = difflib.get_close_matches(key, OPTIONS_BY_KEY, n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else " (see `followup settings`)"
        raise SettingsUsageError(f"there is no setting {key!r}{hint}")
    return option


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def cmd_list(services: Services, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    settings = services.settings.load()
    rows = [
        {
            "key": option.key,
            "value": settings.get(option),
            "default": option.default,
            "group": option.section,
            "label": option.label,
        }
        for option in ALL_OPTIONS
    ]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False), file=out)
        return OK
    width = max(len(option.key) for option in ALL_OPTIONS)
    group = None
    for option, row in zip(ALL_OPTIONS, rows, strict=True):
        if row["group"] != group:
            group = row["group"]
            print(f"{'' if group == rows[0]['group'] else chr(10)}[{group}]", file=out)
        value, default = _shown(row["value"]), _shown(row["default"])
        note = "" if value == default else f"   (default: {default or '(empty)'})"
        # A choice kept as a word of its own ("to_the_point") is listed with what it means.
        print(f"{row['key']:<{width}}  {said(option, value)}{note}", file=out)
    return OK


def cmd_get(services: Services, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    option = _option(args.key)
    print(_shown(services.settings.load().get(option)), file=out)
    return OK


def cmd_set(services: Services, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    option = _option(args.key)
    try:
        value = parse_setting(option, args.value)
        changed = services.settings.load().with_value(option, value)
        check_together(changed)
    except ValueError as error:
        raise SettingsUsageError(f"{option.key}: {error}") from None
    services.settings.save(changed)
    _away_changed(services, option, out)
    return OK


def _away_changed(services: Services, option: Option[Any], out: TextIO) -> None:
    """A changed away day applies at once, as `followup away` does."""
    if option in (options.AWAY_FROM, options.AWAY_TO):
        print(services.away.apply().text(), file=out)


def cmd_reset(services: Services, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    option = _option(args.key)
    services.settings.save(services.settings.load().with_value(option, option.default))
    _away_changed(services, option, out)
    return OK


def cmd_set_password(services: Services, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from followup_desktop.services.calendar_sync import CALENDAR, host_of

    settings = services.settings.load()
    if args.account == "team":
        from followup_desktop.services.team import TEAM, host_and_user

        kind, what = TEAM, "team server"
        from followup_desktop.services.team_choice import database_to_open

        server = database_to_open(services.paths, args.database)
        host, user = host_and_user(server) if server else ("", "")
        missing = (
            "name the team server and its user: "
            "followup --database postgresql+psycopg://USER@HOST/DB settings set-password team"
        )
    elif args.account == "dav":
        kind, what = CALENDAR, "calendar (CalDAV/CardDAV)"
        host, user = host_of(settings.get(options.SYNC_URL)), settings.get(options.SYNC_USER)
        missing = "set up the calendar account first: followup sync setup --url URL --user NAME"
    else:
        kind, what = IMAP, "IMAP"
        host, user = settings.get(options.IMAP_HOST), settings.get(options.IMAP_USER)
        missing = (
            "set the IMAP server and user first: followup settings set imap.host HOST; "
            "followup settings set imap.user NAME"
        )
    if not host or not user:
        raise SettingsUsageError(missing)
    password = read_password(f"{what} password for {user} at {host}: ")
    if not password:
        raise SettingsUsageError("no password was given: nothing stored")
    secrets = services.exports.secrets
    status = secrets.status()
    if not status.secure:
        raise SettingsUsageError(status.message)
    if not secrets.remember_password(kind, host, user, password):
        print("followup: the keyring did not take the password: nothing stored", file=err)
        return PROBLEMS
    print(f"the {what} password for {user} at {host} is in the system keyring", file=out)
    return OK
