"""Every finding's sentence is about the person its title names.

A finding's ``people`` lists everyone involved (the plan adds the introducers of a
disconnected executive, sorted by id); the person it is about is its ``subject``. On the
Acme sample with its plan, the report's sentence for every finding about a person opens
with (or, for a two-person finding, names) the same person as the title.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from relgraph.audit.briefing import build_briefing
from relgraph.audit.run import run_audit
from relgraph.cli import main
from relgraph.config import RelgraphConfig
from relgraph.store import open_store

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture(scope="module")
def audit(tmp_path_factory):
    db = tmp_path_factory.mktemp("acme-subjects") / "acme.db"
    r = CliRunner()
    assert r.invoke(main, ["--store", str(db), "ingest", str(SAMPLES / "acme")]).exit_code == 0
    res = r.invoke(main, ["--store", str(db), "plan", "import", str(SAMPLES / "acme" / "plan.csv")])
    assert res.exit_code == 0, res.output
    store = open_store(str(db), create=False)
    try:
        return run_audit(store, RelgraphConfig(), save=False)
    finally:
        store.close()


def test_the_plan_reorders_people_but_not_the_subject(audit):
    # the sample's CMO: the plan adds her introducers, whose ids sort before "cmo"
    f = next(f for f in audit.findings if f.id == "disconnected-executive:cmo")
    assert f.subject == "cmo" and f.people[0] != "cmo"


def test_every_sentence_names_the_title_subject(audit):
    names = {p.id: p.name for p in audit.analysis.people}
    by_name = sorted(set(names.values()), key=len, reverse=True)
    items = {it.id: it for g in build_briefing(audit).groups for it in g.items}
    checked = 0
    for f in audit.findings:
        first = re.search(r"\{([pu]):([^{}\s]+)\}", f.title)
        if first is None or first.group(1) == "u":  # about units, or a vendor
            assert f.subject is None, f.id
            continue
        assert f.subject == first.group(2), f.id
        it = items[f.id]
        assert it.subject == names[f.subject]
        # the first person the sentence names is the title's first person
        hits = [(it.sentence.find(n), n) for n in by_name if n in it.sentence]
        assert hits, (f.id, it.sentence)
        assert min(hits)[1] == names[f.subject], (f.id, it.title, it.sentence)
        checked += 1
    assert checked >= 10


def test_findings_json_has_the_subject(audit, tmp_path):
    from relgraph.audit.export import write_outputs

    write_outputs(audit, tmp_path)
    doc = json.loads((tmp_path / "findings.json").read_text())
    cmo = next(f for f in doc["findings"] if f["id"] == "disconnected-executive:cmo")
    assert cmo["subject"] == "cmo"
    html = (tmp_path / "report.html").read_text()
    assert f"contacts of {dict((p.id, p.name) for p in audit.analysis.people)['cmo']}" in html
