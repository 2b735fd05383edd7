"""Issue 11: nothing accepted that later crashes, nothing overwritten or merged silently.

Each test reproduces one numbered item of the issue and asserts the new behaviour:
exit code, a message naming file/line/field or path, nothing lost or overwritten.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from orgdata import INTERACTIONS, write_org

from relgraph.cli import main
from relgraph.errors import InputError, StoreError, StoreUnavailable
from relgraph.ingest import ingest
from relgraph.store import SQLiteStore

HEADER = "id,source,targets,timestamp,channel,weight,duration_minutes\n"


def cli(*args: str, **kw):
    return CliRunner().invoke(main, list(args), **kw)


def _count(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT COUNT(*) FROM edges").fetchone()[0]
    finally:
        con.close()


# -- 1. --rejects overwrites anything ----------------------------------------------------------
def test_rejects_refuses_the_store_and_input_files(org_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    assert cli("--store", str(db), "ingest", str(org_dir)).exit_code == 0
    before = db.read_bytes()
    inputs = {p: p.read_bytes() for p in org_dir.iterdir()}
    for target in (db, org_dir / "interactions.csv", org_dir / "people.csv"):
        r = cli("--store", str(db), "ingest", "--skip-invalid", "--rejects", str(target),
                str(org_dir))
        assert r.exit_code == 2, r.output
        assert f"--rejects {target} is" in r.output and "nothing was written" in r.output
    # a hard link to the store is the store too
    link = tmp_path / "alias.csv"
    link.hardlink_to(db)
    r = cli("--store", str(db), "ingest", "--skip-invalid", "--rejects", str(link), str(org_dir))
    assert r.exit_code == 2 and "is the store" in r.output
    assert db.read_bytes() == before
    assert {p: p.read_bytes() for p in org_dir.iterdir()} == inputs
    assert cli("--store", str(db), "status").exit_code == 0


# -- 2. values accepted at ingest that crash later ----------------------------------------------
@pytest.mark.parametrize(("row", "field", "words"), [
    ("x1,ann,bob,2026-05-04T09:00:00Z,email,inf,", "weight", "finite"),
    ("x1,ann,bob,2026-05-04T09:00:00Z,email,nan,", "weight", "finite"),
    ("x1,ann,bob,2026-05-04T09:00:00Z,email,1e308,", "weight", "less than or equal to 1000000"),
    ("x1,ann,bob,2026-05-04T09:00:00Z,email,,1e308", "duration_minutes", "525600"),
    ("x1,ann,bob,9999-12-31T23:00:00-05:00,email,,", "timestamp", "outside the supported range"),
    ("x1,ann,bob,0001-01-01T00:00:00+05:00,email,,", "timestamp", "outside the supported range"),
])
def test_out_of_range_values_are_rejected_at_ingest(tmp_path: Path, row: str, field: str,
                                                   words: str) -> None:
    org = write_org(tmp_path / "org", interactions=INTERACTIONS + row + "\n")
    db = tmp_path / "r.db"
    r = cli("--store", str(db), "ingest", str(org))
    assert r.exit_code == 2, r.output
    assert f"interactions.csv, line 6, field '{field}'" in r.output and words in r.output
    assert "Traceback" not in r.output


def test_extreme_values_skipped_then_every_command_works(tmp_path: Path) -> None:
    rows = ["x1,ann,bob,2026-05-04T09:00:00Z,email,inf,",
            "x2,ann,bob,2026-05-04T09:00:00Z,email,1e308,",
            "x3,bob,ann,2026-05-04T09:00:00Z,email,1e308,",
            "x4,ann,bob,9999-12-31T23:00:00-05:00,email,,",
            "x5,ann,bob,0001-01-01T00:00:00+05:00,email,,",
            "x6,ann,bob,2026-05-04T09:00:00Z,email,1000000,525600"]  # the largest accepted
    org = write_org(tmp_path / "org", interactions=INTERACTIONS + "\n".join(rows) + "\n")
    db = tmp_path / "r.db"
    r = cli("--store", str(db), "ingest", "--skip-invalid", "--rejects",
            str(tmp_path / "rej.csv"), str(org))
    assert r.exit_code == 0, r.output
    assert "skipped 5 invalid record(s)" in r.output
    for args in (["status"], ["analyze"], ["audit", "--fail-on", "never", "--out",
                                          str(tmp_path / "a")],
                 ["map", "--out", str(tmp_path / "m")]):
        r = cli("--store", str(db), *args)
        assert r.exit_code == 0, (args, r.output)
    doc = json.loads((tmp_path / "a" / "findings.json").read_text())
    assert doc["counts"]


@pytest.mark.parametrize(("toml", "key"), [
    ("[analysis.channel_weights]\nmeeting = inf\n", "channel_weights"),
    ("[analysis]\nhalf_life_days = 1e-300\n", "half_life_days"),
    ("[analysis]\nwindow_days = 1e308\n", "window_days"),
    ("[analysis]\nwindow_days = nan\n", "window_days"),
    ("[audit]\nfragile_min_strength = inf\n", "fragile_min_strength"),
    ("[analysis]\nseed = -1\n", "seed"),
])
def test_out_of_range_configuration_is_a_clear_error(org_dir: Path, tmp_path: Path, toml: str,
                                                     key: str) -> None:
    db = tmp_path / "r.db"
    assert cli("--store", str(db), "ingest", str(org_dir)).exit_code == 0
    cfg = tmp_path / "relgraph.toml"
    cfg.write_text(toml, encoding="utf-8")
    for cmd in ("analyze", "audit", "map"):
        r = cli("--store", str(db), cmd, "--config", str(cfg))
        assert r.exit_code == 2, (cmd, r.output)
        assert key in r.output and "Traceback" not in r.output


@pytest.mark.parametrize("args", [
    ["--window", "99999999d"], ["--window", "101y"], ["--as-of", "9999-12-31"],
    ["--as-of", "0001-01-01"], ["--as-of", "9999-12-31T23:59:59-05:00"],
])
def test_out_of_range_options_are_usage_errors(org_dir: Path, tmp_path: Path, args) -> None:
    db = tmp_path / "r.db"
    assert cli("--store", str(db), "ingest", str(org_dir)).exit_code == 0
    for cmd in ("analyze", "audit", "map"):
        r = cli("--store", str(db), cmd, *args)
        assert r.exit_code == 2, (cmd, args, r.output)
        assert args[0].lstrip("-").replace("-", " ") in r.output.replace("-", " ")
        assert "Traceback" not in r.output


# -- 4. records lost or merged without a message -------------------------------------------------
def _many(n: int) -> str:
    people = ["ann", "bob", "cy", "dee"]
    return "".join(f"r{i},{people[i % 4]},{people[(i + 1) % 4]},2026-05-04T09:00:00Z,email,,\n"
                   for i in range(n))


@pytest.mark.parametrize("skip", [False, True])
def test_stray_quote_names_the_line_where_the_field_opened(tmp_path: Path, skip: bool) -> None:
    body = HEADER + _many(2000)
    lines = body.split("\n")
    lines[2] = lines[2].replace(",2026", ',"2026', 1)  # line 3 of the file
    org = write_org(tmp_path / "org", interactions="\n".join(lines))
    db = tmp_path / "r.db"
    extra = ["--skip-invalid", "--rejects", str(tmp_path / "rej.csv")] if skip else []
    r = cli("--store", str(db), "ingest", *extra, str(org))
    assert r.exit_code == 2, r.output
    assert "interactions.csv, line 3:" in r.output and "quoted field opened on line 3" in r.output
    assert not db.exists()  # a failed first ingest leaves no empty store


def test_multi_line_quoted_field_is_still_fine(tmp_path: Path) -> None:
    people = ("id,name,title,unit,level,email\n"
              'ann,"Ann\nLee",CIO,it,executive,\nbob,Bob,CFO,fin,executive,\n'
              "cy,Cy,A,fin,staff,\ndee,Dee,E,it,staff,\nval,Val,M,v1,vendor_contact,\n")
    org = write_org(tmp_path / "org", people=people)
    store = SQLiteStore(tmp_path / "r.db")
    ingest(store, [org])
    assert [p.name for p in store.people()][:1] == ["Ann\nLee"]


@pytest.mark.parametrize(("second", "differs"), [
    ("i1,ann,cy,2026-05-04T09:30:00+00:00,meeting,,30", "targets"),          # other targets
    ("i1,ann,bob;cy,2026-05-04T09:30:00+00:00,meeting,,45", "duration_minutes"),  # only duration
    ("i1,ann,bob;cy,2026-05-04T09:30:00+00:00,meeting,2,30", "weight"),
])
def test_interaction_id_conflicts_across_batches_and_files(tmp_path: Path, second: str,
                                                           differs: str) -> None:
    org = write_org(tmp_path / "org")  # i1: ann -> bob;cy meeting, 30 minutes
    later = tmp_path / "zlater"  # ingested after org/ (files are taken in path order)
    later.mkdir()
    (later / "interactions-2.csv").write_text(HEADER + _many(30) + second + "\n", encoding="utf-8")
    store = SQLiteStore(tmp_path / "r.db")
    # one ingest, two files, batches of 7 records: the conflict is across files and batches
    with pytest.raises(InputError) as exc:
        ingest(store, [org, later], batch_size=7)
    (issue,) = exc.value.issues
    assert issue.file.endswith("interactions-2.csv") and issue.line == 32 and issue.field == "id"
    assert f"{differs} differ" in issue.reason
    assert store.status().edges == 0


def test_skip_invalid_writes_the_first_of_a_conflicting_pair_and_rejects_only_the_second(
        tmp_path: Path) -> None:
    body = INTERACTIONS + _many(20) + "i1,ann,dee,2026-05-04T09:30:00+00:00,meeting,,30\n"
    org = write_org(tmp_path / "org", interactions=body)
    db = tmp_path / "r.db"
    rej = tmp_path / "rej.csv"
    r = cli("--store", str(db), "ingest", "--skip-invalid", "--rejects", str(rej), str(org))
    assert r.exit_code == 0, r.output
    rejected = rej.read_text(encoding="utf-8").splitlines()
    assert len(rejected) == 2 and ",26,id," in rejected[1]  # header + line 26 only
    con = sqlite3.connect(db)
    targets = sorted(t for (t,) in con.execute("SELECT target FROM edges WHERE interaction_id='i1'"))
    con.close()
    assert targets == ["bob", "cy"]  # the first i1, whole, and nothing of the second


def test_reingesting_the_same_records_is_still_idempotent(org_dir: Path, tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "r.db")
    first = ingest(store, [org_dir], batch_size=2)
    again = ingest(store, [org_dir], batch_size=3)
    assert first.edges_added == 5 and again.edges_added == 0 and again.invalid == 0


# -- 7. smaller items -----------------------------------------------------------------------------
def test_failed_first_ingest_leaves_no_store(tmp_path: Path) -> None:
    org = write_org(tmp_path / "org", interactions=INTERACTIONS + "x,ann,nobody,2026-05-04,email,,\n")
    db = tmp_path / "new" / "r.db"
    r = cli("--store", str(db), "ingest", str(org))
    assert r.exit_code == 2
    assert not db.exists() and not list(db.parent.glob("r.db*"))
    # an existing store is kept, of course
    assert cli("--store", str(db), "ingest", str(write_org(tmp_path / "ok"))).exit_code == 0
    assert cli("--store", str(db), "ingest", str(org)).exit_code == 2
    assert db.exists() and _count(db) == 5


def test_huge_rejected_value_is_clipped_in_messages(tmp_path: Path) -> None:
    huge = "N" * 9_900_000
    people = f"id,name,title,unit,level,email\nann,{huge},CIO,it,executive,\n"
    org = write_org(tmp_path / "org", people=people, interactions=HEADER)
    r = cli("--store", str(tmp_path / "r.db"), "ingest", str(org))
    assert r.exit_code == 2
    assert "people.csv, line 2, field 'name'" in r.output and "9,900,000 characters" in r.output
    assert len(r.output) < 2000


def test_jsonl_long_line_and_deep_nesting_are_record_errors(tmp_path: Path) -> None:
    org = write_org(tmp_path / "org", interactions=HEADER)
    (org / "interactions.csv").unlink()
    good = {"id": "j1", "source": "ann", "targets": ["bob"], "timestamp": "2026-05-04T09:00:00Z",
            "channel": "chat"}
    lines = [json.dumps(good),
             json.dumps({**good, "id": "j2", "source": "x" * 5_000_000}),
             "[" * 200_000 + "]" * 200_000,
             json.dumps({**good, "id": "j3"})]
    (org / "interactions.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "r.db"
    r = cli("--store", str(db), "ingest", "--skip-invalid", "--rejects",
            str(tmp_path / "rej.csv"), str(org))
    assert r.exit_code == 0, r.output
    assert "line 2: line too long (5,0" in r.output
    assert "line 3: JSON nested too deeply" in r.output
    assert _count(db) == 2  # j1 and j3: nothing after the bad lines was lost


def test_disk_full_is_reported_as_such(org_dir: Path, tmp_path: Path) -> None:
    """SQLite's max_page_count makes the database "full" with the same error (SQLITE_FULL)
    that a full disk gives."""
    store = SQLiteStore(tmp_path / "r.db")
    ingest(store, [org_dir])
    pages = store._con.execute("PRAGMA page_count").fetchone()[0]
    store._con.execute(f"PRAGMA max_page_count = {pages}")
    big = tmp_path / "big"
    big.mkdir()
    (big / "interactions.csv").write_text(HEADER + _many(20_000), encoding="utf-8")
    with pytest.raises(StoreError, match="no space left on device for the store .*r.db; "
                                          "nothing was written"):
        ingest(store, [big])
    assert store.status().edges == 5
    store.close()


def test_foreign_sqlite_database_is_refused_and_left_alone(org_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "app.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    con.commit()
    con.close()
    before = db.read_bytes()
    for args in (["status"], ["ingest", str(org_dir)], ["init"]):
        r = cli("--store", str(db), *args)
        assert r.exit_code == 2, r.output
        assert "SQLite database of another application (tables: invoices)" in r.output
    assert db.read_bytes() == before
    with pytest.raises(StoreUnavailable):
        SQLiteStore(db)


def _immutable(*paths: Path, on: bool) -> bool:
    try:
        subprocess.run(["chattr", "+i" if on else "-i", *map(str, paths)], check=True,
                       capture_output=True)
        return True
    except (OSError, subprocess.CalledProcessError):
        return False


def test_read_only_store_can_be_read(org_dir: Path, tmp_path: Path) -> None:
    """A store the user may not write (here: an immutable file in an immutable folder,
    which denies writes even to root) is opened read-only: status and analyze work,
    and an audit that would save refuses before writing any report."""
    folder = tmp_path / "ro"
    db = folder / "r.db"
    assert cli("--store", str(db), "ingest", str(org_dir)).exit_code == 0
    if not _immutable(db, folder, on=True):
        folder.chmod(0o555)
        db.chmod(0o444)
        import os

        if os.access(db, os.W_OK):
            folder.chmod(0o755)
            pytest.skip("cannot make a file read-only here (root without chattr)")
    try:
        for args in (["status"], ["analyze"], ["audits"],
                     ["audit", "--no-save", "--fail-on", "never"]):
            r = cli("--store", str(db), *args)
            assert r.exit_code == 0, (args, r.output)
        out = tmp_path / "report"
        r = cli("--store", str(db), "audit", "--out", str(out))
        assert r.exit_code == 2 and "read-only" in r.output
        assert not out.exists()
        assert sorted(p.name for p in folder.iterdir()) == ["r.db"]
    finally:
        _immutable(db, folder, on=False)
        folder.chmod(0o755)
