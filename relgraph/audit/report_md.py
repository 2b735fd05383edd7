"""``report.md``: the audit as Markdown (renders a computed :class:`AuditResult`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from relgraph.audit.export import findings_document, iso_day
from relgraph.audit.history import HEADLINES, day_label
from relgraph.textsafe import md_code, md_text

if TYPE_CHECKING:
    from relgraph.audit.run import AuditResult

SEVERITY_ORDER = ("high", "medium", "low", "info")


def md(text: Any) -> str:
    """User data as inert Markdown text (see :func:`relgraph.textsafe.md_text`)."""
    return md_text(text)


def fmt(v: Any) -> str:
    if v is None:
        return "-"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:.3f}".rstrip("0").rstrip(".") if abs(v) < 1000 else f"{v:,.0f}"
    if isinstance(v, list):
        return ", ".join(str(x) for x in v) or "-"
    return str(v)


def window_label(audit: AuditResult) -> str:
    p = audit.payload
    start = (iso_day(p.start) or "the beginning")[:10]
    return f"{start} to {day_label(p.end)}"


def summary_lines(audit: AuditResult) -> list[str]:
    """A few plain lines: counts by severity and the trend against the baseline."""
    doc = findings_document(audit)
    c = doc["counts"]
    lines = [
        f"Audit {audit.id}: window {window_label(audit)}",
        f"Findings: {c['high']} high, {c['medium']} medium, {c['low']} low, {c['info']} info",
    ]
    if audit.trends:
        t = audit.trends
        lines.append(
            f"Since {t.baseline_id}: {t.count('new')} new, {t.count('resolved')} resolved, "
            f"{t.count('worse')} worse, {t.count('better')} better"
        )
    else:
        lines.append("No baseline audit: every finding is new.")
    return lines


def render_markdown(audit: AuditResult, maps_dir: Path | None = None) -> str:
    doc = findings_document(audit)
    out: list[str] = ["# Relationship audit", ""]
    out += [f"- {md(s)}" for s in summary_lines(audit)]
    if audit.namer.pseudonymize:
        out.append("- People are pseudonymized.")
    if audit.namer.min_group_size:
        out.append(f"- Unit figures of units with fewer than {audit.namer.min_group_size} "
                   "people are suppressed.")
    out += ["", "## Headline metrics", "", "| metric | previous | now | change |",
            "|---|---:|---:|---|"]
    before = audit.baseline.metrics if audit.baseline else {}
    for key, (label, _hb) in HEADLINES.items():
        direction = ""
        if audit.trends:
            direction = next((m.direction for m in audit.trends.metrics if m.metric == key), "")
        out.append(f"| {md(label)} | {fmt(before.get(key))} | {fmt(audit.payload.metrics.get(key))}"
                   f" | {direction} |")
    out += ["", "## Findings", ""]
    if not doc["findings"]:
        out.append("No findings.")
    for sev in SEVERITY_ORDER:
        group = [f for f in doc["findings"] if f["severity"] == sev]
        if not group:
            continue
        out += [f"### {sev.capitalize()} ({len(group)})", ""]
        for f in group:
            trend = f" _({md(f['trend'])})_" if f.get("trend") else ""
            out.append(f"#### {md(f['title'])}{trend}")
            out.append("")
            out.append(f"- id: {md_code(f['id'])}")
            if f["people"]:
                out.append(f"- people: {md(', '.join(f['people']))}")
            if f["units"]:
                out.append(f"- units: {md(', '.join(audit.namer.unit(u) for u in f['units']))}")
            ev = "; ".join(f"{k} = {fmt(v)}" for k, v in f["evidence"].items())
            out.append(f"- evidence: {md(ev)}")
            out.append(f"- **action:** {md(f['action'])}")
            out.append("")
    if doc.get("resolved"):
        out += ["## Resolved since the baseline", ""]
        out += [f"- {md(r['title'])} (was {md(r['previous_severity'])})" for r in doc["resolved"]]
        out.append("")
    out += ["## Maps", ""]
    if audit.maps and maps_dir is not None:
        for m in audit.maps:
            rel = m.relative_to(maps_dir) if m.is_relative_to(maps_dir) else m
            out.append(f"- [{md(m.stem)}]({quote(rel.as_posix(), safe='/')})")
    else:
        out.append("- No maps were written (run `relgraph map` for the interactive maps).")
    out += ["", "## How this audit was made", "",
            f"- configuration hash `{audit.payload.config_hash}`; thresholds in the "
            "`[audit]` table (`relgraph config show`).",
            "- Findings are derived from the analysis of the window (relgraph analyze); see "
            "docs/audit.md for each rule.", ""]
    return "\n".join(out)

