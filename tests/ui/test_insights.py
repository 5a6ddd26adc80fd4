"""Pipeline and Stats views: the figures the service computes, drawn with their numbers,
exported to CSV; the same figures as `followup stats`."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from followup_desktop.core import settings as options
from followup_desktop.core.model import DealStage
from followup_desktop.services.session import Services
from followup_desktop.services.stats import as_json
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.tasks import TaskRunner
from tests.computer_locale import computer_locale
from tests.rep_desk import rep_services
from tests.services.test_stats import D1, history


@pytest.fixture
def services(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Services]:
    from followup_desktop.core.clock import FixedClock

    with rep_services(tmp_path, monkeypatch, FixedClock(D1)) as opened:
        yield opened


def test_pipeline_and_stats_views_show_the_hand_checked_figures(
    qtbot, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    history(services)
    tasks = TaskRunner()
    window = MainWindow(services, tasks)
    qtbot.addWidget(window)
    window.show()
    window.show_view(2)
    qtbot.waitUntil(lambda: window.insights.figures is not None)
    pipeline = window.insights.pipeline
    assert "Open pipeline: 12,500.00 EUR</b> in 3 deals" in pipeline.summary.text()
    assert "4% of that value (500.00 EUR) has no agreed next call" in pipeline.summary.text()
    # The stages that have deals, in the one currency there is: no empty Negotiation or
    # Lost row, no "(EUR)" after each when every deal is in euros.
    bars = {bar.label: bar.text for bar in pipeline.chart.bars()}
    assert list(bars) == ["Lead", "Qualified", "Proposal", "Won"]
    assert bars["Proposal"] == "10,000.00 EUR · 1"
    assert bars["Won"] == "5,000.00 EUR · 1"
    assert pipeline.waiting_title.text() == "Prospects with no next step (3)"
    assert [pipeline.waiting.item(r).text() for r in range(3)] == ["Dan", "Eve", "Gus"]
    assert pipeline.waiting.isVisible() and pipeline.none_waiting.isHidden()

    numbers = window.insights.numbers
    # Whole numbers read as such: "median 0", not "median 0.0".
    assert "median 0, mean 0.7 (over 3)" in numbers.first_connection.text()
    assert "Contacts needed to win a deal: median 2, mean 2 (over 1)" in (
        numbers.first_connection.text()
    )
    assert {b.label: b.text for b in numbers.dropped.bars()} == {
        "after 1": "1",
        "after 2": "1",
        "after 3–4": "0",
        "after 5+": "0",
    }
    rates = {b.label: b.text for b in numbers.rates.bars()}
    assert rates == {
        "Series carried through": "67% (2 of 3)",
        "Visits followed up same day": "100% (1 of 1)",
        "Agreed calls on the day": "50% (1 of 2)",
    }

    # Export: the same figures as the command line's JSON, formula-safe.
    target = tmp_path / "numbers.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "CSV"))
    numbers.export_button.click()
    with target.open(encoding="utf-8-sig", newline="") as file:
        rows = {(r[0], r[1]): r[2] for r in csv.reader(file)}
    expected = as_json(services.stats.compute())
    assert rows[("speed", "agreed_calls_made_on_the_day.share")] == str(
        expected["speed"]["agreed_calls_made_on_the_day"]["share"]
    )
    assert rows[("pipeline", "stages.proposal.EUR.value_minor")] == "1000000"
    target = tmp_path / "pipeline.csv"
    pipeline.export_button.click()
    with target.open(encoding="utf-8-sig", newline="") as file:
        lines = list(csv.reader(file))
    assert ["stage", DealStage.PROPOSAL.value, "EUR", "1", "10000.00"] in lines
    assert lines[-1][:1] == ["no next step"] and lines[-1][2] == "Gus"
    tasks.wait()


def shown_pipeline(qtbot, services: Services) -> str:  # type: ignore[no-untyped-def]
    """The Pipeline view's summary, as the rep opens it."""
    tasks = TaskRunner()
    window = MainWindow(services, tasks)
    qtbot.addWidget(window)
    window.show()
    window.show_view(2)
    qtbot.waitUntil(lambda: window.insights.figures is not None)
    text = window.insights.pipeline.summary.text()
    tasks.wait()
    return text


@pytest.mark.parametrize("chosen", ["", "CHF"])  # the computer's (a US one), or hers
def test_an_empty_pipeline_says_there_is_no_deal_yet(  # type: ignore[no-untyped-def]
    qtbot, services: Services, monkeypatch: pytest.MonkeyPatch, chosen: str
) -> None:
    """It read "Open pipeline: 0.00 USD in 0 deals.", money she has no deal in, and never
    the empty Pipeline's own words."""
    computer_locale(monkeypatch, "en_US.UTF-8")
    services.settings.save(services.settings.load().with_value(options.REP_CURRENCY, chosen))
    assert shown_pipeline(qtbot, services) == "No deals yet: add one when you edit a contact."


def test_deals_in_euros_stay_in_euros_on_a_us_computer(  # type: ignore[no-untyped-def]
    qtbot, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    computer_locale(monkeypatch, "en_US.UTF-8")
    history(services)
    text = shown_pipeline(qtbot, services)
    assert "Open pipeline: 12,500.00 EUR</b> in 3 deals" in text and "USD" not in text


def test_each_currency_s_stages_are_drawn_against_its_own_largest(  # type: ignore[no-untyped-def]
    qtbot, services: Services
) -> None:
    """A 2,500,000 JPY deal beside 10,000.00 EUR ones drew the yen bar full and every euro
    bar as a sliver of 3 px, as if the euro deals were worth a 250th of it."""
    from followup_desktop.core.model import Deal
    from followup_desktop.ui.look import ACCENT

    history(services)
    tokyo = services.contacts.add(services.contacts.build(name="Taro Sato"))
    services.deals.save(Deal(tokyo, "Fleet", 250_000_000, "JPY", DealStage.QUALIFIED))
    tasks = TaskRunner()
    window = MainWindow(services, tasks)
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    window.show_view(2)
    qtbot.waitUntil(lambda: window.insights.figures is not None)
    chart = window.insights.pipeline.chart
    # Laid out at its height for every bar before it is looked at (a busy machine lays
    # the view out after the figures arrive).
    hint = chart.sizeHint()
    qtbot.waitUntil(
        lambda: (
            chart.isVisible() and chart.width() >= hint.width() and chart.height() >= hint.height()
        )
    )
    image = chart.grab().toImage()
    rows = [(bar.label, bar.heading) for bar in chart.bars()]
    # Deals in two currencies: each one's stages under its name, and no other is listed.
    assert rows == [
        ("Deals in EUR", True),
        ("Lead", False),
        ("Qualified", False),
        ("Proposal", False),
        ("Won", False),
        ("Deals in JPY", True),
        ("Qualified", False),
    ]

    def drawn(row: int) -> int:
        y = row * 26 + 2 + 13
        return sum(1 for x in range(image.width()) if image.pixelColor(x, y) == ACCENT)

    # The largest stage of each currency fills the track; the others in proportion.
    assert drawn(3) == drawn(6) > 300
    assert abs(drawn(2) - drawn(3) / 5) <= 3
    assert drawn(0) == drawn(5) == 0  # a heading has no bar
    tasks.wait()


def test_deals_in_two_currencies_read_as_two_funnels_each_in_its_order(  # type: ignore[no-untyped-def]
    qtbot, services: Services
) -> None:
    """A lead and a proposal in euros and a qualified deal in dollars read "Lead (EUR)",
    "Proposal (EUR)", "Qualified (USD)": one funnel, out of order."""
    from followup_desktop.core.model import Deal

    for name, value, currency, stage in (
        ("Ana", 480_000, "EUR", DealStage.LEAD),
        ("Bo", 1_250_000, "EUR", DealStage.PROPOSAL),
        ("Cy", 900_000, "USD", DealStage.QUALIFIED),
    ):
        contact = services.contacts.add(services.contacts.build(name=name))
        services.deals.save(Deal(contact, "Fleet", value, currency, stage))
    tasks = TaskRunner()
    window = MainWindow(services, tasks)
    qtbot.addWidget(window)
    window.show()
    window.show_view(2)
    qtbot.waitUntil(lambda: window.insights.figures is not None)
    shown = [(bar.label, bar.text) for bar in window.insights.pipeline.chart.bars()]
    assert shown == [
        ("Deals in EUR", ""),
        ("Lead", "4,800.00 EUR · 1"),
        ("Proposal", "12,500.00 EUR · 1"),
        ("Deals in USD", ""),
        ("Qualified", "9,000.00 USD · 1"),
    ]
    tasks.wait()


def test_a_share_bar_is_drawn_to_its_share_of_the_track(qtbot) -> None:  # type: ignore[no-untyped-def]
    """80 % fills four fifths of the bar; counts still compare with the largest."""
    from PySide6.QtGui import QColor

    from followup_desktop.ui.bar_chart import Bar, BarChart

    def drawn(bars: list[Bar], full: float | None) -> list[int]:
        chart = BarChart()
        qtbot.addWidget(chart)
        chart.resize(600, 80)
        chart.set_bars(bars, full=full)
        image = chart.grab().toImage()
        colour = QColor("#00aa00")
        widths = []
        for index in range(len(bars)):
            y = index * 26 + 2 + 13
            widths.append(sum(1 for x in range(image.width()) if image.pixelColor(x, y) == colour))
        return widths

    green = QColor("#00aa00")
    shares = drawn([Bar("a", 80, "80 %", green), Bar("b", 40, "40 %", green)], full=100)
    span = 600 - 120 - 170 - 16
    assert abs(shares[0] - 0.8 * span) <= 3 and abs(shares[1] - 0.4 * span) <= 3
    counts = drawn([Bar("a", 8, "8", green), Bar("b", 4, "4", green)], full=None)
    assert abs(counts[0] - span) <= 3 and abs(counts[1] - span / 2) <= 3


def test_a_sliver_at_risk_is_not_rounded_to_none() -> None:
    """5.00 EUR without an agreed call out of 10,000.00 EUR said "0% of that value
    (5.00 EUR) has no agreed next call": a share that is not zero never reads as 0%,
    nor one that is not all of it as 100%."""
    from followup_desktop.core.stats import Ratio, percent
    from followup_desktop.ui.insights import share

    assert percent(0.0005) == "<1%" and percent(0.9996) == ">99%"
    assert percent(0.0) == "0%" and percent(1.0) == "100%" and percent(0.04) == "4%"
    assert share(Ratio(1, 300)) == "<1% (1 of 300)"


def test_export_says_where_it_went_and_a_folder_it_cannot_write_is_one_plain_line(
    qtbot, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Export CSV… said nothing when it worked, and a place it could not write to ended
    in the unexpected-error dialog with a traceback. A name typed without ".csv" gets it."""
    history(services)
    tasks = TaskRunner()
    window = MainWindow(services, tasks)
    qtbot.addWidget(window)
    window.show()
    window.show_view(3)
    qtbot.waitUntil(lambda: window.insights.figures is not None)
    numbers = window.insights.numbers
    chosen = tmp_path / "week 49"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(chosen), "CSV"))
    numbers.export_button.click()
    written = tmp_path / "week 49.csv"
    assert written.is_file() and not chosen.exists()
    assert numbers.export_note.text() == f"Exported to {written}"
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("x")
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(blocked / "numbers.csv"), "CSV")
    )
    numbers.export_button.click()  # no exception reaches Qt
    assert numbers.export_note.text().startswith("⚠ Not exported: ")
    assert "Traceback" not in numbers.export_note.text()
    tasks.wait()


def test_a_pipeline_with_every_prospect_planned_says_so_not_an_empty_box(
    qtbot, services: Services
) -> None:  # type: ignore[no-untyped-def]
    tasks = TaskRunner()
    window = MainWindow(services, tasks)
    qtbot.addWidget(window)
    window.show()
    window.show_view(2)
    qtbot.waitUntil(lambda: window.insights.figures is not None)
    pipeline = window.insights.pipeline
    assert pipeline.waiting_title.text() == "Prospects with no next step (0)"
    # (An empty book shows the Contacts' welcome; the page is read as it will show.)
    assert pipeline.waiting.isHidden()
    assert not pipeline.none_waiting.isHidden()
    assert pipeline.none_waiting.text() == "None: every prospect has a next step planned."
    tasks.wait()
