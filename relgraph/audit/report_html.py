"""``report.html``: the audit report a CIO forwards (self-contained, offline, printable).

No script and no external resource: CSS is inline, pictures are inline SVG from
:mod:`relgraph.charts`, grouped findings expand with ``<details>``. The report is a
list of sections (:data:`SECTIONS`), each rendered by one function from a
:class:`ReportContext`; other parts of relgraph add theirs by appending to the
list. Everything shown comes from the :class:`~relgraph.audit.briefing.Briefing`
(no metric is computed here) and every piece of user data is HTML-escaped. A print
stylesheet lays it out for A4 and Letter, with grouped findings expanded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from relgraph.audit.briefing import Briefing, Group, Item, build_briefing
from relgraph.audit.history import HEADLINES, day_label
from relgraph.audit.report_quality import quality_html
from relgraph.charts import ego_chart, matrix_chart, trend_chart, unit_map_chart
from relgraph.charts.unitmap import UnitDot, UnitLink

if TYPE_CHECKING:
    from relgraph.audit.run import AuditResult

CHART_METRICS = ("findings_high", "findings_total", "siloed_units", "disconnected_executives",
                 "it_business_strength_share", "cross_unit_share", "mean_unit_ei",
                 "active_people")
COLORS = {"high": "#b42318", "medium": "#b54708", "low": "#175cd3", "info": "#067647"}
TREND_WORDS = {"new": "new", "worse": "worse", "better": "improved", "unchanged": "unchanged"}

CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;margin:0;color:#1d2939;background:#f9fafb;line-height:1.45}
main{max-width:1040px;margin:0 auto;padding:24px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:30px 0 10px;border-bottom:1px solid #d0d5dd;padding-bottom:4px}
h3{font-size:15px;margin:14px 0 6px}
.sub{color:#475467;margin:0 0 12px}
.summary{background:#fff;border:1px solid #d0d5dd;border-radius:8px;padding:12px 18px}
.summary p{margin:6px 0}.summary ol{margin:6px 0 4px;padding-left:22px}.summary li{margin:3px 0}
.cards{display:flex;gap:10px;flex-wrap:wrap;margin:10px 0}.card{background:#fff;border:1px solid #d0d5dd;border-radius:8px;padding:6px 12px;min-width:84px}
.card b{display:block;font-size:22px}.card span{color:#475467;font-size:13px}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:12px}
.chart{background:#fff;border:1px solid #d0d5dd;border-radius:8px;padding:8px}
.chart h3{font-size:13px;margin:0 0 4px;color:#344054;font-weight:600}
.figure{background:#fff;border:1px solid #d0d5dd;border-radius:8px;padding:10px;overflow-x:auto}
.figure p{font-size:13px;color:#475467;margin:6px 0 0}
table{border-collapse:collapse;background:#fff;font-size:13px}
th,td{border:1px solid #eaecf0;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f2f4f7}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.finding,.group{background:#fff;border:1px solid #d0d5dd;border-left:6px solid #98a2b3;border-radius:6px;padding:10px 14px;margin:10px 0}
.finding h4,.group h4{margin:0 0 6px;font-size:15px}.finding p{margin:4px 0}
.finding .body{display:flex;gap:14px;align-items:flex-start}.finding .text{flex:1}
.group .finding{border-left-width:3px;margin:8px 0}
.group summary{cursor:pointer;color:#175cd3;font-size:13px}
.sev{display:inline-block;color:#fff;border-radius:10px;padding:1px 8px;font-size:12px;margin-right:6px;text-transform:uppercase}
.tag{font-size:12px;color:#475467;border:1px solid #d0d5dd;border-radius:10px;padding:0 6px;margin-left:6px;white-space:nowrap}
.ev{font-size:13px;color:#344054}.fid{font-size:11px;color:#98a2b3}.figs td{font-size:12px}
.better{color:#067647}.worse{color:#b42318}
footer{color:#667085;font-size:12px;margin-top:30px}
@page{margin:14mm 12mm}
@media print{
 body{background:#fff;font-size:11pt}main{max-width:none;padding:0}
 h2{break-after:avoid}.finding,.chart,.figure,.summary,.card,tr{break-inside:avoid}
 .group summary{display:none}details::details-content{content-visibility:visible;display:contents}
 .charts{grid-template-columns:repeat(3,1fr)}a{color:inherit;text-decoration:none}
 .figure{overflow:visible}.figure svg{max-width:100%;height:auto}
}
"""


@dataclass
class ReportContext:
    """What every section renderer gets."""

    audit: AuditResult
    briefing: Briefing
    maps_dir: Path | None


Section = Callable[[ReportContext], str | None]


def e(text: object) -> str:
    return escape(str(text), quote=True)


def _item_html(it: Item, *, compact: bool = False) -> str:
    color = COLORS[it.severity]
    tags = ""
    if it.trend and it.trend in TREND_WORDS:
        tags += f'<span class="tag">{e(TREND_WORDS[it.trend])}</span>'
    if it.since and not it.positive:
        tags += f'<span class="tag">open since {e(it.since)}</span>'
    sev = "" if compact else f'<span class="sev" style="background:{color}">{e(it.severity)}</span>'
    figs = "".join(f"<tr><td>{e(k)}</td><td class=\"n\">{e(v)}</td></tr>" for k, v in it.figures)
    pic = ""
    if it.ego is not None:
        pic = ego_chart(f"contacts of {it.subject or ''}", it.ego["contacts"],
                        centre_kind=it.ego["centre_kind"])
    return (
        f'<div class="finding" id="{e(it.anchor)}" style="border-left-color:{color}">'
        f"<h4>{sev}{e(it.title)}{tags}</h4>"
        f'<div class="body"><div class="text"><p>{e(it.sentence)}</p>'
        f"<p><b>Action:</b> {e(it.action)}</p>"
        + (f'<table class="figs">{figs}</table>' if figs else "")
        + f'<p class="fid">finding id {e(it.id)}</p>'
        + f"</div>{pic}</div></div>"
    )


def _group_html(g: Group) -> str:
    if not g.grouped:
        return _item_html(g.items[0])
    color = COLORS[g.severity]
    top = g.items[0]
    names = ", ".join(n for i in g.items[:6] for n in ([i.subject] if i.subject else i.people[:1]))
    more = f" and {len(g.items) - 6} more" if len(g.items) > 6 else ""
    inner = "\n".join(_item_html(i, compact=True) for i in g.items)
    return (
        f'<div class="group" id="g-{e(top.anchor)}" style="border-left-color:{color}">'
        f'<h4><span class="sev" style="background:{color}">{e(g.severity)}</span>{e(g.title)}</h4>'
        + (f'<p class="ev">{e(names)}{e(more)}.</p>' if names else "")
        + f"<p><b>Action:</b> {e(top.action)}</p>"
        f"<details><summary>Show all {len(g.items)}</summary>{inner}</details></div>"
    )


# --- sections ----------------------------------------------------------------------------------
def section_summary(ctx: ReportContext) -> str:
    b = ctx.briefing
    out = ['<section id="summary"><h2>Summary</h2><div class="summary">']
    out += [f"<p>{e(s)}</p>" for s in b.changes]
    if b.actions:
        out.append("<h3>Top actions</h3><ol>")
        out += [f'<li><a href="#{e(i.anchor)}">{e(i.action)}</a></li>' for i in b.actions]
        out.append("</ol>")
    out.append('</div><div class="cards">')
    for sev in ("high", "medium", "low", "info"):
        word = "positive" if sev == "info" else sev
        out.append(f'<div class="card" style="border-top:4px solid {COLORS[sev]}">'
                   f"<b>{b.counts[sev]}</b><span>{word}</span></div>")
    out.append("</div></section>")
    return "".join(out)


def section_findings(ctx: ReportContext) -> str:
    groups = ctx.briefing.groups
    out = ['<section id="findings"><h2>Findings</h2>',
           '<p class="sub">Most important first: by severity, then by impact. Similar findings '
           "are grouped; open a group to see each one.</p>"]
    if not groups:
        out.append("<p>No findings.</p>")
    out += [_group_html(g) for g in groups]
    out.append("</section>")
    return "\n".join(out)


def section_pictures(ctx: ReportContext) -> str | None:
    b = ctx.briefing
    out = ['<section id="pictures"><h2>Where IT and the business meet</h2>']
    for m in (b.heatmap, b.leaders):
        if m is None:
            continue
        out.append(f'<div class="figure"><h3>{e(m.title)}</h3>'
                   + matrix_chart(m.title, m.rows, m.cols, m.values,
                                  value_digits=0 if m is b.heatmap else 1)
                   + f"<p>{e(m.note)}</p></div>")
    if b.unit_map and b.unit_map["units"]:
        um = b.unit_map
        svg = unit_map_chart(
            "Unit map", [UnitDot(**u) for u in um["units"]], [UnitLink(**lk) for lk in um["links"]],
            seed=um["seed"])
        out.append('<div class="figure"><h3>Unit map</h3>' + svg +
                   "<p>One disc per unit (size = people; blue IT, green business, purple vendor); "
                   "lines = ties between units (width = strength). A dashed red outline marks a "
                   "siloed unit, a dashed orange line a connection that hangs on one person."
                   + (" " + e(um["note"]) if um.get("note") else "") + "</p></div>")
    if len(out) == 1:
        return None
    out.append("</section>")
    return "\n".join(out)


def section_trends(ctx: ReportContext) -> str:
    a = ctx.audit
    out = ['<section id="trends"><h2>Headline metrics over audits</h2><div class="charts">']
    for key in CHART_METRICS:
        label, better = HEADLINES[key]
        pts = [(day_label(x.as_of), _num(x.metrics.get(key))) for x in a.history]
        svg = trend_chart(label, pts, higher_is_better=better, percent=key.endswith("_share"),
                          signed_range=key == "mean_unit_ei")
        out.append(f'<div class="chart"><h3>{e(label)}</h3>{svg}</div>')
    out.append("</div><h3>All headline metrics</h3><table><tr><th>metric</th>"
               + ("<th>previous audit</th>" if a.baseline else "") + "<th>now</th><th>change</th></tr>")
    for m in ctx.briefing.metrics:
        cls = m["direction"] if m["direction"] in ("better", "worse") else ""
        word = {"better": "better", "worse": "worse", "same": "no change", "up": "up",
                "down": "down"}.get(m["direction"], "")
        prev = f'<td class="n">{e(m["before"])}</td>' if a.baseline else ""
        out.append(f'<tr><td>{e(m["label"])}</td>{prev}<td class="n">{e(m["now"])}</td>'
                   f'<td class="{cls}">{e(word)}</td></tr>')
    out.append("</table></section>")
    return "".join(out)


def section_resolved(ctx: ReportContext) -> str | None:
    t = ctx.audit.trends
    if not t:
        return None
    gone = [x for x in t.findings if x.status == "resolved"]
    if not gone:
        return None
    namer = ctx.audit.namer
    items = "".join(f"<li>{e(namer.text(x.title))} (was {e(x.previous_severity)})</li>" for x in gone)
    return f'<section id="resolved"><h2>Resolved since the last audit</h2><ul>{items}</ul></section>'


def section_maps(ctx: ReportContext) -> str:
    a, maps_dir = ctx.audit, ctx.maps_dir
    out = ['<section id="maps"><h2>Interactive maps</h2>']
    if a.maps and maps_dir is not None:
        out.append("<p>The interactive maps are separate files in the <b>maps</b> folder next to "
                   "this report; they open offline in any browser. They are not included when "
                   "this file is forwarded on its own.</p><ul>")
        top = [m for m in a.maps if m.parent.name != "units"]
        for m in top:
            rel = m.relative_to(maps_dir) if m.is_relative_to(maps_dir) else Path(m.name)
            out.append(f'<li><a href="{e(rel.as_posix())}">{e(rel.as_posix())}</a></li>')
        if len(a.maps) > len(top):
            out.append(f"<li>and {len(a.maps) - len(top)} unit pages (maps/units/), opened "
                       "from the unit map</li>")
        out.append("</ul>")
    else:
        out.append("<p>No interactive maps were written with this audit.</p>")
    out.append("</section>")
    return "".join(out)


def section_data_quality(ctx: ReportContext) -> str:
    """Data checks and skipped rules (relgraph.audit.report_quality)."""
    return quality_html(ctx.audit)


def section_plan(ctx: ReportContext) -> str | None:
    """The relationship plan: coverage, unowned stakeholders, grid (relgraph.audit.report_plan)."""
    from relgraph.audit.report_plan import plan_html

    return plan_html(ctx.audit)


SECTIONS: list[tuple[str, Section]] = [
    ("summary", section_summary),
    ("data_quality", section_data_quality),
    ("findings", section_findings),
    ("plan", section_plan),
    ("pictures", section_pictures),
    ("trends", section_trends),
    ("resolved", section_resolved),
    ("maps", section_maps),
]
"""The report's sections in order: (id, renderer). Append to add a section."""


def _num(v: object) -> float | None:
    try:
        return None if v is None else float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def render_html(audit: AuditResult, maps_dir: Path | None = None) -> str:
    """The report as one HTML document (no scripts, no external resources)."""
    b = build_briefing(audit)
    ctx = ReportContext(audit=audit, briefing=b, maps_dir=maps_dir)
    sub = f"Period {b.period}"
    if audit.baseline is not None:
        sub += f" · compared with the audit of {day_label(audit.baseline.as_of)}"
    head = [f"<h1>{e(b.title)}</h1>", f'<p class="sub">{e(sub)}</p>']
    if audit.namer.pseudonymize:
        head.append('<p class="sub">People are pseudonymised.</p>')
    if audit.namer.min_group_size:
        head.append(f'<p class="sub">Figures of units with fewer than {audit.namer.min_group_size} '
                    "people are not shown.</p>")
    body = head + [html for _key, fn in SECTIONS if (html := fn(ctx))]
    body.append(f"<footer>Prepared with relgraph from recorded interactions up to "
                f"{e(day_label(audit.payload.end))}. Audit {e(audit.id)}; the thresholds behind "
                "each finding are those of its configuration (relgraph documentation: "
                "docs/audit.md).</footer>")
    title = f"{b.title}, {day_label(audit.payload.as_of)}"
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; img-src data:\">"
        f"<title>{e(title)}</title>"
        f"<style>{CSS}</style></head><body><main>\n" + "\n".join(body) + "\n</main></body></html>\n"
    )
