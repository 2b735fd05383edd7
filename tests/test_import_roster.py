"""relgraph import roster: units and levels from a department column or the manager chart.

Expected units, parents, kinds and levels are worked out by hand from the small rosters
below (the rules are those documented in relgraph/importers/roster.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from relgraph.cli import main
from relgraph.errors import InputError
from relgraph.importers import importer_for, run_import
from relgraph.importers.settings import ImportSettings, RosterSettings
from relgraph.store import SQLiteStore

CHART = """\
emp_id,Full Name,Work Email,Job Title,Reports To
1,Ann Top,ann@acme.example,Chief Executive Officer,
2,Ian Tech,ian@acme.example,CIO,1
3,Fay Money,fay@acme.example,,1
4,Ola Ops,ola@acme.example,,2
5,Dev One,dev@acme.example,Engineer,4
6,Cal Count,cal@acme.example,Accountant,3
7,Val Vendor,val@cloudco.example,Account Manager,2
"""

DEPT = """\
Employee ID,Name,Email,Title,Department,Manager ID
e1,Ann Top,ann@acme.example,President,Executive Office,
e2,Ian Tech,ian@acme.example,Vice President Infrastructure,IT Infrastructure,e1
e3,Sue Sales,sue@acme.example,Head of Sales,Sales,e1
e4,Sam Rep,sam@acme.example,Account Executive,Sales,e3
e5,Dan Data,dan@acme.example,Data Engineering Lead,Data & Analytics,e2
e6,Nia None,nia@acme.example,Analyst,,e3
"""


def _write(tmp_path: Path, text: str, name: str = "hr.csv") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _people(store: SQLiteStore) -> dict[str, tuple[str, str]]:
    return {p.id: (p.unit, p.level.value) for p in store.people()}


def test_units_and_levels_from_the_manager_hierarchy(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "s.db")
    settings = ImportSettings(vendor_domains={"cloudco.example": "v-cloudco"})
    report = run_import(store, importer_for("roster", [_write(tmp_path, CHART)]), settings)
    units = {u.id: (u.name, u.kind.value, u.parent) for u in store.units()}
    # depth 1: Ian's and Fay's subtrees are units under Ann's; Ian's title (CIO) makes his IT;
    # Val's address is on a vendor domain: a contact of that vendor's unit.
    assert units == {
        "u-1": ("Chief Executive Officer (Ann Top)", "business", None),
        "u-2": ("CIO (Ian Tech)", "it", "u-1"),
        "u-3": ("Fay Money", "business", "u-1"),
        "v-cloudco": ("cloudco.example", "vendor", None),
    }
    # levels: titles first (CEO, CIO executive; "Account Manager" is a vendor contact anyway);
    # no title: depth 1 -> director (Fay), has reports -> manager (Ola); Engineer -> staff.
    assert _people(store) == {
        "1": ("u-1", "executive"), "2": ("u-2", "executive"), "3": ("u-3", "director"),
        "4": ("u-2", "manager"), "5": ("u-2", "staff"), "6": ("u-3", "staff"),
        "7": ("v-cloudco", "vendor_contact"),
    }
    assert (report.units, report.people, report.records_read) == (4, 7, 7)
    assert report.warnings == []


def test_unit_depth_two_gives_nested_units(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "s.db")
    settings = ImportSettings(roster=RosterSettings(unit_depth=2))
    run_import(store, importer_for("roster", [_write(tmp_path, CHART)]), settings)
    units = {u.id: u.parent for u in store.units()}
    # depth-2 heads: Ola (under Ian), Cal (under Fay), Val (under Ian)
    assert units == {"u-1": None, "u-2": "u-1", "u-3": "u-1", "u-4": "u-2", "u-6": "u-3",
                     "u-7": "u-2"}
    assert _people(store)["5"] == ("u-4", "staff")


def test_units_from_the_department_column(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "s.db")
    report = run_import(store, importer_for("roster", [_write(tmp_path, DEPT)]), ImportSettings())
    units = {u.id: (u.name, u.kind.value) for u in store.units()}
    assert units == {
        "executive-office": ("Executive Office", "business"),
        "it-infrastructure": ("IT Infrastructure", "it"),
        "sales": ("Sales", "business"),
        "data-analytics": ("Data & Analytics", "it"),
        "unassigned": ("Unassigned", "business"),
    }
    assert _people(store) == {
        "e1": ("executive-office", "executive"),      # President
        "e2": ("it-infrastructure", "director"),      # Vice President: not "President"
        "e3": ("sales", "director"),                  # Head of
        "e4": ("sales", "staff"),                     # Account Executive is not an executive
        "e5": ("data-analytics", "manager"),          # Lead
        "e6": ("unassigned", "staff"),                # no department
    }
    assert report.warnings == [f"{tmp_path / 'hr.csv'}: 1 employee(s) in no unit (no department, "
                               "no manager), put in 'unassigned': rows 7"]


def test_manager_cycle_is_an_error_naming_the_rows(tmp_path: Path) -> None:
    text = "id,name,manager_id\n1,A,\n2,B,4\n3,C,2\n4,D,3\n5,E,1\n"
    store = SQLiteStore(tmp_path / "s.db")
    with pytest.raises(InputError) as exc:
        run_import(store, importer_for("roster", [_write(tmp_path, text)]), ImportSettings())
    lines = sorted(i.line for i in exc.value.issues)
    assert lines == [3, 4, 5]  # rows of 2, 3 and 4 (the header is line 1)
    assert "manager cycle: 2 -> 4 -> 3 -> 2" in str(exc.value)
    assert store.status().people == 0


def test_missing_manager_and_several_roots_are_warnings(tmp_path: Path) -> None:
    text = "id,name,manager_id\n1,A,\n2,B,1\n3,C,99\n"
    store = SQLiteStore(tmp_path / "s.db")
    report = run_import(store, importer_for("roster", [_write(tmp_path, text)]), ImportSettings())
    assert any("manager id is not in the roster" in w and "rows 4" in w for w in report.warnings)
    assert any("2 people at the top of the chart" in w and "rows 2, 4" in w for w in report.warnings)
    assert store.status().people == 3


def test_duplicate_ids_and_invalid_ids(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "s.db")
    with pytest.raises(InputError, match="duplicate employee id '1'"):
        run_import(store, importer_for("roster", [_write(tmp_path, "id,name\n1,A\n1,B\n")]))
    with pytest.raises(InputError) as exc:  # validated by the ingest: file, line, field
        run_import(store, importer_for("roster", [_write(tmp_path, "id,name\n1,A\nx y,B\n")]))
    assert str(exc.value.issues[0]).startswith(f"{tmp_path / 'hr.csv'}, line 3, field 'id'")
    assert store.status().people == 0


def test_cli_column_options_dry_run_and_reimport(tmp_path: Path) -> None:
    text = "Staff No,Surname,First,Boss\nA1,Top,Ann,\nA2,Low,Bob,A1\n"
    p = _write(tmp_path, text)
    db = str(tmp_path / "s.db")
    r = CliRunner().invoke(main, ["--store", db, "import", "roster", "--dry-run",
                                  "--id-column", "Staff No", "--manager-column", "Boss", str(p)])
    assert r.exit_code == 0, r.output
    assert "would store 2 unit(s), 2 people" in r.output
    assert not Path(db).exists()
    args = ["--store", db, "import", "roster", "--id-column", "Staff No", "--manager-column",
            "Boss", str(p)]
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 0, r.output
    store = SQLiteStore(db)
    assert {p.id: p.name for p in store.people()} == {"A1": "Ann Top", "A2": "Bob Low"}
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 0
    assert store.status().people == 2
    r = CliRunner().invoke(main, ["--store", db, "import", "roster", "--id-column", "Nope", str(p)])
    assert r.exit_code == 2
    assert "no column 'Nope'" in r.output


def test_self_managed_top_no_name_column_and_reports_to_id(tmp_path: Path) -> None:
    # as the manufacturing dataset's reportsto.csv: ID,ReportsToID, the top reports to itself
    text = "ID,ReportsToID\n86,86\n1,86\n2,86\n3,1\n"
    store = SQLiteStore(tmp_path / "s.db")
    report = run_import(store, importer_for("roster", [_write(tmp_path, text)]), ImportSettings())
    assert _people(store) == {"86": ("u-86", "executive"), "1": ("u-1", "director"),
                              "2": ("u-2", "director"), "3": ("u-1", "staff")}
    assert {p.id: p.name for p in store.people()}["3"] == "3"
    assert len(report.warnings) == 1 and "no name column" in report.warnings[0]


def test_ids_written_as_floats_match_integer_manager_ids(tmp_path: Path) -> None:
    # a spreadsheet round trip writes 152 as 152.0 in one column and not in the other
    text = "ID,ReportsToID\n86.0,86\n1.0,86\n2,86.0\n3.00,1\n"
    store = SQLiteStore(tmp_path / "s.db")
    run_import(store, importer_for("roster", [_write(tmp_path, text)]), ImportSettings())
    assert _people(store) == {"86": ("u-86", "executive"), "1": ("u-1", "director"),
                              "2": ("u-2", "director"), "3": ("u-1", "staff")}
