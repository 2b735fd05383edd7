"""relgraph import viva: the sample person-to-person query the vivainsights package ships
(an MIT-licensed extract in tests/data/vivainsights, see its README) and a file in the
layout of vivainsights.p2p_data_sim() (HR attributes Organization, LevelDesignation, City).
Expected values are read off the files by hand (first row; counts from awk, see below)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from relgraph.importers import importer_for, run_import
from relgraph.store import SQLiteStore

SAMPLE = Path(__file__).parent / "data" / "vivainsights" / "p2p_data_head120.csv"
SIM = """\
PrimaryCollaborator_PersonId,SecondaryCollaborator_PersonId,PrimaryCollaborator_Organization,SecondaryCollaborator_Organization,PrimaryCollaborator_LevelDesignation,SecondaryCollaborator_LevelDesignation,PrimaryCollaborator_City,SecondaryCollaborator_City,StrongTieScore,MetricDate
SIM_ID_0,SIM_ID_1,Org A,Org F,Executive,Manager,City A,City C,1,2026-05-04
SIM_ID_0,SIM_ID_2,Org A,IT Infrastructure,Executive,Senior IC,City A,City B,0.5,2026-05-04
SIM_ID_1,SIM_ID_2,Org F,IT Infrastructure,Manager,Senior IC,City C,City B,0,2026-05-04
SIM_ID_1,SIM_ID_2,Org F,IT Infrastructure,Manager,Senior IC,City C,City B,0.25,2026-05-11
"""


def test_vivainsights_sample_query(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "s.db")
    report = run_import(store, importer_for("viva", [SAMPLE]))
    # awk over the file: 223 distinct PersonIds, 120 distinct pairs, no zero strong-tie score
    assert store.status().people == 223
    assert (report.interactions, store.status().edges) == (120, 120)
    e = next(x for x in store.edges() if x.source == "00014d52-6545-3d9a-80be-dfb892e9fa16")
    assert e.target == "7d3ae47a-ea85-3bb2-8463-4648aee7d87f"
    assert e.at == int(datetime(2023, 1, 4, tzinfo=UTC).timestamp())   # 01/04/2023 is MM/DD
    assert e.weight == 0.069560552 and e.channel == "other"
    assert any("people put in 'unassigned'" in w for w in report.warnings)  # no HR attribute
    assert run_import(store, importer_for("viva", [SAMPLE])).edges_new == 0


def test_hr_attributes_give_units_and_levels(tmp_path: Path) -> None:
    p = tmp_path / "p2p.csv"
    p.write_text(SIM, encoding="utf-8")
    store = SQLiteStore(tmp_path / "s.db")
    report = run_import(store, importer_for("viva", [p]))
    assert {u.id: u.kind.value for u in store.units()} == {
        "org-a": "business", "org-f": "business", "it-infrastructure": "it"}
    assert {x.id: (x.unit, x.level.value) for x in store.people()} == {
        "SIM_ID_0": ("org-a", "executive"), "SIM_ID_1": ("org-f", "manager"),
        "SIM_ID_2": ("it-infrastructure", "staff")}
    assert sorted((e.source, e.target, e.weight) for e in store.edges()) == [
        ("SIM_ID_0", "SIM_ID_1", 1.0), ("SIM_ID_0", "SIM_ID_2", 0.5), ("SIM_ID_1", "SIM_ID_2", 0.25)]
    assert report.skipped == {"tie score zero or missing": 1}
    r = run_import(store, importer_for("viva", [p], unit_attribute="City"))
    assert {u.id for u in store.units()} >= {"city-a", "city-b", "city-c"}
    assert r.warnings == []
