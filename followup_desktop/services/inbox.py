"""Stop on reply: a contact who writes back while their series or ladder runs gets a
``replied`` touch, and the engine ends the series and plans the answer. The INBOX is
read (headers only, never changed) by ``exchange.imap_inbox``; where the last look
stopped is kept in the store, and each message acted on is remembered with what it caused
(its Message-ID, in the same transaction), so a message is acted on once, also when a
mailbox the server rebuilt (a new UIDVALIDITY) is read again; an automatic answer is
remembered the same way, so it is said once.

Mail that came back (a delivery failure naming a contact's address) is no reply: it is
kept in the contact's history with the address and the reason, and said, whether or not
a series runs, since the rep's next e-mail to that address would come back too. The
address is marked with it (shown where the rep reads it, warned of in a draft to it)
until mail from it comes in, which says it takes mail again."""

from __future__ import annotations

import hashlib
import json
import logging
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from followup_desktop.core.calendar import local, zone
from followup_desktop.core.clock import Clock
from followup_desktop.core.model import CameBack, FollowUpKind, Outcome, Touch
from followup_desktop.exchange import imap_inbox
from followup_desktop.exchange.imap_drafts import ImapAccount, ImapProblem, LoginRefused
from followup_desktop.services.followups import FollowUpService
from followup_desktop.store import contacts_repo, followups_repo, reps_repo, settings_repo
from followup_desktop.store.db import Database

log = logging.getLogger(__name__)

SINCE_KEY = "inbox.since"  # kept beside the settings, not one of them


class NoInboxPassword(ImapProblem):
    """No password for the IMAP account in the keyring (or typed this session)."""


def _refused_text(user: str) -> str:
    return (
        f"the server refused the password kept for {user}: type the new one when you next "
        "save a draft to Drafts (or: followup settings set-password imap); replies are not "
        "read until then"
    )


@dataclass(frozen=True, slots=True)
class Reply:
    contact_id: int
    name: str
    at: datetime
    rep_zone: str

    def text(self) -> str:
        return (
            f"{self.name} replied {local(self.at, zone(self.rep_zone)):%H:%M} — series "
            "stopped, answer with a few times"
        )


@dataclass(frozen=True, slots=True)
class AutomaticAnswer:
    """An out-of-office (or another machine's answer) from a contact whose series runs:
    not their reply, but worth a word (they may be away)."""

    contact_id: int
    name: str
    subject: str

    def text(self) -> str:
        subject = f" (“{self.subject}”)" if self.subject else ""
        return f"{self.name}: an automatic answer{subject} — not a reply, the series goes on"


@dataclass(frozen=True, slots=True)
class Bounce:
    """Mail to a contact's address came back: the address may be wrong or gone."""

    contact_id: int
    name: str
    address: str
    reason: str  # plain words: "mailbox unavailable"

    def text(self) -> str:
        return (
            f"{self.name}: e-mail to {self.address} could not be delivered ({self.reason}) "
            "— check the address"
        )

    def history(self) -> str:
        return f"E-mail to {self.address} could not be delivered: {self.reason}"


@dataclass(frozen=True, slots=True)
class InboxReport:
    replies: tuple[Reply, ...]
    looked_at: int  # new messages read
    automatic: tuple[AutomaticAnswer, ...] = ()  # one per contact, not counted as replies
    bounces: tuple[Bounce, ...] = ()  # one per contact and address, kept in their history


def _write_id(
    kind: str, contact_id: int | None, arrived: imap_inbox.Arrived, rep: str | None = None
) -> str:
    """The id a message's write is remembered by: the same at every reading of the
    message (a mailbox read again after a new UIDVALIDITY gives it new UIDs). The
    Message-ID with the sender, date and subject: some mail programs reuse one Message-ID,
    and some write none. ``contact_id`` None: the message's, whichever contact it is for
    (a reply or an automatic answer is one, on whichever contact sharing the address it
    lands), in the book of ``rep``, the login on a team server: the team shares the ids,
    and one e-mail to two reps is a reply in each one's book (None in a rep's own file)."""
    key = f"{arrived.message_id}\n{arrived.sender}\n{arrived.at}\n{arrived.subject}"
    about = kind if contact_id is None else f"{kind}\n{contact_id}"
    if rep is not None:
        about = f"{about}\nrep {rep}"
    digest = hashlib.sha256(f"{about}\n{key}".encode()).hexdigest()
    return f"{followups_repo.MAIL_ID_START}{digest[:31]}"  # 36 characters: the column


class InboxService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        followups: FollowUpService,
        account: Callable[[], ImapAccount],
        password: Callable[[str, str], str | None],
    ) -> None:
        self._db, self._clock, self._followups = db, clock, followups
        self._account, self._password = account, password
        # The login the server refused: not tried again until the password (or account)
        # changes, since a failed login every few minutes gets accounts locked.
        self._refused: tuple[str, str, str] | None = None

    def check(self, context: ssl.SSLContext | None = None) -> InboxReport:
        """One look at the INBOX: each new message from a contact with a series or ladder
        running is logged as their reply. Raises ImapProblem with a sentence."""
        account = self._account()
        password = self._password(account.host, account.user)
        if not password:
            raise NoInboxPassword("no IMAP password is stored: followup settings set-password imap")
        login = (account.host, account.user, password)
        if login == self._refused:
            raise LoginRefused(_refused_text(account.user))
        now = self._clock.now()
        try:
            look = imap_inbox.new_messages(account, password, self._since(), now, context)
        except LoginRefused:
            self._refused = login
            raise LoginRefused(_refused_text(account.user)) from None
        self._refused = None
        addresses = [a.sender for a in look.arrived]
        addresses += [b.address for a in look.arrived for b in a.bounced]
        with self._db.reading() as session:
            senders = contacts_repo.all_by_email(session, addresses)
            # Addresses that bounced: mail from one says it takes mail again.
            marked = contacts_repo.came_back_among(session, (a.sender for a in look.arrived))
            everyone = {i for ids in senders.values() for i in ids}
            names = {i: c.name for i, c in contacts_repo.get_many(session, everyone).items()}
        replies: list[Reply] = []
        automatic: dict[int, AutomaticAnswer] = {}
        bounces: dict[tuple[int, str], Bounce] = {}
        for arrived in look.arrived:
            if arrived.bounced:  # a mail server's report: never a contact's reply
                for bounce in self._bounces(arrived, senders, names, now):
                    bounces.setdefault((bounce.contact_id, bounce.address), bounce)
                    marked.add(bounce.address.casefold())
                continue
            if arrived.sender.casefold() in marked:
                self._takes_mail(arrived, now)
            contact_id = self._replying(senders.get(arrived.sender.casefold(), []))
            if contact_id is None:
                continue  # a stranger, or nothing of ours to stop
            if arrived.automatic:
                # The first of a contact's is said; an autoresponder may answer each mail.
                sharing = senders[arrived.sender.casefold()]
                if self._first_reading("automatic", arrived, sharing, now):
                    automatic.setdefault(
                        contact_id, AutomaticAnswer(contact_id, names[contact_id], arrived.subject)
                    )
                continue
            if self._reply_logged_before(arrived, senders[arrived.sender.casefold()]):
                continue  # by an earlier FollowUp: the INBOX was read again
            at = min(arrived.when or now, now)
            subject = f": “{arrived.subject}”" if arrived.subject else ""
            try:
                self._followups.log(
                    contact_id,
                    Outcome.REPLIED,
                    at,
                    f"Replied by e-mail{subject}",
                    once=_write_id("reply", None, arrived, self._login),
                )
            except followups_repo.AlreadyWritten:
                continue  # logged at an earlier look: the INBOX was read again
            replies.append(Reply(contact_id, names[contact_id], at, self._followups.rep_zone()))
            log.info("a reply stopped the series of contact %s", contact_id)
        self._keep(look.since)
        answered = {reply.contact_id for reply in replies}  # their series has stopped
        machines = tuple(a for a in automatic.values() if a.contact_id not in answered)
        return InboxReport(tuple(replies), len(look.arrived), machines, tuple(bounces.values()))

    def _reply_logged_before(self, arrived: imap_inbox.Arrived, contact_ids: list[int]) -> bool:
        """Whether an earlier FollowUp logged this reply: it remembered it by the contact
        it landed on, and a store keeps the mail's ids for good (a team server's too),
        so the reply, read again, may land on another contact sharing the address."""
        earlier = {_write_id("reply", contact_id, arrived) for contact_id in contact_ids}
        with self._db.reading() as session:
            return bool(followups_repo.written(session, earlier))

    def _replying(self, contact_ids: list[int]) -> int | None:
        """Whose reply mail from an address is: of the contacts with it whose series or
        ladder runs, the one the rep last e-mailed (else last touched, else added first).
        Logged on one, as one reply; None when none has anything to stop."""
        running = [i for i in contact_ids if self._running(i)]
        if len(running) < 2:
            return running[0] if running else None
        with self._db.reading() as session:
            wrote = followups_repo.last_touches(session, running, (Outcome.EMAIL_SENT,))
            touched = followups_repo.last_touches(session, running)
        # ``running`` is in the order the contacts were added: max keeps the first of a tie.
        return max(running, key=lambda i: (i in wrote, wrote.get(i), i in touched, touched.get(i)))

    def _bounces(
        self,
        arrived: imap_inbox.Arrived,
        contacts: dict[str, list[int]],
        names: dict[int, str],
        now: datetime,
    ) -> list[Bounce]:
        """Each contact's address the report names, kept in their history once (a report
        read again after the mailbox was rebuilt is not kept twice, nor said again). An
        address two contacts share is bad for both: each is marked and told."""
        kept: list[Bounce] = []
        at = min(arrived.when or now, now)
        for bounced, contact_id in (
            (b, i) for b in arrived.bounced for i in contacts.get(b.address.casefold(), [])
        ):
            bounce = Bounce(contact_id, names[contact_id], bounced.address, bounced.reason)
            once = _write_id(f"bounce {bounced.address}", contact_id, arrived)
            try:
                with self._db.writing() as session:
                    followups_repo.claim_write(session, once, now)
                    followups_repo.add_touch(
                        session, Touch(contact_id, Outcome.NOTE, at, bounce.history())
                    )
                    # On the address itself too: the rep sees it where she reads it, and
                    # before she writes to it again.
                    contacts_repo.mark_came_back(
                        session, contact_id, bounced.address, CameBack(at, bounced.reason)
                    )
            except followups_repo.AlreadyWritten:
                continue
            log.info("mail to an address of contact %s came back", contact_id)
            kept.append(bounce)
        return kept

    def _takes_mail(self, arrived: imap_inbox.Arrived, now: datetime) -> None:
        """Mail from an address that was marked as not taking mail: it does again (a full
        mailbox emptied, a mailbox back), so the mark goes."""
        with self._db.writing() as session:
            cleared = contacts_repo.clear_came_back(
                session, arrived.sender, min(arrived.when or now, now)
            )
        if cleared:
            log.info("mail came from an address that had bounced (contacts %s)", cleared)

    def _first_reading(
        self, kind: str, arrived: imap_inbox.Arrived, contact_ids: list[int], now: datetime
    ) -> bool:
        """Whether this message is read for the first time (and remember it was): a
        mailbox the server rebuilt is read again, and what was said is not said twice,
        though it lands on another of ``contact_ids`` (those sharing its address) now.
        An earlier FollowUp remembered it by the contact it landed on: that counts too."""
        earlier = {_write_id(kind, contact_id, arrived) for contact_id in contact_ids}
        once = _write_id(kind, None, arrived, self._login)
        try:
            with self._db.writing() as session:
                if followups_repo.written(session, earlier):
                    return False
                followups_repo.claim_write(session, once, now)
        except followups_repo.AlreadyWritten:
            return False
        return True

    @cached_property
    def _login(self) -> str | None:
        """The login on a team server (the same as long as the app runs); None in a file."""
        with self._db.reading() as session:
            if not reps_repo.on_team_server(session):
                return None
            return reps_repo.login_and_role(session)[0]

    def _running(self, contact_id: int) -> bool:
        """A series, a ladder or any rule's call or e-mail still open (an agreed call is the
        customer's own: a reply does not end it)."""
        with self._db.reading() as session:
            steps = followups_repo.open_follow_ups(session, contact_id)
        return any(not s.agreed and s.kind is not FollowUpKind.TASK for s in steps)

    def _since(self) -> imap_inbox.Since | None:
        with self._db.reading() as session:
            raw = settings_repo.get_raw(session, SINCE_KEY)
        try:
            kept = json.loads(raw) if raw else None
            if not isinstance(kept, dict):
                return None
            return imap_inbox.Since(int(kept["uid_validity"]), int(kept["last_uid"]))
        except (TypeError, ValueError, KeyError):
            return None

    def _keep(self, since: imap_inbox.Since) -> None:
        value = json.dumps({"uid_validity": since.uid_validity, "last_uid": since.last_uid})
        with self._db.writing() as session:
            settings_repo.set_raw(session, SINCE_KEY, value)
