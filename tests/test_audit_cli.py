"""``relgraph audit`` end to end on the hand-built small org (tests/data/small_org).

* golden file: ``findings.json`` of the first audit (tests/golden/small_org_findings.json),
  reviewed by hand against tests/data/small_org/README.md; regenerate with
  ``RELGRAPH_UPDATE_GOLDEN=1 pytest tests/test_audit_cli.py`` and review the diff;
* the planted patterns are asserted independently of the golden file;
* one test per exit code (0, 1, 2).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from relgraph.cli import main

HERE = Path(__file__).resolve().parent
ORG = HERE / "data" / "small_org"
GOLDEN = HERE / "golden" / "small_org_findings.json"


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    """A SQLite store holding the small org (copied per test so audits do not leak)."""
    db = tmp_path_factory.mktemp("small") / "org.db"
    r = CliRunner().invoke(main, ["--store", str(db), "ingest", str(ORG)])
    assert r.exit_code == 0, r.output
    return db


@pytest.fixture()
def store(ingested, tmp_path):
    db = tmp_path / "org.db"
    shutil.copy(ingested, db)
    return db


def run(store: Path, *args: str):
    return CliRunner().invoke(main, ["--store", str(store), "audit", *args],
                              catch_exceptions=False)


def test_golden_findings_json(store, tmp_path):
    out = tmp_path / "out"
    r = run(store, "--out", str(out), "--fail-on", "never")
    assert r.exit_code == 0, r.output
    text = (out / "findings.json").read_text(encoding="utf-8")
    # the configuration hash changes whenever a setting is added; the golden file holds a
    # placeholder so that only the audit's content is compared
    digest = json.loads(text)["audit"]["config_hash"]
    text = text.replace(digest, "<config-hash>").replace(digest[:8], "<config-hash>")
    if os.environ.get("RELGRAPH_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")
    # same store, same window, same configuration: byte-identical output
    r2 = run(store, "--out", str(tmp_path / "again"), "--fail-on", "never")
    assert r2.exit_code == 0
    again = (tmp_path / "again" / "findings.json").read_text(encoding="utf-8")
    assert again.replace(digest, "<config-hash>").replace(digest[:8], "<config-hash>") == text


def test_planted_patterns_are_found(store):
    """The patterns of tests/data/small_org/README.md, with the right people and units."""
    r = run(store, "--format", "json", "--fail-on", "never", "--no-save")
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)
    f = {x["id"]: x for x in doc["findings"]}
    assert doc["audit"]["window"]["start"] == "2026-08-02T00:00:00Z"  # 90 days before the end of 10-30
    assert "disconnected-executive:cfo" in f
    assert f["decaying-relationship:cfo:cio"]["people"] == ["cfo", "cio"]
    one = f["one-sided-relationship:coo:itpm"]
    # 12 e-mails itpm -> coo, 1 coo -> itpm (weights equal, decay aside): itpm initiates most
    assert one["evidence"]["initiator"] == "itpm" and one["evidence"]["initiator_share"] > 0.85
    assert "isolated-stakeholder:opsdir" in f
    assert f["siloed-unit:data"]["units"] == ["data"]
    assert f["fragile-bridge:vcloud"]["people"] == ["it1"]
    # nothing absurd: the CEO is connected to everyone of the committee, Finance talks to IT
    assert "disconnected-executive:ceo" not in f
    assert "siloed-unit:fin" not in f


def test_exit_code_1_when_a_finding_reaches_fail_on(store):
    r = run(store, "--no-save")  # default fail-on: high; the vendor hangs on it1 (high)
    assert r.exit_code == 1, r.output
    assert "exit code 1" in r.output


def test_exit_code_0_below_fail_on_and_with_never(store):
    assert run(store, "--no-save", "--fail-on", "never").exit_code == 0
    # only positive findings can be info; a config that raises every threshold out of reach
    cfg = store.parent / "relgraph.toml"
    cfg.write_text(
        "[audit]\nexecutive_score = 1.0\nexecutive_score_high = 1.0\nisolated_levels = []\n"
        "silo_ei = -1.0\nsilo_min_active = 1000\nfragile_min_strength = 1e9\n"
        "broker_ratio = 1e9\ndecay_drop = 1.0\ndecay_min_before = 1e9\n"
        "one_sided_min_count = 100000\nvendor_min_contacts = 0\n"
    )
    r = run(store, "--no-save", "--config", str(cfg), "--fail-on", "info")
    assert r.exit_code == 0, r.output
    assert "0 high, 0 medium, 0 low, 0 info" in r.output


@pytest.mark.parametrize(
    "args",
    [
        ("--baseline", "audit-1999-01-01-deadbeef"),  # unknown baseline
        ("--window", "ninety"),                       # bad duration
        ("--as-of", "31/10/2026"),                    # bad date
        ("--fail-on", "critical"),                    # not a severity (click usage error)
        ("--min-group-size", "-1"),
    ],
)
def test_exit_code_2_on_usage_errors(store, args):
    r = run(store, *args)
    assert r.exit_code == 2, r.output


def test_exit_code_2_on_invalid_config_and_missing_store(store, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[audit]\nsilo_ie = -0.5\n")
    r = run(store, "--config", str(bad))
    assert r.exit_code == 2 and "audit.silo_ie: unknown key" in r.output
    r = CliRunner().invoke(main, ["--store", str(tmp_path / "nope" / "missing.db"), "audit"])
    assert r.exit_code == 2, r.output


def test_second_audit_compares_with_the_first(store, tmp_path):
    first = run(store, "--as-of", "2026-09-30", "--fail-on", "never")
    assert first.exit_code == 0, first.output
    second = run(store, "--fail-on", "never", "--format", "json")
    doc = json.loads(second.output)
    assert doc["audit"]["baseline"] == "audit-2026-09-30-" + doc["audit"]["config_hash"][:8]
    assert all("trend" in f for f in doc["findings"])
    listed = CliRunner().invoke(main, ["--store", str(store), "audits", "--format", "json"])
    rows = json.loads(listed.output)
    assert [r["as_of"] for r in rows] == ["2026-09-30", "2026-10-30"]
    assert rows[1]["baseline"] == rows[0]["id"]
    # an explicit baseline that is not saved is a usage error; 'none' disables the comparison
    none = run(store, "--fail-on", "never", "--format", "json", "--baseline", "none")
    assert json.loads(none.output)["audit"]["baseline"] is None


def test_help_documents_exit_codes_and_cron():
    r = CliRunner().invoke(main, ["audit", "--help"])
    assert r.exit_code == 0
    for text in ("Exit codes", "0  no finding reaches --fail-on", "cron", "--pseudonymize",
                 "--min-group-size", "--baseline"):
        assert text in r.output


def test_retired_config_keys_are_named_not_fatal(store, tmp_path):
    # a relgraph 0.1 relgraph.toml (approx_above_nodes) in a scheduled audit: the audit runs
    # and says on stderr that the key is ignored (review finding, 2026-12-01)
    cfg = tmp_path / "old.toml"
    cfg.write_text("[analysis]\napprox_above_nodes = 10000\n")
    r = run(store, "--no-save", "--fail-on", "never", "--config", str(cfg))
    assert r.exit_code == 0, r.output
    assert "[analysis] approx_above_nodes is retired and ignored" in r.stderr
