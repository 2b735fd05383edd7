"""Every importer, given a file in another encoding or a binary file, exits 2 with the file
and (for line-based formats) the line of the first bad byte; nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from relgraph.cli import main

VIVA_HEAD = "PrimaryCollaborator_PersonId,SecondaryCollaborator_PersonId,MetricDate,StrongTieScore\n"
BINARY = bytes(range(256)) * 8  # every byte value, as in an executable or an image


def _import(tmp_path: Path, kind: str, path: Path):
    return CliRunner().invoke(main, ["--store", str(tmp_path / "s.db"), "import", kind, str(path)])


def test_viva_latin1_file_names_the_line(tmp_path: Path) -> None:
    f = tmp_path / "viva.csv"
    f.write_bytes((VIVA_HEAD + "a,b,1/1/2026,1\nJos\u00e9,b,1/1/2026,1\n").encode("latin-1"))
    r = _import(tmp_path, "viva", f)
    assert r.exit_code == 2, r.output
    assert f"{f}, line 3: not valid UTF-8 (byte 0xe9)" in r.output
    assert "Traceback" not in r.output and not (tmp_path / "s.db").exists()


@pytest.mark.parametrize("kind", ["viva", "roster", "tickets", "slack", "calendar"])
def test_binary_file_is_an_input_error(tmp_path: Path, kind: str) -> None:
    f = tmp_path / "export.bin"
    f.write_bytes(BINARY)
    if kind == "slack":  # a Slack export is a folder of JSON files
        (tmp_path / "slack" / "general").mkdir(parents=True)
        (tmp_path / "slack" / "users.json").write_bytes(BINARY)
        (tmp_path / "slack" / "general" / "2026-01-01.json").write_bytes(BINARY)
        f = tmp_path / "slack"
    r = _import(tmp_path, kind, f)
    assert r.exit_code == 2, (kind, r.output)
    assert str(f) in r.output and "Traceback" not in r.output


@pytest.mark.parametrize(("kind", "header", "row"), [
    ("roster", b"id,name\n", b"x,y\n"),
    ("tickets", b"Issue key,Reporter,Assignee,Created\n", b"T-1,a,b,2026-01-01 10:00\n"),
])
def test_csv_importers_name_the_line_of_the_bad_byte(tmp_path: Path, kind: str, header: bytes,
                                                     row: bytes) -> None:
    f = tmp_path / "in.csv"
    f.write_bytes(header + row * 3000 + b"Jos\xe9,z\n")  # past the decoder's read-ahead
    r = _import(tmp_path, kind, f)
    assert r.exit_code == 2, r.output
    assert "line 3002: not valid UTF-8 (byte 0xe9)" in r.output


def test_email_binary_file_or_folder_of_other_files_is_not_mail(tmp_path: Path) -> None:
    f = tmp_path / "export.bin"
    f.write_bytes(BINARY)
    r = _import(tmp_path, "email", f)
    assert r.exit_code == 2, r.output
    assert "not an mbox file, a Maildir folder or an e-mail message" in r.output
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.bin").write_bytes(BINARY)
    (folder / "notes.txt").write_text("meeting notes\n")
    r = _import(tmp_path, "email", folder)
    assert r.exit_code == 2 and "no mail found" in r.output, r.output
    # a folder of mail with one stray file: the mail is read, the stray file skipped
    (folder / "m.eml").write_text("From: a@x.org\nTo: b@x.org\nDate: Mon, 2 Mar 2026 09:00:00 +0000\n\nhi\n")
    r = _import(tmp_path, "email", folder)
    assert r.exit_code == 0, r.output


def test_calendar_error_shows_no_binary_garbage(tmp_path: Path) -> None:
    f = tmp_path / "cal.ics"
    f.write_bytes(BINARY)
    r = _import(tmp_path, "calendar", f)
    assert r.exit_code == 2, r.output
    line = next(x for x in r.output.splitlines() if "not an iCalendar file" in x)
    assert len(line) < 200 and not any(ord(c) < 32 or 0x7f <= ord(c) <= 0x9f for c in line)
    assert "\ufffd" not in line
