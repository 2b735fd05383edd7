"""The relationship plan's section of the audit reports (HTML and Markdown).

Renders the plan review computed by :mod:`relgraph.plan.review` (coverage of each
planned relationship, unowned key stakeholders, Mendelow's grid) or, without a plan,
the proposed owners. Nothing is computed here; names go through the audit's
:class:`~relgraph.audit.privacy.Namer` (pseudonyms when asked) and every text is escaped.
"""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from typing import TYPE_CHECKING, Any

from relgraph.audit.privacy import SUPPRESSED
from relgraph.charts.stakeholder_grid import GridDot, stakeholder_grid_chart

if TYPE_CHECKING:
    from relgraph.audit.run import AuditResult


def _e(x: object) -> str:
    return escape(str(x), quote=True)


def _day(at: int | None) -> str:
    return "-" if at is None else datetime.fromtimestamp(at, tz=UTC).strftime("%Y-%m-%d")


def _who(audit: AuditResult, kind: str, sid: str) -> str:
    return audit.namer.unit(sid) if kind == "unit" else audit.namer.person(sid)


def coverage_table(audit: AuditResult) -> tuple[list[str], list[list[str]]]:
    """Header and rows (plain text) of the coverage table."""
    rv = audit.plan.review
    head = ["stakeholder", "owner", "cadence", "periods met", "last contact",
            "strength (trend)", "owner initiates", "strongest other IT tie"]
    rows = []
    for r in rv.coverage:
        met = "-" if r.periods is None else f"{r.periods_met} of {r.periods}"
        share = "-" if r.owner_share is None else f"{100 * r.owner_share:.0f}%"
        small = r.stakeholder_kind == "unit" and audit.namer.small(r.stakeholder)
        holder = "-" if r.holder is None else audit.namer.person(r.holder) + (
            "" if small else f" ({r.holder_strength:.1f})")
        if not r.holding:
            holder += ": holds it, not the owner"
        rows.append([_who(audit, r.stakeholder_kind, r.stakeholder), audit.namer.person(r.owner),
                     r.cadence, met + ("" if r.cadence_met is not False else " (missed)"),
                     _day(r.last_contact), _not_shown(audit) if small else f"{r.strength:.1f} ({r.trend})",
                     share, holder])
    return head, rows


def _intro(audit: AuditResult, ref: str) -> str:
    paths = audit.plan.review.introductions.get(ref) or []
    if not paths:
        return "-"
    p = paths[0]
    names = [audit.namer.person(x) for x in p.people]
    return " > ".join(names) + f" (weakest tie {p.weakest:.1f})"


def _summary(audit: AuditResult) -> str:
    rv = audit.plan.review
    owners = len({r.owner for r in rv.coverage})
    missed = sum(1 for r in rv.coverage if r.cadence_met is False)
    held = sum(1 for r in rv.coverage if not r.holding)
    who = f"Owner's view of {audit.namer.person(rv.owner)}: " if rv.owner else ""
    return (f"{who}plan {rv.plan_id} ({len(rv.coverage)} planned relationships, {owners} "
            f"owner(s)): {missed} missed their cadence, {held} held by someone other than the "
            f"owner" + ("" if rv.owner else f", {len(rv.unowned)} key stakeholder(s) without an owner")
            + ".")


def _not_shown(audit: AuditResult) -> str:
    return f"not shown: fewer than {audit.namer.min_group_size} people"


def _small(audit: AuditResult, p: Any) -> bool:
    """A unit stakeholder with fewer than the minimum group size of people."""
    return p.kind == "unit" and audit.namer.small(p.id)


def _dots(audit: AuditResult) -> list[GridDot]:
    """The grid's dots; units under the minimum group size are left out (see :func:`_grid_note`)."""
    return [GridDot(label=_who(audit, p.kind, p.id), power=p.power, interest=p.interest,
                    engagement=p.engagement, weak=p.weak_engagement)
            for p in audit.plan.review.grid if not _small(audit, p)]


def _why(audit: AuditResult, p: Any) -> str:
    """A proposal's reason; a small unit's tie strengths are not shown."""
    if audit.namer.pseudonymize:
        return ""
    if p.stakeholder_kind == "unit" and audit.namer.small(p.stakeholder):
        return "proposed; figures " + _not_shown(audit)
    return audit.namer.text(p.notes)


def _grid_note(audit: AuditResult) -> str:
    small = sorted(_who(audit, p.kind, p.id) for p in audit.plan.review.grid if _small(audit, p))
    if not small:
        return ""
    return (f" Not shown: {len(small)} unit{'s' if len(small) != 1 else ''} with fewer than "
            f"{audit.namer.min_group_size} people ({', '.join(small)}).")


def plan_html(audit: AuditResult) -> str | None:
    """The ``plan`` section of report.html (None when the audit made no plan review)."""
    ctx = getattr(audit, "plan", None)
    if ctx is None:
        return None
    rv = ctx.review
    out = ['<section id="plan"><h2>Relationship plan</h2>']
    if rv.plan_id:
        out.append(f'<p class="sub">{_e(_summary(audit))}</p>')
        head, rows = coverage_table(audit)
        out.append("<table><tr>" + "".join(f"<th>{_e(h)}</th>" for h in head) + "</tr>")
        for r in rows:
            out.append("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in r) + "</tr>")
        out.append("</table>")
        if rv.unowned:
            out.append("<h3>Key stakeholders without an owner</h3><table><tr><th>stakeholder</th>"
                       "<th>role</th><th>best placed to own it (path)</th></tr>")
            for s in rv.unowned:
                out.append(f"<tr><td>{_e(_who(audit, s.kind, s.id))}</td><td>{_e(s.role)}</td>"
                           f"<td>{_e(_intro(audit, s.ref))}</td></tr>")
            out.append("</table>")
    else:
        out.append('<p class="sub">No relationship plan is stored. The owners below are '
                   "proposed from who holds each relationship today (<code>relgraph plan propose "
                   "&gt; plan.csv</code>, edit it, then <code>relgraph plan import plan.csv</code>).</p>")
        out.append("<table><tr><th>stakeholder</th><th>proposed owner</th><th>cadence</th>"
                   "<th>why</th></tr>")
        for p in rv.proposal:
            out.append(f"<tr><td>{_e(_who(audit, p.stakeholder_kind, p.stakeholder))}</td>"
                       f"<td>{_e(audit.namer.person(p.owner))}</td><td>{_e(p.cadence)}</td>"
                       f"<td>{_e(_why(audit, p))}</td></tr>")
        out.append("</table>")
    if rv.grid:
        high = audit.config.plan.grid_high
        out.append('<div class="figure"><h3>Stakeholder grid (Mendelow)</h3>'
                   + stakeholder_grid_chart("Stakeholder grid: power, interest and IT engagement",
                                            _dots(audit), high=high)
                   + "<p>Power from the plan where declared, otherwise from position (level and "
                   "PageRank); interest from the plan (undeclared: low). Red = weak IT "
                   "engagement; dot area = tie strength with IT. Mendelow (1991)."
                   + _e(_grid_note(audit)) + "</p></div>")
    out.append("</section>")
    return "\n".join(out)


def _md(text: Any) -> str:
    from relgraph.audit.report_md import md

    return md(text)


def plan_markdown(audit: AuditResult) -> list[str]:
    """The ``plan`` section of report.md (empty when the audit made no plan review)."""
    ctx = getattr(audit, "plan", None)
    if ctx is None:
        return []
    rv = ctx.review
    out = ["## Relationship plan", ""]
    if rv.plan_id:
        out += [_md(_summary(audit)), ""]
        head, rows = coverage_table(audit)
        out.append("| " + " | ".join(head) + " |")
        out.append("|" + "---|" * len(head))
        out += ["| " + " | ".join(_md(c) for c in r) + " |" for r in rows]
        out.append("")
        if rv.unowned:
            out += ["Key stakeholders without an owner:", ""]
            out += [f"- {_md(_who(audit, s.kind, s.id))} ({_md(s.role)}): best placed "
                    f"{_md(_intro(audit, s.ref))}" for s in rv.unowned]
            out.append("")
    else:
        out += ["No relationship plan is stored. Proposed owners (from who holds each "
                "relationship today; `relgraph plan propose > plan.csv`, edit, then "
                "`relgraph plan import plan.csv`):", ""]
        out += [f"- {_md(_who(audit, p.stakeholder_kind, p.stakeholder))}: "
                f"{_md(audit.namer.person(p.owner))}, every {_md(p.cadence)}" for p in rv.proposal]
        out.append("")
    close = [p for p in rv.grid if p.quadrant == "manage closely"]
    if close:
        out += ["Stakeholders to manage closely (Mendelow 1991):", ""]
        out += [f"- {_md(_who(audit, p.kind, p.id))}: "
                + (f"figures not shown (fewer than {audit.namer.min_group_size} people)"
                   if _small(audit, p) else
                   f"power {p.power:.1f}, interest {p.interest:.1f}, IT engagement "
                   f"{p.engagement:.1f}" + (" (weak)" if p.weak_engagement else ""))
                for p in close]
        out.append("")
    return out


def plan_document(audit: AuditResult) -> dict[str, Any] | None:
    """The ``plan`` block of findings.json: coverage, unowned stakeholders, grid, proposal.

    Person ids go through the namer (pseudonyms with ``--pseudonymize``); figures are
    rounded to 3 decimals; no timestamps other than last contacts (days).
    """
    ctx = getattr(audit, "plan", None)
    if ctx is None:
        return None
    rv, n = ctx.review, audit.namer

    def pid(x: str | None) -> str | None:
        return None if x is None else n.person_id(x)

    def sref(kind: str, sid: str) -> str:
        return f"unit:{sid}" if kind == "unit" else n.person_id(sid)

    def r3(v: float | None) -> float | None:
        return None if v is None else round(float(v), 3)

    def hide(r: Any, v: float | None) -> float | str | None:  # a small unit's figures
        return SUPPRESSED if r.stakeholder_kind == "unit" and n.small(r.stakeholder) else v

    return {
        "id": rv.plan_id, "owner": pid(rv.owner),
        "coverage": [{
            "stakeholder": sref(r.stakeholder_kind, r.stakeholder), "owner": pid(r.owner),
            "cadence": r.cadence, "strength": hide(r, r3(r.strength)),
            "previous_strength": hide(r, r3(r.previous_strength)), "trend": r.trend,
            "contacts": r.contacts, "last_contact": _day(r.last_contact) if r.last_contact else None,
            "periods": r.periods, "periods_met": r.periods_met, "cadence_met": r.cadence_met,
            "owner_share": r3(r.owner_share), "holder": pid(r.holder),
            "holder_strength": hide(r, r3(r.holder_strength)), "holding": r.holding,
        } for r in rv.coverage],
        "unowned": [{"stakeholder": sref(s.kind, s.id), "role": s.role} for s in rv.unowned],
        "grid": [{"stakeholder": sref(p.kind, p.id), "quadrant": p.quadrant,
                  "power": SUPPRESSED if _small(audit, p) else r3(p.power),
                  "power_source": p.power_source, "interest": r3(p.interest),
                  "interest_source": p.interest_source,
                  "engagement": SUPPRESSED if _small(audit, p) else r3(p.engagement),
                  "weak_engagement": p.weak_engagement} for p in rv.grid],
        "proposal": [{"stakeholder": sref(e.stakeholder_kind, e.stakeholder),
                      "owner": pid(e.owner), "cadence": e.cadence} for e in rv.proposal],
    }
