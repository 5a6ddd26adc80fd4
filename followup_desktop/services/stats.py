"""The rep's numbers for the Pipeline and Stats views and `followup stats`: one call,
one read transaction, the same figures on every face."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from followup_desktop.core import stats
from followup_desktop.core import voicemail_series as series
from followup_desktop.core.clock import Clock
from followup_desktop.core.money import amount_text, decimals, hundredths, minor_units, money
from followup_desktop.core.stats import Stats
from followup_desktop.exchange.csv_export import write_csv
from followup_desktop.services.followups import FollowUpService
from followup_desktop.services.system_currency import rep_currency
from followup_desktop.store import settings_repo, stats_repo
from followup_desktop.store.db import Database


class StatsService:
    def __init__(self, db: Database, clock: Clock, followups: FollowUpService) -> None:
        self._db = db
        self._clock = clock
        self._followups = followups

    def compute(self) -> Stats:
        now = self._clock.now()
        rep_zone = self._followups.rep_zone()
        with self._db.reading() as session:
            settings = settings_repo.load(session)
            names, waiting = stats_repo.no_next_step(session)
            pipeline = stats.pipeline(
                stats_repo.stage_totals(session),
                stats_repo.at_risk(session),
                names,
                waiting,
                rep_currency(settings),
            )
            series_runs, visits = stats_repo.series_and_visits(
                session, series.series_length(settings), now
            )
            won = stats_repo.outreach_of_won(session)
            persistence = stats.Persistence(
                before_first_connection=stats.Spread.of_counts(
                    stats_repo.attempts_before_connection(session)
                ),
                before_win=stats.Spread.of_counts(won),
                dropped_after=stats.buckets(stats_repo.dropped(session, now)),
                wins_by_attempts=stats.buckets(won),
                series=stats.series_completion(*series_runs),
            )
            speed = stats.speed(
                stats.Spread.of_hours(*stats_repo.gaps_after_connections(session)),
                visits,
                stats_repo.visits_followed_soon(session),
                stats_repo.agreed_calls_due(session, now),
                rep_zone,
            )
        return Stats(pipeline, persistence, speed, now)


def as_json(figures: Stats) -> dict[str, Any]:
    """The figures as `followup stats --json` prints them: money in each currency's
    minor unit as ISO 4217 has it (cents for EUR, yen for JPY), the decimals of each
    currency under "decimals" (what a script divides by)."""
    p, q, s = figures.pipeline, figures.persistence, figures.speed

    def spread(value: stats.Spread) -> dict[str, Any]:
        return {"count": value.count, "median": value.median, "mean": value.mean}

    def ratio(value: stats.Ratio) -> dict[str, Any]:
        return {"part": value.part, "whole": value.whole, "share": value.share}

    def money_ratio(value: stats.Ratio, currency: str) -> dict[str, Any]:
        part, whole = minor_units(value.part, currency), minor_units(value.whole, currency)
        return {"part": part, "whole": whole, "share": value.share}

    return {
        "computed_at": figures.computed_at.isoformat().replace("+00:00", "Z"),
        "pipeline": {
            "stages": [
                {
                    "stage": t.stage.value,
                    "currency": t.currency,
                    "count": t.count,
                    "value_minor": minor_units(t.value_minor, t.currency),
                }
                for t in p.stages
            ],
            "open_value_minor": {c: minor_units(v, c) for c, v in p.open_value_minor.items()},
            "at_risk": {c: money_ratio(p.at_risk(c), c) for c in p.open_value_minor},
            "decimals": {c: decimals(c) for c in p.open_value_minor},
            "no_next_step_count": p.no_next_step_count,
        },
        "persistence": {
            "attempts_before_first_connection": spread(q.before_first_connection),
            "attempts_before_win": spread(q.before_win),
            "dropped_after_attempts": q.dropped_after,
            "wins_by_attempts": q.wins_by_attempts,
            "voicemail_series_completed": ratio(q.series),
        },
        "speed": {
            "hours_to_next_touch_after_connection": spread(s.to_next_touch),
            "visits_followed_up_same_day": ratio(s.visits_same_day),
            "agreed_calls_made_on_the_day": ratio(s.agreed_on_day),
        },
    }


def _amount(units: int, currency: str) -> str:
    return amount_text(hundredths(units, currency), currency)


def _money(units: int, currency: str) -> str:
    """An amount of as_json (in the currency's minor unit) as the rep reads it."""
    return money(hundredths(units, currency), currency)


def _share(ratio: dict[str, Any], currency: str = "") -> str:
    """ "67% (2 of 3)"; with ``currency``, the parts are money as as_json gives it."""
    if ratio["share"] is None:
        return "no data yet"
    part, whole = ratio["part"], ratio["whole"]
    if currency:
        part, whole = _money(part, currency), _money(whole, currency)
    return f"{stats.percent(ratio['share'])} ({part} of {whole})"


def _number(value: float | None, unit: str = "") -> str:
    return "no data yet" if value is None else f"{stats.figure(value)}{unit}"


def stats_lines(figures: dict[str, Any]) -> list[str]:
    """The figures of ``as_json`` as a short text report (``followup stats``)."""
    pipeline, persistence, speed = figures["pipeline"], figures["persistence"], figures["speed"]
    lines = ["Pipeline"]
    for row in pipeline["stages"]:
        if row["count"]:
            lines.append(
                f"  {row['stage']:<12} {row['count']:>5}  {_amount(row['value_minor'], row['currency']):>14} {row['currency']}"
            )
    for currency, risk in pipeline["at_risk"].items():
        # The Pipeline view's first line, here too; with no deal yet, in the rep's currency.
        lines.append(f"  open pipeline: {_money(pipeline['open_value_minor'][currency], currency)}")
        lines.append(f"  open value without an agreed next call: {_share(risk, currency)}")
    lines.append(f"  prospects with no next step: {pipeline['no_next_step_count']}")
    lines.append("Persistence")
    before = persistence["attempts_before_first_connection"]
    lines.append(f"  attempts before the first conversation (median): {_number(before['median'])}")
    lines.append(
        f"  contacts to win a deal (median): {_number(persistence['attempts_before_win']['median'])}"
    )
    dropped = persistence["dropped_after_attempts"]
    lines.append("  dropped after " + ", ".join(f"{k}: {v}" for k, v in dropped.items()))
    wins = persistence["wins_by_attempts"]
    lines.append("  wins after " + ", ".join(f"{k}: {v}" for k, v in wins.items()))
    lines.append(
        f"  voicemail series carried through: {_share(persistence['voicemail_series_completed'])}"
    )
    lines.append("Speed")
    gap = speed["hours_to_next_touch_after_connection"]["median"]
    lines.append(f"  next touch after a conversation (median): {_number(gap, ' h')}")
    lines.append(
        f"  visits followed up the same day: {_share(speed['visits_followed_up_same_day'])}"
    )
    lines.append(
        f"  agreed calls made on the agreed day: {_share(speed['agreed_calls_made_on_the_day'])}"
    )
    return lines


REPORT_HEADER = ("section", "figure", "value")


def report_rows(figures: dict[str, Any]) -> list[tuple[str, str, object]]:
    """Every figure of ``as_json`` as one (section, figure, value) row, for CSV export."""
    rows: list[tuple[str, str, object]] = []

    def walk(section: str, prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(section, f"{prefix}.{key}" if prefix else str(key), inner)
        elif isinstance(value, list):
            for item in value:
                label = ".".join(str(item[k]) for k in ("stage", "currency") if k in item)
                for key, inner in item.items():
                    if key not in ("stage", "currency"):
                        walk(section, f"{prefix}.{label}.{key}", inner)
        else:
            rows.append((section, prefix, "" if value is None else value))

    for section in ("pipeline", "persistence", "speed"):
        walk(section, "", figures[section])
    return rows


def csv_path(chosen: Path) -> Path:
    """The file a report goes to: a name typed without ".csv" gets it, so the file
    opens in a spreadsheet with a double-click."""
    return chosen if chosen.suffix.lower() == ".csv" else chosen.with_name(chosen.name + ".csv")


def export_csv(figures: dict[str, Any], path: Path) -> None:
    write_csv(path, REPORT_HEADER, report_rows(figures))


def pipeline_rows(figures: Stats) -> list[tuple[object, ...]]:
    """Deals by stage, then the prospects with no next step: one sheet for the review.

    Each currency the rep has deals in keeps every stage, empty ones at 0: a sheet's rows
    stay where they were from one week's review to the next. A currency she has no deal
    in (her own, with no deal yet) has no rows: the Pipeline view shows none either."""
    pipeline = figures.pipeline
    held = {t.currency for t in pipeline.with_deals()}
    rows: list[tuple[object, ...]] = [
        (
            "stage",
            t.stage.value,
            t.currency,
            t.count,
            amount_text(t.value_minor, t.currency, grouped=False),
        )
        for t in pipeline.stages
        if t.currency in held
    ]
    for currency in [c for c in pipeline.open_value_minor if c in held]:
        risk = pipeline.at_risk(currency)
        part = amount_text(risk.part, currency, grouped=False)
        rows.append(("at risk", "no agreed next call", currency, "", part))
    rows += [
        ("no next step", contact_id, name, company, "")
        for contact_id, name, company in pipeline.no_next_step
    ]
    return rows


PIPELINE_HEADER = ("row", "what", "currency or name", "deals or company", "value")


def pipeline_csv(figures: Stats, path: Path) -> None:
    write_csv(path, PIPELINE_HEADER, pipeline_rows(figures))
