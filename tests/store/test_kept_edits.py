"""Contacts saved while the team server is away (a real PostgreSQL, stopped) are kept on
the laptop and written to the server once it is back: merged with what a colleague saved
meanwhile where they changed different fields, waiting for the rep where both changed
the same one, and each written once however often it is sent."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from followup_desktop.core.clock import FixedClock
from followup_desktop.core.model import Contact, Deal, Email, Outcome
from followup_desktop.paths import AppPaths
from followup_desktop.services.call_requests import LogCall
from followup_desktop.services.kept_edits import edit_of
from followup_desktop.services.session import Services, open_services, send_kept
from followup_desktop.store.followups_repo import AlreadyWritten
from tests.peers.cut_proxy import CutProxy, cut_proxy
from tests.postgres_server import start_server, stop_server
from tests.team_logins import NOW, as_rep


def _saved_while_away(
    ana: Services, port: int, opened: Contact | None, edited: Contact, deal: Deal | None = None
) -> None:
    stop_server(port)
    try:
        saved = ana.deals.save_edit(opened, edited, deal)
        assert saved.kept
    finally:
        start_server(port)


def test_an_edit_saved_while_away_is_kept_reopens_as_typed_and_reaches_the_server(
    ana: Services, server: tuple[str, int]
) -> None:
    priya_id = ana.contacts.add(Contact(name="Priya Patel", company="Acme"))
    opened = ana.contacts.get(priya_id)
    edited = replace(opened, title="CFO", emails=[Email("priya@acme.example")])
    stop_server(server[1])
    try:
        assert ana.deals.save_edit(opened, edited, None).kept
        again = ana.deals.kept_edit(priya_id)  # what the dialog opens with, still away
        assert again is not None and again.edited == edited and again.opened == opened
        # Saved again while away: one kept save, the latest, over what was first opened.
        ana.deals.save_edit(
            again.opened, replace(again.edited, title="Chief Financial Officer"), None
        )
        report = send_kept(ana)
        assert (report.saves_sent, report.waiting) == (0, 1)
    finally:
        start_server(server[1])
    report = send_kept(ana)
    assert (report.saves_sent, report.waiting, report.to_merge) == (1, 0, ())
    assert report.text() == "1 contact you saved while it was away is now saved on it"
    stored = ana.contacts.get(priya_id)
    assert (stored.title, stored.emails) == (
        "Chief Financial Officer",
        [Email("priya@acme.example")],
    )
    assert ana.deals.kept_edit(priya_id) is None
    assert send_kept(ana).saves_sent == 0  # once


def test_a_colleague_s_save_of_other_fields_meanwhile_is_merged_with_the_kept_one(
    ana: Services, maria: Services, server: tuple[str, int]
) -> None:
    priya_id = ana.contacts.add(Contact(name="Priya Patel", company="Acme"))
    opened = ana.contacts.get(priya_id)
    _saved_while_away(ana, server[1], opened, replace(opened, title="CFO"))
    theirs = maria.contacts.get(priya_id)
    maria.contacts.save(replace(theirs, company="Acme Holdings"))

    report = send_kept(ana)
    assert (report.saves_sent, report.to_merge) == (1, ())
    stored = ana.contacts.get(priya_id)
    assert (stored.title, stored.company) == ("CFO", "Acme Holdings")  # both kept


def test_a_field_both_changed_waits_for_the_rep_and_is_let_go_when_they_keep_theirs(
    ana: Services, maria: Services, server: tuple[str, int]
) -> None:
    priya_id = ana.contacts.add(Contact(name="Priya Patel", company="Acme"))
    opened = ana.contacts.get(priya_id)
    _saved_while_away(ana, server[1], opened, replace(opened, company="Acme Ltd"))
    maria.contacts.save(replace(maria.contacts.get(priya_id), company="Acme Holdings"))

    report = send_kept(ana)
    assert report.saves_sent == 0 and len(report.to_merge) == 1
    clash = report.to_merge[0]
    assert [(c.mine, c.theirs) for c in clash.merged.clashes] == [("Acme Ltd", "Acme Holdings")]
    assert clash.changed.by == "Maria Ruiz"
    assert report.text() == (
        "Priya Patel was changed by a colleague meanwhile: choose what to keep of yours"
    )
    assert ana.contacts.get(priya_id).company == "Acme Holdings"  # nothing written unseen
    assert ana.deals.kept_edit(priya_id) is not None  # still kept while the rep chooses
    assert len(send_kept(ana).to_merge) == 1  # asked again next time, not dropped

    ana.deals.drop_kept_edit(priya_id)  # the rep kept theirs
    assert send_kept(ana).to_merge == ()


def test_a_contact_added_while_away_with_its_deal_is_written_once(
    ana: Services, server: tuple[str, int]
) -> None:
    new = Contact(name="Jonas Berg", company="Nordic Freight")
    _saved_while_away(ana, server[1], None, new, Deal(0, "Fleet renewal", 1_200_000, "EUR"))
    assert ana.contacts.count("Jonas") == 0  # not on the server yet
    outbox = ana.calls.outbox
    assert outbox is not None
    kept = edit_of(outbox.waiting()[0].body)

    report = send_kept(ana)
    assert (report.saves_sent, report.waiting) == (1, 0)
    found = ana.contacts.page("Jonas")
    assert [c.name for c in found] == ["Jonas Berg"]
    assert [d.title for d in ana.deals.for_contact(found[0].id)] == ["Fleet renewal"]
    # Sent again (its first answer lost): the server remembers the write, nothing doubles.
    with pytest.raises(AlreadyWritten):
        ana.deals.send_kept(kept)
    assert ana.contacts.count("Jonas") == 1


def test_a_save_made_once_the_server_is_back_lets_the_kept_one_go(
    ana: Services, server: tuple[str, int]
) -> None:
    priya_id = ana.contacts.add(Contact(name="Priya Patel"))
    opened = ana.contacts.get(priya_id)
    _saved_while_away(ana, server[1], opened, replace(opened, title="CFO"))
    kept = ana.deals.kept_edit(priya_id)
    assert kept is not None
    ana.deals.save_edit(kept.opened, replace(kept.edited, title="CEO"), None)
    assert ana.deals.kept_edit(priya_id) is None
    assert send_kept(ana).saves_sent == 0
    assert ana.contacts.get(priya_id).title == "CEO"


def _through(network: CutProxy, tmp_path: Path) -> Services:
    """Ana's app reaching the team server through ``network``."""
    return open_services(
        AppPaths(tmp_path / "ana"), FixedClock(NOW), database=as_rep(network.port, "ana")
    )


def test_a_contact_added_as_the_server_s_answer_was_lost_is_added_once_and_holds_up_nothing(
    server: tuple[str, int], tmp_path: Path
) -> None:
    """The server committed the new contact and its deal, then the network dropped before
    its answer came back: the rep is told it is kept and sent later. Sent, it makes no
    second Jonas Berg or deal, and the call logged after it reaches the server too."""
    with cut_proxy(server[1]) as network:
        ana = _through(network, tmp_path)
        try:
            priya = ana.contacts.add(Contact(name="Priya Patel"))
            network.cut_after(b"COMMIT")
            new = Contact(name="Jonas Berg", company="Nordic Freight")
            saved = ana.deals.save_edit(None, new, Deal(0, "Fleet renewal", 1_200_000, "EUR"))
            assert network.cuts == 1 and saved.kept
            stop_server(server[1])
            try:
                assert ana.calls.log_call(LogCall(priya, Outcome.CONNECTED, notes="Signed")).kept
            finally:
                start_server(server[1])

            report = send_kept(ana)
            assert (report.waiting, report.set_aside, report.sent) == (0, (), 1)
            assert report.text() == (
                "1 call kept on this laptop is now on the team server. "
                "1 was there already (sent before, and the answer lost)"
            )
            found = ana.contacts.page("Jonas")
            assert [c.name for c in found] == ["Jonas Berg"]
            assert [d.title for d in ana.deals.for_contact(found[0].id)] == ["Fleet renewal"]
            assert "Signed" in [e.detail for e in ana.followups.history(priya)]
        finally:
            ana.close()


def test_a_contact_added_as_the_server_went_away_mid_save_reaches_it_once_it_is_back(
    server: tuple[str, int], tmp_path: Path
) -> None:
    """The connection dropped after the contact was numbered, before its deal was written:
    the server rolled it all back. Kept, it is added once the server is back, not refused
    as a contact that "no longer exists"."""
    with cut_proxy(server[1]) as network:
        ana = _through(network, tmp_path)
        try:
            network.cut_after(b"INSERT INTO deals")
            new = Contact(name="Jonas Berg", company="Nordic Freight")
            saved = ana.deals.save_edit(None, new, Deal(0, "Fleet renewal", 1_200_000, "EUR"))
            assert network.cuts == 1 and saved.kept
            assert ana.contacts.count("Jonas") == 0  # not on the server

            report = send_kept(ana)
            assert (report.saves_sent, report.waiting, report.set_aside) == (1, 0, ())
            found = ana.contacts.page("Jonas")
            assert [c.name for c in found] == ["Jonas Berg"]
            assert [d.title for d in ana.deals.for_contact(found[0].id)] == ["Fleet renewal"]
        finally:
            ana.close()


def _lost_then_saved_again_while_away(
    network: CutProxy, server: tuple[str, int], ana: Services, priya_id: int
) -> None:
    """Ana's save of Priya's company reaches the server but its answer is lost (kept);
    the server then goes away and she saves the company again over the kept save."""
    opened = ana.contacts.get(priya_id)
    network.cut_after(b"COMMIT")
    assert ana.deals.save_edit(opened, replace(opened, company="Acme Ltd"), None).kept
    assert network.cuts == 1
    stop_server(server[1])
    try:
        kept = ana.deals.kept_edit(priya_id)  # what the dialog opens with
        assert kept is not None and kept.opened is not None
        again = replace(kept.edited, company="Acme Group")
        assert ana.deals.save_edit(kept.opened, again, None).kept
    finally:
        start_server(server[1])


def test_a_rep_s_own_lost_save_is_not_a_colleague_s_when_she_saved_again_while_away(
    server: tuple[str, int], tmp_path: Path
) -> None:
    """What the server took of her first save (its answer lost) is hers: her second save
    is written over it, with no merge asking her to choose between herself and herself."""
    with cut_proxy(server[1]) as network:
        ana = _through(network, tmp_path)
        try:
            priya_id = ana.contacts.add(Contact(name="Priya Patel", company="Acme"))
            _lost_then_saved_again_while_away(network, server, ana, priya_id)

            report = send_kept(ana)
            assert [c.changed.by for c in report.to_merge] == []
            assert (report.saves_sent, report.waiting, report.set_aside) == (1, 0, ())
            assert ana.contacts.get(priya_id).company == "Acme Group"
            assert ana.deals.kept_edit(priya_id) is None
        finally:
            ana.close()


def test_a_colleague_s_save_after_a_rep_s_lost_one_is_still_hers_to_merge(
    maria: Services, server: tuple[str, int], tmp_path: Path
) -> None:
    """Maria changed the company after Ana's lost save: the merge names Maria, and shows
    Ana's latest save against Maria's, from what Ana's first save wrote."""
    with cut_proxy(server[1]) as network:
        ana = _through(network, tmp_path)
        try:
            priya_id = ana.contacts.add(Contact(name="Priya Patel", company="Acme"))
            _lost_then_saved_again_while_away(network, server, ana, priya_id)
            theirs = maria.contacts.get(priya_id)
            assert theirs.company == "Acme Ltd"  # Ana's first save is on the server
            maria.contacts.save(replace(theirs, company="Acme Holdings"))

            report = send_kept(ana)
            assert [c.changed.by for c in report.to_merge] == ["Maria Ruiz"]
            clash = report.to_merge[0]
            assert [(c.mine, c.theirs) for c in clash.merged.clashes] == [
                ("Acme Group", "Acme Holdings")
            ]
            assert [(c.before, c.after) for c in clash.merged.changes] == [
                ("Acme Ltd", "Acme Holdings")
            ]
        finally:
            ana.close()
