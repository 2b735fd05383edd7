"""The sample organisation as real exports (samples/acme_exports.py: an HR roster, an mbox,
an .ics calendar, a ServiceNow ticket list, a Slack export, plus the records those formats
cannot carry) imports to the same store content and the same audit findings as the
sample's own CSV files (samples/acme). The reference is the sample's files, not the
importers' own output."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from relgraph.audit import run_audit
from relgraph.config import RelgraphConfig, load_config
from relgraph.importers import importer_for, run_import
from relgraph.ingest import ingest
from relgraph.store import SQLiteStore

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
sys.path.insert(0, str(SAMPLES))
from acme_exports import write_exports  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> tuple[SQLiteStore, SQLiteStore, dict[str, object]]:
    tmp = tmp_path_factory.mktemp("exports")
    ex = tmp / "ex"
    counts = write_exports(SAMPLES / "acme", ex)
    a = SQLiteStore(tmp / "a.db")
    ingest(a, [SAMPLES / "acme"])
    b = SQLiteStore(tmp / "b.db")
    cfg, _ = load_config(ex / "relgraph.toml")
    reports = {}
    for source, paths, opts in [
        ("roster", [ex / "roster.csv"], {}),
        ("email", [ex / "mail"], {}),
        ("calendar", [ex / "calendar"], {"since": datetime(2026, 1, 1, tzinfo=UTC),
                                         "until": datetime(2027, 1, 1, tzinfo=UTC)}),
        ("tickets", [ex / "tickets" / "incident.csv"], {}),
        ("slack", [ex / "slack"], {}),
    ]:
        reports[source] = run_import(b, importer_for(source, paths, **opts), cfg.import_)
    ingest(b, [ex / "interactions-other.csv"])
    return a, b, {"counts": counts, "reports": reports}


def test_every_export_format_is_used(stores) -> None:  # type: ignore[no-untyped-def]
    _, _, info = stores
    counts = info["counts"]
    assert all(counts[k] > 1000 for k in ("mail", "calendar", "tickets", "slack"))
    for r in info["reports"].values():
        assert r.skipped == {} and r.unknown_total == 0 and r.external_skipped == 0


def test_same_units_people_and_edges(stores) -> None:  # type: ignore[no-untyped-def]
    a, b, _ = stores
    assert {u.id: (u.name, u.kind) for u in a.units()} == {u.id: (u.name, u.kind) for u in b.units()}
    assert a.people() == b.people()

    def edges(s: SQLiteStore) -> list[tuple[object, ...]]:
        return sorted((e.source, e.target, e.at, e.channel, e.weight, e.duration) for e in s.edges())
    assert edges(a) == edges(b)


def test_same_audit_findings(stores) -> None:  # type: ignore[no-untyped-def]
    a, b, _ = stores
    cfg = RelgraphConfig()
    fa = run_audit(a, cfg, save=False).findings
    fb = run_audit(b, cfg, save=False).findings
    assert len(fa) > 5
    assert [f.model_dump() for f in fa] == [f.model_dump() for f in fb]
