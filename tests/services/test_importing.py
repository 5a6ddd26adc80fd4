"""Importing through the service: the same person merges, different people never do,
re-imports change nothing, an odd field costs no contact, a file lands whole or not at
all."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from followup_desktop.core.model import Contact, Email, Phone
from followup_desktop.paths import AppPaths
from followup_desktop.services.importing import ImportReport
from followup_desktop.services.session import Services, open_services


@pytest.fixture
def services(tmp_path: Path) -> Services:
    opened = open_services(AppPaths(tmp_path / "data"))
    yield opened
    opened.close()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_then_reimport_changes_nothing(services: Services, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "a.csv",
        "name,email,phone,company\n"
        "Jane Smith,jane@acme.example,+1 312 555 0142,Acme\n"
        '"Cruz, Dana",dana@cruz.example,,Cruz Logistics\n'
        ",,,\n"
        "Nobody,not-an-email,,\n"
        ",,,Acme\n",
    )
    first = services.importing.import_files([path])
    assert (first.imported, first.updated, first.unchanged, first.rejected) == (3, 0, 0, 1)
    assert first.warned == 2  # the broken e-mail, and the name turned round
    assert [str(r) for r in first.rejections] == [f"{path}:6: no name, e-mail or phone"]
    second = services.importing.import_files([path])
    assert (second.imported, second.updated, second.unchanged, second.rejected) == (0, 0, 3, 1)
    assert services.contacts.count() == 3
    assert [s.name for s in services.contacts.page()] == ["Dana Cruz", "Jane Smith", "Nobody"]


def test_names_written_last_first_are_turned_round_and_said_once_for_the_file(
    services: Services, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "names.csv",
        "Name,E-mail\n"
        "Ann Lee,ann@x.example\n"
        '"Cruz, Dana",dana@x.example\n'
        '"Acme, Inc.",info@acme.example\n'
        '"van der Berg, Jan",jan@x.example\n'
        '"Okafor, Chidi",chidi@x.example\n',
    )

    report = services.importing.import_files([path])

    assert report.imported == 5
    assert report.warnings.lines() == [
        f'{path}:3: 3 names written "Last, First" read as "First Last" '
        '(the first: "Cruz, Dana" as "Dana Cruz")'
    ]
    names = sorted(s.name for s in services.contacts.page())
    assert names == ["Acme, Inc.", "Ann Lee", "Chidi Okafor", "Dana Cruz", "Jan van der Berg"]


def test_a_central_european_file_from_an_old_excel_keeps_its_letters_and_says_so(
    services: Services, tmp_path: Path
) -> None:
    """Before: every file not in UTF-8 was read as Windows-1252, so "Dvořák" came in
    as "Dvoøák" and "Łódź" as "£ódŸ"."""
    path = tmp_path / "kontakty.csv"
    path.write_bytes(
        "Name;E-mail;Company\r\n"
        "Jan Novak;jan@novak.example;Acme\r\n"
        "Antonín Dvořák;antonin@dvorak.example;Dvořák a syn s.r.o.\r\n"
        "Łukasz Wiśniewski;lukasz@lodz.example;Łódź Trading\r\n"
        "Pál Erdős;pal@erdos.example;Győr Kft.\r\n".encode("cp1250")
    )

    report = services.importing.import_files([path])

    assert (report.imported, report.rejected) == (4, 0)
    people = {(s.name, s.company) for s in services.contacts.page()}
    assert people == {
        ("Jan Novak", "Acme"),
        ("Antonín Dvořák", "Dvořák a syn s.r.o."),
        ("Łukasz Wiśniewski", "Łódź Trading"),
        ("Pál Erdős", "Győr Kft."),
    }
    assert report.warnings.lines() == [
        f'{path}:3: not UTF-8: read as Windows-1250 (Central European), as in "Antonín"'
    ]


@pytest.mark.parametrize(
    ("name", "code_page"),
    [
        # Before: each read as Western: "Kuèera", "Èech", "Beèka", "Zdeòka", "Ondøej",
        # "Kateøina", "Ïurica", "Wiœniewski", "Woÿniak", "Petroviæ", "Bucureºti".
        ("Kučera", "cp1250"),
        ("Čech", "cp1250"),
        ("Bečka", "cp1250"),
        ("Zdeňka", "cp1250"),
        ("Ondřej", "cp1250"),
        ("Kateřina", "cp1250"),
        ("Ďurica", "cp1250"),
        ("Wiśniewski", "cp1250"),
        ("Woźniak", "cp1250"),
        ("Petrović", "cp1250"),
        ("Bucureşti", "cp1250"),
        # Western names with the same letters stay Western.
        ("Crème", "cp1252"),
        ("Niccolò", "cp1252"),
        ("Anaïs", "cp1252"),
        ("Høie", "cp1252"),
        ("Sœur", "cp1252"),
    ],
)
def test_a_file_of_one_name_is_read_in_the_code_page_of_its_language(
    services: Services, tmp_path: Path, name: str, code_page: str
) -> None:
    path = tmp_path / "one.csv"
    path.write_bytes(f"Name\r\n{name}\r\n".encode(code_page))

    report = services.importing.import_files([path])

    assert [s.name for s in services.contacts.page()] == [name]
    words = {
        "cp1250": "Windows-1250 (Central European)",
        "cp1252": "Windows-1252 (Western European)",
    }
    assert report.warnings.lines() == [
        f'{path}:2: not UTF-8: read as {words[code_page]}, as in "{name}"'
    ]


def test_a_western_file_from_an_old_excel_stays_western_and_says_so(
    services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "contacts.csv"
    path.write_bytes(
        "Name,E-mail,Company\r\n"
        "Hélène Crème,helene@creme.example,Café Señor\r\n"
        "Søren Jørgensen,soren@x.example,Københavns Øl\r\n"
        "Ana Muñoz,ana@x.example,Müller GmbH\r\n".encode("cp1252")
    )

    report = services.importing.import_files([path])

    people = {(s.name, s.company) for s in services.contacts.page()}
    assert people == {
        ("Hélène Crème", "Café Señor"),
        ("Søren Jørgensen", "Københavns Øl"),
        ("Ana Muñoz", "Müller GmbH"),
    }
    assert report.warnings.lines() == [
        f'{path}:2: not UTF-8: read as Windows-1252 (Western European), as in "Hélène"'
    ]


@pytest.mark.parametrize(
    "remark",
    [
        "Budget £10k",  # Windows-1250's "Ł"
        "Pays ¥500 a month",  # Windows-1250's "Ą"
        "¿Qué tal? Call in Spanish",  # Windows-1250's "ż"
        "Call for 1¼ hours",  # Windows-1250's "Ľ"
        "Pilot ¾ done",  # Windows-1250's "ľ"
    ],
)
def test_a_symbol_that_is_a_letter_in_central_european_leaves_a_western_file_western(
    services: Services, tmp_path: Path, remark: str
) -> None:
    """Before: Windows-1250 reads each symbol as a letter, so with it the file read as
    more letters: "Hélène" came in as "Hélčne" and "Budget £10k" as "Budget Ł10k"."""
    path = tmp_path / "leads.csv"
    path.write_bytes(
        "Name,E-mail,Company\r\n"
        f"Hélène Dubois,helene@example.com,{remark}\r\n"
        "James Carter,james@example.co.uk,Carter & Sons\r\n".encode("cp1252")
    )

    report = services.importing.import_files([path])

    people = {(s.name, s.company) for s in services.contacts.page()}
    assert people == {("Hélène Dubois", remark), ("James Carter", "Carter & Sons")}
    assert report.warnings.lines() == [
        f'{path}:2: not UTF-8: read as Windows-1252 (Western European), as in "Hélène"'
    ]


def test_a_japanese_file_from_an_old_excel_says_it_was_read_as_shift_jis(
    services: Services, tmp_path: Path
) -> None:
    """Before: the names came in, but nothing said Shift_JIS was a guess."""
    path = tmp_path / "meishi.csv"
    path.write_bytes(
        "Name,E-mail,Company\r\n"
        "Ken Sato,ken@x.example,Acme\r\n"
        "山田 太郎,taro@yamada.example,山田商事\r\n".encode("shift_jis")
    )

    report = services.importing.import_files([path])

    people = {(s.name, s.company) for s in services.contacts.page()}
    assert people == {("Ken Sato", "Acme"), ("山田 太郎", "山田商事")}
    assert report.warnings.lines() == [
        f'{path}:3: not UTF-8: read as Shift_JIS (Japanese), as in "山田"'
    ]


def test_a_plain_ascii_file_says_nothing_of_code_pages(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    path.write_bytes(b"Name,E-mail\r\nJan Novak,jan@novak.example\r\nAnn Lee,ann@x.example\r\n")

    report = services.importing.import_files([path])

    assert report.imported == 2
    assert report.warnings.lines() == []


def test_a_known_email_updates_instead_of_doubling(services: Services, tmp_path: Path) -> None:
    services.importing.import_files(
        [write(tmp_path, "a.csv", "name,email\nJane Smith,JANE@acme.example\n")]
    )
    report = services.importing.import_files(
        [
            write(
                tmp_path,
                "b.csv",
                "name,email,phone,company\nJ. Smith,jane@acme.example,+13125550142,Acme\n",
            )
        ]
    )
    assert (report.imported, report.updated) == (0, 1)
    (summary,) = services.contacts.page()
    contact = services.contacts.get(summary.id)
    assert contact.name == "Jane Smith"  # a known name is not overwritten
    assert contact.company == "Acme"
    assert [p.number for p in contact.phones] == ["+13125550142"]


def test_duplicates_inside_one_file_merge(services: Services, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "a.csv",
        "name,email,phone\nJane,jane@a.example,\nJane S,,+13125550142\nJane Smith,jane@a.example,+13125550142\n",
    )
    report = services.importing.import_files([path])
    assert services.contacts.count() == 2 or report.imported + report.updated >= 2
    # the third row matches both earlier ones: nothing is doubled
    assert services.contacts.count() == 2


def test_a_failure_midway_leaves_the_store_as_it_was(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup_desktop.services import importing

    rows = "".join(f"Person {n},p{n}@x.example\n" for n in range(2500))
    path = write(tmp_path, "big.csv", "name,email\n" + rows)
    calls = 0
    original = importing._FileImport.run_chunk

    def failing(self: importing._FileImport, records: list) -> None:  # type: ignore[type-arg]
        nonlocal calls
        calls += 1
        if calls == 2:
            raise OSError(28, "No space left on device")
        original(self, records)

    monkeypatch.setattr(importing._FileImport, "run_chunk", failing)
    report = ImportReport()
    services.importing.import_file(path, report)
    assert services.contacts.count() == 0
    assert report.imported == 0
    assert [str(unread) for unread in report.unreadable] == [f"{path}: No space left on device"]


def test_unreadable_file_is_reported_not_raised(services: Services, tmp_path: Path) -> None:
    report = services.importing.import_files([tmp_path / "missing.csv"])
    assert len(report.unreadable) == 1
    assert Path(report.unreadable[0].source).name == "missing.csv"


def test_a_first_import_merges_duplicates_across_chunks(services: Services, tmp_path: Path) -> None:
    """Into an empty store the importer skips looking keys up in the database: people
    repeated thousands of lines apart (other chunks) must still merge into one."""
    lines = ["Name,E-mail 1 - Value,Phone 1 - Value"]
    lines += [f"Person {n},p{n}@example.com,+1312555{n:04d}" for n in range(2500)]
    lines += [
        "Again By Mail,P7@EXAMPLE.COM,",  # chunk 3 repeats chunk 1's e-mail (other case)
        "person 1999,,+1 312 555 1999",  # and chunk 2's name and phone, written differently
    ]
    path = tmp_path / "people.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = services.importing.import_files([path])
    assert (report.imported, report.updated, report.unchanged) == (2500, 0, 2)
    assert services.contacts.count() == 2500


def test_a_deleted_contact_is_not_merged_into(services: Services, tmp_path: Path) -> None:
    gone = services.contacts.add(Contact(name="Old Jane", emails=[Email("jane@acme.example")]))
    services.contacts.delete(gone)
    path = tmp_path / "jane.csv"
    path.write_text("Name,E-mail 1 - Value\nJane Smith,jane@acme.example\n", encoding="utf-8")
    report = services.importing.import_files([path])
    assert report.imported == 1
    assert [s.name for s in services.contacts.page()] == ["Jane Smith"]


def test_rows_of_one_person_in_one_file_become_one_whole_contact(
    services: Services, tmp_path: Path
) -> None:
    """The first row gives the name; later rows sharing an e-mail (in any case), or the
    name and a phone, fill what is missing and add their other addresses and numbers,
    once each. A row sharing only the phone is someone else."""
    path = write(
        tmp_path,
        "a.csv",
        "name,email,phone,company,notes\n"
        "Jane Smith,jane@acme.example,,,met at the fair\n"
        "J. Smith,JANE@acme.example,+1 312 555 0142,Acme,met at the fair\n"
        "jane  smith,jane.smith@home.example,(312) 555-0142,Other Co,likes golf\n"
        "Jane S,jane.s@else.example,(312) 555-0142,,\n"
        "Bob Stone,bob@stone.example ::: BOB@stone.example,+13125550199 ::: +1 312-555-0199,,\n",
    )
    report = services.importing.import_files([path])
    assert (report.imported, report.updated, report.rejected) == (3, 0, 0)
    bob, other, jane = (services.contacts.get(s.id) for s in services.contacts.page())
    assert (jane.name, jane.company) == ("Jane Smith", "Acme")
    assert [e.address for e in jane.emails] == ["jane@acme.example", "jane.smith@home.example"]
    assert [p.number for p in jane.phones] == ["+13125550142"]
    # The file's notes are the rep's own: nothing of them is said in a call.
    assert (jane.notes, jane.personal_notes) == ("met at the fair\nlikes golf", "")
    assert (other.name, [e.address for e in other.emails]) == ("Jane S", ["jane.s@else.example"])
    assert [e.address for e in bob.emails] == ["bob@stone.example"]
    assert [p.number for p in bob.phones] == ["+13125550199"]
    assert [s.name for s in services.contacts.page("golf")] == []  # notes are not searched
    assert [s.name for s in services.contacts.page("home.example")] == ["Jane Smith"]
    assert [s.name for s in services.contacts.page("3125550199")] == ["Bob Stone"]
    assert report.merges.lines() == [
        f"{path}:3: merged into Jane Smith (from line 2, same e-mail)",
        f"{path}:4: merged into Jane Smith (from line 2, same name and phone)",
    ]
    again = services.importing.import_files([path])
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 3)
    assert again.merges.lines() == []  # nothing merged, nothing changed: nothing to say


def acme_rows(tmp_path: Path) -> Path:
    return write(
        tmp_path,
        "acme.csv",
        "name,email,phone,company\n"
        "Alice Adams,alice@acme.example,+1 312 555 0100,Acme\n"
        "Bob Brown,bob@acme.example,+1 312 555 0100,Acme\n"
        "Carol Cruz,carol@acme.example,(312) 555-0100,Acme\n",
    )


def test_people_who_share_a_switchboard_number_stay_separate(
    services: Services, tmp_path: Path
) -> None:
    path = acme_rows(tmp_path)
    report = services.importing.import_files([path])
    assert report.summary() == "imported 3, updated 0, unchanged 0, rejected 0, warnings 0"
    assert report.merges.lines() == []
    people = [services.contacts.get(s.id) for s in services.contacts.page()]
    assert [
        (c.name, [e.address for e in c.emails], [p.number for p in c.phones]) for c in people
    ] == [
        ("Alice Adams", ["alice@acme.example"], ["+13125550100"]),
        ("Bob Brown", ["bob@acme.example"], ["+13125550100"]),
        ("Carol Cruz", ["carol@acme.example"], ["+13125550100"]),
    ]
    again = services.importing.import_files([path])
    assert again.summary() == "imported 0, updated 0, unchanged 3, rejected 0, warnings 0"
    assert services.contacts.count() == 3


def test_a_stored_switchboard_colleague_is_not_merged_into(
    services: Services, tmp_path: Path
) -> None:
    """Against contacts already stored (the store is asked, not the file's memory): the
    same name and phone merges, another name on the same phone is a new contact, and the
    report says which row went where."""
    services.importing.import_files([acme_rows(tmp_path)])
    path = write(
        tmp_path,
        "more.csv",
        "name,email,phone,title\n"
        "Dan Dorsey,,+1 312 555 0100,Buyer\n"
        "bob brown,,+1 312 555 0100,Head of Purchasing\n"
        "Carol Cruz,CAROL@ACME.EXAMPLE,,CFO\n",
    )
    report = services.importing.import_files([path])
    assert (report.imported, report.updated, report.unchanged) == (1, 2, 0)
    assert report.merges.lines() == [
        f"{path}:3: merged into Bob Brown (already in FollowUp, same name and phone)",
        f"{path}:4: merged into Carol Cruz (already in FollowUp, same e-mail)",
    ]
    titles = {s.name: services.contacts.get(s.id).title for s in services.contacts.page()}
    assert titles == {
        "Alice Adams": "",
        "Bob Brown": "Head of Purchasing",
        "Carol Cruz": "CFO",
        "Dan Dorsey": "Buyer",
    }
    again = services.importing.import_files([path])
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 3)


def test_odd_values_cost_no_contact_and_are_warned_at_their_line(
    services: Services, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "cards.vcf",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Chidi Okafor\r\nORG:Lagos Freight\r\n"
        "TEL;TYPE=WORK,VOICE:+234 1 234 5678\r\nEMAIL:chidi@lagosfreight.example\r\n"
        "END:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ngozi Eze\r\nEMAIL:broken@\r\nEND:VCARD\r\n",
    )
    report = services.importing.import_files([path])
    assert report.summary() == "imported 2, updated 0, unchanged 0, rejected 0, warnings 2"
    assert report.warnings.lines() == [
        f"{path}:5: phone number '+234 1 234 5678' has the wrong number of digits:"
        " kept as written, marked not checked",
        f"{path}:11: e-mail 'broken@' is not an e-mail address: kept in the notes",
    ]
    listed = services.contacts.page()
    assert [(s.name, s.phone_unchecked) for s in listed] == [
        ("Chidi Okafor", True),
        ("Ngozi Eze", False),
    ]
    chidi, ngozi = (services.contacts.get(s.id) for s in listed)
    assert (chidi.company, [e.address for e in chidi.emails]) == (
        "Lagos Freight",
        ["chidi@lagosfreight.example"],
    )
    assert chidi.phones == [Phone("+234 1 234 5678", checked=False)]
    assert (chidi.notes, chidi.personal_notes) == ("", "")
    assert (ngozi.emails, ngozi.notes) == ([], "E-mail as imported: broken@")
    assert ngozi.personal_notes == ""
    again = services.importing.import_files([path])
    assert again.summary() == "imported 0, updated 0, unchanged 2, rejected 0, warnings 2"


def test_repeated_messages_are_counted_not_repeated(services: Services, tmp_path: Path) -> None:
    """10,000 nested BEGIN lines: every broken card counted, ten shown, one line for the
    rest."""
    path = write(tmp_path, "nested.vcf", "BEGIN:VCARD\r\n" * 10_000)
    report = services.importing.import_files([path])
    assert (report.imported, report.rejected) == (0, 10_000)
    lines = report.rejections.lines()
    assert lines[:2] == [
        f"{path}:1: card is not closed (no END:VCARD)",
        f"{path}:2: card is not closed (no END:VCARD)",
    ]
    assert lines[10:] == ["… and 9,990 more like this"]
    assert len(lines) == 11


def test_a_named_pipe_is_refused_at_once(services: Services, tmp_path: Path) -> None:
    """A FIFO nobody writes to would block the first read forever."""
    pipe = tmp_path / "contacts.csv"
    os.mkfifo(pipe)
    done = threading.Event()
    reports: list[ImportReport] = []

    def run() -> None:
        reports.append(services.importing.import_files([pipe, tmp_path]))
        done.set()

    threading.Thread(target=run, daemon=True).start()
    if not done.wait(10):
        with open(pipe, "wb"):  # let the stuck import go before failing
            pass
        pytest.fail("the import waited on the named pipe")
    (report,) = reports
    assert [str(unread) for unread in report.unreadable] == [
        f"{pipe}: this is a named pipe, not a file: save the contacts to a file first",
        f"{tmp_path}: this is a folder, not a file",
    ]
    assert services.contacts.count() == 0


def test_rows_with_only_a_name_merge_only_with_the_same_name_and_company(
    services: Services, tmp_path: Path
) -> None:
    """Nothing but a name and a company (a LinkedIn row, an address kept in the notes):
    the same name at another company is someone else; the same file again adds nobody."""
    path = write(
        tmp_path,
        "names.csv",
        "name,company,email\n"
        "Jo Bloggs,Acme,\n"
        "Jo Bloggs,Globex,\n"
        "jo bloggs,acme,not-an-address\n"
        "Jo Bloggs,,jo@bloggs.example\n",
    )
    first = services.importing.import_files([path])
    assert (first.imported, first.warned) == (3, 2)
    assert first.merges.lines() == [
        f"{path}:4: merged into Jo Bloggs (from line 2, same name and company, no e-mail or phone)"
    ]
    # With no company, the one with an e-mail may be either of them: said, not merged.
    assert first.warnings.lines()[-1] == (
        f"{path}:5: possibly the same person as Jo Bloggs (id 1) or Jo Bloggs (id 2):"
        " kept apart, as only the name matches"
    )
    again = services.importing.import_files([path])
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 3)
    assert services.contacts.count() == 3


def test_many_rows_merged_into_one_contact_are_counted_not_all_listed(
    services: Services, tmp_path: Path
) -> None:
    rows = "".join(f"Desk {n},desk@acme.example\n" for n in range(30))
    path = write(tmp_path, "desk.csv", "name,email\n" + rows)
    report = services.importing.import_files([path])
    assert (report.imported, report.merges.count) == (1, 29)
    lines = report.merges.lines()
    assert lines[0] == f"{path}:3: merged into Desk 0 (from line 2, same e-mail)"
    assert lines[10:] == ["… and 19 more like this"]


def test_a_failure_midway_leaves_no_warning_or_merge_in_the_report(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup_desktop.services import importing

    rows = "".join(
        f"Person {n},p{n % 1500}@x.example,{'broken@' if n == 3 else ''}\n" for n in range(2500)
    )
    path = write(tmp_path, "big.csv", "name,email,email 2 address\n" + rows)
    calls = 0
    original = importing._FileImport.run_chunk

    def failing(self: importing._FileImport, records: list) -> None:  # type: ignore[type-arg]
        nonlocal calls
        calls += 1
        if calls == 3:
            raise OSError(28, "No space left on device")
        original(self, records)

    monkeypatch.setattr(importing._FileImport, "run_chunk", failing)
    report = ImportReport()
    services.importing.import_file(path, report)
    assert services.contacts.count() == 0
    assert report.summary() == "imported 0, updated 0, unchanged 0, rejected 0, warnings 0"
    assert (report.warnings.lines(), report.merges.lines()) == ([], [])


def test_the_import_service_writes_no_sql_of_its_own() -> None:
    """Every statement of an import lives in store/ (store/contact_import.py): the
    service holds the rules, not SQLAlchemy, nor the tables."""
    import ast

    from followup_desktop.services import importing

    tree = ast.parse(Path(importing.__file__).read_text(encoding="utf-8"))
    imported = {
        name
        for node in ast.walk(tree)
        for name in (
            [alias.name for alias in node.names]
            if isinstance(node, ast.Import)
            else [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else []
        )
    }
    assert imported, "the module's imports were read"
    assert not {name for name in imported if name.split(".")[0] == "sqlalchemy"}
    assert not imported & {"followup_desktop.store.schema", "followup_desktop.store.bulk_insert"}


def test_a_calendar_file_chosen_for_contacts_is_said_to_be_one(services: Services) -> None:
    """An Outlook invite picked next to the contacts export: not 'no header row'."""
    invite = Path(__file__).parent.parent / "fixtures/real-world/ics/biweekly__outlook-2010.ics"
    report = services.importing.import_files([invite])
    assert [str(unread) for unread in report.unreadable] == [
        f"{invite}: this is a calendar file (iCalendar), not contacts: import a CSV or "
        "vCard (.vcf) export of your contacts"
    ]
    assert services.contacts.count() == 0


REAL_WORLD_CSV = Path(__file__).parent.parent / "fixtures/real-world/csv"


def test_a_linkedin_row_named_like_a_google_contact_is_pointed_out_not_merged(
    services: Services,
) -> None:
    """LinkedIn exports most connections without an e-mail or phone: Bob Wilson comes in
    as a second contact beside the Google one (a name alone never merges), and the
    report says who he may be."""
    google = REAL_WORLD_CSV / "rolomind__google.csv"
    linkedin = REAL_WORLD_CSV / "rolomind__linkedin.csv"
    services.importing.import_files([google])
    (bob,) = [c for c in services.contacts.page() if c.name == "Bob Wilson"]
    report = services.importing.import_files([linkedin])
    # Bob and Charlie Davis are new; John, Jane and Alice get their LinkedIn "URL" and
    # "Connected On" in their notes.
    assert (report.imported, report.updated, report.unchanged) == (2, 3, 0)
    assert [c.name for c in services.contacts.page()].count("Bob Wilson") == 2
    assert report.warnings.lines() == [
        f"{linkedin}:4: possibly the same person as Bob Wilson (id {bob.id}):"
        " kept apart, as only the name matches",
        f"{linkedin}:1: kept in each contact's notes: Connected On, URL (5 contacts)",
    ]
    assert report.warned == 2
    again = services.importing.import_files([linkedin])
    # Said once, when he came in; the columns are said again, as each import of them is.
    assert (again.imported, again.updated, again.unchanged, again.warned) == (0, 0, 5, 1)


def test_a_google_contact_named_like_a_linkedin_row_is_pointed_out_too(
    services: Services,
) -> None:
    linkedin = REAL_WORLD_CSV / "rolomind__linkedin.csv"
    google = REAL_WORLD_CSV / "rolomind__google.csv"
    services.importing.import_files([linkedin])
    (bob,) = [c for c in services.contacts.page() if c.name == "Bob Wilson"]
    report = services.importing.import_files([google])
    assert (
        f"{google}:4: possibly the same person as Bob Wilson (id {bob.id}):"
        " kept apart, as only the name matches"
    ) in report.warnings.lines()
    assert [c.name for c in services.contacts.page()].count("Bob Wilson") == 2


def test_namesakes_who_can_be_told_apart_are_not_pointed_out(
    services: Services, tmp_path: Path
) -> None:
    """Two John Smiths with their own e-mails are two people; a name at another company
    is someone else."""
    services.importing.import_files(
        [write(tmp_path, "a.csv", "name,email,company\nJohn Smith,js@acme.example,Acme\n")]
    )
    report = services.importing.import_files(
        [
            write(
                tmp_path,
                "b.csv",
                "name,email,company\nJohn Smith,john@globex.example,Globex\nJohn Smith,,Initech\n",
            )
        ]
    )
    assert (report.imported, report.warned) == (2, 0)


def test_a_reimport_adds_only_the_note_lines_the_contact_lacks(
    services: Services, tmp_path: Path
) -> None:
    first = write(tmp_path, "a.csv", 'name,email,notes\nJane,jane@a.example,"golf\ntwo kids"\n')
    services.importing.import_files([first])
    (summary,) = services.contacts.page()
    contact = services.contacts.get(summary.id)
    contact.notes = "golf\nCalled on Monday\ntwo kids"  # the rep's own line between
    services.contacts.save(contact)
    again = services.importing.import_files([first])
    assert (again.updated, again.unchanged) == (0, 1)
    # A later export of the same contact with one more line: only that line is added.
    later = write(
        tmp_path, "b.csv", 'name,email,notes\nJane,jane@a.example,"golf\ntwo kids\nboat"\n'
    )
    grown = services.importing.import_files([later])
    assert (grown.updated, grown.unchanged) == (1, 0)
    notes = services.contacts.get(summary.id).notes
    assert notes == "golf\nCalled on Monday\ntwo kids\nboat"


REAL_WORLD_VCARD = Path(__file__).parent.parent / "fixtures/real-world/vcard"


def test_a_vcard_keeps_its_address_and_birthday_and_a_reimport_adds_nothing(
    services: Services, tmp_path: Path
) -> None:
    """An iPhone export: its address, website, birthday and fax numbers are in the
    contact's notes, the report says once which ones; importing it again changes
    nothing, and a later export with one more property adds only that line."""
    iphone = REAL_WORLD_VCARD / "ez-vcard__John_Doe_IPHONE.vcf"
    report = services.importing.import_files([iphone])
    assert report.imported == 1
    assert report.warnings.lines() == [
        f"{iphone}:1: kept in each contact's notes: Nickname, Department, Fax, Pager, "
        "Address, Website, Birthday (1 contact)"
    ]
    (summary,) = services.contacts.page()
    contact = services.contacts.get(summary.id)
    assert "Birthday: 2012-06-06" in contact.notes.splitlines()
    assert contact.personal_notes == ""
    contact.notes += "\nCalled about the renewal"  # the rep's own line
    services.contacts.save(contact)
    notes = services.contacts.get(summary.id).notes

    again = services.importing.import_files([iphone])
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 1)
    assert services.contacts.get(summary.id).notes == notes

    later = tmp_path / "later.vcf"
    later.write_bytes(
        iphone.read_bytes().replace(
            b"END:VCARD", b"X-SOCIALPROFILE;type=linkedin:jdoe\r\nEND:VCARD"
        )
    )
    grown = services.importing.import_files([later])
    assert (grown.updated, grown.unchanged) == (1, 0)
    linkedin = "\nSocial profile (linkedin): jdoe"
    assert services.contacts.get(summary.id).notes == notes + linkedin


def test_an_import_is_stamped_with_the_apps_clock(tmp_path: Path) -> None:
    """What an import adds and grows is dated by the app's clock, as every other write:
    the edit it overtook says when, and the address book compares that time."""
    from datetime import UTC, datetime

    from followup_desktop.core.clock import FixedClock
    from followup_desktop.services.contacts import ContactChanged
    from followup_desktop.store import cards_repo

    clock = FixedClock(datetime(2031, 3, 4, 9, 30, tzinfo=UTC))
    services = open_services(AppPaths(tmp_path / "data"), clock)
    try:
        first = write(tmp_path, "a.csv", "name,email\nDana Lee,dana@x.example\n")
        services.importing.import_files([first])
        (summary,) = services.contacts.page()
        with services.db.reading() as session:
            assert cards_repo.contact_changed_at(session, summary.id) == clock.now()
        opened = services.contacts.get(summary.id)

        clock.advance(hours=2)
        more = write(tmp_path, "b.csv", "name,email,title\nDana Lee,dana@x.example,Buyer\n")
        services.importing.import_files([more])
        with services.db.reading() as session:
            assert cards_repo.contact_changed_at(session, summary.id) == clock.now()
        opened.personal_notes = "Met at the fair"
        with pytest.raises(ContactChanged) as refused:
            services.contacts.save(opened)
        assert refused.value.at == clock.now()
        assert "at 11:30 UTC since it was opened" in str(refused.value)
    finally:
        services.close()
