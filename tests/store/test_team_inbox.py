"""Replies read from the reps' INBOXes on a real PostgreSQL team server: Priya is in Ana's
book and in Bo's (a contact each, one address) and answers both in one e-mail, so the
same message comes to each rep's INBOX (here one mailbox both read)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, Email, Outcome
from followup_desktop.paths import AppPaths
from followup_desktop.services.session import Services, open_services
from tests.peers.dovecot import Dovecot
from tests.peers.keyring_session import SecretService
from tests.services.test_inbox import NOW, _deliver
from tests.services.test_inbox_days import _append, _connect, _message, _replied, _series_runs
from tests.team_logins import as_rep


def _rep(login: str, server: tuple[str, int], folder: Path) -> Iterator[Services]:
    opened = open_services(AppPaths(folder), FixedClock(NOW), database=as_rep(server[1], login))
    yield opened
    opened.close()


@pytest.fixture
def ana(server: tuple[str, int], tmp_path: Path) -> Iterator[Services]:
    yield from _rep("ana", server, tmp_path / "ana")


@pytest.fixture
def bo(server: tuple[str, int], tmp_path: Path) -> Iterator[Services]:
    yield from _rep("bo", server, tmp_path / "bo")


def _priya_mid_series(services: Services, imap: Dovecot) -> int:
    """The rep's own Priya, her voicemail series running; the rep's INBOX looked at once."""
    priya = services.contacts.add(
        Contact(name="Priya Patel", time_zone="Asia/Kolkata", emails=[Email("priya@buyer.example")])
    )
    services.followups.log(priya, Outcome.VOICEMAIL, NOW - timedelta(days=3))
    _connect(services, imap)
    services.inbox.check()  # the first look: from here on
    return priya


def test_a_reply_to_two_reps_stops_the_series_in_each_rep_s_book(
    ana: Services, bo: Services, imap: Dovecot, keyring_bus: SecretService
) -> None:
    """Before: Ana's FollowUp logged the reply and Bo's took it for logged already, so his
    series went on e-mailing Priya, who had answered."""
    hers, his = _priya_mid_series(ana, imap), _priya_mid_series(bo, imap)
    _deliver(imap, "priya@buyer.example", "Re: your voicemail", NOW - timedelta(minutes=5))

    assert [r.contact_id for r in ana.inbox.check().replies] == [hers]
    assert [r.contact_id for r in bo.inbox.check().replies] == [his]

    for rep, priya in ((ana, hers), (bo, his)):
        assert _replied(rep, priya) == ["Replied by e-mail: “Re: your voicemail”"]
        assert not _series_runs(rep, priya)


def test_an_out_of_office_answer_to_two_reps_is_said_to_each(
    ana: Services, bo: Services, imap: Dovecot, keyring_bus: SecretService
) -> None:
    """Before: only the first rep to read it heard that Priya is away."""
    hers, his = _priya_mid_series(ana, imap), _priya_mid_series(bo, imap)
    sent = NOW - timedelta(minutes=5)
    away = _message("priya@buyer.example", "Out of office", sent, Auto_Submitted="auto-replied")
    _append(imap, away, sent)

    assert [a.contact_id for a in ana.inbox.check().automatic] == [hers]
    assert [a.contact_id for a in bo.inbox.check().automatic] == [his]
    assert _series_runs(ana, hers) and _series_runs(bo, his)
