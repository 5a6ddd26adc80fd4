"""The bundle's one program. Started as ``followup`` (the bundle links that name to it on
Linux and macOS; ``followup-cli.exe`` on Windows) it is the command line; under any other
name the desktop app."""

import os
import sys

if os.path.basename(sys.argv[0]).lower() in ("followup", "followup-cli", "followup-cli.exe"):
    from followup_desktop.cli import main
else:
    from followup_desktop.app import main

raise SystemExit(main())
