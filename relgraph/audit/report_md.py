"""``report.md``: the audit as Markdown that also reads well as plain text (e.g. in an e-mail).

Renders the same :class:`~relgraph.audit.briefing.Briefing` as ``report.html``:
executive summary and top actions, findings by severity and impact (similar ones
grouped), the figures as short "label: value" lines. Only user data is escaped, so
the text stays free of backslashes. Sections are a list (:data:`SECTIONS`) of
renderers; append to add one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from relgraph.audit.briefing import SEVERITY_ORDER, Briefing, Group, Item, build_briefing
from relgraph.audit.export import findings_document, iso_day
from relgraph.audit.history import day_label
from relgraph.audit.report_quality import quality_markdown
from relgraph.textsafe import md_text

if TYPE_CHECKING:
    from relgraph.audit.run import AuditResult

__all__ = ["SECTIONS", "SEVERITY_ORDER", "fmt", "md", "render_markdown", "summary_lines"]

_NUMBER = re.compile(r"^[+-]?[\d.,]+%?$")
"""A figure we formatted ourselves (no user data): left as is, so it reads as plain text."""


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
    """A few plain lines for the terminal: counts by severity and the trend against the baseline."""
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



Section = Callable[["AuditResult", Briefing, "Path | None"], list[str]]


def _item(it: Item, heading: str = "###") -> list[str]:
    tags = []
    if it.trend in ("new", "worse", "better"):
        tags.append({"better": "improved"}.get(it.trend, it.trend))
    if it.since and not it.positive:
        tags.append(f"open since {it.since}")
    sev = it.severity.upper() if heading == "###" else ""
    head = f"{heading} {sev + ': ' if sev else ''}{md(it.title)}"
    out = [head, ""]
    if tags:
        out += [f"({', '.join(tags)})", ""]
    out += [md(it.sentence), "", f"Action: {md(it.action)}", ""]
    out += [f"- {md(k)}: {v if _NUMBER.match(v) else md(v)}" for k, v in it.figures]
    out += [f"- finding id (findings.json): {md(it.id)}", ""]
    return out


def _group(g: Group) -> list[str]:
    if not g.grouped:
        return _item(g.items[0])
    out = [f"### {g.severity.upper()}: {md(g.title)}", "",
           f"Action: {md(g.items[0].action)}", ""]
    for it in g.items:
        out += _item(it, heading="####")
    return out


def section_summary(audit: AuditResult, b: Briefing, _maps: Path | None) -> list[str]:
    out = ["## Summary", ""]
    out += [md(s) for s in b.changes]
    if b.actions:
        out += ["", "Top actions:", ""]
        out += [f"{n}. {md(i.action)}" for n, i in enumerate(b.actions, 1)]
    out.append("")
    return out


def section_findings(audit: AuditResult, b: Briefing, _maps: Path | None) -> list[str]:
    out = ["## Findings", "", "Most important first: by severity, then by impact.", ""]
    if not b.groups:
        out += ["No findings.", ""]
    for g in b.groups:
        out += _group(g)
    return out


def section_metrics(audit: AuditResult, b: Briefing, _maps: Path | None) -> list[str]:
    out = ["## Headline metrics", ""]
    for m in b.metrics:
        prev = f" (previous audit: {m['before']}, {m['direction'] or 'no change'})" if m["before"] else ""
        out.append(f"- {m['label']}: {m['now']}{prev}")
    out.append("")
    return out


def section_resolved(audit: AuditResult, b: Briefing, _maps: Path | None) -> list[str]:
    if not audit.trends:
        return []
    gone = [x for x in audit.trends.findings if x.status == "resolved"]
    if not gone:
        return []
    out = ["## Resolved since the last audit", ""]
    out += [f"- {md(audit.namer.text(x.title))} (was {x.previous_severity})" for x in gone]
    return [*out, ""]


def section_maps(audit: AuditResult, b: Briefing, maps_dir: Path | None) -> list[str]:
    out = ["## Maps", ""]
    if audit.maps and maps_dir is not None:
        out += ["Interactive maps (separate files in the maps folder next to this report; they "
                "open offline in a browser):", ""]
        top = [m for m in audit.maps if m.parent.name != "units"]
        for m in top:
            rel = m.relative_to(maps_dir) if m.is_relative_to(maps_dir) else Path(m.name)
            out.append(f"- {md(rel.as_posix())}")
        if len(audit.maps) > len(top):
            out.append(f"- and {len(audit.maps) - len(top)} unit pages (maps/units/), opened from "
                       "the unit map")
    else:
        out.append("No interactive maps were written with this audit.")
    return [*out, ""]


def section_data_quality(audit: AuditResult, _b: Briefing, _maps: Path | None) -> list[str]:
    """Data checks and skipped rules (relgraph.audit.report_quality)."""
    return quality_markdown(audit)


def section_plan(audit: AuditResult, _b: Briefing, _maps: Path | None) -> list[str]:
    """The relationship plan (relgraph.audit.report_plan)."""
    from relgraph.audit.report_plan import plan_markdown

    return plan_markdown(audit)


SECTIONS: list[tuple[str, Section]] = [
    ("summary", section_summary),
    ("data_quality", section_data_quality),
    ("findings", section_findings),
    ("plan", section_plan),
    ("metrics", section_metrics),
    ("resolved", section_resolved),
    ("maps", section_maps),
]
"""The report's sections in order: (id, renderer returning lines). Append to add one."""


def render_markdown(audit: AuditResult, maps_dir: Path | None = None) -> str:
    b = build_briefing(audit)
    sub = f"Period {b.period}"
    if audit.baseline is not None:
        sub += f", compared with the audit of {day_label(audit.baseline.as_of)}"
    out: list[str] = [f"# {md(b.title)}", "", sub + ".", ""]
    if audit.namer.pseudonymize:
        out += ["People are pseudonymised.", ""]
    if audit.namer.min_group_size:
        out += [f"Figures of units with fewer than {audit.namer.min_group_size} people are not "
                "shown.", ""]
    for _key, fn in SECTIONS:
        out += fn(audit, b, maps_dir)
    out += ["---", "", f"Audit {audit.id}, prepared with relgraph from recorded interactions up "
            f"to {day_label(audit.payload.end)}. The rules behind each finding: relgraph "
            "documentation, docs/audit.md.", ""]
    return "\n".join(out)
