"""The ``followup`` command as PRODUCT.md specifies it: output, JSON keys, exit codes."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from followup_desktop import cli


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_contact_add_prints_the_new_id_and_contacts_json_has_the_keys(tmp_path: Path) -> None:
    code, out, err = run(
        "--data-dir",
        str(tmp_path),
        "contact",
        "add",
        "--name",
        "Jane Smith",
        "--company",
        "Acme, Inc.",
        "--email",
        "jane@acme.example",
        "--email",
        "j@home.example",
        "--phone",
        "(312) 555-0142",
        "--time-zone",
        "America/Chicago",
    )
    assert (code, err) == (0, "")
    new_id = int(out.strip())
    code, out, _ = run("--data-dir", str(tmp_path), "contacts", "--json")
    assert code == 0
    assert json.loads(out) == [
        {
            "id": new_id,
            "name": "Jane Smith",
            "company": "Acme, Inc.",
            "emails": ["jane@acme.example", "j@home.example"],
            "phones": ["+13125550142"],
            "phones_not_checked": [],
            "time_zone": "America/Chicago",
            "next_follow_up": None,
        }
    ]


def test_contacts_search(tmp_path: Path) -> None:
    for name in ("Jane Smith", "Dana Cruz"):
        run("--data-dir", str(tmp_path), "contact", "add", "--name", name)
    code, out, _ = run("--data-dir", str(tmp_path), "contacts", "--search", "cruz", "--json")
    assert code == 0
    assert [c["name"] for c in json.loads(out)] == ["Dana Cruz"]
    code, out, _ = run("--data-dir", str(tmp_path), "contacts", "--search", "nobody", "--json")
    assert json.loads(out) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--phone", "call me"], "phone number 'call me'"),
        (["--email", "jane at acme"], "e-mail 'jane at acme'"),
        (["--time-zone", "Mars/Olympus"], "time zone 'Mars/Olympus'"),
    ],
)
def test_contact_add_rejects_bad_fields_with_exit_2(
    tmp_path: Path, args: list[str], message: str
) -> None:
    code, out, err = run("--data-dir", str(tmp_path), "contact", "add", "--name", "X", *args)
    assert code == 2
    assert out == ""
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_import_prints_counts_and_rejections_with_exit_1(tmp_path: Path) -> None:
    source = tmp_path / "c.csv"
    source.write_text(
        "name,email,company\nJane,jane@a.example,\n,,\n,,Acme\nOdd,nope,\n", encoding="utf-8"
    )
    code, out, err = run("--data-dir", str(tmp_path / "d"), "import", str(source))
    assert code == 1
    assert out == "imported 2, updated 0, unchanged 0, rejected 1, warnings 1\n"
    assert err.splitlines() == [
        f"{source}:4: no name, e-mail or phone",
        f"{source}:5: warning: e-mail 'nope' is not an e-mail address: kept in the notes",
    ]
    code, out, err = run("--data-dir", str(tmp_path / "d"), "import", str(source))
    assert out == "imported 0, updated 0, unchanged 2, rejected 1, warnings 1\n"


def test_import_with_only_warnings_exits_0_and_says_which_rows_merged(tmp_path: Path) -> None:
    source = tmp_path / "c.csv"
    source.write_text(
        "name,email,phone\n"
        "Alice Adams,alice@acme.example,+1 312 555 0100\n"
        "Bob Brown,bob@acme.example,+1 312 555 0100\n"
        "Alice Adams,,+1 312 555 0100\n"
        "Broken,broken@,\n",
        encoding="utf-8",
    )
    code, out, err = run("--data-dir", str(tmp_path / "d"), "import", str(source))
    assert (code, out) == (0, "imported 3, updated 0, unchanged 0, rejected 0, warnings 1\n")
    assert err.splitlines() == [
        f"{source}:5: warning: e-mail 'broken@' is not an e-mail address: kept in the notes",
        f"{source}:4: merged into Alice Adams (from line 2, same name and phone)",
    ]


def test_a_cli_import_of_a_named_pipe_fails_at_once_in_one_line(tmp_path: Path) -> None:
    pipe = tmp_path / "contacts.vcf"
    os.mkfifo(pipe)
    command = [sys.executable, "-m", "followup_desktop.cli", "--data-dir", str(tmp_path / "d")]
    try:
        done = subprocess.run(
            [*command, "import", str(pipe)], capture_output=True, text=True, timeout=20
        )
    except subprocess.TimeoutExpired:
        pytest.fail("followup import waited on a named pipe")
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"{pipe}: this is a named pipe, not a file: save the contacts to a file first"
    ]
    assert done.stdout == "imported 0, updated 0, unchanged 0, rejected 0, warnings 0\n"


def test_a_cli_import_of_10000_broken_cards_says_so_in_a_few_lines(tmp_path: Path) -> None:
    source = tmp_path / "nested.vcf"
    source.write_text("BEGIN:VCARD\n" * 10_000 + "FN:Last\nEND:VCARD\n", encoding="utf-8")
    code, out, err = run("--data-dir", str(tmp_path / "d"), "import", str(source))
    assert (code, out) == (1, "imported 1, updated 0, unchanged 0, rejected 9999, warnings 0\n")
    lines = err.splitlines()
    assert len(lines) == 11
    assert lines[0] == f"{source}:1: card is not closed (no END:VCARD)"
    assert lines[-1] == "… and 9,989 more like this"


def test_unreadable_import_exits_2(tmp_path: Path) -> None:
    code, _out, err = run("--data-dir", str(tmp_path), "import", str(tmp_path / "nope.csv"))
    assert code == 2
    assert "nope.csv" in err


def test_db_check_ok_and_damaged(tmp_path: Path) -> None:
    run("--data-dir", str(tmp_path), "contact", "add", "--name", "Jane")
    code, out, _ = run("--data-dir", str(tmp_path), "db", "check")
    assert code == 0
    assert out.strip().endswith(": ok")
    database = tmp_path / "followup.sqlite3"
    data = bytearray(database.read_bytes())
    for page_start in range(4096, len(data), 4096):  # scribble over every page but the header
        data[page_start + 8 : page_start + 64] = b"\xff" * 56
    database.write_bytes(bytes(data))
    code, out, err = run("--data-dir", str(tmp_path), "db", "check")
    assert code == 1
    assert "damaged" in err


def test_db_check_before_the_first_start_says_there_is_nothing_to_check(tmp_path: Path) -> None:
    """A new rep (or a mistyped --data-dir) checking a folder with no database yet is told
    so, as `db backup` tells it, never that a file is "damaged"; nothing is created."""
    code, out, err = run("--data-dir", str(tmp_path / "data"), "db", "check")
    assert (code, out) == (2, "")
    assert err.strip() == f"followup: there is no database in {tmp_path / 'data'} to check"
    assert not (tmp_path / "data" / "followup.sqlite3").exists()


def test_the_installed_command_never_prints_a_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "FOLLOWUP_DATA_DIR": str(tmp_path)}
    (tmp_path / "followup.sqlite3").write_bytes(b"this is not a database" * 100)
    result = subprocess.run(
        [sys.executable, "-m", "followup_desktop.cli", "contacts"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode in (1, 2)
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    result = subprocess.run(
        [sys.executable, "-m", "followup_desktop.cli", "frobnicate"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_data_folder_that_is_a_file_is_said_in_one_line(tmp_path: Path) -> None:
    """`--data-dir` given the database itself (or FOLLOWUP_DATA_DIR a file): one line
    naming the folder to give instead, no traceback, and the file left as it was."""
    run("--data-dir", str(tmp_path), "contact", "add", "--name", "Jane")
    database = tmp_path / "followup.sqlite3"
    before = database.read_bytes()
    for args, env in (
        (["--data-dir", str(database)], {}),
        ([], {"FOLLOWUP_DATA_DIR": str(database)}),
        (["--data-dir", str(database / "deeper")], {}),
    ):
        result = subprocess.run(
            [sys.executable, "-m", "followup_desktop.cli", *args, "contacts"],
            capture_output=True,
            text=True,
            env={**os.environ, **env},
            timeout=60,
        )
        assert result.returncode == 2, result.stderr
        (line,) = result.stderr.splitlines()
        assert "Traceback" not in result.stderr
        assert f"{database} is a file, not a folder" in line, line
        assert str(tmp_path) in line.split("not a folder")[1], line  # where to point it
    assert database.read_bytes() == before


def test_data_dir_env_is_used_and_flag_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOLLOWUP_DATA_DIR", str(tmp_path / "env"))
    run("contact", "add", "--name", "In Env")
    run("--data-dir", str(tmp_path / "flag"), "contact", "add", "--name", "In Flag")
    assert (tmp_path / "env" / "followup.sqlite3").exists()
    assert json.loads(run("contacts", "--json")[1])[0]["name"] == "In Env"
    assert (
        json.loads(run("--data-dir", str(tmp_path / "flag"), "contacts", "--json")[1])[0]["name"]
        == "In Flag"
    )


def test_a_number_kept_as_written_is_listed_as_not_checked(tmp_path: Path) -> None:
    cards = tmp_path / "lagos.vcf"
    cards.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Chidi Okafor\r\n"
        "TEL;TYPE=WORK,VOICE:+234 1 234 5678\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    code, out, err = run("--data-dir", str(tmp_path), "import", str(cards))
    assert code == 0, err
    assert "imported 1, updated 0, unchanged 0, rejected 0, warnings 1" in out
    assert (
        f"{cards}:4: warning: phone number '+234 1 234 5678' has the wrong number of digits:"
        " kept as written, marked not checked"
    ) in err.splitlines()  # warnings on stderr, the summary on stdout
    code, out, _ = run("--data-dir", str(tmp_path), "contacts", "--json")
    (chidi,) = json.loads(out)
    assert (chidi["phones"], chidi["phones_not_checked"], chidi["time_zone"]) == (
        ["+234 1 234 5678"],
        ["+234 1 234 5678"],
        "Africa/Lagos",
    )


def test_a_deleted_contact_is_listed_and_restored_however_long_ago(tmp_path: Path) -> None:
    """No undo lasts past a restart: ``contact deleted`` lists them, the latest first, and
    ``contact restore`` brings one back with its history."""
    from followup_desktop.paths import AppPaths
    from followup_desktop.services.session import open_services

    data = ("--data-dir", str(tmp_path))
    ids = {}
    for name in ("Jane Smith", "Ravi Kumar", "Ana Lopez"):
        ids[name] = int(run(*data, "contact", "add", "--name", name, "--company", "Acme")[1])
    services = open_services(AppPaths(tmp_path))
    try:
        services.contacts.delete(ids["Jane Smith"])
        services.contacts.delete(ids["Ravi Kumar"])
    finally:
        services.close()

    code, out, err = run(*data, "contact", "deleted", "--json")
    assert (code, err) == (0, "")
    listed = json.loads(out)
    assert [row["name"] for row in listed] == ["Ravi Kumar", "Jane Smith"]  # latest first
    assert set(listed[0]) == {"id", "name", "company", "deleted_at"}

    assert run(*data, "contact", "restore", str(ids["Jane Smith"])) == (
        0,
        "restored Jane Smith\n",
        "",
    )
    names = [row["name"] for row in json.loads(run(*data, "contacts", "--json")[1])]
    assert sorted(names) == ["Ana Lopez", "Jane Smith"]
    assert run(*data, "contact", "deleted")[1].count("\n") == 1  # Ravi only
    assert (
        run(*data, "contact", "restore", str(ids["Ana Lopez"]))[1] == "Ana Lopez is not deleted\n"
    )


def test_restoring_a_contact_that_is_not_there_says_so_in_one_line(tmp_path: Path) -> None:
    run("--data-dir", str(tmp_path), "contact", "add", "--name", "Jane Smith")
    code, out, err = run("--data-dir", str(tmp_path), "contact", "restore", "999")
    assert (code, out) == (2, "")
    assert err.strip() == "followup: there is no deleted contact 999"


def test_import_points_out_a_linkedin_row_that_may_be_a_known_contact(tmp_path: Path) -> None:
    fixtures = Path(__file__).parent.parent / "fixtures/real-world/csv"
    data = ("--data-dir", str(tmp_path / "data"))
    run(*data, "import", str(fixtures / "rolomind__google.csv"))
    code, out, err = run(*data, "import", str(fixtures / "rolomind__linkedin.csv"))
    assert code == 0, err
    # John, Jane and Alice get LinkedIn's "URL" and "Connected On" in their notes.
    assert out == "imported 2, updated 3, unchanged 0, rejected 0, warnings 2\n"
    assert err.splitlines() == [
        f"{fixtures / 'rolomind__linkedin.csv'}:4: warning: possibly the same person as"
        " Bob Wilson (id 3): kept apart, as only the name matches",
        f"{fixtures / 'rolomind__linkedin.csv'}:1: warning: kept in each contact's notes:"
        " Connected On, URL (5 contacts)",
        *(
            f"{fixtures / 'rolomind__linkedin.csv'}:{line}: merged into {name}"
            " (already in FollowUp, same e-mail)"
            for line, name in ((2, "John Doe"), (3, "Jane Smith"), (5, "Alice Brown"))
        ),
    ]


def test_an_empty_data_dir_is_refused_not_taken_for_the_usual_folder(tmp_path: Path) -> None:
    """`followup --data-dir "$DIR"` with DIR unset must not open the rep's own data."""
    home = tmp_path / "home"
    result = subprocess.run(
        [sys.executable, "-m", "followup_desktop.cli", "--data-dir", "", "contacts"],
        capture_output=True,
        text=True,
        env={**os.environ, "XDG_DATA_HOME": str(home), "FOLLOWUP_DATA_DIR": ""},
        timeout=60,
    )
    assert result.returncode == 2, result.stderr
    (line,) = result.stderr.splitlines()
    assert "--data-dir" in line and "empty" in line, line
    assert not home.exists()


def test_import_says_in_one_line_which_columns_went_into_the_notes(tmp_path: Path) -> None:
    source = tmp_path / "google.csv"
    rows = "".join(f"P{n},* Work,p{n}@a.example,{n} Main St,,* myContacts\n" for n in range(1, 413))
    source.write_text(
        "Name,E-mail 1 - Type,E-mail 1 - Value,Address 1 - Street,Website 1 - Value,"
        "Group Membership\n" + rows + "Q,,q@a.example,,q.example,\n",
        encoding="utf-8",
    )
    code, out, err = run("--data-dir", str(tmp_path / "d"), "import", str(source))
    assert (code, out) == (0, "imported 413, updated 0, unchanged 0, rejected 0, warnings 1\n")
    assert err.splitlines() == [
        f"{source}:1: warning: kept in each contact's notes: Address 1 - Street, "
        "Website 1 - Value (413 contacts)"
    ]
    # The same file again adds nothing to anyone's notes.
    code, out, err = run("--data-dir", str(tmp_path / "d"), "import", str(source))
    assert out == "imported 0, updated 0, unchanged 413, rejected 0, warnings 1\n"


def test_an_empty_answer_says_so(tmp_path: Path) -> None:
    """Before, `followup contacts` printed nothing at all for an empty book or a search
    nobody matched, which read like a command that had failed."""
    data = ("--data-dir", str(tmp_path))
    assert run(*data, "contacts") == (0, "no contacts yet\n", "")
    run(*data, "contact", "add", "--name", "Jane Smith")
    assert run(*data, "contacts", "--search", "zzz") == (0, "no contact matches 'zzz'\n", "")
    assert run(*data, "contacts", "--search", "zzz", "--json") == (0, "[]\n", "")
