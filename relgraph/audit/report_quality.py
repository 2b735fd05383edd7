"""The "Data quality" section of every audit output (terminal, findings.json, report.md,
report.html): what the data checks found and which rules they skipped.

Self-contained so that each renderer adds the section with one call; it renders
``audit.analysis.data_quality`` (:mod:`relgraph.analysis.dataquality`) and computes
nothing. Every text is escaped by the caller's format (Markdown / HTML).
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from relgraph.textsafe import md_code, md_text

if TYPE_CHECKING:
    from relgraph.audit.run import AuditResult

_md = md_text


def quality_document(audit: AuditResult) -> dict[str, Any]:
    """``data_quality`` of findings.json: checks (warnings first) and skipped rules."""
    q = audit.analysis.data_quality
    if q is None:
        return {"checked": False, "checks": [], "rules": []}
    return {
        "checked": True,
        "unit_kinds": list(q.unit_kinds),
        "window_collapsed": q.window_collapsed,
        "checks": [c.model_dump() for c in q.checks],
        "rules": [r.model_dump() for r in q.rules],
    }


def quality_lines(audit: AuditResult) -> list[str]:
    """Terminal lines: one per warning and per skipped rule (nothing when all is well)."""
    q = audit.analysis.data_quality
    if q is None:
        return []
    out = []
    for c in q.warnings:
        out.append(f"data warning: {c.message}")
        if c.suggestion:
            out += [f"  {line}" for line in c.suggestion.splitlines()]
    for r in q.rules:
        out.append(f"rule {r.status}: {r.rule} ({r.reason})")
    return out


def _split(suggestion: str) -> tuple[str, list[str]]:
    lines = suggestion.splitlines()
    return lines[0], [x.strip() for x in lines[1:]]


def quality_markdown(audit: AuditResult) -> list[str]:
    """The "## Data quality" section as Markdown lines."""
    q = audit.analysis.data_quality
    out = ["## Data quality", ""]
    if q is None:
        return [*out, "- The data was not checked (the analysis came without its store).", ""]
    if not q.checks and not q.rules:
        return [*out, "- No problem found: every rule could run on this data.", ""]
    for c in q.checks:
        out.append(f"- **{c.level}:** {_md(c.message)}")
        if c.suggestion:
            first, code = _split(c.suggestion)
            out.append(f"  {_md(first)}")
            if code:  # our own TOML example (no user data); fenced, so shown verbatim
                out += ["", "  ```toml", *[f"  {x.replace('`', '')}" for x in code], "  ```"]
    if q.rules:
        out += ["", "Rules not run, or run partly, because of the data:", ""]
        out += [f"- {md_code(r.rule)}: {r.status} ({_md(r.reason)})" for r in q.rules]
    out.append("")
    return out


def quality_html(audit: AuditResult) -> str:
    """The Data quality section as an HTML fragment (inline styles only)."""
    q = audit.analysis.data_quality
    parts = ['<section id="data-quality"><h2>Data quality</h2>']
    if q is None:
        parts.append("<p>The data was not checked.</p></section>")
        return "".join(parts)
    if not q.checks and not q.rules:
        parts.append("<p>No problem found: every rule could run on this data.</p></section>")
        return "".join(parts)
    parts.append('<ul class="dq">')
    for c in q.checks:
        color = "#b54708" if c.level == "warning" else "#475467"
        item = (f'<li><b style="color:{color}">{escape(c.level)}:</b> {escape(c.message)}')
        if c.suggestion:
            first, code = _split(c.suggestion)
            item += f"<br>{escape(first)}"
            if code:
                item += ("<pre style=\"background:#f2f4f7;padding:6px;border-radius:4px\">"
                         + escape("\n".join(code)) + "</pre>")
        parts.append(item + "</li>")
    parts.append("</ul>")
    if q.rules:
        parts.append("<p>Rules not run, or run partly, because of the data:</p><ul>")
        parts += [f"<li><code>{escape(r.rule)}</code>: {escape(r.status)} ({escape(r.reason)})"
                  "</li>" for r in q.rules]
        parts.append("</ul>")
    parts.append("</section>")
    return "".join(parts)
