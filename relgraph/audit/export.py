"""Machine-readable audit outputs (``findings.json``, ``metrics.csv``) and ``write_outputs``.

Everything here goes through :class:`relgraph.audit.privacy.Namer`, so
``--pseudonymize`` and the minimum group size apply to every file. Outputs are
deterministic: no timestamps other than the window, stable ordering, sorted keys.
"""

from __future__ import annotations

import csv
import inspect
import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from relgraph.audit.findings import Finding
from relgraph.audit.privacy import SUPPRESSED, Namer
from relgraph.audit.report_quality import quality_document
from relgraph.textsafe import csv_cell, json_text

if TYPE_CHECKING:
    from relgraph.audit.run import AuditResult

UNIT_LEVEL_KINDS = ("siloed-unit", "silo-opened", "new-bridge")
SMALL_GROUP_KINDS = (*UNIT_LEVEL_KINDS, "fragile-bridge")
"""Findings whose figures describe a unit (or a unit pair): suppressed when one of the
finding's units has fewer people than the minimum group size."""
UNIT_FIGURES = ("ei_index", "ei_weighted", "ei_p_value", "ei_expected", "below_chance", "internal_ties", "external_ties",
                "ties_to_it", "ties_to_business", "ties_to_vendor", "units_reached",
                "headcount", "active")


def iso_day(at: int | None) -> str | None:
    return None if at is None else datetime.fromtimestamp(at, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def finding_id(fid: str, namer: Namer) -> str:
    """A finding id with its person ids pseudonymized (when enabled)."""
    if not namer.pseudonymize:
        return fid
    return ":".join(namer.person_id(x) if x in namer.names else x for x in fid.split(":"))


def render_finding(f: Finding, namer: Namer, status: str | None = None) -> dict[str, Any]:
    """A finding as plain data with names resolved and privacy applied."""
    evidence = {k: namer.value(v) for k, v in sorted(f.evidence.items())}
    title = f.title
    if f.kind in SMALL_GROUP_KINDS and any(namer.small(u) for u in f.units):
        # every figure goes (a 3-person vendor's "ties 3, strength 21.2" traces back to
        # its people); the non-numeric evidence (which units) stays
        evidence = {k: v for k, v in evidence.items() if k not in UNIT_FIGURES and (
            k == "org_contacts" or isinstance(v, bool) or not isinstance(v, int | float))}
        evidence["unit_figures"] = f"{SUPPRESSED} (fewer than {namer.min_group_size} people)"
        if f.kind in UNIT_LEVEL_KINDS:
            # titles carry figures in parentheses ("Siloed unit: X (E-I index -1.00 ...)")
            title = title.split(" (", 1)[0] + f" (figures {SUPPRESSED}: small group)"
    out: dict[str, Any] = {
        "id": finding_id(f.id, namer),
        "kind": f.kind,
        "severity": f.severity.value,
        "positive": f.positive,
        "title": namer.text(title),
        "subject": namer.person_id(f.subject) if f.subject else None,
        "people": [namer.person_id(p) for p in f.people],
        "units": list(f.units),
        "evidence": evidence,
        "action": namer.text(f.action),
    }
    if status is not None:
        out["trend"] = status
    return out


def findings_document(audit: AuditResult) -> dict[str, Any]:
    """The content of ``findings.json``."""
    p, namer = audit.payload, audit.namer
    status = {t.id: t.status for t in audit.trends.findings} if audit.trends else {}
    counts = {s: 0 for s in ("high", "medium", "low", "info")}
    for f in p.findings:
        counts[f.severity.value] += 1
    doc: dict[str, Any] = {
        "audit": {
            "id": p.id, "baseline": p.baseline_id, "config_hash": p.config_hash,
            "window": {"start": iso_day(p.start), "end": iso_day(p.end), "days": p.window_days},
            "pseudonymized": namer.pseudonymize, "min_group_size": namer.min_group_size,
        },
        "counts": counts,
        "data_quality": quality_document(audit),
        "findings": [render_finding(f, namer, status.get(f.id, "new" if audit.trends else None))
                     for f in p.findings],
    }
    if audit.trends:
        doc["resolved"] = [
            {"id": finding_id(t.id, namer), "kind": t.kind,
             "previous_severity": t.previous_severity, "title": namer.text(t.title)}
            for t in audit.trends.findings if t.status == "resolved"
        ]
        doc["metrics"] = [t.model_dump() for t in audit.trends.metrics]
    else:
        doc["metrics"] = [{"metric": k, "after": v} for k, v in p.metrics.items()]
    from relgraph.audit.report_plan import plan_document

    if (plan := plan_document(audit)) is not None:
        doc["plan"] = plan
    return doc


def findings_json(audit: AuditResult) -> str:
    return json_text(json.dumps(findings_document(audit), indent=2, sort_keys=False,
                                ensure_ascii=False)) + "\n"


def metrics_rows(audit: AuditResult) -> list[dict[str, Any]]:
    """Headline metrics (scope ``audit``) and unit figures (scope ``unit``), long format."""
    p, namer = audit.payload, audit.namer
    before = audit.baseline.metrics if audit.baseline else {}
    rows: list[dict[str, Any]] = [
        {"audit_id": p.id, "scope": "audit", "subject": "", "metric": k, "value": v,
         "previous": before.get(k)}
        for k, v in p.metrics.items()
    ]
    prev_units = audit.baseline.units if audit.baseline else {}
    for u in audit.analysis.units:
        small = namer.small(u.id)
        pu = prev_units.get(u.id)
        for metric in ("headcount", "active", "ei_index", "ei_weighted", "internal_ties",
                       "external_ties", "ties_to_it", "ties_to_business", "units_reached"):
            value: Any = getattr(u, metric)
            prev: Any = getattr(pu, metric, None) if pu is not None else None
            if small:
                value, prev = SUPPRESSED, (SUPPRESSED if pu is not None else None)
            rows.append({"audit_id": p.id, "scope": "unit", "subject": u.id, "metric": metric,
                         "value": value, "previous": prev})
    return rows


def metrics_csv(audit: AuditResult) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=["audit_id", "scope", "subject", "metric", "value",
                                        "previous"], lineterminator="\n")
    w.writeheader()
    for r in metrics_rows(audit):
        w.writerow({k: ("" if v is None else csv_cell(v)) for k, v in r.items()})
    return buf.getvalue()


def write_maps(audit: AuditResult, out_dir: Path) -> list[Path]:
    """The unit and person maps (relgraph.maps), with this audit's privacy options.

    Returns the HTML files written; an empty list when the maps package offers no
    ``write_maps`` (the report then says so).
    """
    try:
        from relgraph.maps import write_maps as _write_maps  # type: ignore[attr-defined]
    except ImportError:
        return []
    params = inspect.signature(_write_maps).parameters
    wanted: dict[str, Any] = {
        "pseudonymize": audit.namer.pseudonymize,
        "pseudonym_salt": audit.namer.salt,
        "min_group_size": audit.namer.min_group_size,
        "thresholds": audit.config.audit,
        "config": audit.config,
        "findings": audit.findings,  # the maps list exactly this audit's findings
        "drill_down": True,  # unit pages share maps/assets/, so they stay small
    }
    kwargs = {k: v for k, v in wanted.items() if k in params}
    if audit.namer.pseudonymize and "pseudonymize" not in params:
        return []  # never write real names when pseudonyms were asked for
    out_dir.mkdir(parents=True, exist_ok=True)
    infos = _write_maps(audit.analysis, out_dir, **kwargs)
    paths: list[Path] = []
    for info in infos or []:
        path = getattr(info, "path", info)
        paths.append(Path(str(path)))
    return sorted(paths)


def write_outputs(audit: AuditResult, out_dir: Path) -> list[Path]:
    """Write maps/, findings.json, metrics.csv, report.md and report.html into ``out_dir``."""
    from relgraph.audit.report_html import render_html
    from relgraph.audit.report_md import render_markdown

    out_dir.mkdir(parents=True, exist_ok=True)
    audit.maps = write_maps(audit, out_dir / "maps")
    files = {
        "findings.json": findings_json(audit),
        "metrics.csv": metrics_csv(audit),
        "report.md": render_markdown(audit, maps_dir=out_dir),
        "report.html": render_html(audit, maps_dir=out_dir),
    }
    written = []
    for name, text in files.items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    audit.outputs = [*written, *audit.maps]
    return audit.outputs
