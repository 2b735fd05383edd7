"""Ingest: validation messages, all-or-nothing, --skip-invalid, idempotence, expansion."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from orgdata import INTERACTIONS, write_org

from relgraph.cli import main
from relgraph.errors import InputError
from relgraph.ingest import ingest
from relgraph.store import SQLiteStore

HEADER = "id,source,targets,timestamp,channel,weight,duration_minutes\n"


def _store(tmp_path: Path) -> SQLiteStore:
    return SQLiteStore(tmp_path / "s.db")


def _counts(store: SQLiteStore) -> tuple[int, int, int, int]:
    st = store.status()
    return st.units, st.people, st.interactions, st.edges


def _error(tmp_path: Path, interactions: str | bytes, name: str = "interactions.csv") -> str:
    org = write_org(tmp_path / "org")
    p = org / name
    if isinstance(interactions, bytes):
        p.write_bytes(interactions)
    else:
        p.write_text(interactions, encoding="utf-8")
    store = _store(tmp_path)
    with pytest.raises(InputError) as exc:
        ingest(store, [org])
    assert _counts(store) == (0, 0, 0, 0), "nothing may be written"
    return str(exc.value.issues[0])


def test_ingest_directory_counts_and_multi_recipient_expansion(org_dir: Path, tmp_path: Path) -> None:
    store = _store(tmp_path)
    rep = ingest(store, [org_dir])
    # 4 records; i1 has two recipients -> 5 edges (hand count).
    assert (rep.units, rep.people, rep.interactions, rep.edges_added) == (3, 5, 4, 5)
    assert _counts(store) == (3, 5, 4, 5)
    edges = {(e.interaction_id, e.source, e.target) for e in store.edges()}
    assert ("i1", "ann", "bob") in edges and ("i1", "ann", "cy") in edges
    i1 = [i for i in store.interactions() if i.id == "i1"][0]
    assert i1.targets == ["bob", "cy"]


def test_timestamps_offsets_and_naive_default_utc(org_dir: Path, tmp_path: Path) -> None:
    store = _store(tmp_path)
    ingest(store, [org_dir])
    at = {e.interaction_id: e.at for e in store.edges()}
    # 2026-05-05T10:00:00+02:00 == 08:00 UTC == 1777968000 (hand-computed: 2026-05-05 00:00 UTC
    # is 1777939200; + 8 h = 28800 s).
    assert at["i2"] == 1777939200 + 8 * 3600
    # naive 2026-05-06T11:00:00 is read as UTC by default.
    assert at["i3"] == 1777939200 + 86400 + 11 * 3600


def test_reingest_is_idempotent_with_and_without_ids(org_dir: Path, tmp_path: Path) -> None:
    store = _store(tmp_path)
    ingest(store, [org_dir])
    before = _counts(store)
    rep = ingest(store, [org_dir])
    assert rep.edges_added == 0
    assert _counts(store) == before
    # the id-less record got a content hash id
    assert any(e.interaction_id.startswith("h:") for e in store.edges())


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (  # missing column
            "id,source,timestamp,channel\ni9,ann,2026-05-04T09:30:00Z,email\n",
            "interactions.csv, line 1, field 'targets': missing column 'targets'",
        ),
        (  # bad timestamp
            HEADER + "i9,ann,bob,2026-13-45T09:30:00,email,,\n",
            "interactions.csv, line 2, field 'timestamp': invalid timestamp '2026-13-45T09:30:00' "
            "(expected ISO 8601, e.g. 2026-05-04T09:30:00+00:00)",
        ),
        (  # unknown channel
            HEADER + "i9,ann,bob,2026-05-04T09:30:00Z,fax,,\n",
            "interactions.csv, line 2, field 'channel': unknown channel 'fax' "
            "(expected one of: meeting, email, chat, call, ticket, project, other)",
        ),
        (  # unknown person (target)
            HEADER + "i9,ann,bob;zed,2026-05-04T09:30:00Z,email,,\n",
            "interactions.csv, line 2, field 'targets': unknown person 'zed' "
            "(not in the people files or the store)",
        ),
        (  # unknown person (source)
            HEADER + "i9,zed,bob,2026-05-04T09:30:00Z,email,,\n",
            "interactions.csv, line 2, field 'source': unknown person 'zed' "
            "(not in the people files or the store)",
        ),
        (  # duplicated header
            "id,source,targets,timestamp,channel,channel\n",
            "interactions.csv, line 1, field 'channel': duplicated column 'channel' in the header",
        ),
        (  # empty file
            "",
            "interactions.csv: file is empty (expected a header row)",
        ),
        (  # wrong field count
            HEADER + "i9,ann,bob,2026-05-04T09:30:00Z\n",
            "interactions.csv, line 2: expected 7 fields, found 4",
        ),
        (  # negative weight
            HEADER + "i9,ann,bob,2026-05-04T09:30:00Z,email,-1,\n",
            "interactions.csv, line 2, field 'weight': Input should be greater than 0 (got '-1')",
        ),
    ],
    ids=["missing-column", "bad-timestamp", "unknown-channel", "unknown-target", "unknown-source",
         "duplicated-header", "empty-file", "field-count", "negative-weight"],
)
def test_validation_messages(tmp_path: Path, body: str, expected: str) -> None:
    msg = _error(tmp_path, body)
    assert msg.endswith(expected), msg
    assert str(tmp_path) in msg  # the full file path is named


def test_wrong_encoding_names_the_exact_line(tmp_path: Path) -> None:
    # Latin-1 'é' (0xe9) on line 4, after enough valid lines that a decoder reads ahead.
    good = "".join(f"i{k},ann,bob,2026-05-04T09:30:00Z,email,,\n" for k in range(2))
    body = (HEADER + good).encode() + b"i7,ann,bob,2026-05-04T09:30:00Z,email,,caf\xe9\n"
    msg = _error(tmp_path, body)
    assert msg.endswith("interactions.csv, line 4: not valid UTF-8 (byte 0xe9); save the file as UTF-8"), msg


def test_line_numbers_count_multiline_quoted_fields(tmp_path: Path) -> None:
    people = 'id,name,title,unit,level,email\nann,"Ann\nLee",CIO,it,executive,\nbob,Bob,CFO,nowhere,executive,\n'
    org = write_org(tmp_path / "org", people=people, interactions=HEADER)
    with pytest.raises(InputError) as exc:
        ingest(_store(tmp_path), [org])
    assert str(exc.value.issues[0]).endswith("people.csv, line 4, field 'unit': unknown unit 'nowhere'")


def test_jsonl_input_and_errors(tmp_path: Path) -> None:
    org = write_org(tmp_path / "org", interactions=HEADER)
    (org / "interactions.csv").unlink()
    (org / "interactions.jsonl").write_text(
        '{"id": "j1", "source": "ann", "targets": ["bob", "cy"], "timestamp": "2026-05-04T09:30:00Z", "channel": "chat"}\n'
        "\n"
        '{"id": "j2", "source": "ann", "targets": "dee", "timestamp": "2026-05-04T10:30:00Z", "channel": "email", "weight": 2}\n',
        encoding="utf-8",
    )
    store = _store(tmp_path)
    rep = ingest(store, [org])
    assert (rep.interactions, rep.edges_added) == (2, 3)
    (org / "interactions.jsonl").write_text('{"id": "j3", "source": "ann"\n', encoding="utf-8")
    with pytest.raises(InputError) as exc:
        ingest(_store(tmp_path / "b"), [org])
    assert "interactions.jsonl, line 1: not valid JSON" in str(exc.value.issues[0])


def test_all_or_nothing_by_default(tmp_path: Path) -> None:
    body = INTERACTIONS + "i8,ann,nobody,2026-05-08T09:00:00Z,email,,\n"
    org = write_org(tmp_path / "org", interactions=body)
    store = _store(tmp_path)
    with pytest.raises(InputError) as exc:
        ingest(store, [org])
    assert exc.value.total == 1
    assert _counts(store) == (0, 0, 0, 0)


def test_skip_invalid_writes_valid_records_and_saves_rejects(tmp_path: Path) -> None:
    body = (INTERACTIONS + "i8,ann,nobody,2026-05-08T09:00:00Z,email,,\n"
            "i9,ann,bob,yesterday,email,,\n")
    org = write_org(tmp_path / "org", interactions=body)
    store = _store(tmp_path)
    rejects = tmp_path / "out" / "rejects.csv"
    rep = ingest(store, [org], skip_invalid=True, rejects_path=rejects)
    assert rep.invalid == 2 and rep.interactions == 4
    assert _counts(store) == (3, 5, 4, 5)
    rows = list(csv.DictReader(rejects.open(encoding="utf-8")))
    assert [(r["line"], r["field"]) for r in rows] == [("6", "targets"), ("7", "timestamp")]
    assert "unknown person 'nobody'" in rows[0]["reason"]
    assert '"i8"' in rows[0]["record"]


def test_cli_exit_codes_and_messages(tmp_path: Path, org_dir: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "c.db")
    ok = runner.invoke(main, ["--store", db, "ingest", str(org_dir)])
    assert ok.exit_code == 0, ok.output
    assert "3 units, 5 people" in ok.output
    assert ("interaction records: 4 read, 4 new, 0 duplicate(s) of an earlier record merged, "
            "0 already stored; 5 new edges") in ok.output
    st = runner.invoke(main, ["--store", db, "status", "--format", "json"])
    assert st.exit_code == 0 and '"interactions": 4' in st.output
    (org_dir / "interactions.csv").write_text(HEADER + "x,ann,bob,nope,email,,\n", encoding="utf-8")
    bad = runner.invoke(main, ["--store", str(tmp_path / "d.db"), "ingest", str(org_dir)])
    assert bad.exit_code == 2
    assert "field 'timestamp': invalid timestamp 'nope'" in bad.output
    usage = runner.invoke(main, ["--store", db, "ingest", "--skip-invalid", str(org_dir)])
    assert usage.exit_code == 2 and "--rejects" in usage.output
    missing = runner.invoke(main, ["--store", db, "ingest", str(tmp_path / "nope.csv")])
    assert missing.exit_code == 2 and "no such file or directory" in missing.output
    assert "error: cannot read the input; nothing was written" in missing.output
    nostore = runner.invoke(main, ["--store", str(tmp_path / "none.db"), "status"])
    assert nostore.exit_code == 2 and "no relgraph store" in nostore.output


def test_every_command_has_help_with_an_example() -> None:
    runner = CliRunner()
    for name in main.commands:
        res = runner.invoke(main, [name, "--help"])
        assert res.exit_code == 0, name
        assert "Example" in res.output and f"relgraph {name}" in res.output, name


def test_duplicate_interaction_ids_with_different_content_are_reported(tmp_path: Path) -> None:
    # same id twice in one file, different source and time: the second is invalid
    body = INTERACTIONS + "i1,bob,ann,2026-05-09T09:00:00Z,email,,\n"
    org = write_org(tmp_path / "org", interactions=body)
    store = _store(tmp_path)
    with pytest.raises(InputError) as exc:
        ingest(store, [org])
    assert str(exc.value.issues[0]).endswith(
        "interactions.csv, line 6, field 'id': duplicate interaction id 'i1' (first on line 2) "
        "with different content (source, targets, timestamp, channel, duration_minutes differ)")
    assert _counts(store) == (0, 0, 0, 0)


def test_reusing_a_stored_id_for_a_different_record_is_reported(org_dir: Path, tmp_path: Path) -> None:
    store = _store(tmp_path)
    ingest(store, [org_dir])
    # i3 (dee -> val, call) is stored; a "corrected" i3 with another time must not vanish
    later = tmp_path / "later" / "interactions.csv"
    later.parent.mkdir()
    later.write_text(HEADER + "i3,dee,val,2026-05-06T15:00:00Z,call,2,15\n"
                     "i3,dee,val,2026-05-06T11:00:00Z,call,2,15\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        ingest(store, [later])
    msgs = sorted(str(i).split("interactions.csv, ")[1] for i in exc.value.issues)
    # line 2 differs from the stored i3; line 3 (the stored record again) differs from line 2
    assert msgs == [
        "line 2, field 'id': interaction id 'i3' is already used by a different record (in the "
        "store or earlier in this ingest; timestamp differ): ids must be unique, this record "
        "was not written",
        "line 3, field 'id': duplicate interaction id 'i3' (first on line 2) with different "
        "content (timestamp differ)",
    ]
    assert _counts(store) == (3, 5, 4, 5)


def test_large_file_validated_in_a_child_process_reports_exact_lines(tmp_path: Path) -> None:
    # > PARALLEL_MIN_BYTES, so records are validated in a forked child process
    from relgraph.ingest import PARALLEL_MIN_BYTES

    org = write_org(tmp_path / "org", interactions=HEADER)
    big = org / "interactions.csv"
    with big.open("w", encoding="utf-8") as f:
        f.write(HEADER)
        k = 0
        while f.tell() < PARALLEL_MIN_BYTES + 100_000:
            f.write(f"x{k},ann,bob;cy,2026-06-01T10:00:00Z,email,,\n")
            k += 1
        f.write("bad1,ann,nobody,2026-06-01T10:00:00Z,email,,\n")   # line k + 2
        f.write("bad2,ann,bob\n")                                    # line k + 3
    store = _store(tmp_path)
    with pytest.raises(InputError) as exc:
        ingest(store, [org])
    msgs = [str(i).split("interactions.csv, ")[1] for i in exc.value.issues]
    assert msgs == [
        f"line {k + 2}, field 'targets': unknown person 'nobody' (not in the people files or the store)",
        f"line {k + 3}: expected 7 fields, found 3",
    ]
    assert _counts(store) == (0, 0, 0, 0)
    rep = ingest(store, [org], skip_invalid=True, rejects_path=tmp_path / "rej.csv")
    assert (rep.interactions, rep.edges_added, rep.invalid) == (k, 2 * k, 2)


def test_counts_separate_new_duplicates_and_already_stored(tmp_path: Path, org_dir: Path) -> None:
    """Records read = new + repeats within the input + already stored (issue 9).

    The file: i1 (2 targets), a record without id (content id), that record again
    verbatim, i1 again (same id and content) and i9 (new): 5 records, 3 interactions.
    """
    rows = (HEADER
            + "i1,ann,bob;cy,2026-05-04T09:30:00+00:00,meeting,,30\n"
            + ",cy,dee,2026-05-07T12:00:00+00:00,ticket,,\n"
            + ",cy,dee,2026-05-07T12:00:00+00:00,ticket,,\n"
            + "i1,ann,bob;cy,2026-05-04T09:30:00+00:00,meeting,,30\n"
            + "i9,bob,ann,2026-05-08T10:00:00+00:00,call,,\n")
    (org_dir / "interactions.csv").write_text(rows, encoding="utf-8")
    store = SQLiteStore(tmp_path / "n.db")
    first = ingest(store, [org_dir])
    assert (first.interactions, first.interactions_added, first.duplicates,
            first.already_stored, first.edges_added) == (5, 3, 2, 0, 4)
    # the same file again: every first occurrence is already stored, repeats stay repeats
    again = ingest(store, [org_dir])
    assert (again.interactions, again.interactions_added, again.duplicates,
            again.already_stored, again.edges_added) == (5, 0, 2, 3, 0)
    # JSON gives the same fields
    r = CliRunner().invoke(main, ["--store", str(tmp_path / "n.db"), "ingest", str(org_dir),
                                  "--format", "json"])
    doc = json.loads(r.output)
    assert (doc["interactions"], doc["interactions_added"], doc["duplicates"],
            doc["already_stored"], doc["edges_added"]) == (5, 0, 2, 3, 0)
    assert doc["files"][-1]["kind"] == "interactions"


def test_counts_hold_across_batches_and_in_the_forked_reader(tmp_path: Path, org_dir: Path,
                                                             monkeypatch) -> None:
    """Repeats in later batches are found (the seen keys outlive a batch), with the
    validation in a forked child too."""
    import relgraph.ingest as ing

    body = "".join(f"i{k % 7},ann,bob,2026-05-04T09:{k % 7:02d}:00+00:00,email,,\n"
                   for k in range(50))
    (org_dir / "interactions.csv").write_text(HEADER + body, encoding="utf-8")
    monkeypatch.setattr(ing, "PARALLEL_MIN_BYTES", 0)
    rep = ingest(SQLiteStore(tmp_path / "b.db"), [org_dir], batch_size=4)
    assert (rep.interactions, rep.interactions_added, rep.duplicates, rep.already_stored) == (
        50, 7, 43, 0)
