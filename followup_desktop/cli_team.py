"""The team server from the command line (PostgreSQL, shared by a team's reps).

followup --database URL db migrate        bring the server's schema up to this version's
followup db copy --to URL                 this data folder's book onto an empty team server
followup db copy --from URL               a team server's book into an empty data folder
followup --database URL db add-rep LOGIN  a rep's login on the server (--manager: sees the team's)

The URL is SQLAlchemy's (``postgresql+psycopg://sam@db.example/followup``); without a
password in it, the keyring's (``followup settings set-password team``) is used. Nothing
is deleted from the source of a copy, and a copy that does not check out row for row is
not committed.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from followup_desktop import paths
from followup_desktop.cli_password import read_password

OK, PROBLEMS, USAGE = 0, 1, 2


def add_db_parsers(db: Any) -> None:
    p = db.add_parser(
        "migrate", help="bring the schema up to this version's (a team server: --database URL)"
    )
    p.set_defaults(run=None, offline=cmd_migrate)
    p = db.add_parser("copy", help="copy this book onto a team server, or one from it")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--to", metavar="URL", help="an empty team server to copy this book onto")
    where.add_argument("--from", dest="source", metavar="URL", help="a team server to copy here")
    p.set_defaults(run=None, offline=cmd_copy)
    p = db.add_parser(
        "add-rep",
        help="a rep's login on the team server, the password asked (or read from stdin)",
    )
    p.add_argument("login", help="the rep's login: lower-case letters, digits and _")
    p.add_argument("--name", default="", help="the name the team sees")
    p.add_argument("--manager", action="store_true", help="sees and edits the team's book")
    p.set_defaults(run=None, offline=cmd_add_rep)


def cmd_migrate(
    app_paths: paths.AppPaths, args: argparse.Namespace, out: TextIO, err: TextIO
) -> int:
    from followup_desktop.services import team
    from followup_desktop.services.team_choice import database_to_open

    server = database_to_open(app_paths, args.database)  # --database, else Settings'
    said = team.migrate(server) if server else team.migrate_local(app_paths)
    print(said, file=out)
    return OK


def cmd_copy(app_paths: paths.AppPaths, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from followup_desktop.services import team

    try:
        copied = team.copy_book(app_paths, args.to or args.source, to_team=bool(args.to))
    except team.CopyRefused as error:
        print(f"followup: {error}", file=err)
        return PROBLEMS
    print(copied.text(), file=out)
    return OK


def cmd_add_rep(
    app_paths: paths.AppPaths, args: argparse.Namespace, out: TextIO, err: TextIO
) -> int:
    from followup_desktop.services import team
    from followup_desktop.services.team_choice import database_to_open

    server = database_to_open(app_paths, args.database)
    if not server:
        print("followup: name the team server: followup --database URL db add-rep LOGIN", file=err)
        return USAGE
    password = read_password(f"password for {args.login}: ")
    try:
        said = team.add_rep(server, args.login, args.name, password, manager=args.manager)
    except team.RepRefused as error:
        print(f"followup: {error}", file=err)
        return USAGE
    print(said, file=out)
    return OK
