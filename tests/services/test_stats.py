"""The rep's numbers from a small history logged through the engine, every figure
checked by hand."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from followup_desktop.core import steps
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, Deal, DealStage, Outcome
from followup_desktop.services.session import Services
from followup_desktop.services.stats import as_json
from tests.computer_locale import computer_locale
from tests.rep_desk import rep_services

D1 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)  # Monday 09:00 in Paris


def day(n: int, hour: int = 9) -> datetime:
    """Day ``n`` (1 = Mon 2 Nov) at ``hour`` Paris time (UTC+1 in November)."""
    return D1 + timedelta(days=n - 1, hours=hour - 9)


@pytest.fixture
def services(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Services]:
    with rep_services(tmp_path, monkeypatch, FixedClock(D1)) as opened:
        yield opened


def log(services: Services, contact_id: int, outcome: Outcome, at: datetime, **kw) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(services.clock, FixedClock)
    services.clock.set(at)
    services.followups.log(contact_id, outcome, at, **kw)


def give_up_the_search(services: Services, contact_id: int) -> None:
    """Today's Skip on the step to find the right number."""
    (search,) = services.followups.open_for(contact_id)
    assert search.step == steps.FIND_NUMBER
    services.day.skip(search.id or 0, "no other number anywhere")


def history(services: Services) -> None:
    add = services.contacts.add
    ann = add(Contact(name="Ann", time_zone="Europe/Paris"))
    ben = add(Contact(name="Ben", time_zone="Europe/Paris"))
    cat = add(Contact(name="Cat", time_zone="Europe/Paris"))
    dan = add(Contact(name="Dan", time_zone="Europe/Paris"))
    eve = add(Contact(name="Eve", time_zone="Europe/Paris"))
    fay = add(Contact(name="Fay", time_zone="America/New_York"))
    add(Contact(name="Gus"))
    # Ann: two tries, then she answers and agrees Thursday 10:00; called on the day.
    log(services, ann, Outcome.NO_ANSWER, day(1))
    log(services, ann, Outcome.VOICEMAIL, day(2))
    log(services, ann, Outcome.CONNECTED, day(3), agreed_next=day(5, 10), objective="review")
    log(services, ann, Outcome.CONNECTED, day(5, 10), agreed_next=day(12, 10), objective="sign")
    # Ben: a visit, followed up the same afternoon; the deal is won.
    log(services, ben, Outcome.VISIT, day(1, 9))
    log(services, ben, Outcome.CONNECTED, day(1, 15))
    # Cat: the whole voicemail series (7), then parked with a check-in.
    for n in range(7):
        log(services, cat, Outcome.VOICEMAIL, day(1 + n))
    # Dan: two tries, then a wrong number, and no right one to be found: nothing planned.
    log(services, dan, Outcome.NO_ANSWER, day(1))
    log(services, dan, Outcome.NO_ANSWER, day(2))
    log(services, dan, Outcome.WRONG_NUMBER, day(3))
    give_up_the_search(services, dan)
    # Eve: one voicemail, then a wrong number, given up the same way: a series given up.
    log(services, eve, Outcome.VOICEMAIL, day(1))
    log(services, eve, Outcome.WRONG_NUMBER, day(2))
    give_up_the_search(services, eve)
    # Fay agreed a call on day 2 at 10:00 her time; it was never made.
    log(
        services,
        fay,
        Outcome.CONNECTED,
        day(1, 16),
        agreed_next=datetime(2026, 11, 3, 15, 0, tzinfo=UTC),
    )
    for contact_id, stage, value in (
        (ann, DealStage.PROPOSAL, 1_000_000),
        (fay, DealStage.QUALIFIED, 200_000),
        (dan, DealStage.LEAD, 50_000),
        (ben, DealStage.WON, 500_000),
    ):
        services.deals.save(Deal(contact_id, "deal", value, "EUR", stage))
    assert isinstance(services.clock, FixedClock)
    services.clock.set(day(8))


def test_hand_checked_figures(services: Services) -> None:
    history(services)
    figures = services.stats.compute()
    pipeline = figures.pipeline
    eur = {t.stage: (t.count, t.value_minor) for t in pipeline.stages if t.currency == "EUR"}
    assert eur == {
        DealStage.LEAD: (1, 50_000),
        DealStage.QUALIFIED: (1, 200_000),
        DealStage.PROPOSAL: (1, 1_000_000),
        DealStage.NEGOTIATION: (0, 0),
        DealStage.WON: (1, 500_000),
        DealStage.LOST: (0, 0),
    }
    assert pipeline.open_value_minor == {"EUR": 1_250_000}
    # Only Dan's deal has no agreed call planned.
    assert pipeline.at_risk("EUR").part == 50_000 and pipeline.at_risk("EUR").share == 0.04
    assert [name for _, name, _ in pipeline.no_next_step] == ["Dan", "Eve", "Gus"]

    persistence = figures.persistence
    # Ann tried twice before answering, Ben and Fay answered at once.
    assert persistence.before_first_connection.count == 3
    assert persistence.before_first_connection.median == 0
    assert persistence.before_first_connection.mean == pytest.approx(2 / 3)
    assert persistence.before_win.median == 2  # Ben: a visit and a call
    assert persistence.wins_by_attempts == {"1": 0, "2": 1, "3–4": 0, "5+": 0}
    assert persistence.dropped_after == {"1": 1, "2": 1, "3–4": 0, "5+": 0}  # Eve, Dan
    # Series: Ann's ended by an answer, Cat's carried to the end, Eve's given up.
    assert (persistence.series.part, persistence.series.whole) == (2, 3)

    speed = figures.speed
    # Ann day 3 09:00 → day 5 10:00 (49 h), Ben's visit → same afternoon (6 h); the
    # last conversations (Ann's second, Ben's call, Fay's) have no next touch yet.
    assert speed.to_next_touch.count == 2 and speed.to_next_touch.median == 27.5
    assert (speed.visits_same_day.part, speed.visits_same_day.whole) == (1, 1)
    # Ann's Thursday call was made on the day; Fay's was missed.
    assert (speed.agreed_on_day.part, speed.agreed_on_day.whole) == (1, 2)


def test_an_empty_history_has_no_figures_and_no_errors(services: Services) -> None:
    figures = services.stats.compute()
    assert figures.persistence.before_first_connection.median is None
    assert figures.persistence.series.share is None
    assert figures.speed.visits_same_day.share is None
    assert figures.pipeline.at_risk("EUR").share is None
    data = as_json(figures)
    assert data["pipeline"]["no_next_step_count"] == 0
    assert data["speed"]["agreed_calls_made_on_the_day"] == {"part": 0, "whole": 0, "share": None}


def test_the_command_line_counts_an_empty_pipeline_in_the_reps_currency(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`followup stats` on a US computer with no deal yet: dollars, not euros."""
    import io
    import json

    from followup_desktop import cli

    computer_locale(monkeypatch, "en_US.UTF-8")
    out, err = io.StringIO(), io.StringIO()
    argv = ["--data-dir", str(services.paths.data_dir), "stats"]
    assert cli.main(argv, out, err, services.clock) == 0, err.getvalue()
    assert "  open pipeline: 0.00 USD\n" in out.getvalue() and "EUR" not in out.getvalue()
    out = io.StringIO()
    assert cli.main([*argv, "--json"], out, err, services.clock) == 0
    pipeline = json.loads(out.getvalue())["pipeline"]
    assert pipeline["open_value_minor"] == {"USD": 0}
    assert {row["currency"] for row in pipeline["stages"]} == {"USD"}


def test_the_command_line_prints_the_same_figures(services: Services) -> None:
    import io
    import json

    from followup_desktop import cli

    history(services)
    expected = as_json(services.stats.compute())
    out, err = io.StringIO(), io.StringIO()
    argv = ["--data-dir", str(services.paths.data_dir), "stats", "--json"]
    assert cli.main(argv, out, err, services.clock) == 0, err.getvalue()
    assert json.loads(out.getvalue()) == expected
    out = io.StringIO()
    assert cli.main(argv[:-1], out, err, services.clock) == 0
    text = out.getvalue()
    assert "  proposal         1       10,000.00 EUR" in text
    assert "  open pipeline: 12,500.00 EUR\n" in text
    # Money as the rep reads it, not in cents; a whole median without ".0".
    assert "open value without an agreed next call: 4% (500.00 EUR of 12,500.00 EUR)" in text
    assert "attempts before the first conversation (median): 0\n" in text
    assert "contacts to win a deal (median): 2\n" in text
    assert "next touch after a conversation (median): 27.5 h\n" in text
    assert "voicemail series carried through: 67% (2 of 3)" in text
    assert "agreed calls made on the agreed day: 50% (1 of 2)" in text


def test_the_report_and_its_sheet_give_a_yen_no_cents(services: Services) -> None:
    """Before: "500,000.00 JPY" in followup stats and "500000.00" in the sheet."""
    import io

    from followup_desktop import cli
    from followup_desktop.services.stats import pipeline_rows

    tokyo = services.contacts.add(Contact(name="Aiko", time_zone="Asia/Tokyo"))
    paris = services.contacts.add(Contact(name="Léa", time_zone="Europe/Paris"))
    services.deals.save(Deal(tokyo, "Fleet", 50_000_000, "JPY", DealStage.PROPOSAL))
    services.deals.save(Deal(paris, "Pilot", 1_200_050, "EUR", DealStage.LEAD))
    out, err = io.StringIO(), io.StringIO()
    argv = ["--data-dir", str(services.paths.data_dir), "stats"]
    assert cli.main(argv, out, err, services.clock) == 0, err.getvalue()
    assert "  proposal         1         500,000 JPY" in out.getvalue()
    assert "  lead             1       12,000.50 EUR" in out.getvalue()
    sheet = {(row[1], row[2]): row[4] for row in pipeline_rows(services.stats.compute())}
    assert sheet[("proposal", "JPY")] == "500000"
    assert sheet[("lead", "EUR")] == "12000.50"
    assert sheet[("no agreed next call", "JPY")] == "500000"


def test_the_json_gives_yen_in_yen_and_euros_in_cents(services: Services) -> None:
    """Before: 500,000 JPY was "value_minor": 50000000, a hundredth of a yen that no
    one counts in, while the figures said they were in the currency's minor unit."""
    import io
    import json

    from followup_desktop import cli
    from followup_desktop.services.stats import report_rows

    tokyo = services.contacts.add(Contact(name="Aiko", time_zone="Asia/Tokyo"))
    paris = services.contacts.add(Contact(name="Léa", time_zone="Europe/Paris"))
    services.deals.save(Deal(tokyo, "Fleet", 50_000_000, "JPY", DealStage.PROPOSAL))
    services.deals.save(Deal(paris, "Pilot", 1_200_050, "EUR", DealStage.LEAD))
    out, err = io.StringIO(), io.StringIO()
    argv = ["--data-dir", str(services.paths.data_dir), "stats", "--json"]
    assert cli.main(argv, out, err, services.clock) == 0, err.getvalue()
    pipeline = json.loads(out.getvalue())["pipeline"]
    values = {(r["stage"], r["currency"]): r["value_minor"] for r in pipeline["stages"]}
    assert (values[("proposal", "JPY")], values[("lead", "EUR")]) == (500_000, 1_200_050)
    assert pipeline["open_value_minor"] == {"EUR": 1_200_050, "JPY": 500_000}
    assert pipeline["at_risk"]["JPY"]["part"] == 500_000
    assert pipeline["decimals"] == {"EUR": 2, "JPY": 0}  # what a script divides by
    sheet = {(row[1]): row[2] for row in report_rows(json.loads(out.getvalue()))}
    assert sheet["stages.proposal.JPY.value_minor"] == 500_000  # Stats › Export CSV
    # The text report reads the same figures as the rep does.
    out = io.StringIO()
    assert cli.main(argv[:-1], out, err, services.clock) == 0
    assert "  open pipeline: 500,000 JPY\n" in out.getvalue()
    assert "(500,000 JPY of 500,000 JPY)" in out.getvalue()


def test_the_pipeline_sheet_keeps_a_stage_grid_only_for_the_currencies_with_deals(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: with no deal yet, Pipeline › Export CSV listed six stages at 0.00 USD and
    "0.00" USD at risk, money the rep has no deal in, where the view shows no stage."""
    from followup_desktop.services.stats import pipeline_rows

    computer_locale(monkeypatch, "en_US.UTF-8")
    dan = services.contacts.add(Contact(name="Dan", company="Dune"))
    assert pipeline_rows(services.stats.compute()) == [("no next step", dan, "Dan", "Dune", "")]

    # A deal in yen: every stage in yen, the empty ones at 0, and still nothing in dollars.
    aiko = services.contacts.add(Contact(name="Aiko", time_zone="Asia/Tokyo"))
    services.deals.save(Deal(aiko, "Fleet", 50_000_000, "JPY", DealStage.PROPOSAL))
    sheet = [row for row in pipeline_rows(services.stats.compute()) if row[0] != "no next step"]
    assert sheet == [
        ("stage", "lead", "JPY", 0, "0"),
        ("stage", "qualified", "JPY", 0, "0"),
        ("stage", "proposal", "JPY", 1, "500000"),
        ("stage", "negotiation", "JPY", 0, "0"),
        ("stage", "won", "JPY", 0, "0"),
        ("stage", "lost", "JPY", 0, "0"),
        ("at risk", "no agreed next call", "JPY", "", "500000"),
    ]
