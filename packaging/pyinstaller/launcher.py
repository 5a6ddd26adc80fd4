"""The bundle's one program: under the name ``followup`` (a link to it in the Linux bundle)
or ``followup-cli`` (``followup-cli.exe`` on Windows, a link inside the macOS app) it is
the command line; under any other name (``followup-desktop``, ``FollowUp.exe``, the macOS
app's ``FollowUp``) the desktop app."""

import os
import sys

name = os.path.basename(sys.argv[0])
if name == "followup" or name.lower() in ("followup-cli", "followup-cli.exe"):
    from followup_desktop.cli import main
else:
    from followup_desktop.app import main

raise SystemExit(main())
