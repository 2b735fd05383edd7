"""The "Data quality" section of every audit output (terminal, findings.json, report.md,
report.html): what the data checks found and which rules they skipped.

Self-contained so that each renderer adds the section with one call; it renders
``audit.analysis.data_quality`` (:mod:`relgraph.analysis.dataquality`) and computes
nothing. Every text is escaped by the caller's format (Markdown / HTML).
"""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING, Any

from relgraph.analysis.identities import MERGE_HELP
from relgraph.textsafe import md_code, md_text

if TYPE_CHECKING:
    from relgraph.audit.run import AuditResult

_md = md_text


WITHHELD_WHY = ("no tie in the window, but an id with the same name in the same unit (or an "
                "unknown one) has ties: probably one person under two ids")
MERGED_WHY = ("one name in one unit under several ids, none with a tie in the window: probably "
              "one person, so their findings of this kind were merged for reporting")


def _private(v: Any, audit: AuditResult) -> Any:
    """A check's figures with person ids pseudonymised (``--pseudonymize``)."""
    if isinstance(v, dict):
        return {audit.namer.value(k): _private(x, audit) for k, x in v.items()}
    return audit.namer.value(v)


def withheld_rows(audit: AuditResult) -> list[tuple[str, str, str]]:
    """(finding id, title, why) of the findings withheld as artefacts of the data, names
    resolved and privacy applied."""
    from relgraph.audit.export import finding_id

    namer = audit.namer
    q = audit.analysis.data_quality
    out = []
    for f in audit.withheld:
        others = (q.namesakes.get(f.subject or "", []) if q is not None else [])
        also = ", ".join(namer.person(x) for x in others)
        out.append((finding_id(f.id, namer), namer.text(f.title),
                    f"{WITHHELD_WHY} ({also})" if also else WITHHELD_WHY))
    return out


def merged_rows(audit: AuditResult) -> list[tuple[str, str, list[str]]]:
    """(finding id, title, ids) of the findings that merge one person's tie-less ids
    (:mod:`relgraph.audit.namesakes`), names resolved and privacy applied."""
    from relgraph.audit.export import finding_id
    from relgraph.audit.namesakes import merged_findings

    namer = audit.namer
    return [(finding_id(f.id, namer), namer.text(f.title),
             [namer.person_id(str(x)) for x in f.evidence.get("ids", [])])
            for f in merged_findings(audit.findings)]


def quality_document(audit: AuditResult) -> dict[str, Any]:
    """``data_quality`` of findings.json: checks (warnings first), skipped rules, the
    findings withheld as artefacts of the data and the findings that merge one person's
    ids."""
    q = audit.analysis.data_quality
    if q is None:
        return {"checked": False, "checks": [], "rules": [], "withheld": [], "merged": []}
    checks = []
    for c in q.checks:
        d = c.model_dump()
        d["figures"] = _private(d["figures"], audit)
        checks.append(d)
    return {
        "checked": True,
        "unit_kinds": list(q.unit_kinds),
        "window_collapsed": q.window_collapsed,
        "checks": checks,
        "rules": [r.model_dump() for r in q.rules],
        "withheld": [{"id": i, "title": t, "reason": why} for i, t, why in withheld_rows(audit)],
        "merged": [{"id": i, "title": t, "ids": ids, "reason": MERGED_WHY}
                   for i, t, ids in merged_rows(audit)],
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
    if audit.withheld:
        out.append(f"withheld: {len(audit.withheld)} finding(s) about ids with no tie whose "
                   "name an id with ties in their unit (or an unknown one) has (see the "
                   "report's Data quality section)")
    merged = merged_rows(audit)
    if merged:
        out.append(f"merged: {len(merged)} finding(s) each about one person under several "
                   "tie-less ids of one name and unit (see the report's Data quality section)")
    return out


def _code_spans(escaped: str) -> str:
    """Markdown code spans (`x`) of already escaped text as HTML <code> elements."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)


def _split(suggestion: str) -> tuple[str, list[str]]:
    lines = suggestion.splitlines()
    return lines[0], [x.strip() for x in lines[1:]]


def quality_markdown(audit: AuditResult) -> list[str]:
    """The "## Data quality" section as Markdown lines."""
    q = audit.analysis.data_quality
    out = ["## Data quality", ""]
    if q is None:
        return [*out, "- The data was not checked (the analysis came without its store).", ""]
    merged = merged_rows(audit)
    if not q.checks and not q.rules and not audit.withheld and not merged:
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
    rows = withheld_rows(audit)
    if rows:
        out += ["", "Findings withheld because the data makes them artefacts:", ""]
        out += [f"- {_md(t)}: {_md(why)}" for _, t, why in rows]
        out += ["", f"  {MERGE_HELP}"]
    if merged:
        out += ["", "Findings merged for reporting: one person under several ids of one name "
                "and unit, none with a tie in the window:", ""]
        out += [f"- {_md(t)}: ids {_md(', '.join(ids))}" for _, t, ids in merged]
        out += ["", f"  {MERGE_HELP}"]
    out.append("")
    return out


def quality_html(audit: AuditResult) -> str:
    """The Data quality section as an HTML fragment (inline styles only)."""
    q = audit.analysis.data_quality
    parts = ['<section id="data-quality"><h2>Data quality</h2>']
    if q is None:
        parts.append("<p>The data was not checked.</p></section>")
        return "".join(parts)
    merged = merged_rows(audit)
    if not q.checks and not q.rules and not audit.withheld and not merged:
        parts.append("<p>No problem found: every rule could run on this data.</p></section>")
        return "".join(parts)
    parts.append('<ul class="dq">')
    for c in q.checks:
        color = "#b54708" if c.level == "warning" else "#475467"
        item = (f'<li><b style="color:{color}">{escape(c.level)}:</b> {escape(c.message)}')
        if c.suggestion:
            first, code = _split(c.suggestion)
            item += f"<br>{_code_spans(escape(first))}"
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
    rows = withheld_rows(audit)
    if rows:
        parts.append("<p>Findings withheld because the data makes them artefacts (if they are "
                     "one person, merge the ids: list the other id's address or handle in the "
                     "<code>aliases</code> column of the people file and ingest again):</p><ul>")
        parts += [f"<li>{escape(t)}: {escape(why)}</li>" for _, t, why in rows]
        parts.append("</ul>")
    if merged:
        parts.append("<p>Findings merged for reporting: one person under several ids of one "
                     "name and unit, none with a tie in the window (if they are one person, "
                     "merge the ids: list the other id's address or handle in the "
                     "<code>aliases</code> column of the people file and ingest again):</p><ul>")
        parts += [f"<li>{escape(t)}: ids {escape(', '.join(ids))}</li>" for _, t, ids in merged]
        parts.append("</ul>")
    parts.append("</section>")
    return "".join(parts)
