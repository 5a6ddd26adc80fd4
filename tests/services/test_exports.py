"""Exports through the service, as the call screen uses them: the agreed call's invite and
confirmation draft, a nudge with three times inside the contact's business hours, a
reschedule that bumps SEQUENCE, a cancellation, the rep's own template wording, the
history note for every export, and the nudge saved into a real IMAP Drafts folder with
the password coming from a real Secret Service keyring (or, without one, from the rep
for this session only)."""

from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject

from followup_desktop.core import settings as options
from followup_desktop.core import steps
from followup_desktop.core.cadence_model import CommitmentRequest
from followup_desktop.core.calendar import BusinessHours, is_business_moment
from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import (
    Contact,
    Email,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    Outcome,
    Phone,
)
from followup_desktop.exchange.email_templates import Template
from followup_desktop.exchange.file_names import MAX_STEM_BYTES
from followup_desktop.services.exports import ExportProblem, PasswordNeeded
from followup_desktop.services.secrets import Secrets
from followup_desktop.services.session import Services
from followup_desktop.store import calendar_repo, followups_repo
from tests.peers.cut_proxy import cut_proxy
from tests.peers.dovecot import Dovecot
from tests.peers.keyring_session import SecretService
from tests.rep_desk import rep_services

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # Monday 16:00 in Paris, 09:00 in Chicago
AGREED = datetime(2026, 11, 24, 16, 0, tzinfo=UTC)  # Tuesday 10:00 in Chicago
INTERNAL = "INTERNAL: budget is tight, boss is difficult"
CHICAGO = ZoneInfo("America/Chicago")


@pytest.fixture
def services(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_keyring: None
) -> Iterator[Services]:
    with rep_services(tmp_path, monkeypatch, FixedClock(NOW), rep_name="Sam Rivers") as opened:
        settings = opened.settings.load().with_value(options.REP_EMAIL, "sam@example.com")
        opened.settings.save(settings)
        yield opened


def _jane(services: Services, name: str = "Smith, Jane; Acme: Zoë") -> int:
    return services.contacts.add(
        Contact(
            name=name,
            company="Acme, Inc.",
            emails=[Email("jane@example.com")],
            phones=[Phone("+13125550100")],
            time_zone="America/Chicago",
            personal_notes="PERSONAL: kids at Lincoln school",
        )
    )


def _agreed_call(services: Services, contact_id: int) -> int:
    result = services.followups.log(
        contact_id, Outcome.CONNECTED, NOW, INTERNAL, AGREED, "review the proposal"
    )
    (call,) = [f for f in result.created if f.agreed]
    assert call.id is not None
    return call.id


def _event(data: bytes) -> icalendar.Event:
    (event,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
    return event


def _notes(services: Services, contact_id: int) -> list[str]:
    with services.db.reading() as session:
        touches = followups_repo.touches(session, contact_id)
    return [t.notes for t in touches if t.outcome is Outcome.NOTE]


def test_the_agreed_call_invite_is_in_their_zone_with_the_alarm(services: Services) -> None:
    jane = _jane(services)
    call = _agreed_call(services, jane)
    invite = services.exports.invite_for(call)
    event = _event(invite.data)
    assert event.decoded("DTSTART") == AGREED
    assert event.decoded("DTSTART").astimezone(CHICAGO).hour == 10
    assert event["DTSTART"].params["TZID"] == "America/Chicago"
    assert str(event["SUMMARY"]) == "Call with Sam Rivers: review the proposal"
    assert event["ATTENDEE"].params["CN"] == "Smith, Jane; Acme: Zoë"
    assert event["ORGANIZER"].params["CN"] == "Sam Rivers"
    assert event.walk("VALARM")[0].decoded("TRIGGER") == timedelta(minutes=-15)
    assert invite.method == "REQUEST" and invite.sequence == 0
    assert b"INTERNAL" not in invite.data and b"PERSONAL" not in invite.data
    assert vobject.readOne(invite.data.decode()).vevent.dtstart.value == AGREED
    assert _notes(services, jane) == []  # making it is not exporting it


def test_a_call_the_rules_planned_gets_its_invite(services: Services) -> None:
    # No answer at 09:00:17 in Chicago: the rules call again tomorrow at the same time,
    # 09:00 on the minute. The invite (Ctrl+I on the call screen) says 09:00:00.
    clock = services.clock
    assert isinstance(clock, FixedClock)
    clock.advance(seconds=17.25)
    logged = services.followups.log(_jane(services), Outcome.NO_ANSWER)
    (again,) = logged.created
    assert again.id is not None
    assert services.followups.get(again.id).due_at == datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
    invite = services.exports.invite_for(again.id)
    start = _event(invite.data).decoded("DTSTART")
    assert start.astimezone(CHICAGO).replace(tzinfo=None) == datetime(2026, 11, 24, 9, 0, 0)


def test_saving_twice_keeps_both_files_and_notes_each_export(services: Services) -> None:
    jane = _jane(services)
    call = _agreed_call(services, jane)
    first = services.exports.save_invite(call)
    second = services.exports.save_invite(call)
    assert first.parent == services.paths.exports
    assert first.name == "Smith, Jane; Acme Zoë - call 2026-11-24.ics"
    assert second.name == "Smith, Jane; Acme Zoë - call 2026-11-24 (2).ics"
    assert _event(first.read_bytes())["UID"] == _event(second.read_bytes())["UID"]
    assert _notes(services, jane) == [
        f"Invite exported, saved as {first.name}",
        f"Invite exported, saved as {second.name}",
    ]
    # A note on the history plans nothing and counts as no attempt.
    assert [f.id for f in services.followups.open_for(jane)] == [call]


def test_a_reschedule_bumps_the_sequence_and_keeps_the_uid(services: Services) -> None:
    jane = _jane(services)
    call = _agreed_call(services, jane)
    before = services.exports.invite_for(call)
    services.followups.move(call, AGREED + timedelta(days=1))
    after = services.exports.invite_for(call)
    assert after.uid == before.uid
    assert (before.sequence, after.sequence) == (0, 1)
    assert _event(after.data).decoded("DTSTART") == AGREED + timedelta(days=1)
    assert _event(after.data)["SEQUENCE"] == 1
    # The history says so in her words, not by the calendar's revision number.
    path = services.exports.save_invite(call)
    assert _notes(services, jane)[-1] == (
        "Invite exported for the moved call (in place of the one sent before), "
        f"saved as {path.name}"
    )


def test_a_cancelled_call_exports_a_cancel_with_the_same_uid(services: Services) -> None:
    jane = _jane(services)
    call = _agreed_call(services, jane)
    request = services.exports.invite_for(call)
    with services.db.writing() as session:
        followups_repo.close(session, [call], FollowUpState.CANCELLED, NOW)
    cancel = services.exports.invite_for(call)
    assert cancel.method == "CANCEL"
    assert cancel.uid == request.uid
    assert cancel.sequence == request.sequence + 1
    assert str(icalendar.Calendar.from_ical(cancel.data)["METHOD"]) == "CANCEL"
    path = services.exports.save_invite(call)
    assert _notes(services, jane) == [f"Cancellation exported, saved as {path.name}"]


def test_the_confirmation_draft_carries_the_invite_and_no_notes(services: Services) -> None:
    jane = _jane(services)
    call = _agreed_call(services, jane)
    draft = services.exports.draft_for(call)
    assert draft.template == "confirmation"
    assert draft.subject == "Our call on Tuesday 24 November at 10:00"
    assert draft.text.startswith("Hi Jane,\n")
    assert "(Chicago time). What we set the call for: review the proposal." in draft.text
    assert draft.unknown == () and draft.missing == ()
    assert draft.invite is not None
    assert draft.invite.uid == services.exports.invite_for(call).uid
    for secret in (b"INTERNAL", b"PERSONAL", b"budget", b"Lincoln"):
        assert secret not in draft.eml
    assert draft.mailto is not None and draft.mailto.startswith("mailto:jane@example.com?")
    path = services.exports.save_draft(draft)
    assert path.name == "Smith, Jane; Acme Zoë - confirmation.eml"
    assert path.read_bytes() == draft.eml
    assert _notes(services, jane) == [
        f"E-mail draft 'confirmation' with the invite (sequence 0) saved as {path.name}"
    ]


def test_a_long_name_keeps_what_each_file_is_in_its_file_name(services: Services) -> None:
    """A name past the file-name limit cut the words after it: the invite and the draft
    of one contact were both "Annabelle…" with nothing saying which was which."""
    name = "Annabelle " + "Featherstonehaugh-" * 10 + "Cholmondeley"
    call = _agreed_call(services, _jane(services, name))
    invite = services.exports.save_invite(call)
    draft = services.exports.save_draft(services.exports.draft_for(call))
    assert invite.name.startswith("Annabelle Featherstonehaugh-")
    assert invite.name.endswith(" - call 2026-11-24.ics")
    assert draft.name.endswith(" - confirmation.eml")
    assert invite.parent == draft.parent == services.paths.exports
    assert len(invite.stem.encode()) <= MAX_STEM_BYTES


def _offers_in(text: str) -> str:
    """The list of times a nudge offers ("… would suit me (Chicago time): A, B or C.")."""
    found = re.search(r"would suit me \(\w+ time\): (.*?)\. Or just reply", text)
    assert found is not None, text
    return found.group(1)


def _nudge_offers(services: Services) -> list[tuple[str, datetime]]:
    """The three times Jane's nudge offers (Chicago), each with the weekday it says."""
    call = _agreed_call(services, _jane(services))
    draft = services.exports.draft_for(call, "nudge")
    offered = re.findall(r"(\w+day) (\d+) November at (\d\d):(\d\d)", _offers_in(draft.text))
    assert len(offered) == 3
    return [
        (weekday, datetime(2026, 11, int(day), int(hour), int(minute), tzinfo=CHICAGO))
        for weekday, day, hour, minute in offered
    ]


def test_the_nudge_offers_three_times_inside_their_business_hours(services: Services) -> None:
    for weekday, moment in _nudge_offers(services):
        assert moment.strftime("%A") == weekday
        assert moment.weekday() < 5 and 9 <= moment.hour < 17
        assert moment > NOW


def test_the_times_a_draft_offers_are_inside_the_reps_hours_too(services: Services) -> None:
    # Sam calls from Paris: a Chicago afternoon is his evening. The call screen offers
    # only times both can call; the e-mail must offer the same kind of times.
    for _weekday, moment in _nudge_offers(services):
        in_paris = moment.astimezone(ZoneInfo("Europe/Paris"))
        assert is_business_moment(moment, "Europe/Paris", BusinessHours()), (
            f"{moment:%a %H:%M} in Chicago is {in_paris:%H:%M} in Paris"
        )


def test_the_reps_edited_template_wins_and_typos_are_reported(services: Services) -> None:
    call = _agreed_call(services, _jane(services))
    services.exports.templates.save(
        Template("nudge", "Quick one, {first_name}", "Hi {first_name}, {last_said} {frist_name}")
    )
    draft = services.exports.draft_for(call, "nudge")
    assert draft.subject == "Quick one, Jane"
    # What was said on the call is not offered to e-mails at all: it stays a visible typo.
    assert draft.text == "Hi Jane, {last_said} {frist_name}\n".rstrip("\n")
    assert draft.unknown == ("last_said", "frist_name")
    services.exports.templates.reset("nudge")
    assert services.exports.draft_for(call, "nudge").subject == "Another time to talk?"


def test_a_copy_of_our_earlier_words_reads_as_ours_now_and_her_own_stays(
    services: Services,
) -> None:
    """Sam copied our templates into his data folder when they said "I will call you on …
    to {objective}", and changed only the reminder. Jane's confirmation, for "pricing for
    40 seats", now reads as ours does; his reminder keeps his words."""
    jane = _jane(services)
    result = services.followups.log(
        jane, Outcome.CONNECTED, NOW, INTERNAL, AGREED, "pricing for 40 seats"
    )
    (call,) = [f.id for f in result.created if f.agreed]
    assert call is not None
    earlier = (
        "Hi {first_name},\n\nThank you for your time today. As agreed, I will call you on "
        "{agreed_time} ({their_zone} time) to {objective}.\n\nThe calendar invite attached "
        "puts it on your calendar too, with a reminder. If that time stops working for you, "
        "just reply with one that suits you better.\n\nTalk soon,\n{rep_name}\n"
    )
    edited = services.paths.data_dir / "email_templates"
    edited.mkdir()
    (edited / "confirmation.txt").write_text(
        f"Subject: Our call on {{agreed_time}}\r\n\r\n{earlier}".replace("\n", "\r\n"),
        encoding="utf-8",
    )
    services.exports.templates.save(
        Template("call-reminder", "Our call", "Hi {first_name}, I will call you to {objective}.")
    )
    draft = services.exports.draft_for(call, "confirmation")
    assert "to pricing for 40 seats" not in draft.text
    assert "What we set the call for: pricing for 40 seats." in draft.text
    reminder = services.exports.draft_for(call, "call-reminder")
    assert reminder.text == "Hi Jane, I will call you to pricing for 40 seats."


def test_a_preview_edited_by_the_rep_is_what_is_saved(services: Services) -> None:
    call = _agreed_call(services, _jane(services))
    draft = services.exports.draft_for(call, "nudge", subject="Edited", text="New words")
    assert draft.subject == "Edited" and "New words" in draft.eml.decode()


@pytest.mark.parametrize(
    "hostile",
    ["Jane =?utf-8?q?=0A?=Bcc: spy@evil.example", "=?UTF-8?Q?=0D=0A?=X-Evil: 1"],
)
def test_a_hostile_contact_name_stops_the_draft_with_a_sentence(
    services: Services, hostile: str
) -> None:
    call = _agreed_call(services, _jane(services, hostile))
    with pytest.raises(ExportProblem, match="please edit it"):
        services.exports.draft_for(call, "nudge")


def test_problems_are_sentences_with_a_way_out(services: Services) -> None:
    bare = services.contacts.add(Contact(name="No Mail", time_zone="Europe/Berlin"))
    call = _agreed_call(services, bare)
    with pytest.raises(ExportProblem, match="No Mail has no e-mail address: add one"):
        services.exports.invite_for(call)
    with pytest.raises(ExportProblem, match="no e-mail template 'nope'; choose one of"):
        services.exports.draft_for(call, "nope")
    services.settings.save(services.settings.load().with_value(options.REP_EMAIL, ""))
    with pytest.raises(ExportProblem, match="set your e-mail address in Settings"):
        services.exports.invite_for(call)


def test_an_invite_asked_for_a_step_that_is_no_call_says_what_the_step_is(
    services: Services,
) -> None:
    """Before: "follow-up 3 is task step, not a call" (and "email step"), words no rep
    speaks, for her promise as for the search for a right number."""
    jane = _jane(services)
    promised = CommitmentRequest("the pricing", NOW + timedelta(days=1))
    logged = services.followups.log(jane, Outcome.CONNECTED, NOW, commitment=promised)
    (promise,) = [f.id for f in logged.created if f.kind is FollowUpKind.TASK]
    with services.db.writing() as session:
        nudge = followups_repo.add_follow_up(
            session, FollowUp(jane, FollowUpKind.EMAIL, steps.NUDGE, NOW + timedelta(hours=2))
        ).id
    bob = services.contacts.add(Contact(name="Bob Lee", phones=[Phone("+13125550142")]))
    (search,) = [f.id for f in services.followups.log(bob, Outcome.WRONG_NUMBER, NOW).created]
    said = {}
    for follow_up_id in (promise, nudge, search):
        assert follow_up_id is not None
        with pytest.raises(ExportProblem) as refused:
            services.exports.invite_for(follow_up_id)
        said[follow_up_id] = str(refused.value)
    no_invite = "not a call: there is no invite to send for it"
    assert said == {
        promise: f"follow-up {promise} is a promise (the pricing), {no_invite}",
        nudge: f"follow-up {nudge} is an e-mail to write, {no_invite}",
        search: f"follow-up {search} is finding the right number for Bob Lee, {no_invite}",
    }


def _use_imap(
    services: Services, server: Dovecot, port: int | None = None, security: str = "starttls"
) -> None:
    settings = (
        services.settings.load()
        .with_value(options.IMAP_HOST, "localhost")
        .with_value(options.IMAP_PORT, port or server.port)
        .with_value(options.IMAP_SECURITY, security)
        .with_value(options.IMAP_USER, server.user)
    )
    services.settings.save(settings)


def test_the_nudge_lands_in_imap_drafts_with_the_password_from_the_keyring(
    services: Services, imap: Dovecot, keyring_bus: SecretService
) -> None:
    jane = _jane(services)
    call = _agreed_call(services, jane)
    _use_imap(services, imap)
    secrets = services.exports.secrets
    assert secrets.status().secure
    # The rep typed it once, earlier: it went into the keyring, not the database.
    assert secrets.remember_imap_password("localhost", imap.user, imap.password) is True
    assert Secrets().imap_password("localhost", imap.user) == imap.password  # really stored

    draft = services.exports.draft_for(call, "nudge")
    appended = services.exports.append_to_imap(draft, context=imap.client_context())
    assert appended.uid == 1
    ((flags, stored),) = imap.fetch_all()
    assert stored == draft.eml
    assert b"\\Draft" in flags
    assert _notes(services, jane) == ["E-mail draft 'nudge' saved in Drafts on localhost"]
    _assert_password_nowhere_on_disk(services, imap.password)


def test_without_a_keyring_the_password_is_asked_and_kept_for_the_session(
    services: Services, imap: Dovecot
) -> None:
    call = _agreed_call(services, _jane(services))
    _use_imap(services, imap)
    draft = services.exports.draft_for(call, "nudge")
    with pytest.raises(PasswordNeeded, match="no secure keyring") as asked:
        services.exports.append_to_imap(draft, context=imap.client_context())
    assert "kept in memory until you quit" in str(asked.value)
    with pytest.raises(ExportProblem, match="refused the user name"):
        services.exports.append_to_imap(draft, "wrong", context=imap.client_context())
    services.exports.append_to_imap(draft, imap.password, context=imap.client_context())
    services.exports.append_to_imap(draft, context=imap.client_context())  # not asked again
    # The same draft saved again is found there (its Message-ID), not put in twice.
    assert [body for _, body in imap.fetch_all()] == [draft.eml]
    _assert_password_nowhere_on_disk(services, imap.password)


def test_a_draft_whose_answer_was_lost_is_not_saved_twice_when_the_rep_tries_again(
    services: Services, imap: Dovecot
) -> None:
    """The server stored the draft but the network dropped before its OK came back: the
    rep is told it failed and saves again. Drafts then holds it once, not twice."""
    jane = _jane(services)
    call = _agreed_call(services, jane)
    draft = services.exports.draft_for(call, "nudge")
    # Plain IMAP to this computer (as to a local bridge), so the wire can be cut right
    # after the draft's bytes went out.
    with cut_proxy(imap.port) as network:
        _use_imap(services, imap, port=network.port, security="none")
        network.cut_after(draft.eml[-64:])
        with pytest.raises(ExportProblem, match="may be in Drafts already"):
            services.exports.append_to_imap(draft, imap.password)
        assert network.cuts == 1
        assert [body for _, body in imap.fetch_all()] == [draft.eml]  # it did arrive
        services.exports.append_to_imap(draft, imap.password)  # the rep tries again
    assert [body for _, body in imap.fetch_all()] == [draft.eml]
    assert _notes(services, jane) == ["E-mail draft 'nudge' saved in Drafts on localhost"]


def _assert_password_nowhere_on_disk(services: Services, password: str) -> None:
    services.db.close()
    needle = password.encode()
    for path in services.paths.data_dir.rglob("*"):
        if path.is_file():
            assert needle not in path.read_bytes(), f"the password is in {path}"


def test_an_html_template_becomes_the_alternative_with_values_escaped(
    services: Services,
) -> None:
    call = _agreed_call(services, _jane(services, "Jane <b>Smith</b> & Co"))
    edited = services.paths.data_dir / "email_templates"
    services.exports.templates.save(Template("nudge", "Hello", "Hi {first_name}"))
    (edited / "nudge.html").write_text("<p>Hi {name}</p>", encoding="utf-8")
    draft = services.exports.draft_for(call, "nudge")
    assert draft.html == "<p>Hi Jane &lt;b&gt;Smith&lt;/b&gt; &amp; Co</p>"
    message = email.message_from_bytes(draft.eml, policy=email.policy.default)
    assert isinstance(message, email.message.EmailMessage)
    assert message.get_content_type() == "multipart/alternative"
    body = message.get_body(("html",))
    assert body is not None and "&lt;b&gt;" in body.get_content()


def test_a_moved_calls_draft_says_it_moved_without_thanks_for_a_call_today(
    services: Services,
) -> None:
    """Today › Reschedule: the customer asked for another time by e-mail, say. No call
    happened today: the e-mail gives the new time and the invite that replaces the old."""
    jane = _jane(services)
    call = _agreed_call(services, jane)
    services.day.reschedule(call, datetime(2026, 11, 25, 16, 0, tzinfo=UTC))
    draft = services.exports.draft_for(call)
    assert draft.template == "moved-call"
    assert draft.subject == "Our call, now on Wednesday 25 November at 10:00"
    assert "Thank you for your time today" not in draft.text
    assert "Our call is now on Wednesday 25 November at 10:00 (Chicago time)" in draft.text
    assert "replaces the earlier one" in draft.text
    assert draft.invite is not None and draft.invite.sequence == 1


def test_a_draft_and_its_invite_go_to_an_address_mail_has_not_come_back_from(
    services: Services,
) -> None:
    """Before, the draft went to the first address even when mail to it had come back and
    the contact had another one; it goes to the other, and is warned of only when every
    address has come back."""
    from followup_desktop.core.model import CameBack
    from followup_desktop.store import contacts_repo

    jane = services.contacts.add(
        Contact(
            name="Jane Smith",
            emails=[Email("jane@old-employer.example"), Email("jane@acme.example")],
            time_zone="America/Chicago",
        )
    )
    call = _agreed_call(services, jane)
    came = CameBack(NOW - timedelta(days=1), "mailbox unavailable")
    with services.db.writing() as session:
        contacts_repo.mark_came_back(session, jane, "jane@old-employer.example", came)
    draft = services.exports.draft_for(call)
    assert (draft.to_email, draft.came_back) == ("jane@acme.example", "")
    assert b"jane@acme.example" in services.exports.invite_for(call).data
    with services.db.writing() as session:
        contacts_repo.mark_came_back(session, jane, "jane@acme.example", came)
    draft = services.exports.draft_for(call)
    assert draft.to_email == "jane@old-employer.example"
    assert draft.came_back.startswith("jane@old-employer.example bounced on ")


def test_the_nudge_never_offers_the_time_of_a_call_already_planned(services: Services) -> None:
    """Claire, in Paris like Sam, missed the agreed Tuesday 10:00 call and its retry. The
    rules plan the nudge and a call-back on Wednesday at 10:00; Sam also has an agreed
    call with someone else on Thursday at 14:00. The nudge offers neither time: "would
    Wednesday 10:00 suit you?" when he is calling then anyway, or is on another call."""
    paris = ZoneInfo("Europe/Paris")
    claire = services.contacts.add(
        Contact(name="Claire Martin", emails=[Email("claire@example.com")], time_zone=str(paris))
    )
    other = _jane(services, "Marc Dubois")
    thursday = datetime(2026, 11, 26, 14, 0, tzinfo=paris)
    services.followups.log(other, Outcome.CONNECTED, NOW, "", thursday, "the pilot")
    agreed = datetime(2026, 11, 24, 10, 0, tzinfo=paris)
    logged = services.followups.log(claire, Outcome.CONNECTED, NOW, "", agreed, "the pilot")
    call = logged.created[0].id
    clock = services.clock
    assert isinstance(clock, FixedClock)
    clock.set(agreed)
    retry = services.followups.log(claire, Outcome.NO_ANSWER, follow_up_id=call).created[0]
    clock.set(retry.due_at)
    planned = services.followups.log(claire, Outcome.NO_ANSWER, follow_up_id=retry.id).created
    (call_back,) = [f for f in planned if f.step == "call-back"]
    (nudge,) = [f for f in planned if f.step == "nudge"]
    assert call_back.due_at == datetime(2026, 11, 25, 10, 0, tzinfo=paris)
    clock.set(nudge.due_at)
    assert nudge.id is not None
    draft = services.exports.draft_for(nudge.id)
    assert draft.template == "nudge"
    offered = [
        datetime(2026, 11, int(day), int(hour), int(minute), tzinfo=paris)
        for day, hour, minute in re.findall(
            r"\w+day (\d+) November at (\d\d):(\d\d)", _offers_in(draft.text)
        )
    ]
    assert len(offered) == 3
    for planned_call in (call_back.due_at, thursday):
        for moment in offered:
            assert abs(moment - planned_call) >= timedelta(minutes=30), (
                f"{moment:%a %H:%M} is offered, with a call at {planned_call.astimezone(paris):%a %H:%M}"
            )


def test_the_nudge_tells_when_the_call_back_is_and_lists_its_times_clearly(
    services: Services,
) -> None:
    """Claire missed the agreed Tuesday 10:00 call and its retry; the rules plan a
    call-back on Wednesday at 10:00. The nudge offered three times without a word of it
    ("Wednesday 25 November, 11:00, Thursday 26 November, 10:30 or …"), so she would be
    called at a time she never heard of, in a list with commas inside and between times.
    It now tells her when Sam tries again, and each time reads "Wednesday 25 November at
    11:00"."""
    paris = ZoneInfo("Europe/Paris")
    claire = services.contacts.add(
        Contact(name="Claire Martin", emails=[Email("claire@example.com")], time_zone=str(paris))
    )
    agreed = datetime(2026, 11, 24, 10, 0, tzinfo=paris)
    call = services.followups.log(claire, Outcome.CONNECTED, NOW, "", agreed, "the pilot")
    clock = services.clock
    assert isinstance(clock, FixedClock)
    clock.set(agreed)
    retry = services.followups.log(claire, Outcome.NO_ANSWER, follow_up_id=call.created[0].id)
    clock.set(retry.created[0].due_at)
    planned = services.followups.log(claire, Outcome.NO_ANSWER, follow_up_id=retry.created[0].id)
    (nudge,) = [f for f in planned.created if f.step == "nudge"]
    clock.set(nudge.due_at)
    assert nudge.id is not None
    text = services.exports.draft_for(nudge.id).text
    assert "I will try you again on Wednesday 25 November at 10:00." in text
    one = r"\w+day \d+ November at \d\d:\d\d"
    assert re.fullmatch(rf"{one}, {one} or {one}", _offers_in(text)), _offers_in(text)


def test_the_draft_for_an_agreed_call_fits_the_day_it_is_opened(services: Services) -> None:
    """Jane agreed on Monday to a call on Tuesday at 10:00 (Chicago). On Monday, E-mail…
    confirms it with thanks for her time today. On Tuesday, before ten, the same call's
    draft reminds her of it, with no thanks for a call that day; once ten has passed the
    rep is calling, and the draft is the one for a call she did not pick up."""
    jane = _jane(services)
    call = _agreed_call(services, jane)
    assert services.exports.draft_opening(call).template == "confirmation"

    clock = services.clock
    assert isinstance(clock, FixedClock)
    clock.set(AGREED - timedelta(minutes=30))
    opening = services.exports.draft_opening(call)
    draft = opening.draft
    assert draft is not None and opening.template == draft.template == "call-reminder"
    assert "today" not in draft.text
    assert "I will call you on Tuesday 24 November at 10:00 (Chicago time)" in draft.text
    assert draft.invite is not None and draft.invite.method == "REQUEST"

    clock.set(AGREED + timedelta(minutes=3))
    draft = services.exports.draft_for(call)
    assert draft.template == "nudge"
    assert "I tried to reach you at the time we had set" in draft.text
    assert "today" not in draft.text


def test_offers_three_weeks_out_keep_clear_of_a_meeting_there(services: Services) -> None:
    """A rep who calls on Mondays only is offered times up to three weeks on; meetings
    were read for 15 days, so the third time, in both her draft and her call screen,
    fell in the middle of a meeting she had in her calendar."""
    services.settings.save(services.settings.load().with_value(options.BUSINESS_DAYS, "Mon"))
    jane = _jane(services)
    call = _agreed_call(services, jane)

    def offered() -> tuple[datetime, str]:
        third = services.calls.sheet(jane).offered_slots[2]
        text = services.exports.draft_for(call, "nudge").text
        return third, text

    def says(text: str, slot: datetime) -> bool:
        wall = slot.astimezone(CHICAGO)
        return f"{wall:%A} {wall.day} {wall:%B} at {wall:%H:%M}" in text

    third, text = offered()
    assert third - NOW > timedelta(days=15) and says(text, third)
    meeting = (third - timedelta(minutes=15), third + timedelta(minutes=30))
    with services.db.writing() as session:
        calendar_repo.replace_busy(session, [meeting])
    moved, text = offered()
    assert not meeting[0] - timedelta(minutes=30) < moved < meeting[1]
    assert says(text, moved) and not says(text, third)


def test_the_series_email_offers_the_times_the_voicemail_named(services: Services) -> None:
    """Sam, in Paris, leaves Pierre (New York) his second voicemail on Wednesday morning:
    "I'm e-mailing you three times that could work: Thursday …, Friday … or Monday …". The
    e-mail planned for the next day offers those three, not three from its own day; opened
    once the first two have passed, it offers the one still ahead."""
    paris, new_york = ZoneInfo("Europe/Paris"), ZoneInfo("America/New_York")
    pierre = services.contacts.add(
        Contact(
            name="Pierre Durand",
            emails=[Email("pierre@example.com")],
            phones=[Phone("+12125550100")],
            time_zone=str(new_york),
        )
    )
    clock = services.clock
    assert isinstance(clock, FixedClock)
    clock.set(datetime(2026, 3, 23, 9, 1, tzinfo=paris))
    services.followups.log(pierre, Outcome.VOICEMAIL)
    clock.set(datetime(2026, 3, 25, 9, 1, tzinfo=paris))
    sheet = services.calls.sheet(pierre).for_voicemail()
    assert sheet.situation == "voicemail-2"
    named = sheet.offered_slots
    said = [f"{t:%A} {t:%H:%M}" for t in (slot.astimezone(new_york) for slot in named)]
    assert sheet.values["slots"] == f"{said[0]}, {said[1]} or {said[2]}"
    logged = services.followups.log(pierre, Outcome.VOICEMAIL)
    (email,) = [f for f in logged.created if f.step == "series-email-1"]
    assert email.id is not None

    def written(slot: datetime) -> str:
        wall = slot.astimezone(new_york)
        return f"{wall:%A} {wall.day} {wall:%B} at {wall:%H:%M}"

    clock.set(email.due_at)
    text = services.exports.draft_for(email.id).text
    assert f"{written(named[0])}, {written(named[1])} or {written(named[2])}." in text

    clock.set(named[1] + timedelta(minutes=1))
    text = services.exports.draft_for(email.id).text
    assert f"(New York time): {written(named[2])}. Reply" in text
    assert written(named[0]) not in text and written(named[1]) not in text
