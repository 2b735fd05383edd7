"""The orchestrator: every section filled, isolates kept, progress, approximations, changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from orgdata import write_org

from relgraph.analysis.analyze import analyze, section_rows
from relgraph.errors import UsageError
from relgraph.graph import build_tie_graph
from relgraph.ingest import ingest
from relgraph.models import Level, Person, Unit, UnitKind
from relgraph.run import previous_as_of, run_analysis
from relgraph.settings import AnalysisSettings
from relgraph.store import SQLiteStore
from relgraph.store.base import DirectedTie
from relgraph.window import parse_as_of


def _tg(extra: list[DirectedTie] | None = None):
    units = [Unit(id="it", name="IT", kind=UnitKind.IT),
             Unit(id="fin", name="Finance", kind=UnitKind.BUSINESS)]
    people = [
        Person(id="cio", name="C I O", unit="it", level=Level.EXECUTIVE),
        Person(id="dev", name="Dev", unit="it", level=Level.STAFF),
        Person(id="cfo", name="C F O", unit="fin", level=Level.EXECUTIVE),
        Person(id="acc", name="Acc", unit="fin", level=Level.STAFF),
        Person(id="zed", name="Zed", unit="fin", level=Level.STAFF),  # no ties: isolate
    ]
    ties = [
        DirectedTie("cio", "dev", 4, 4.0, 0, 10), DirectedTie("dev", "cio", 2, 2.0, 0, 10),
        DirectedTie("cio", "cfo", 1, 1.0, 0, 10),
        DirectedTie("cfo", "acc", 3, 3.0, 0, 10),
    ] + (extra or [])
    return build_tie_graph(people, units, ties, start=0, end=100, as_of=100)


def test_every_section_and_isolates():
    r = analyze(_tg())
    assert [p.id for p in r.people] == ["acc", "cfo", "cio", "dev", "zed"]
    by = {p.id: p for p in r.people}
    assert by["zed"].isolated and by["zed"].degree == 0 and by["zed"].betweenness == 0.0
    # path acc-cfo-cio-dev plus isolate zed (n = 5): cfo lies on (acc,cio) and (acc,dev),
    # 2 of the (n-1)(n-2)/2 = 6 pairs not involving cfo -> 2/6
    assert by["cfo"].betweenness_unweighted == pytest.approx(2 / 6)
    assert by["cio"].articulation_point and by["cfo"].articulation_point
    assert by["cio"].strength == pytest.approx(7.0)
    assert [(t.source, t.target) for t in r.ties] == [("acc", "cfo"), ("cfo", "cio"), ("cio", "dev")]
    cfo_cio = r.ties[1]
    assert cfo_cio.cross_unit and cfo_cio.bridge
    assert [u.id for u in r.units] == ["fin", "it"]
    assert r.kinds and r.unit_pairs and r.communities is not None
    assert r.meta.people == 5 and r.meta.ties == 3 and r.meta.approximations == []
    assert r.changes is None
    # the result survives a JSON round trip (what `analyze --format json` writes)
    from relgraph.analysis.result import AnalysisResult

    again = AnalysisResult.model_validate_json(r.model_dump_json())
    assert again.people[0].id == "acc"


def test_progress_and_approximation_switch():
    calls: list[tuple[str, int, int]] = []
    r = analyze(_tg(), AnalysisSettings(approximate=True),
                progress=lambda done, total, label: calls.append((label, done, total)))
    done = [c[1] for c in calls]
    assert done == sorted(done) and calls[-1][1] == calls[-1][2]
    assert len(r.meta.approximations) == 3
    pairs: list[tuple[int, int]] = []
    analyze(_tg(), progress=lambda done, total, label="": pairs.append((done, total)))
    assert pairs[-1][0] == pairs[-1][1] and len(pairs) == len(calls)


def test_previous_window_fills_changes():
    before = _tg()
    after = _tg([DirectedTie("acc", "dev", 1, 1.0, 0, 10)])
    r = analyze(after, previous=before)
    assert r.changes is not None
    assert [(t.source, t.target) for t in r.changes.new_ties] == [("acc", "dev")]
    rows = [x for x in section_rows(r, "changes") if x["kind"] == "new_ties"]
    assert {"kind": "new_ties", "source": "acc", "target": "dev", "change": None,
            "new": True}.items() <= rows[0].items()


def test_section_rows_display_order():
    r = analyze(_tg())
    people = section_rows(r, "people", display=True)
    assert people[0]["betweenness"] == max(p.betweenness for p in r.people)
    ties = section_rows(r, "ties", display=True)
    assert ties[0]["bridge"]
    with pytest.raises(UsageError):
        section_rows(r, "nonsense")


def test_previous_as_of():
    end = parse_as_of("2026-10-31")
    assert previous_as_of("previous", end, 30) == end - 30 * 86400
    assert previous_as_of("2026-07-31", end, 90) == parse_as_of("2026-07-31")
    with pytest.raises(UsageError):
        previous_as_of("2026-12-01", end, 90)
    with pytest.raises(UsageError):
        previous_as_of("yesterday", end, 90)


def test_run_analysis_from_store(tmp_path: Path):
    store = SQLiteStore(tmp_path / "s.db")
    store.init()
    ingest(store, [write_org(tmp_path / "org")])
    r = run_analysis(store, as_of=parse_as_of("2026-05-31"), window_days=30, compare_to="previous")
    store.close()
    assert r.meta.people == 5
    # orgdata: ann-bob, ann-cy (meeting), bob-ann (email), dee-val (call), cy-dee (ticket)
    assert {(t.source, t.target) for t in r.ties} == {
        ("ann", "bob"), ("ann", "cy"), ("dee", "val"), ("cy", "dee")}
    assert r.changes is not None and len(r.changes.new_ties) == 4
