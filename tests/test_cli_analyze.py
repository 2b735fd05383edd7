"""`relgraph analyze`: sections, formats, --compare-to and errors (exit code 2)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from orgdata import write_org

from relgraph.cli import main


@pytest.fixture
def store(tmp_path: Path) -> str:
    db = str(tmp_path / "s.db")
    r = CliRunner().invoke(main, ["--store", db, "ingest", str(write_org(tmp_path / "org"))])
    assert r.exit_code == 0, r.output
    return db


def run(store: str, *args: str):
    return CliRunner().invoke(main, ["--store", store, "analyze", *args])


def test_table_people_sorted_by_betweenness(store):
    r = run(store, "--as-of", "2026-05-31", "--window", "30d")
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0] == "window 2026-05-02 .. 2026-05-31: 5 people, 4 ties"
    # 30 days ending 2026-05-31 start on 05-02. The ties form the path bob-ann-cy-dee-val:
    # cy lies on {bob, ann} x {dee, val} = 4 pairs, ann and dee on 3 each -> cy first
    assert lines[3].split()[0] == "cy"


def test_json_whole_analysis_and_sections(store):
    r = run(store, "--as-of", "2026-05-31", "--window", "30d", "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert set(data) >= {"meta", "people", "ties", "units", "executives", "brokers"}
    assert len(data["people"]) == 5
    r = run(store, "--as-of", "2026-05-31", "--window", "30d", "--section", "ties", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.output)))
    assert [(x["source"], x["target"]) for x in rows] == [
        ("ann", "bob"), ("ann", "cy"), ("cy", "dee"), ("dee", "val")]


def test_compare_to_changes(store):
    r = run(store, "--as-of", "2026-05-31", "--window", "30d", "--compare-to", "previous",
            "--section", "changes", "--format", "json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)
    assert sorted((x["source"], x["target"]) for x in rows if x["kind"] == "new_ties") == [
        ("ann", "bob"), ("ann", "cy"), ("cy", "dee"), ("dee", "val")]
    # typed: a new tie has change null and new true, never the string "Infinity"; names shown
    assert "Infinity" not in r.output
    new = next(x for x in rows if x["kind"] == "new_ties" and x["source"] == "ann"
               and x["target"] == "bob")
    assert (new["change"], new["new"], new["source_name"], new["target_name"]) == (
        None, True, "Ann Lee", "Bob Roy")
    # ann (CIO) and bob (CFO) are leaders: their ties come first
    assert rows[0]["leader"] and {rows[0]["source"], rows[0]["target"]} & {"ann", "bob"}
    r = run(store, "--as-of", "2026-05-31", "--window", "30d", "--compare-to", "previous",
            "--section", "changes", "--format", "json", "--kind", "ei_drift", "--unit", "fin")
    assert [(x["kind"], x["source"], x["source_name"]) for x in json.loads(r.output)] == [
        ("ei_drift", "fin", "Finance")]
    r = run(store, "--as-of", "2026-05-31", "--window", "30d", "--compare-to", "previous",
            "--section", "changes", "--format", "json", "--person", "val")
    # dee - val is new, and a bridge (val's vendor hangs on it)
    assert [(x["kind"], x["source"], x["target"]) for x in json.loads(r.output)] == [
        ("new_ties", "dee", "val"), ("bridges_gained", "dee", "val")]


def test_units_rows_say_what_they_are(store):
    r = run(store, "--as-of", "2026-05-31", "--window", "30d", "--section", "units",
            "--format", "json")
    rows = json.loads(r.output)
    assert [(x["row"], x["id"]) for x in rows] == [
        ("unit", "fin"), ("unit", "it"), ("unit", "v1"),
        ("unit_kind", "business"), ("unit_kind", "it"), ("unit_kind", "vendor")]


def test_change_filters_need_the_changes_section(store):
    r = run(store, "--kind", "ei_drift")
    assert r.exit_code == 2 and "filter --section changes" in r.output


@pytest.mark.parametrize("args", [
    ["--window", "soon"],
    ["--as-of", "31/10/2026"],
    ["--compare-to", "2030-01-01"],
    ["--section", "changes"],
])
def test_bad_options_exit_2(store, args):
    r = run(store, *args)
    assert r.exit_code == 2, r.output


def test_help_has_examples():
    r = CliRunner().invoke(main, ["analyze", "--help"])
    assert r.exit_code == 0
    assert "relgraph analyze --compare-to previous" in r.output
