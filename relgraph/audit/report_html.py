"""``report.html``: a self-contained, offline audit report.

No script, no external resource: CSS is inline and the charts of the headline
metrics over past audits are inline SVG generated here. The unit and person maps
(relgraph.maps) are linked (``maps/*.html``), not loaded, so opening the report
makes no request. Every piece of user data is HTML-escaped.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from relgraph.audit.export import findings_document
from relgraph.audit.history import HEADLINES, day_label
from relgraph.audit.report_md import SEVERITY_ORDER, fmt, summary_lines

if TYPE_CHECKING:
    from relgraph.audit.run import AuditResult

CHART_METRICS = ("findings_high", "findings_total", "siloed_units", "disconnected_executives",
                 "it_business_strength_share", "cross_unit_share", "mean_unit_ei",
                 "active_people")
COLORS = {"high": "#b42318", "medium": "#b54708", "low": "#175cd3", "info": "#067647"}

CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;margin:0;color:#1d2939;background:#f9fafb}
main{max-width:1040px;margin:0 auto;padding:24px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:28px 0 10px;border-bottom:1px solid #d0d5dd;padding-bottom:4px}
.sub{color:#475467;margin:0 0 12px}
.cards{display:flex;gap:10px;flex-wrap:wrap}.card{background:#fff;border:1px solid #d0d5dd;border-radius:8px;padding:8px 12px;min-width:84px}
.card b{display:block;font-size:24px}.card span{color:#475467;font-size:13px}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:12px}
.chart{background:#fff;border:1px solid #d0d5dd;border-radius:8px;padding:8px}
.chart h3{font-size:13px;margin:0 0 4px;color:#344054;font-weight:600}
table{border-collapse:collapse;width:100%;background:#fff;font-size:14px}
th,td{border:1px solid #eaecf0;padding:5px 8px;text-align:left;vertical-align:top}th{background:#f2f4f7}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.finding{background:#fff;border:1px solid #d0d5dd;border-left:6px solid #98a2b3;border-radius:6px;padding:10px 14px;margin:10px 0}
.finding h4{margin:0 0 6px;font-size:15px}.finding p{margin:4px 0}
.sev{display:inline-block;color:#fff;border-radius:10px;padding:1px 8px;font-size:12px;margin-right:6px;text-transform:uppercase}
.trend{font-size:12px;color:#475467;border:1px solid #d0d5dd;border-radius:10px;padding:0 6px;margin-left:6px}
.ev{font-size:13px;color:#344054}.ev code{background:#f2f4f7;padding:0 3px;border-radius:3px}
.better{color:#067647}.worse{color:#b42318}
footer{color:#667085;font-size:12px;margin-top:30px}
"""


def _num(v: Any) -> float | None:
    try:
        return None if v is None else float(v)
    except (TypeError, ValueError):
        return None


def sparkline(label: str, points: list[tuple[str, float | None]], width: int = 230,
              height: int = 80) -> str:
    """An inline SVG line chart of one metric over audits (labels are audit days)."""
    vals = [v for _, v in points if v is not None]
    pad_l, pad_r, pad_t, pad_b = 34, 8, 8, 18
    w, h = width - pad_l - pad_r, height - pad_t - pad_b
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'role="img" aria-label="{escape(label)}">']
    parts.append(f'<line x1="{pad_l}" y1="{pad_t + h}" x2="{pad_l + w}" y2="{pad_t + h}" '
                 'stroke="#d0d5dd"/>')
    if not vals:
        parts.append(f'<text x="{pad_l}" y="{pad_t + h / 2}" font-size="11" fill="#667085">'
                     'no data</text></svg>')
        return "".join(parts)
    lo, hi = min(vals), max(vals)
    if hi == lo:
        lo, hi = lo - 1, hi + 1
    n = len(points)

    def xy(i: int, v: float) -> tuple[float, float]:
        x = pad_l + (w * i / (n - 1) if n > 1 else w / 2)
        y = pad_t + h - (v - lo) / (hi - lo) * h
        return round(x, 1), round(y, 1)

    coords = [xy(i, v) for i, (_, v) in enumerate(points) if v is not None]
    if len(coords) > 1:
        d = " ".join(f"{x},{y}" for x, y in coords)
        parts.append(f'<polyline points="{d}" fill="none" stroke="#175cd3" stroke-width="2"/>')
    for (x, y), (day, v) in zip(coords, [p for p in points if p[1] is not None], strict=True):
        parts.append(f'<circle cx="{x}" cy="{y}" r="3" fill="#175cd3"><title>{escape(day)}: '
                     f'{escape(fmt(v))}</title></circle>')
    parts.append(f'<text x="{pad_l - 4}" y="{pad_t + 8}" font-size="10" text-anchor="end" '
                 f'fill="#475467">{escape(fmt(hi if len(set(vals)) > 1 else vals[0]))}</text>')
    if len(set(vals)) > 1:
        parts.append(f'<text x="{pad_l - 4}" y="{pad_t + h}" font-size="10" text-anchor="end" '
                     f'fill="#475467">{escape(fmt(lo))}</text>')
    parts.append(f'<text x="{pad_l}" y="{height - 4}" font-size="10" fill="#475467">'
                 f'{escape(points[0][0])}</text>')
    if n > 1:
        parts.append(f'<text x="{pad_l + w}" y="{height - 4}" font-size="10" text-anchor="end" '
                     f'fill="#475467">{escape(points[-1][0])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _finding_html(f: dict[str, Any], namer: Any) -> str:
    color = COLORS[f["severity"]]
    trend = f'<span class="trend">{escape(f["trend"])}</span>' if f.get("trend") else ""
    ev = "; ".join(f"<code>{escape(k)}</code> {escape(fmt(v))}" for k, v in f["evidence"].items())
    units = ", ".join(escape(namer.unit(u)) for u in f["units"])
    people = ", ".join(escape(p) for p in f["people"])
    rows = [
        f'<div class="finding" style="border-left-color:{color}">',
        f'<h4><span class="sev" style="background:{color}">{escape(f["severity"])}</span>'
        f'{escape(f["title"])}{trend}</h4>',
        f'<p><b>Action:</b> {escape(f["action"])}</p>',
    ]
    if people:
        rows.append(f"<p class=\"ev\"><b>People:</b> {people}</p>")
    if units:
        rows.append(f"<p class=\"ev\"><b>Units:</b> {units}</p>")
    rows.append(f'<p class="ev"><b>Evidence:</b> {ev}</p>')
    rows.append(f'<p class="ev">id <code>{escape(f["id"])}</code></p></div>')
    return "\n".join(rows)


def render_html(audit: AuditResult, maps_dir: Path | None = None) -> str:
    """The report as one HTML document (no scripts, no external resources)."""
    doc = findings_document(audit)
    namer = audit.namer
    lines = summary_lines(audit)
    body: list[str] = [
        "<h1>Relationship audit</h1>",
        f'<p class="sub">{escape(lines[0])}</p>',
        '<div class="cards">',
    ]
    for sev in SEVERITY_ORDER:
        body.append(f'<div class="card" style="border-top:4px solid {COLORS[sev]}">'
                    f'<b>{doc["counts"][sev]}</b><span>{sev}</span></div>')
    if audit.trends:
        t = audit.trends
        for status in ("new", "resolved", "worse", "better"):
            body.append(f'<div class="card"><b>{t.count(status)}</b><span>{status}</span></div>')
    body.append("</div>")
    if audit.trends is None:
        body.append(f'<p class="sub">{escape(lines[2])}</p>')
    else:
        body.append(f'<p class="sub">New, resolved, worse and better: against audit '
                    f'{escape(audit.trends.baseline_id)} (window ending '
                    f'{escape(day_label(audit.trends.baseline_as_of))}); positive findings '
                    "(info) count among the new ones.</p>")
    if namer.pseudonymize:
        body.append('<p class="sub">People are pseudonymized.</p>')

    body.append("<h2>Headline metrics over audits</h2><div class=\"charts\">")
    for key in CHART_METRICS:
        label = HEADLINES[key][0]
        pts = [(day_label(a.as_of), _num(a.metrics.get(key))) for a in audit.history]
        body.append(f'<div class="chart"><h3>{escape(label)}</h3>{sparkline(label, pts)}</div>')
    body.append("</div>")

    body.append("<h2>Findings</h2>")
    if not doc["findings"]:
        body.append("<p>No findings.</p>")
    for f in doc["findings"]:
        body.append(_finding_html(f, namer))
    body.append("<h2>Headline metrics</h2><table><tr><th>metric</th><th>previous</th>"
                "<th>now</th><th>change</th></tr>")
    before = audit.baseline.metrics if audit.baseline else {}
    directions = {m.metric: m.direction for m in audit.trends.metrics} if audit.trends else {}
    for key, (label, _hb) in HEADLINES.items():
        d = directions.get(key, "")
        cls = d if d in ("better", "worse") else ""
        body.append(f"<tr><td>{escape(label)}</td><td class=\"n\">{escape(fmt(before.get(key)))}"
                    f"</td><td class=\"n\">{escape(fmt(audit.payload.metrics.get(key)))}</td>"
                    f"<td class=\"{cls}\">{escape(d)}</td></tr>")
    body.append("</table>")

    if doc.get("resolved"):
        body.append("<h2>Resolved since the baseline</h2><ul>")
        body += [f"<li>{escape(r['title'])} (was {escape(str(r['previous_severity']))})</li>"
                 for r in doc["resolved"]]
        body.append("</ul>")

    body.append("<h2>Maps</h2>")
    if audit.maps and maps_dir is not None:
        body.append("<ul>")
        for m in audit.maps:
            rel = m.relative_to(maps_dir) if m.is_relative_to(maps_dir) else m
            body.append(f'<li><a href="{escape(rel.as_posix())}">{escape(m.stem)} map</a> '
                        "(interactive, opens offline)</li>")
        body.append("</ul>")
    else:
        body.append("<p>No maps were written with this audit (run <code>relgraph map</code>).</p>")
    body.append(f"<footer>relgraph audit {escape(audit.id)}; configuration "
                f"{escape(audit.payload.config_hash)}. Thresholds: relgraph config show. "
                "Rules: docs/audit.md.</footer>")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; img-src data:\">"
        f"<title>Relationship audit {escape(day_label(audit.payload.as_of))}</title>"
        f"<style>{CSS}</style></head><body><main>\n" + "\n".join(body) + "\n</main></body></html>\n"
    )
