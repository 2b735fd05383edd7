"""Which people a person map shows: ego neighbourhoods and the cut for large graphs.

A browser lays out a few hundred nodes in seconds but thousands take minutes and
are unreadable anyway. Above ``max_nodes`` the map keeps the most relevant
people, in this order: the focus, then nearer people (ego maps), then
disconnected executives, then other executives and single points of contact,
then by the size metric (descending), then by id. The page says how many were left out.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from relgraph.analysis.result import AnalysisResult, PersonMetrics
from relgraph.errors import UsageError
from relgraph.maps.highlights import Highlights
from relgraph.maps.style import SIZE_BY_CHOICES

DEFAULT_MAX_NODES = 2500
"""Default cap on people per map: with positions computed in advance a browser draws 2,500
people at once (docs/maps.md has the measurements)."""


@dataclass
class Selection:
    """The people a map shows."""

    people: list[str]
    focus: set[str] = field(default_factory=set)
    focus_label: str = ""
    total: int = 0
    distance: dict[str, int] = field(default_factory=dict)

    @property
    def left_out(self) -> int:
        return self.total - len(self.people)


def metric(person: PersonMetrics, size_by: str) -> float:
    """The value of the size metric for one person (0 when missing)."""
    if size_by not in SIZE_BY_CHOICES:
        raise UsageError(f"unknown size metric {size_by!r}; choose one of {', '.join(SIZE_BY_CHOICES)}")
    v = getattr(person, size_by)
    return float(v) if v is not None else 0.0


def resolve_focus(result: AnalysisResult, focus: str,
                  members: dict[str, list[str]] | None = None) -> tuple[str, set[str]]:
    """Find the people a ``--focus`` value names.

    Tries, in order: ``unit:ID`` / ``person:ID``, a person id, a unit id, a
    person's name, a unit's name (names case-insensitively). Returns a label and
    the person ids.

    Raises
    ------
    UsageError
        Nothing matches, or a name matches several people.
    """
    units = {u.id: u for u in result.units}

    def of_unit(uid: str) -> set[str]:
        if members is not None:
            return set(members.get(uid, ()))
        return {p.id for p in result.people if p.unit == uid}

    kind, _, rest = focus.partition(":")
    if kind == "unit" and rest in units:      # explicit, for ids used by both
        return units[rest].name, of_unit(rest)
    people = {p.id: p for p in result.people}
    if kind == "person" and rest in people:
        return people[rest].name, {rest}
    if focus in people:
        return people[focus].name, {focus}
    if focus in units:
        return units[focus].name, of_unit(focus)
    key = focus.casefold()
    named = sorted(p.id for p in result.people if p.name.casefold() == key)
    if len(named) == 1:
        return people[named[0]].name, set(named)
    if len(named) > 1:
        raise UsageError(f"{focus!r} names {len(named)} people ({', '.join(named[:5])}); use an id")
    unit_ids = [u.id for u in result.units if u.name.casefold() == key]
    if len(unit_ids) == 1:
        return units[unit_ids[0]].name, of_unit(unit_ids[0])
    hints = suggestions(result, focus)
    hint = f"; did you mean: {', '.join(hints)}" if hints else " (give an id or an exact name)"
    raise UsageError(f"no person or unit {focus!r} in the analysis{hint}")


def suggestions(result: AnalysisResult, text: str, limit: int = 8) -> list[str]:
    """People and units whose name or id contains ``text`` (or a close spelling), as
    ``Name (id)``, for a ``--focus`` that matched nobody exactly."""
    import difflib

    key = text.casefold().strip()
    if not key:
        return []
    cands = [(p.name, p.id) for p in result.people] + [(u.name, f"unit:{u.id}") for u in result.units]
    hits = [c for c in cands if key in c[0].casefold() or key in c[1].casefold()]
    if not hits:
        by_name = {c[0].casefold(): c for c in cands}
        close = difflib.get_close_matches(key, list(by_name), n=limit, cutoff=0.75)
        hits = [by_name[c] for c in close]
    hits.sort(key=lambda c: (not c[0].casefold().startswith(key), c[0].casefold(), c[1]))
    return [f"{n} ({i})" for n, i in hits[:limit]]


def adjacency_of(result: AnalysisResult) -> dict[str, list[str]]:
    """Person id -> neighbour ids (built once, shared by every page of a maps folder)."""
    adj: dict[str, list[str]] = {}
    ties = result.ties  # read as columns: no model per tie
    for s, t in zip(ties.column("source").tolist(), ties.column("target").tolist(), strict=True):
        adj.setdefault(s, []).append(t)
        adj.setdefault(t, []).append(s)
    return adj


def neighbourhood(result: AnalysisResult, seeds: set[str], depth: int,
                  adjacency: dict[str, list[str]] | None = None) -> dict[str, int]:
    """People within ``depth`` ties of any seed, with their distance in hops (BFS)."""
    if depth < 0:
        raise UsageError("--depth must be 0 or more")
    adj = adjacency if adjacency is not None else adjacency_of(result)
    dist = dict.fromkeys(sorted(seeds), 0)
    todo = deque(dist)
    while todo:
        u = todo.popleft()
        if dist[u] >= depth:
            continue
        for v in adj.get(u, ()):
            if v not in dist:
                dist[v] = dist[u] + 1
                todo.append(v)
    return dist


def select_people(result: AnalysisResult, highlights: Highlights, *, size_by: str = "betweenness",
                  max_nodes: int | None = DEFAULT_MAX_NODES, focus: str | None = None,
                  depth: int = 1, adjacency: dict[str, list[str]] | None = None,
                  members: dict[str, list[str]] | None = None,
                  people: dict[str, PersonMetrics] | None = None) -> Selection:
    """Choose the people of a person map (see the module docstring for the order).

    Parameters
    ----------
    result : AnalysisResult
    highlights : Highlights
        Findings; flagged people are kept before others.
    size_by : str
        Size metric, also the ranking metric.
    max_nodes : int or None
        Cap on people shown; ``None`` or 0 shows everyone.
    focus : str, optional
        A person or unit (id or exact name): show its neighbourhood only.
    depth : int
        Hops around the focus.

    Returns
    -------
    Selection
        Ids ordered by id (stable output), the focus set and how many were in scope.
    """
    if max_nodes is not None and max_nodes < 0:
        raise UsageError("--max-nodes must be 0 (no limit) or more")
    if size_by not in SIZE_BY_CHOICES:
        raise UsageError(f"unknown size metric {size_by!r}; choose one of {', '.join(SIZE_BY_CHOICES)}")
    if people is None:
        people = {p.id: p for p in result.people}
    label, focus_ids = ("", set()) if focus is None else resolve_focus(result, focus, members)
    if focus is not None:
        dist = neighbourhood(result, focus_ids, depth, adjacency)
    else:
        dist = dict.fromkeys(people, 0)
    scope = [pid for pid in dist if pid in people]

    def rank(pid: str) -> tuple[int, int, int, float, str]:
        return (0 if pid in focus_ids else 1, dist[pid], highlights.priority(pid),
                -metric(people[pid], size_by), pid)

    keep = sorted(scope, key=rank)
    if max_nodes:
        keep = keep[:max_nodes]
    return Selection(people=sorted(keep), focus=focus_ids, focus_label=label, total=len(scope),
                     distance={pid: dist[pid] for pid in keep})
