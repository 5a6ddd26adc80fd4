"""The agenda: overdue first, then the window in time order, nothing twice, nothing closed."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from importlib.resources import files
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup_desktop.core.agenda import agenda, system_zone_name
from followup_desktop.core.model import FollowUp, FollowUpKind, FollowUpState

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def due(
    hours: float, id_: int | None, state: FollowUpState = FollowUpState.OPEN, step: str = "call"
) -> FollowUp:
    return FollowUp(1, FollowUpKind.CALL, step, NOW + timedelta(hours=hours), state=state, id=id_)


def test_overdue_first_then_window_in_order_without_duplicates_or_closed() -> None:
    items = [
        due(3, 1),
        due(-30, 2),  # overdue from before the window: still shown
        due(-1, 3),
        due(1, 4),
        due(1, 4),  # the same row twice
        due(2, 5, FollowUpState.SUPERSEDED),
        due(2.5, 6, FollowUpState.DONE),
        due(-2, 7, FollowUpState.CANCELLED),
        due(30, 8),  # after the window
        due(12, 9),  # the window's end is exclusive
    ]
    result = agenda(items, NOW - timedelta(hours=12), NOW + timedelta(hours=12), NOW)
    assert [(i.follow_up.id, i.overdue) for i in result] == [
        (2, True),
        (3, True),
        (4, False),
        (1, False),
    ]


def test_unsaved_follow_ups_are_deduplicated_by_what_they_are() -> None:
    items = [due(1, None), due(1, None), due(1, None, step="nudge")]
    result = agenda(items, NOW, NOW + timedelta(days=1), NOW)
    assert [i.follow_up.step for i in result] == ["call", "nudge"]


def test_due_exactly_now_is_not_overdue() -> None:
    assert [i.overdue for i in agenda([due(0, 1)], NOW, NOW + timedelta(hours=1), NOW)] == [False]


def test_empty() -> None:
    assert agenda([], NOW, NOW + timedelta(days=1), NOW) == []


follow_ups = st.builds(
    due,
    st.integers(-72, 72).map(lambda quarter_hours: quarter_hours / 4),
    st.one_of(st.none(), st.integers(1, 30)),
    st.sampled_from(list(FollowUpState)),
    st.sampled_from(["agreed-call", "retry-1", "nudge"]),
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(follow_ups, max_size=30, unique_by=lambda f: f.id or object()),
    st.data(),
    st.integers(-24, 24),
    st.integers(0, 48),
)
def test_agenda_properties(
    distinct: list[FollowUp], data: st.DataObject, start_h: int, length_h: int
) -> None:
    # The same rows may come twice (two queries merged), in any order.
    repeated = data.draw(st.lists(st.sampled_from(distinct), max_size=10)) if distinct else []
    items = data.draw(st.permutations([*distinct, *repeated]))
    start = NOW + timedelta(hours=start_h)
    end = start + timedelta(hours=length_h)
    result = agenda(items, start, end, NOW)
    shown = [i.follow_up for i in result]
    assert all(f.state is FollowUpState.OPEN for f in shown)
    assert len(shown) == len(set(shown)), "shown twice"
    overdue = [i.follow_up.due_at for i in result if i.overdue]
    upcoming = [i.follow_up.due_at for i in result if not i.overdue]
    assert [i.overdue for i in result] == sorted((i.overdue for i in result), reverse=True)
    assert overdue == sorted(overdue) and all(d < NOW for d in overdue)
    assert upcoming == sorted(upcoming) and all(d >= NOW and start <= d < end for d in upcoming)
    # Nothing open and relevant is left out.
    for f in distinct:
        relevant = f.due_at < NOW or start <= f.due_at < end
        assert (f in shown) is (f.state is FollowUpState.OPEN and relevant)


# The rep's zone when Settings leave it to the computer ---------------------------------


def _zone_files(root: Path, folder: str, zone_name: str) -> Path:
    """A zone database folder under ``root`` holding ``zone_name``, as the system has it."""
    source = Path(str(files("tzdata.zoneinfo").joinpath(zone_name)))
    (root / folder / zone_name).parent.mkdir(parents=True)
    shutil.copyfile(source, root / folder / zone_name)
    return root / folder / zone_name


def test_the_computers_zone_follows_its_clock_after_a_flight(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Debian 12 on: the desktop (timedatectl) moves /etc/localtime to New York when the
    # rep lands and leaves /etc/timezone saying Paris. The laptop's clock says New York.
    monkeypatch.delenv("TZ", raising=False)
    etc = tmp_path / "etc"
    etc.mkdir()
    (etc / "timezone").write_text("Europe/Paris\n", encoding="utf-8")
    (etc / "localtime").symlink_to(_zone_files(tmp_path, "zoneinfo", "America/New_York"))
    assert system_zone_name(etc) == "America/New_York"


def test_the_computers_zone_on_a_mac(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # macOS: /etc/localtime → /var/db/timezone/zoneinfo/Europe/Paris, whose folder is a
    # link to /usr/share/zoneinfo.default: followed to the end, no "zoneinfo/" is left.
    monkeypatch.delenv("TZ", raising=False)
    _zone_files(tmp_path / "usr", "zoneinfo.default", "Europe/Paris")
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "zoneinfo").symlink_to(tmp_path / "usr" / "zoneinfo.default")
    etc = tmp_path / "etc"
    etc.mkdir()
    (etc / "localtime").symlink_to(tmp_path / "db" / "zoneinfo" / "Europe" / "Paris")
    assert system_zone_name(etc) == "Europe/Paris"
