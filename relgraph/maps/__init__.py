"""Interactive, self-contained HTML relationship maps (``relgraph map``).

Renderers take a computed :class:`~relgraph.analysis.result.AnalysisResult` and
write offline HTML pages; they never recompute a metric.

- :func:`render_person_map`: people and ties (or an ego map with ``focus``);
- :func:`render_unit_map`: one node per unit, edges = ties between units;
- :func:`write_maps`: the person map, the unit map and one drill-down page per
  unit, into a directory.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from relgraph.analysis.result import AnalysisResult
from relgraph.config import AuditThresholds, RelgraphConfig
from relgraph.errors import UsageError
from relgraph.maps.base import MapInfo
from relgraph.maps.context import build_context
from relgraph.maps.mapfindings import MapFinding, audit_findings, for_map, resolve_text
from relgraph.maps.page import write_assets
from relgraph.maps.person import render_person_map
from relgraph.maps.privacy import Pseudonyms
from relgraph.maps.select import DEFAULT_MAX_NODES, resolve_focus
from relgraph.maps.style import SIZE_BY_CHOICES
from relgraph.maps.unit import render_unit_map
from relgraph.pseudonyms import pseudonym

__all__ = [
    "DEFAULT_MAX_NODES", "SIZE_BY_CHOICES", "MapInfo", "map_findings", "read_analysis", "render_person_map",
    "render_unit_map", "slug", "write_maps",
]


DRILL_DOWN_CONTACTS = 60
"""A drill-down page shows the unit's people and at most this many contacts outside it."""


def slug(text: str) -> str:
    """A file-name-safe, collision-resistant form of an id (``a-z0-9_-`` + 6 hex digits)."""
    base = re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-")[:60] or "x"
    return f"{base}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:6]}"


def _ego_name(result: AnalysisResult, focus: str, pseudonymize: bool, salt: str) -> str:
    """File-name part of an ego map; never a real name or id when pseudonymising."""
    if not pseudonymize:
        return slug(focus)
    _label, ids = resolve_focus(result, focus)
    units = {u.id for u in result.units}
    if focus in units:
        return slug(focus)       # unit names and ids are kept
    if len(ids) == 1:
        return pseudonym(next(iter(ids)), salt)
    return "group-" + hashlib.sha256((salt + "\0" + focus).encode("utf-8")).hexdigest()[:8]


def read_analysis(path: str | Path) -> AnalysisResult:
    """Read an analysis saved by ``relgraph analyze --format json``.

    Raises
    ------
    UsageError
        The file is missing or is not an analysis result.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as e:
        raise UsageError(f"cannot read analysis file {p}: {e.strerror or e}") from None
    try:
        return AnalysisResult.model_validate_json(text)
    except ValidationError as e:
        raise UsageError(f"{p} is not a relgraph analysis (relgraph analyze --format json): "
                         f"{e.error_count()} problem(s), first: {e.errors()[0]['msg']}") from None


def map_findings(result: AnalysisResult, config: RelgraphConfig, *, pseudonymize: bool = False,
                 pseudonym_salt: str = "", findings: list | None = None) -> list[MapFinding]:
    """The audit's findings (given, or derived with ``config``) with names resolved for a map."""
    if findings is None:
        findings = audit_findings(result, config)
    names = Pseudonyms({p.id: p.name for p in result.people}, enabled=pseudonymize, salt=pseudonym_salt)
    units = {u.id: u.name for u in result.units}
    return for_map(findings, lambda f: resolve_text(f.title, names.name,
                                                     lambda u: units.get(u, u)))


def write_maps(result: AnalysisResult, out_dir: str | Path, *, size_by: str = "betweenness",
               max_nodes: int | None = DEFAULT_MAX_NODES, pseudonymize: bool = False,
               pseudonym_salt: str = "", min_group_size: int = 0, focus: str | None = None,
               depth: int = 1, drill_down: bool = True, thresholds: AuditThresholds | None = None,
               config: RelgraphConfig | None = None, findings: list | None = None,
               progress: Callable[[int, int], None] | None = None) -> list[MapInfo]:
    """Write the maps of one analysis into ``out_dir``.

    Without ``focus``: ``people.html`` (person map), ``units.html`` (unit map)
    and, with ``drill_down``, ``units/<unit>.html`` for every unit on the unit map
    (its people and their direct contacts, at most :data:`DRILL_DOWN_CONTACTS` of
    those, most relevant first; each links back to the unit map). The drill-down
    pages load vis-network and the explorer script from ``assets/`` (written once),
    so a large organisation's folder stays small; the other pages are self-contained.
    With ``focus``: only ``ego-<focus>.html``.

    Parameters
    ----------
    result : AnalysisResult
    out_dir : str or Path
        Created if missing; existing files of the same names are replaced.
    size_by, max_nodes, pseudonymize, pseudonym_salt, focus, depth, thresholds
        See :func:`render_person_map`.
    min_group_size : int
        Units with fewer people are drawn without figures on the unit map and get no
        drill-down page; with ``pseudonymize`` also the person-map rules of
        :mod:`relgraph.maps.explorer`.
    drill_down : bool
        Write the per-unit pages.
    config : RelgraphConfig, optional
        Audit rules for the findings panel (default: ``thresholds`` and default leadership).
    findings : list of Finding, optional
        The audit's findings, when already derived (``relgraph audit``).
    progress : callable, optional
        Called with (maps written, maps to write).

    Returns
    -------
    list of MapInfo
        One per file, person map first.
    """
    out = Path(out_dir)
    cfg = config or RelgraphConfig(audit=thresholds or AuditThresholds())
    t = thresholds or cfg.audit
    mf = map_findings(result, cfg, pseudonymize=pseudonymize, pseudonym_salt=pseudonym_salt,
                      findings=findings)
    context = build_context(result, t, pseudonymize=pseudonymize, pseudonym_salt=pseudonym_salt)
    common = {"pseudonymize": pseudonymize, "pseudonym_salt": pseudonym_salt, "thresholds": t,
              "findings": mf, "min_group_size": min_group_size, "context": context}
    if focus is not None:
        name = _ego_name(result, focus, pseudonymize, pseudonym_salt)
        info = render_person_map(result, out / f"ego-{name}.html", size_by=size_by,
                                 max_nodes=max_nodes, focus=focus, depth=depth,
                                 **common)
        if progress:
            progress(1, 1)
        return [info]
    units = [u for u in result.units if u.headcount >= max(min_group_size, 1)] if drill_down else []
    total = 2 + len(units)
    links = {u.id: f"units/{slug(u.id)}.html" for u in units}
    infos = [render_person_map(result, out / "people.html", size_by=size_by, max_nodes=max_nodes,
                               **common)]
    if progress:
        progress(1, total)
    infos.append(render_unit_map(result, out / "units.html", min_group_size=min_group_size,
                                 drill_down=links, pseudonymize=pseudonymize,
                                 pseudonym_salt=pseudonym_salt, thresholds=t, findings=mf))
    if progress:
        progress(2, total)
    if units:
        write_assets(out / "assets")
    for i, u in enumerate(units, start=3):
        # the unit's people and at most DRILL_DOWN_CONTACTS of their contacts elsewhere
        cap = u.headcount + DRILL_DOWN_CONTACTS
        info = render_person_map(result, out / links[u.id], size_by=size_by,
                                 max_nodes=min(cap, max_nodes) if max_nodes else cap,
                                 focus=f"unit:{u.id}", depth=1,
                                 title=f"Unit {u.name}: its people and their direct contacts",
                                 back="../units.html", assets="../assets/", **common)
        infos.append(info)
        if progress:
            progress(i, total)
    return infos
