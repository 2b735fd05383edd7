"""The relationship plan on the Acme sample: the planted gap and the owner who does not hold
their relationship (samples/README.md, "The relationship plan"), named actions, the owner's
view and the proposed plan."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from relgraph.cli import main

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
GAP = "gc"
NOT_HOLDING, PLANNED_OWNER, ACTUAL_HOLDER = "v-cloudco", "p00001", "p00014"
BRM = "p00015"


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("acme-plan") / "acme.db"
    r = CliRunner()
    assert r.invoke(main, ["--store", str(db), "ingest", str(SAMPLES / "acme")]).exit_code == 0
    res = r.invoke(main, ["--store", str(db), "plan", "import", str(SAMPLES / "acme" / "plan.csv")])
    assert res.exit_code == 0, res.output
    return db


@pytest.fixture(scope="module")
def findings(sample_db):
    res = CliRunner().invoke(main, ["--store", str(sample_db), "audit", "--format", "json",
                                    "--fail-on", "never", "--no-save"])
    assert res.exit_code == 0, res.output
    return {f["id"]: f for f in json.loads(res.output)["findings"]}


def test_the_planted_gap_is_found_and_the_best_placed_person_named(findings):
    f = findings[f"unowned-stakeholder:{GAP}"]
    assert f["severity"] == "high"
    # the CIO holds the strongest IT tie with the General Counsel
    assert f["evidence"]["best_placed"] == "cio"
    assert f["action"].startswith("Name Dmitri Edwards (cio) as the owner")
    assert [k for k in findings if k.startswith("unowned-stakeholder:")] == [f"unowned-stakeholder:{GAP}"]


def test_the_owner_not_holding_is_found_with_the_actual_holder(findings):
    f = findings[f"owner-not-holding:{NOT_HOLDING}"]
    assert f["severity"] == "high"  # the planned owner has no contact at all
    assert f["evidence"]["owner"] == PLANNED_OWNER and f["evidence"]["holder"] == ACTUAL_HOLDER
    assert f"({ACTUAL_HOLDER})" in f["action"] and f"({PLANNED_OWNER})" in f["action"]
    assert [k for k in findings if k.startswith("owner-not-holding:")] == [f"owner-not-holding:{NOT_HOLDING}"]


def test_actions_name_people_not_a_role(findings):
    cmo = findings["disconnected-executive:cmo"]
    assert "Assign a named IT relationship owner" not in cmo["action"]
    assert cmo["evidence"]["paths"] and "(cio)" in cmo["action"]  # the plan's owner, named
    for f in findings.values():
        if f["kind"] in ("unowned-stakeholder", "owner-not-holding", "cadence-missed"):
            assert "(" in f["action"] and ")" in f["action"], f["id"]


def test_owner_view_keeps_one_owners_relationships(sample_db, tmp_path):
    db = tmp_path / "copy.db"
    shutil.copy(sample_db, db)
    out = tmp_path / "brm"
    res = CliRunner().invoke(main, ["--store", str(db), "audit", "--owner", BRM, "--format", "json",
                                    "--fail-on", "never", "--out", str(out)])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    ids = [f["id"] for f in doc["findings"]]
    assert "cadence-missed:bu-supply" in ids          # BRM's isolated supply-chain director
    assert f"owner-not-holding:{NOT_HOLDING}" not in ids and f"unowned-stakeholder:{GAP}" not in ids
    # every finding involves the BRM, one of the BRM's departments or its director
    depts = {"bu-sales", "bu-marketing", "bu-finance", "bu-ops", "bu-hr", "bu-legal", "bu-supply"}
    directors = {f"p000{i:02d}" for i in range(7, 14)}  # p00007 .. p00013 head those departments
    for f in doc["findings"]:
        assert BRM in f["people"] or set(f["units"]) & depts or set(f["people"]) & directors, f["id"]
    assert {r["owner"] for r in doc["plan"]["coverage"]} == {BRM} and doc["plan"]["owner"] == BRM
    assert (out / "report.md").exists()
    # an owner's view is never saved
    res = CliRunner().invoke(main, ["--store", str(db), "audits", "--format", "json"])
    assert json.loads(res.output) == []
    bad = CliRunner().invoke(main, ["--store", str(db), "audit", "--owner", "ceo"])
    assert bad.exit_code == 2 and "owns no relationship" in bad.output


def test_proposed_plan_names_the_strongest_holders_and_imports(sample_db, tmp_path):
    res = CliRunner().invoke(main, ["--store", str(sample_db), "plan", "propose"])
    assert res.exit_code == 0
    rows = {line.split(",")[0]: line.split(",")[1] for line in res.stdout.splitlines()[1:]}
    assert rows["unit:v-cloudco"] == ACTUAL_HOLDER
    assert rows["gc"] == "cio" and rows["p00009"] == BRM  # the Director of Finance
    f = tmp_path / "proposed.csv"
    f.write_text(res.stdout)
    db = tmp_path / "p.db"
    shutil.copy(sample_db, db)
    assert CliRunner().invoke(main, ["--store", str(db), "plan", "import", str(f)]).exit_code == 0


def test_analyze_sections(sample_db):
    res = CliRunner().invoke(main, ["--store", str(sample_db), "analyze", "--section", "coverage",
                                    "--format", "json"])
    assert res.exit_code == 0
    rows = {r["stakeholder"]: r for r in json.loads(res.stdout)}
    assert rows["unit:v-cloudco"]["holding"] is False and rows["gc"]["trend"] == "unowned"
    assert rows["ceo"]["cadence_met"] is True
    res = CliRunner().invoke(main, ["--store", str(sample_db), "analyze", "--section",
                                    "stakeholders", "--format", "csv"])
    assert res.exit_code == 0 and res.stdout.startswith("stakeholder,quadrant,power,")


def test_report_plan_section_and_privacy(sample_db, tmp_path):
    db = tmp_path / "copy.db"
    shutil.copy(sample_db, db)
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["--store", str(db), "audit", "--pseudonymize", "--no-save",
                                    "--fail-on", "never", "--out", str(out)])
    assert res.exit_code == 0, res.output
    html = (out / "report.html").read_text(encoding="utf-8")
    md = (out / "report.md").read_text(encoding="utf-8")
    assert '<section id="plan">' in html and 'class="grid"' in html and "Mendelow (1991)" in html
    assert "## Relationship plan" in md
    plan_html = html[html.index('<section id="plan">'):]
    plan_html = plan_html[:plan_html.index("</section>")]
    for real in ("Dmitri Edwards", "(cio)", "p00014", "Sara Costa"):
        assert real not in plan_html, real
    assert "person-" in plan_html
    # names in the plan section are escaped (no markup from data): the grid's labels are text
    assert "<script" not in plan_html


def _code_removed(text: str) -> str:
    """A page without its program code (vis-network, the explorer): data and markup only."""
    return re.sub(r"<script>.*?</script>", "", text, flags=re.S)


def test_pseudonymized_audit_with_a_plan_shows_no_stored_id_or_name(sample_db, tmp_path):
    # every output file of an audit with --pseudonymize and a plan loaded: no person id (as a
    # word) and no name of anyone in the store, in any evidence (owner, holder, paths ...)
    db = tmp_path / "copy.db"
    shutil.copy(sample_db, db)
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["--store", str(db), "audit", "--pseudonymize", "--no-save",
                                    "--fail-on", "never", "--out", str(out)])
    assert res.exit_code == 0, res.output
    con = sqlite3.connect(db)
    people = con.execute("SELECT id, name FROM people").fetchall()
    con.close()
    files = [p for p in out.rglob("*") if p.is_file() and p.parent.name != "assets"]
    assert {p.name for p in files} >= {"report.md", "report.html", "findings.json", "metrics.csv",
                                       "people.html"}
    evidence_ids = {"owner", "holder"}
    doc = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert any(evidence_ids & set(f["evidence"]) for f in doc["findings"])  # the plan's figures
    for path in files:
        text = _code_removed(path.read_text(encoding="utf-8"))
        for pid, name in people:
            assert not re.search(rf"(?<![\w-]){re.escape(pid)}(?![\w-])", text), (path.name, pid)
            assert not name or name not in text, (path.name, name)
