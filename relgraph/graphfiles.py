"""Graph files out: the tie graph of a window as GraphML, GEXF or CSV.

For Gephi, Cytoscape and yEd. Nodes are people with ``name``, ``title``, ``unit``,
``unit_name``, ``unit_kind`` and ``level``; edges are undirected ties with
``strength`` (decayed, as the analysis uses it), ``count``, ``first_at`` and
``last_at`` (epoch seconds). With ``metrics`` the analysis figures are added:
per person ``degree``, ``strength``, ``betweenness``, ``betweenness_unweighted``,
``harmonic_closeness``, ``pagerank``, ``constraint``, ``effective_size``,
``efficiency``, ``articulation_point``, ``isolated``, ``community`` and
``brokerage_<role>``; per tie ``overlap``, ``strong``, ``bridging``, ``local_bridge``,
``bridge``, ``cross_unit``, ``cross_kind`` and ``source_share``. A figure that does not
exist for a node (e.g. constraint of an isolate) is left out, never written as a
placeholder.

GraphML and GEXF are written by NetworkX's own writers (:func:`networkx.write_graphml`,
:func:`networkx.write_gexf`). CSV is Gephi's spreadsheet layout: the edges file
(``Source,Target,Type,Weight,...``) at the path given and the nodes file
(``Id,Label,...``) next to it as ``<name>-nodes.csv``. Files are written to a temporary
name with owner-only permissions, then renamed. Characters XML 1.0 forbids (C0 controls
other than tab, newline and carriage return, lone surrogates, U+FFFE and U+FFFF; the models
accept them in names and titles) are removed from GraphML and GEXF text, so the files parse.

References
----------
W3C, Extensible Markup Language (XML) 1.0 (Fifth Edition), section 2.2 (Characters).
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

from relgraph.analysis.result import AnalysisResult
from relgraph.graph import TieGraph
from relgraph.textsafe import csv_cell

GRAPH_FORMATS = ("graphml", "gexf", "csv")
PERSON_METRICS = ("degree", "strength", "betweenness", "betweenness_unweighted",
                  "harmonic_closeness", "pagerank", "constraint", "effective_size",
                  "efficiency", "articulation_point", "isolated", "community")
TIE_METRICS = ("overlap", "strong", "bridging", "local_bridge", "bridge", "cross_unit",
               "cross_kind", "source_share")


def export_graph(tg: TieGraph, result: AnalysisResult | None = None) -> nx.Graph:
    """A copy of the window's undirected tie graph, with the analysis figures if given."""
    g = nx.Graph(window_start=tg.start if tg.start is not None else -1, window_end=tg.end)
    for n, data in tg.graph.nodes(data=True):
        g.add_node(n, **{k: v for k, v in data.items() if v is not None})
    for a, b, data in tg.graph.edges(data=True):
        g.add_edge(a, b, **{k: v for k, v in data.items() if v is not None})
    if result is not None:
        for p in result.people:
            if p.id not in g:
                continue
            attrs = g.nodes[p.id]
            # the analysis' 'strength' is the person's total; the tie's is on the edge
            for k in PERSON_METRICS:
                v = getattr(p, k)
                if v is not None:
                    attrs[k] = v
            for role, n in sorted(p.brokerage.items()):
                attrs[f"brokerage_{role}"] = n
        for t in result.ties:
            if g.has_edge(t.source, t.target):
                e = g.edges[t.source, t.target]
                for k in TIE_METRICS:
                    e[k] = getattr(t, k)
    return g


def _atomic(path: Path, write: Callable[[Path], None]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        os.chmod(tmp, 0o600)
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def nodes_path(path: Path) -> Path:
    """Where the CSV nodes file of edges file ``path`` goes."""
    return path.with_name(f"{path.stem}-nodes{path.suffix or '.csv'}")


_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(v: Any) -> Any:
    return _XML_FORBIDDEN.sub("", v) if isinstance(v, str) else v


def xml_safe(g: nx.Graph) -> nx.Graph:
    """A copy of ``g`` whose node ids, attribute names and text values hold only characters
    XML 1.0 allows (module docstring); ``g`` itself is returned when nothing needs it."""
    def bad(v: Any) -> bool:
        return isinstance(v, str) and _XML_FORBIDDEN.search(v) is not None

    if not (any(bad(k) or bad(v) for d in (g.graph,) for k, v in d.items())
            or any(bad(n) or any(bad(k) or bad(v) for k, v in d.items())
                   for n, d in g.nodes(data=True))
            or any(any(bad(k) or bad(v) for k, v in d.items()) for _, _, d in g.edges(data=True))):
        return g
    h = g.__class__()
    h.graph.update({_xml(k): _xml(v) for k, v in g.graph.items()})
    h.add_nodes_from((_xml(n), {_xml(k): _xml(v) for k, v in d.items()})
                     for n, d in g.nodes(data=True))
    h.add_edges_from((_xml(a), _xml(b), {_xml(k): _xml(v) for k, v in d.items()})
                     for a, b, d in g.edges(data=True))
    return h


def write_graph(g: nx.Graph, path: str | Path, fmt: str) -> list[Path]:
    """Write ``g`` as ``fmt`` (graphml, gexf, csv); return the files written."""
    out = Path(path)
    if fmt == "graphml":
        safe = xml_safe(g)
        _atomic(out, lambda p: nx.write_graphml(safe, p))
        return [out]
    if fmt == "gexf":
        safe = xml_safe(g)
        _atomic(out, lambda p: nx.write_gexf(safe, p))
        return [out]
    if fmt != "csv":
        raise ValueError(f"unknown graph format {fmt!r}")
    node_keys = sorted({k for _, d in g.nodes(data=True) for k in d})
    edge_keys = sorted({k for _, _, d in g.edges(data=True) for k in d} - {"strength"})

    def nodes(p: Path) -> None:
        with open(p, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["Id", "Label", *node_keys])
            for n, d in g.nodes(data=True):
                w.writerow([csv_cell(n), csv_cell(d.get("name", n)),
                            *(_cell(d.get(k)) for k in node_keys)])

    def edges(p: Path) -> None:
        with open(p, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["Source", "Target", "Type", "Weight", *edge_keys])
            for a, b, d in g.edges(data=True):
                w.writerow([csv_cell(a), csv_cell(b), "Undirected", _cell(d.get("strength")),
                            *(_cell(d.get(k)) for k in edge_keys)])

    npath = nodes_path(out)
    _atomic(npath, nodes)
    _atomic(out, edges)
    return [out, npath]


def _cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v)
    return csv_cell(v)


def write_window_graph(
    store: Any, settings: Any, out: str | Path, fmt: str, *, as_of: int | None = None,
    window_days: float | None = None, with_metrics: bool = False,
    progress: Callable[..., None] | None = None,
) -> tuple[list[Path], int, int]:
    """Load a window of ``store`` (as ``relgraph analyze`` does), write it as ``fmt``.

    Returns the files written, the number of people and the number of ties.
    """
    from relgraph.analysis.analyze import analyze
    from relgraph.window import default_as_of, load_window

    end = as_of if as_of is not None else default_as_of(store)
    days = window_days if window_days is not None else settings.window_days
    tg = load_window(store, settings, as_of=end, window_days=days)
    result = analyze(tg, settings, progress=progress) if with_metrics else None
    g = export_graph(tg, result)
    return write_graph(g, out, fmt), g.number_of_nodes(), g.number_of_edges()
