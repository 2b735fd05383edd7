"""An owner's view of an audit: the same report restricted to one owner's planned relationships.

For a relationship manager's monthly review (``relgraph audit --owner PERSON``): the
coverage rows, grid points and introduction paths of the owner's relationships, and
the findings that involve the owner, one of their stakeholders or a stakeholder's
people (or units). Headline metrics stay organisation-wide. An owner's view is never
saved as an audit.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from relgraph.audit.plan_findings import in_scope, owner_scope
from relgraph.errors import UsageError

if TYPE_CHECKING:
    from relgraph.audit.run import AuditResult


def restrict_to_owner(audit: AuditResult, owner: str) -> AuditResult:
    """A copy of ``audit`` restricted to ``owner``'s planned relationships.

    Raises
    ------
    UsageError
        When there is no plan, or ``owner`` owns nothing in it.
    """
    ctx = audit.plan
    plan = getattr(ctx, "plan", None)
    if ctx is None or plan is None:
        raise UsageError("--owner needs a relationship plan: import one with 'relgraph plan import'")
    if not any(e.owner == owner for e in plan.entries):
        owners = sorted({e.owner for e in plan.entries})
        shown = ", ".join(owners[:8]) + (" ..." if len(owners) > 8 else "")
        raise UsageError(f"{owner!r} owns no relationship in plan {plan.id} (owners: {shown})")
    people, units = owner_scope(ctx, owner)
    rv = ctx.review
    rows = [r for r in rv.coverage if r.owner == owner]
    refs = {(f"unit:{r.stakeholder}" if r.stakeholder_kind == "unit" else r.stakeholder) for r in rows}
    ids = {r.stakeholder for r in rows}
    review = rv.model_copy(update={
        "owner": owner, "coverage": rows, "unowned": [],
        "owners": [o for o in rv.owners if o.owner == owner],
        "grid": [g for g in rv.grid if g.id in ids],
        "introductions": {k: v for k, v in rv.introductions.items() if k in refs},
    })
    new_ctx = copy.copy(ctx)
    new_ctx.review = review
    findings = [f for f in audit.payload.findings if in_scope(f, people, units)]
    payload = audit.payload.model_copy(update={"findings": findings})
    trends = audit.trends
    if trends is not None:
        keep = {f.id for f in findings}
        if audit.baseline is not None:
            keep |= {f.id for f in audit.baseline.findings if in_scope(f, people, units)}
        trends = trends.model_copy(update={"findings": [t for t in trends.findings if t.id in keep]})
    out = copy.copy(audit)
    out.payload, out.trends, out.plan = payload, trends, new_ctx
    out.withheld = [f for f in audit.withheld if in_scope(f, people, units)]
    out.history = [*audit.history[:-1], payload] if audit.history else [payload]
    return out
