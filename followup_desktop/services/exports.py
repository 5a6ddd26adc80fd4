"""Invites and e-mail drafts for a follow-up: made here, sent by the rep (PRODUCT.md
practices 2, 3, 5, 6, 10). Nothing leaves the app without the rep's action, and every
export is written on the contact's history as a note ("Invite exported …"): a note, not
"e-mail sent", because nothing was sent.

SEQUENCE: ``FollowUpService.move`` grows the follow-up's ``sequence`` each time its time
changes, and an invite carries that number, so a re-exported invite after a reschedule
replaces the old one in the customer's calendar. A cancellation (the follow-up was
cancelled or replaced) carries ``sequence + 1``: iTIP wants a CANCEL newer than the last
REQUEST, and the number is the same however often it is exported.
"""

from __future__ import annotations

import html
import ssl
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from followup_desktop import paths
from followup_desktop.core import away, call_sheet, placeholders, steps
from followup_desktop.core import email_wording as wording
from followup_desktop.core import settings as options
from followup_desktop.core import voicemail_series as series
from followup_desktop.core.calendar import taken_times, zone
from followup_desktop.core.came_back import draft_warning
from followup_desktop.core.clock import Clock
from followup_desktop.core.contact_rules import shown_phone
from followup_desktop.core.model import (
    Commitment,
    Contact,
    Email,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    Outcome,
    Touch,
)
from followup_desktop.core.settings import Settings
from followup_desktop.exchange import email_draft, file_names, ics, imap_drafts
from followup_desktop.exchange.email_templates import Template, TemplateProblem, TemplateStore
from followup_desktop.services.followups import FollowUpService, NotFound
from followup_desktop.services.secrets import Secrets
from followup_desktop.services.settings import SettingsService
from followup_desktop.store import calendar_repo, contacts_repo, followups_repo, settings_repo
from followup_desktop.store.db import Database

INVITE_NAME = "invite.ics"


class ExportProblem(Exception):
    """The export cannot be made as things are; the message says what to fix, and
    ``setting`` names the setting that fixes it, if one does (a screen links to it)."""

    def __init__(self, message: str, setting: str = "") -> None:
        super().__init__(message)
        self.setting = setting


class PasswordNeeded(ExportProblem):
    """No password for the IMAP account: ask the rep (``message`` explains why)."""


@dataclass(frozen=True, slots=True)
class Invite:
    follow_up_id: int
    contact_id: int
    data: bytes
    method: str  # REQUEST or CANCEL
    sequence: int
    uid: str
    file_stem: str  # a safe file name without ".ics"


@dataclass(frozen=True, slots=True)
class EmailDraft:
    """A filled template: what the preview shows, and the .eml bytes that go out."""

    follow_up_id: int
    contact_id: int
    template: str
    to_name: str
    to_email: str
    subject: str
    text: str
    html: str | None
    eml: bytes
    mailto: str | None  # None when too long for a link; a link never carries the invite
    invite: Invite | None  # attached as text/calendar; method=REQUEST
    unknown: tuple[str, ...]  # placeholders that do not exist (typos in the template)
    missing: tuple[str, ...]  # placeholders with nothing to fill for this contact
    file_stem: str
    came_back: str = ""  # mail to the address came back: what the rep is told, else ""


@dataclass(frozen=True, slots=True)
class _Facts:
    follow_up: FollowUp
    sequence: int
    contact: Contact
    zone: str
    settings: Settings
    commitment: Commitment | None
    uid_namespace: str
    now: datetime
    last_spoke: datetime | None  # their last visit, enquiry or connected call


@dataclass(frozen=True, slots=True)
class DraftOpening:
    template: str  # the template asked for, else the step's own
    email_step: bool  # an e-mail step, which sending finishes (not a call's confirmation)
    draft: EmailDraft | None
    problem: ExportProblem | None  # why there is no draft yet


def _no_call(follow_up: FollowUp, name: str) -> str:
    """What a step that is not a call is, in the rep's words ("a promise (the pricing)")."""
    if steps.is_number_search(follow_up):
        return f"finding the right number for {name}"
    if follow_up.kind is FollowUpKind.EMAIL:
        return "an e-mail to write"
    if steps.is_commitment(follow_up) and follow_up.objective:
        return f"a promise ({follow_up.objective})"
    return "a promise"


class ExportService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        followups: FollowUpService,
        app_paths: paths.AppPaths,
        secrets: Secrets,
        settings: SettingsService,
    ) -> None:
        self._db = db
        self._clock = clock
        self._followups = followups
        self._settings = settings
        self._paths = app_paths
        self.secrets = secrets
        self.templates = TemplateStore(
            paths.resources_dir() / "email_templates", app_paths.data_dir / "email_templates"
        )

    # Reading -----------------------------------------------------------------------------
    def _facts(self, follow_up_id: int) -> _Facts:
        rep_zone = self._followups.rep_zone()
        with self._db.reading() as session:
            found = followups_repo.invite_facts(session, follow_up_id)
            if found is None:
                raise NotFound(f"there is no follow-up {follow_up_id}")
            follow_up, sequence, agreed_zone = found
            contact = contacts_repo.get(session, follow_up.contact_id)
            if contact is None:
                raise NotFound(f"the contact of follow-up {follow_up_id} was deleted")
            settings = settings_repo.load(session)
            commitment = followups_repo.commitment_for(session, follow_up_id)
            last_spoke = followups_repo.last_connection(session, contact.id or 0)
        return _Facts(
            follow_up,
            sequence,
            contact,
            zone(agreed_zone or contact.time_zone, rep_zone).key,
            settings,
            commitment,
            self._uid_namespace(),
            self._clock.now(),
            last_spoke,
        )

    def _uid_namespace(self) -> str:
        """One random namespace per database (made when it is opened, ``open_services``):
        invite UIDs stay stable for each follow-up and unique across the rep's databases
        (a restored backup keeps them)."""
        from followup_desktop.services.session import ensure_uid_namespace

        return ensure_uid_namespace(self._db)

    @staticmethod
    def _contact_email(contact: Contact, what: str) -> str:
        return ExportService._written_to(contact, what).address

    @staticmethod
    def _written_to(contact: Contact, what: str) -> Email:
        """The first address mail has not come back from; the first one if all have."""
        if not contact.emails:
            raise ExportProblem(f"{contact.name} has no e-mail address: add one to {what}")
        working = (e for e in contact.emails if e.came_back is None)
        return next(working, contact.emails[0])

    @staticmethod
    def _rep(settings: Settings, what: str) -> tuple[str, str]:
        email = settings.get(options.REP_EMAIL).strip()
        if not email:
            raise ExportProblem(
                f"set your e-mail address in Settings (You) to {what}", options.REP_EMAIL.key
            )
        return " ".join(settings.get(options.REP_NAME).split()), email

    # Invites ------------------------------------------------------------------------------
    def _invite(self, facts: _Facts) -> Invite:
        follow_up, contact = facts.follow_up, facts.contact
        if follow_up.kind is not FollowUpKind.CALL:
            raise ExportProblem(
                f"follow-up {follow_up.id} is {_no_call(follow_up, contact.name)}, not a call: "
                "there is no invite to send for it"
            )
        assert follow_up.id is not None and contact.id is not None
        rep_name, rep_email = self._rep(facts.settings, "send invites")
        cancelled = follow_up.state in (FollowUpState.CANCELLED, FollowUpState.SUPERSEDED)
        sequence = facts.sequence + 1 if cancelled else facts.sequence
        uid = f"{uuid.uuid5(uuid.UUID(facts.uid_namespace), str(follow_up.id))}@followup"
        phone = shown_phone(contact.phones[0]) if contact.phones else ""
        spec = ics.InviteSpec(
            uid=uid,
            sequence=sequence,
            start=follow_up.due_at,
            zone=facts.zone,
            summary=wording.invite_summary(follow_up, rep_name),
            description=wording.invite_description(follow_up, rep_name, phone),
            organizer=ics.Party(rep_name, rep_email),
            attendee=ics.Party(contact.name, self._contact_email(contact, "send an invite")),
            stamp=self._clock.now(),
            alarm_minutes=facts.settings.get(options.INVITE_ALARM_MIN),
            cancelled=cancelled,
        )
        try:
            data = ics.build(spec)
        except ics.InviteError as error:
            raise ExportProblem(str(error)) from None
        day = follow_up.due_at.astimezone(zone(facts.zone)).date().isoformat()
        stem = file_names.stem_for(contact.name, f"call {day}")
        return Invite(follow_up.id, contact.id, data, spec.method, sequence, uid, stem)

    def invite_for(self, follow_up_id: int) -> Invite:
        """The invite (or cancellation) for a call, not yet exported anywhere."""
        return self._invite(self._facts(follow_up_id))

    def save_invite(self, follow_up_id: int, target: Path | None = None) -> Path:
        """Write the .ics (into the exports folder, or ``target``: a file or a folder);
        never over an existing file. Recorded on the contact's history."""
        invite = self.invite_for(follow_up_id)
        written = self._write(invite.data, target, invite.file_stem, ".ics")
        self.record_invite(invite, f"saved as {written.name}")
        return written

    def record_invite(self, invite: Invite, where: str) -> None:
        # In her words: the calendar's revision number ("sequence 1") means nothing to her.
        if invite.method == "CANCEL":
            what = "Cancellation exported"
        elif invite.sequence:
            what = "Invite exported for the moved call (in place of the one sent before)"
        else:
            what = "Invite exported"
        self._record(invite.contact_id, invite.follow_up_id, f"{what}, {where}")

    # E-mail drafts ------------------------------------------------------------------------
    def template_names(self) -> tuple[str, ...]:
        return self.templates.names()

    def default_template(self, follow_up_id: int) -> str:
        facts = self._facts(follow_up_id)
        return _template_for(facts)

    def draft_opening(self, follow_up_id: int, template: str | None = None) -> DraftOpening:
        """What the draft preview opens with (``template``, else the step's own): the
        draft, or why there is none yet."""
        try:
            facts = self._facts(follow_up_id)
        except NotFound as error:
            return DraftOpening(template or "", False, None, ExportProblem(str(error)))
        name = template or _template_for(facts)
        email_step = facts.follow_up.kind is FollowUpKind.EMAIL
        try:
            chosen = self.templates.load(name)
            return DraftOpening(name, email_step, self._draft(facts, chosen, None, None), None)
        except TemplateProblem as error:
            return DraftOpening(name, email_step, None, ExportProblem(str(error)))
        except ExportProblem as error:
            return DraftOpening(name, email_step, None, error)

    def draft_for(
        self,
        follow_up_id: int,
        template: str | None = None,
        subject: str | None = None,
        text: str | None = None,
    ) -> EmailDraft:
        """The filled draft for the preview; ``subject``/``text`` are the rep's edits of a
        previous preview. Raises ExportProblem with a sentence when it cannot be made."""
        facts = self._facts(follow_up_id)
        if steps.is_number_search(facts.follow_up):
            # Any e-mail made from it would offer times to call the number that was wrong.
            raise ExportProblem(
                f"follow-up {follow_up_id} is finding the right number for "
                f"{facts.contact.name}: there is no e-mail to write for it. Save the right "
                "number on the contact and the call on it is planned"
            )
        name = template or _template_for(facts)
        try:
            chosen = self.templates.load(name)
        except TemplateProblem as error:
            raise ExportProblem(str(error)) from None
        return self._draft(facts, chosen, subject, text)

    def _draft(
        self, facts: _Facts, chosen: Template, subject: str | None, text: str | None
    ) -> EmailDraft:
        contact, follow_up = facts.contact, facts.follow_up
        assert follow_up.id is not None and contact.id is not None
        rep_name, rep_email = self._rep(facts.settings, "make e-mail drafts")
        to_email = self._contact_email(contact, "make an e-mail draft")
        # Times offered to the customer never fall while the rep is away, in one of the
        # rep's meetings, or on a call already planned (the call-back after a nudge).
        rep_zone = self._followups.rep_zone()
        now = self._clock.now()
        offers = away.offers_from(facts.settings, now, rep_zone)
        start, until = call_sheet.times_to_check(facts.settings, now, rep_zone)
        with self._db.reading() as session:
            touches = followups_repo.touches(session, contact.id, before=follow_up.due_at)
            named_at = series.times_named_at(follow_up, touches)
            meetings = calendar_repo.busy_between(session, start, until)
            # The voicemail's times were clear of the rep's other calls, not of the series'
            # own next call, planned when it was left: that one must not move them.
            held_by = contact.id if named_at is None else None
            calls = followups_repo.planned_calls_between(session, start, until, held_by)
            next_call = wording.next_call(followups_repo.open_follow_ups(session, contact.id), now)
        named_from = None
        if named_at is not None:
            named_from = away.offers_from(facts.settings, named_at, rep_zone)
        values = wording.email_values(
            wording.WordingInputs(
                contact,
                follow_up,
                facts.zone,
                facts.settings,
                offers,
                facts.commitment,
                taken_times(meetings, calls),
                rep_zone,
                named_from,
                next_call,
            )
        )
        filled_subject = placeholders.fill(chosen.subject, values, wording.KNOWN)
        filled_text = placeholders.fill(chosen.body, values, wording.KNOWN)
        html_text = None
        if chosen.html is not None:
            html_text = placeholders.fill(
                chosen.html, {k: html.escape(v) for k, v in values.items()}
            ).text
        invite = None
        if chosen.name in wording.TEMPLATES_WITH_INVITE and follow_up.kind is FollowUpKind.CALL:
            invite = self._invite(facts)
        spec = email_draft.DraftSpec(
            sender=email_draft.Mailbox(rep_name, rep_email),
            to=email_draft.Mailbox(" ".join(contact.name.split()), to_email),
            subject=filled_subject.text if subject is None else subject,
            text=filled_text.text if text is None else text,
            date=self._clock.now().astimezone(zone(self._followups.rep_zone())),
            html=html_text if text is None else None,  # an edited text outdates the HTML
            attachment=None
            if invite is None
            else email_draft.Attachment(
                invite.data,
                INVITE_NAME,
                "text",
                "calendar",
                (("method", invite.method), ("charset", "utf-8")),
            ),
        )
        try:
            eml = email_draft.build(spec)
            link = email_draft.mailto(spec)
        except email_draft.UnsafeHeader as error:
            raise ExportProblem(str(error)) from None
        used = (filled_subject, filled_text) if subject is None and text is None else ()
        return EmailDraft(
            follow_up_id=follow_up.id,
            contact_id=contact.id,
            template=chosen.name,
            to_name=spec.to.name,
            to_email=to_email,
            subject=spec.subject,
            text=spec.text,
            html=spec.html,
            eml=eml,
            mailto=link,
            invite=invite,
            unknown=tuple(dict.fromkeys(n for f in used for n in f.unknown)),
            missing=tuple(dict.fromkeys(n for f in used for n in f.missing)),
            file_stem=file_names.stem_for(contact.name, chosen.name),
            came_back=draft_warning(
                self._written_to(contact, "make an e-mail draft"),
                self._clock.now(),
                self._followups.rep_zone(),
            ),
        )

    def save_draft(self, draft: EmailDraft, target: Path | None = None) -> Path:
        """Write the .eml (exports folder, or ``target``); never over an existing file."""
        written = self._write(draft.eml, target, draft.file_stem, ".eml")
        self.record_draft(draft, f"saved as {written.name}")
        return written

    def record_draft(self, draft: EmailDraft, where: str) -> None:
        """Also for the caller that opened ``draft.mailto`` in the rep's mail client."""
        attached = ""
        if draft.invite is not None:
            kind = "cancellation" if draft.invite.method == "CANCEL" else "invite"
            attached = f" with the {kind} (sequence {draft.invite.sequence})"
        self._record(
            draft.contact_id,
            draft.follow_up_id,
            f"E-mail draft '{draft.template}'{attached} {where}",
        )

    # IMAP ---------------------------------------------------------------------------------
    def imap_account(self) -> imap_drafts.ImapAccount:
        settings = self._settings.load()
        host = settings.get(options.IMAP_HOST).strip()
        if not host:
            raise ExportProblem(
                "no IMAP server is set: add one in Settings (E-mail and invites)",
                options.IMAP_HOST.key,
            )
        return imap_drafts.ImapAccount(
            host=host,
            port=settings.get(options.IMAP_PORT),
            security=settings.get(options.IMAP_SECURITY).strip().lower(),
            user=settings.get(options.IMAP_USER).strip(),
            folder=settings.get(options.IMAP_DRAFTS_FOLDER).strip() or "Drafts",
        )

    def append_to_imap(
        self,
        draft: EmailDraft,
        password: str | None = None,
        context: ssl.SSLContext | None = None,
    ) -> imap_drafts.Appended:
        """Save the draft into the account's Drafts folder. ``password``: what the rep just
        typed; it is kept (keyring, or this session only) once the server accepts it.
        Raises PasswordNeeded when there is none, ExportProblem when the server says no."""
        account = self.imap_account()
        typed = password is not None
        if password is None:
            password = self.secrets.imap_password(account.host, account.user)
        if password is None:
            status = self.secrets.status()
            raise PasswordNeeded(
                status.message
                or f"type the password of {account.user} on {account.host}; "
                "it will be kept in the system keyring"
            )
        try:
            appended = imap_drafts.append_draft(
                account, password, draft.eml, self._clock.now(), context
            )
        except imap_drafts.LoginRefused as error:
            if typed:
                raise ExportProblem(str(error)) from None
            # The kept password no longer works (changed on the server): ask for the new
            # one, which replaces it once the server takes it.
            raise PasswordNeeded(
                f"the server refused the password kept for {account.user}: type the new one"
            ) from None
        except imap_drafts.ImapProblem as error:
            raise ExportProblem(str(error)) from None
        if typed:
            self.secrets.remember_imap_password(account.host, account.user, password)
        self.record_draft(draft, f"saved in {account.folder} on {account.host}")
        return appended

    # Shared -------------------------------------------------------------------------------
    def _write(self, data: bytes, target: Path | None, stem: str, suffix: str) -> Path:
        try:
            if target is None:
                return file_names.write_new(self._paths.exports, stem, suffix, data)
            return file_names.write_to(target, data, stem, suffix)
        except OSError as error:
            where = target or self._paths.exports
            raise ExportProblem(f"cannot write to {where}: {error.strerror or error}") from None

    def _record(self, contact_id: int, follow_up_id: int, note: str) -> None:
        with self._db.writing() as session:
            followups_repo.add_touch(
                session, Touch(contact_id, Outcome.NOTE, self._clock.now(), note, follow_up_id)
            )


def _template_for(facts: _Facts) -> str:
    # A moved call's invite carries a SEQUENCE above 0 (``followups_repo.move``).
    moment = wording.DraftMoment(facts.now, facts.zone, facts.last_spoke, facts.sequence > 0)
    return wording.template_for(facts.follow_up, facts.settings, moment)
