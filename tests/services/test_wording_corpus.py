"""Every default script card and e-mail template, rendered against objectives, promises,
companies and notes as reps really write them (with and without a final full stop, with
an article or without): no doubled word, no doubled punctuation, no placeholder left,
no "as agreed" for a time nobody agreed."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime, timedelta

import pytest

from followup_desktop.core import call_sheet, email_wording, placeholders
from followup_desktop.core import settings as options
from followup_desktop.core.call_sheet import CallInputs
from followup_desktop.core.email_wording import WordingInputs
from followup_desktop.core.model import (
    Commitment,
    Contact,
    FollowUp,
    FollowUpKind,
    Outcome,
    Style,
    Touch,
)
from followup_desktop.core.scripts import situations
from followup_desktop.core.settings import Settings
from followup_desktop.exchange.email_templates import TemplateStore
from followup_desktop.paths import resources_dir
from followup_desktop.services.calls import default_cards

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # a Monday
# Fifty objectives as reps type them: verb phrases and things, with "to", capitals, a
# final full stop, "!" or "?", an ellipsis, an acronym, a name.
OBJECTIVES = (
    "walk through the pilot proposal",
    "Review the proposal.",
    "to agree the pilot start date",
    "the pilot budget",
    "Plan the rollout with IT!",
    "agree next steps",
    "Confirm the budget for Q3.",
    "go over the contract terms",
    "a demo for the warehouse team",
    "discuss pricing",
    "present the ROI numbers",
    "sign the order form",
    "Check in after the trade fair",
    "our renewal",
    "introduce the new account manager.",
    "see if the timing works now?",
    "finalise the SOW",
    "talk to Priya about the rollout",
    "book the onsite visit",
    "the revised quote…",
    "hear how the trial went",
    "To confirm the delivery date.",
    "get feedback on the sample",
    "set up a call with their CFO",
    "my proposal for Nordic Freight",
    "answer their questions on security",
    "review SAP integration",
    "agree a start date for the pilot!",
    "share the case study",
    "Follow up on the quote we sent",
    "map out the decision process",
    "a quick catch-up",
    "understand their fleet size",
    "align on success criteria.",
    "get the NDA signed",
    "schedule training for the team",
    "explain the new pricing tiers",
    "iron out the last open points",
    "an update on the integration",
    "confirm who signs off",
    "plan phase two.",
    "walk the IT team through the setup",
    "the contract",
    "see whether the budget was approved",
    "Review the pilot results with Jane",
    "talk about next year's volumes",
    "close the deal",
    "find a date for the workshop",
    "Discuss the renewal terms...",
    "check the invoice details",
)
PROMISES = ("the pilot proposal", "Pricing sheet.", "a revised quote", "our case study")
# Twenty company names: abbreviations with their full stop, ampersands, none at all.
COMPANIES = (
    "Acme, Inc.",
    "Nordic Freight AS",
    "Smith & Sons Ltd.",
    "",
    "Raman Textiles",
    "Lagos Freight",
    "Müller GmbH",
    "Blue Harbor Foods",
    "O'Neil Logistics",
    "Helios Solar Co.",
    "IBM",
    "Tidewater Marine Corp.",
    "Keller & Sons",
    "Vantage Fitness",
    "3M",
    "Société Générale",
    "Pinecrest Dental, LLC",
    "Orbit Retail",
    "Cruz Logistics S.A.",
    "Northwind Traders",
)
NOTES = (
    "Visited warehouse…",
    "Launch planned mid-August. Budget approved.",
    "budget approved in Q3",
)
DOUBLED_WORD = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)
# Two marks in a row, ignoring an ellipsis and the full stop of a company's abbreviation
# ("Acme, Inc.?" is right).
DOUBLED_MARK = re.compile(r"[.,;:!?]\s*[.,;:!?]")
ABBREVIATION = re.compile(r"\b(Inc|Ltd|Co|Corp|LLC|S\.A)\.")


def wrong(text: str) -> list[str]:
    # An ellipsis counts as a mark: "the revised quote…." is a doubled one.
    plain = ABBREVIATION.sub(r"\1", text.replace("...", "…").replace("…", "."))
    found = [f"doubled word {m.group(0)!r}" for m in DOUBLED_WORD.finditer(plain)]
    found += [f"doubled mark {m.group(0)!r}" for m in DOUBLED_MARK.finditer(plain)]
    found += [
        f"sentence starts lower case: {m.group(0)!r}" for m in re.finditer(r"\. [a-z]\w*", plain)
    ]
    return found


def with_each_company(objective: str) -> list[tuple[str, str, str]]:
    """The objective with every company (1,000 pairs over the test's 50 runs), the
    promises and notes in turn."""
    start = OBJECTIVES.index(objective)
    return [
        (PROMISES[(start + n) % len(PROMISES)], company, NOTES[(start + n) % len(NOTES)])
        for n, company in enumerate(COMPANIES)
    ]


def settings() -> Settings:
    return (
        Settings()
        .with_value(options.REP_NAME, "Sam Rivers")
        .with_value(options.REP_EMAIL, "sam@seller.example")
    )


@pytest.mark.parametrize("objective", OBJECTIVES)
def test_every_default_card_reads_right(objective: str) -> None:
    cards = default_cards()
    problems: list[str] = []
    for (promise, company, note), style in itertools.product(with_each_company(objective), Style):
        contact = Contact(
            "Priya Raman",
            company=company,
            time_zone="Asia/Kolkata",
            style=style,
            personal_notes="two kids, loves cricket",
            id=1,
        )
        agreed = FollowUp(1, FollowUpKind.CALL, "agreed", NOW + timedelta(hours=1), objective, True)
        said = Touch(1, Outcome.CONNECTED, NOW - timedelta(days=7), note)
        promised = Commitment(1, promise, NOW - timedelta(days=3))
        inputs = CallInputs(contact, agreed, (said,), (promised,), cards)
        for situation, _name in situations(7):
            sheet = call_sheet.build(inputs, settings(), NOW, "Europe/Paris", situation)
            for card in sheet.cards:
                for line in card.lines:
                    problems += [
                        f"{situation} {card.part.value}: {line.text!r}: {p}"
                        for p in wrong(line.text)
                    ]
    assert problems == []


@pytest.mark.parametrize("objective", OBJECTIVES)
def test_every_default_email_reads_right(objective: str) -> None:
    store = TemplateStore(resources_dir() / "email_templates", resources_dir() / "none")
    problems: list[str] = []
    # The note is never in front of a customer: not in any template.
    for (promise, company, _note), agreed in itertools.product(
        with_each_company(objective), (True, False)
    ):
        contact = Contact("Priya Raman", company=company, time_zone="Asia/Kolkata", id=1)
        follow_up = FollowUp(
            1, FollowUpKind.CALL, "agreed", NOW + timedelta(days=1), objective, agreed
        )
        commitment = Commitment(1, promise, NOW + timedelta(days=2))
        values = email_wording.email_values(
            WordingInputs(contact, follow_up, "Asia/Kolkata", settings(), NOW, commitment)
        )
        for name in store.names():
            template = store.load(name)
            for text in (template.subject, template.body):
                filled = placeholders.fill(text, values, email_wording.KNOWN)
                problems += [f"{name}: {p}" for p in wrong(filled.text)]
                unfilled = [n for n in filled.missing if n != "company"]  # none on file: shown
                problems += [f"{name}: {{{n}}} left" for n in (*filled.unknown, *unfilled)]
        description = email_wording.invite_description(follow_up, "Sam Rivers", "+91 98765 43210")
        problems += [f"invite: {p}" for p in wrong(description)]
        assert ("as agreed" in description) is agreed
    assert problems == []


def test_the_words_of_the_issue_read_right() -> None:
    """The sentences reps saw, as they read now."""
    contact = Contact("Priya Raman", company="Acme, Inc.", time_zone="Asia/Kolkata", id=1)
    follow_up = FollowUp(
        1, FollowUpKind.CALL, "agreed", NOW, "walk through the pilot proposal", True
    )
    promised = Commitment(1, "the pilot proposal", NOW)
    values = email_wording.email_values(
        WordingInputs(contact, follow_up, "Asia/Kolkata", settings(), NOW, promised)
    )
    store = TemplateStore(resources_dir() / "email_templates", resources_dir() / "none")
    subject = placeholders.fill(store.load("proposal-cover").subject, values).text
    assert subject == "The pilot proposal I promised"
    assert placeholders.fill("Hello {company}.", values).text == "Hello Acme, Inc."
    said = Touch(1, Outcome.CONNECTED, NOW - timedelta(days=1), "Visited warehouse…")
    sheet = call_sheet.build(
        CallInputs(contact, follow_up, (said,), cards=default_cards()),
        settings(),
        NOW,
        "Europe/Paris",
        "after-misses",
    )
    texts = [line.text for card in sheet.cards for line in card.lines]
    assert "The reason I was calling: walk through the pilot proposal." in texts
    assert "Last time I noted: “Visited warehouse…”. Is that still where things are?" in texts


def test_a_thing_to_talk_about_reads_as_well_as_a_thing_to_do() -> None:
    """With "pricing for 40 seats" the Me card read "So the next step is to pricing for 40
    seats.", opening as the Next Step card does. Ours now read right whether the rep wrote
    a thing to do or a thing to talk about, and Me no longer opens as Next Step."""
    objective = "pricing for 40 seats"
    contact = Contact("Priya Raman", company="Acme, Inc.", time_zone="Asia/Kolkata", id=1)
    agreed = FollowUp(1, FollowUpKind.CALL, "agreed", NOW + timedelta(hours=1), objective, True)
    inputs = CallInputs(contact, agreed, (), cards=default_cards())
    for situation, _name in situations(7):
        sheet = call_sheet.build(inputs, settings(), NOW, "Europe/Paris", situation)
        texts = [line.text for card in sheet.cards for line in card.lines]
        assert [t for t in texts if re.search(rf"\b(?:to|we) {objective}", t)] == []
        me, next_step = (card.lines[0].text for card in sheet.cards[1:])
        assert me.split()[:3] != next_step.split()[:3], situation
    sheet = call_sheet.build(inputs, settings(), NOW, "Europe/Paris", "agreed-call")
    assert sheet.cards[1].lines[0].text == f"What we set this call for: {objective}."


def test_an_objective_written_as_a_thing_reads_right_in_every_email() -> None:
    """With "pricing for 40 seats" the confirmation read "I will call you on … to pricing
    for 40 seats." Our templates now read right with a thing to do or a thing to talk
    about."""
    objective = "pricing for 40 seats"
    contact = Contact("Priya Raman", company="Acme, Inc.", time_zone="Asia/Kolkata", id=1)
    agreed = FollowUp(1, FollowUpKind.CALL, "agreed", NOW + timedelta(days=1), objective, True)
    values = email_wording.email_values(
        WordingInputs(contact, agreed, "Asia/Kolkata", settings(), NOW)
    )
    store = TemplateStore(resources_dir() / "email_templates", resources_dir() / "none")
    bodies = {name: placeholders.fill(store.load(name).body, values).text for name in store.names()}
    assert [n for n, body in bodies.items() if re.search(rf"\bto {objective}", body)] == []
    assert f"What we set the call for: {objective}." in bodies["confirmation"]
    assert f"What I was calling about: {objective}." in bodies["last-call"]
