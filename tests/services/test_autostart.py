"""Start at login: the XDG autostart entry follows the setting, and runs this program."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from followup_desktop.services import autostart


def test_the_entry_is_written_when_on_and_removed_when_off(tmp_path: Path) -> None:
    config = tmp_path / "xdg_config_home"  # the conftest points XDG_CONFIG_HOME here
    path = autostart.apply(True)
    assert path == config / "autostart" / "com.followupapp.FollowUp.desktop"
    text = path.read_text(encoding="utf-8")
    assert "[Desktop Entry]\nType=Application\nName=FollowUp\n" in text
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    command = shlex.split(exec_line.removeprefix("Exec="))
    assert command[-1] == "--minimized"
    assert command[0] in (sys.executable, autostart.launch_command()[0])
    assert autostart.apply(True) == path  # idempotent
    assert autostart.apply(False) is None
    assert not path.exists()


def test_an_entry_that_is_not_ours_is_left_alone(tmp_path: Path) -> None:
    path = autostart.entry_path()
    path.parent.mkdir(parents=True)
    path.write_text("[Desktop Entry]\nType=Application\nName=Someone else's\nExec=true\n")
    autostart.apply(False)
    assert path.exists()


def test_paths_with_spaces_and_percent_signs_are_quoted(tmp_path: Path) -> None:
    path = autostart.apply(True, ["/opt/Follow Up/run", "--minimized", "50%"])
    assert path is not None
    assert 'Exec="/opt/Follow Up/run" --minimized 50%%\n' in path.read_text(encoding="utf-8")
