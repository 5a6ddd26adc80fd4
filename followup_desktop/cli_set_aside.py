"""`followup set-aside`: what the team server refused of the writes kept on this laptop
while it was away (``services.set_aside``), read from the laptop alone, so it works with
the server away too.

followup set-aside [--json]       # each: its id, when kept, what it was, why refused
followup set-aside remove ID      # let one go, once done with it
"""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from followup_desktop import paths
from followup_desktop.cli_usage import OK, UsageError, iso
from followup_desktop.core.agenda import system_zone_name
from followup_desktop.services.set_aside import SetAsideWrites
from followup_desktop.store.outbox import OUTBOX_NAME, Outbox


def add_parser(commands: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    p = commands.add_parser(
        "set-aside",
        help="writes kept while the team server was away that it did not take",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=None, offline=cmd_set_aside)
    actions = p.add_subparsers(dest="action", parser_class=parser_class)
    remove = actions.add_parser("remove", help="let one go, once you have done with it")
    remove.add_argument("write_id", metavar="ID")
    remove.set_defaults(run=None, offline=cmd_set_aside)


def _writes(app_paths: paths.AppPaths) -> SetAsideWrites:
    # The laptop alone: times in the details are this computer's, the rep's own zone
    # being a setting on the team server.
    return SetAsideWrites(Outbox(app_paths.data_dir / OUTBOX_NAME), system_zone_name)


def cmd_set_aside(
    app_paths: paths.AppPaths, args: argparse.Namespace, out: TextIO, err: TextIO
) -> int:
    writes = _writes(app_paths)
    if getattr(args, "action", None) == "remove":
        if not writes.remove(args.write_id):
            raise UsageError(f"nothing set aside has the id {args.write_id}")
        print(f"removed {args.write_id}", file=out)
        return OK
    entries = writes.entries()
    if args.json:
        listed = [
            {
                "id": w.id,
                "kind": w.kind,
                "kept_at": iso(w.kept_at),
                "what": w.what,
                "details": list(w.details),
                "why": w.why,
            }
            for w in entries
        ]
        print(json.dumps(listed, ensure_ascii=False, indent=2), file=out)
        return OK
    if not entries:
        print("nothing set aside: the team server took all that was kept here", file=out)
        return OK
    for w in entries:
        print(f"{w.id}  kept {iso(w.kept_at)}  {w.what}", file=out)
        for line in w.details:
            print(f"    {line}", file=out)
        print(f"    Not taken: {w.why}", file=out)
    return OK
