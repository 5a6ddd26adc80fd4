"""What a dialer is handed: the number as the setting asks, in one argument of a command
no shell ever reads."""

from __future__ import annotations

import pytest

from followup_desktop.core import settings as options
from followup_desktop.core.dialing import DialBy, DialerSetting, command, dial
from followup_desktop.core.model import Phone
from followup_desktop.core.setting_values import parse_setting

CHICAGO = Phone("+13125550142")
LONDON = Phone("+442079460958")
AS_WRITTEN = Phone("+234 1 234 5678; rm -rf ~", checked=False)


def test_presets_and_the_reps_own_command_get_the_number_in_one_argument() -> None:
    assert command("twinkle", "+13125550142") == ("twinkle", "--cmd", "call +13125550142")
    assert command("Linphone", "+13125550142") == ("linphone", "tel:+13125550142")
    assert command("my-phone --dial={number} --now", "+1") == ("my-phone", "--dial=+1", "--now")
    assert command("my-phone", "+1") == ("my-phone", "+1")  # at the end when not placed


def test_a_number_kept_as_written_is_handed_over_exactly_and_never_read_by_a_shell() -> None:
    planned = dial("softphone {number}", AS_WRITTEN)
    assert planned.by is DialBy.COMMAND
    assert planned.target == ("softphone", "+234 1 234 5678; rm -rf ~")
    assert dial("", AS_WRITTEN).target == ("tel:+23412345678",)  # a link keeps the digits


def test_the_system_handler_the_clipboard_and_numbers_as_dialled_at_home() -> None:
    assert dial("", CHICAGO) == dial(" ", CHICAGO)
    assert dial("", CHICAGO).target == ("tel:+13125550142",)
    assert dial("COPY", CHICAGO).by is DialBy.CLIPBOARD
    assert dial("x {number}", LONDON, local="GB").number == "02079460958"
    assert dial("x {number}", CHICAGO, local="GB").number == "+13125550142"  # abroad
    assert dial("x {number}", AS_WRITTEN, local="GB").number == AS_WRITTEN.number


def test_a_dialer_setting_that_cannot_work_is_refused_where_it_is_typed() -> None:
    assert parse_setting(options.DIAL_WITH, "copy") == "copy"
    assert parse_setting(options.DIAL_WITH, "baresip") == "baresip"
    with pytest.raises(ValueError, match="does not read"):
        parse_setting(options.DIAL_WITH, 'twinkle --cmd "call {number}')
    with pytest.raises(DialerSetting):
        command("   ", "+1")
