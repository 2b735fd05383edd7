"""relgraph export --graph: GraphML, GEXF and CSV files parse back with NetworkX (and the
csv module) and keep every node and edge attribute."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from relgraph.cli import main
from relgraph.graphfiles import export_graph, nodes_path, write_graph
from relgraph.ingest import ingest
from relgraph.run import run_analysis
from relgraph.settings import AnalysisSettings
from relgraph.store import SQLiteStore
from relgraph.window import default_as_of, load_window


@pytest.fixture
def graph(org_dir: Path, tmp_path: Path) -> nx.Graph:
    store = SQLiteStore(tmp_path / "s.db")
    ingest(store, [org_dir])
    s = AnalysisSettings()
    end = default_as_of(store)
    tg = load_window(store, s, as_of=end, window_days=s.window_days)
    result = run_analysis(store, s, as_of=end)
    return export_graph(tg, result)


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(float(a), float(b), rel_tol=1e-12)  # type: ignore[arg-type]
    return a == b


def _check(g: nx.Graph, back: nx.Graph, ignore: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    assert set(back.nodes) == set(g.nodes)
    assert {frozenset(e) for e in back.edges} == {frozenset(e) for e in g.edges}
    for n, d in g.nodes(data=True):
        got = back.nodes[n]
        for k, v in d.items():
            assert _same(got[k], v), (n, k, got.get(k), v)
    for a, b, d in g.edges(data=True):
        got = back.edges[a, b]
        for k, v in d.items():
            if k not in ignore:
                assert _same(got[k], v), (a, b, k)


def test_graph_has_the_documented_attributes(graph: nx.Graph) -> None:
    n = next(iter(graph.nodes(data=True)))[1]
    for k in ("name", "title", "unit", "unit_name", "unit_kind", "level", "betweenness", "pagerank",
              "degree"):
        assert k in n
    e = next(iter(graph.edges(data=True)))[2]
    for k in ("strength", "count", "first_at", "last_at", "overlap", "bridge"):
        assert k in e


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_parse_back(graph: nx.Graph, tmp_path: Path, fmt: str) -> None:
    (path,) = write_graph(graph, tmp_path / f"g.{fmt}", fmt)
    assert path.stat().st_mode & 0o077 == 0
    back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    _check(graph, back)


def test_csv_parses_back(graph: nx.Graph, tmp_path: Path) -> None:
    edges, nodes = write_graph(graph, tmp_path / "g.csv", "csv")
    assert nodes == nodes_path(edges) == tmp_path / "g-nodes.csv"
    back = nx.Graph()

    def value(text: str) -> object:
        if text in ("true", "false"):
            return text == "true"
        for cast in (int, float):
            try:
                return cast(text)
            except ValueError:
                pass
        return text

    with open(nodes, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            nid = row.pop("Id")
            row.pop("Label")
            back.add_node(nid, **{k: value(v) for k, v in row.items() if v != ""})
    with open(edges, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            a, b = row.pop("Source"), row.pop("Target")
            assert row.pop("Type") == "Undirected"
            row["strength"] = row.pop("Weight")
            back.add_edge(a, b, **{k: value(v) for k, v in row.items() if v != ""})
    # titles such as "Manager" stay text; numeric-looking text would be cast: none here
    _check(graph, back)


def test_cli_graph_export_and_usage(org_dir: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    r = CliRunner()
    assert r.invoke(main, ["--store", db, "ingest", str(org_dir)]).exit_code == 0
    out = tmp_path / "t.graphml"
    res = r.invoke(main, ["--store", db, "export", "--graph", "graphml", "--out", str(out)])
    assert res.exit_code == 0, res.output
    back = nx.read_graphml(out)
    assert "betweenness" not in next(iter(back.nodes(data=True)))[1]  # no --with-metrics
    assert back.number_of_nodes() == len(SQLiteStore(db).people())
    res = r.invoke(main, ["--store", db, "export"])
    assert res.exit_code == 2 and "either --to" in res.output
    res = r.invoke(main, ["--store", db, "export", "--graph", "gexf"])
    assert res.exit_code == 2 and "--out" in res.output


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_control_characters_in_names_do_not_break_the_xml(graph: nx.Graph, tmp_path: Path,
                                                          fmt: str) -> None:
    # the models accept a name with a control character (e.g. from a bad export); XML 1.0
    # forbids it (section 2.2), so the writer drops it and the file still parses
    n = next(iter(graph.nodes))
    graph.nodes[n]["name"] = "Ann\x01 Lee\x0b\x1f"
    graph.nodes[n]["title"] = "CFO\x00"
    (path,) = write_graph(graph, tmp_path / f"g.{fmt}", fmt)
    back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert back.nodes[n]["name"] == "Ann Lee" and back.nodes[n]["title"] == "CFO"
    assert set(back.nodes) == set(graph.nodes)
    assert graph.nodes[n]["name"] == "Ann\x01 Lee\x0b\x1f"  # the caller's graph is untouched
