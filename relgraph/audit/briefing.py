"""What the audit report says, before it is rendered: the briefing of one audit.

:func:`build_briefing` arranges an :class:`~relgraph.audit.run.AuditResult` for a
reader: an executive summary (what changed, the top actions), findings ordered by
impact within each severity and similar findings grouped, each with its age ("open
since") and trend, and the figures the report's pictures draw (the IT x business
tie-strength matrix, the executives x IT leaders grid, the unit map, ego diagrams).
Everything is looked up in the analysis and the audit history; no metric is
computed. The HTML and Markdown renderers only format a :class:`Briefing`.

Impact (order within a severity) is a heuristic of this project: a weight per kind
(how much the relationship at stake matters to a CIO: an executive's or a key tie's
loss first, a vendor known by one person next, ...) times ``0.5 + 0.5 * m`` where
``m`` in [0, 1] is the finding's own magnitude (disconnection score, share of
strength lost, share of interaction one-sided, ...). See :data:`KIND_WEIGHT`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from relgraph.audit.evidence import Describer, pct
from relgraph.audit.export import finding_id
from relgraph.audit.findings import Finding
from relgraph.audit.history import HEADLINES, day_label

if TYPE_CHECKING:
    from relgraph.audit.run import AuditResult

SEVERITY_ORDER = ("high", "medium", "low", "info")
KIND_WEIGHT: dict[str, float] = {
    "disconnected-executive": 1.0,
    "decaying-relationship": 0.95,
    "fragile-bridge:vendor": 0.9,
    "siloed-unit": 0.85,
    "one-sided-relationship": 0.7,
    "overloaded-broker": 0.65,
    "fragile-bridge": 0.6,
    "isolated-stakeholder": 0.5,
    "new-bridge": 0.4,
    "silo-opened": 0.4,
}
GROUP_MIN = 3
"""Three or more findings of one kind and severity are shown as one expandable group."""

GROUP_TITLES: dict[str, str] = {
    "disconnected-executive": "{n} executives are disconnected",
    "decaying-relationship": "{n} key relationships lost most of their strength",
    "fragile-bridge:vendor": "{n} vendors are known by one or two people only",
    "fragile-bridge": "{n} people each alone hold IT-business unit connections",
    "siloed-unit": "{n} units are siloed",
    "one-sided-relationship": "{n} leader relationships are initiated from one side only",
    "overloaded-broker": "{n} people broker far more than the median person",
    "isolated-stakeholder": "{n} directors and managers had no recorded interaction",
    "new-bridge": "{n} unit pairs are newly connected",
    "silo-opened": "{n} siloed units opened up",
}
RATE_METRICS = ("it_business_strength_share", "cross_unit_share", "mean_unit_ei",
                "active_people", "disconnected_executives", "siloed_units")


def kind_key(f: Finding) -> str:
    """The finding's kind, with vendor fragile bridges told apart from person ones."""
    if f.kind == "fragile-bridge" and "org_contacts" in f.evidence:
        return "fragile-bridge:vendor"
    return f.kind


def magnitude(f: Finding) -> float:
    """The finding's own size in [0, 1] (see the module docstring)."""
    e = f.evidence
    k = kind_key(f)
    val: Any = 0.5
    if k == "disconnected-executive":
        val = 1.0 if e.get("isolated") else e.get("score", 0.5)
    elif k == "decaying-relationship":
        val = e.get("drop", 0.5)
    elif k == "fragile-bridge:vendor":
        val = 1.0 / max(1, int(e.get("org_contacts", 1)))
    elif k == "fragile-bridge":
        val = min(1.0, len(e.get("pairs", [])) / 8)
    elif k == "siloed-unit":
        ei = e.get("ei_index")
        val = (1 - ei) / 2 if isinstance(ei, int | float) else 0.5
    elif k == "one-sided-relationship":
        val = e.get("initiator_share", 0.5)
    elif k == "overloaded-broker":
        r = float(e.get("ratio", 1.0) or 1.0)
        val = r / (r + 5.0)
    elif k == "isolated-stakeholder":
        val = 1.0 if e.get("level") in ("executive", "director") else 0.5
    elif k == "new-bridge":
        val = min(1.0, float(e.get("ties", 0)) / 10)
    try:
        return max(0.0, min(1.0, float(val)))
    except (TypeError, ValueError):
        return 0.5


def impact(f: Finding) -> float:
    """Kind weight x (0.5 + 0.5 x magnitude): orders findings within a severity."""
    return round(KIND_WEIGHT.get(kind_key(f), 0.5) * (0.5 + 0.5 * magnitude(f)), 6)


@dataclass
class Item:
    """One finding as the report shows it (names resolved, privacy applied)."""

    id: str
    anchor: str
    kind: str
    severity: str
    positive: bool
    title: str
    action: str
    sentence: str
    figures: list[tuple[str, str]]
    impact: float
    trend: str | None = None
    since: str | None = None
    people: list[str] = field(default_factory=list)
    subject: str | None = None
    """The name (or pseudonym) of the person the finding is about."""
    ego: dict[str, Any] | None = None


@dataclass
class Group:
    """Findings of one kind and severity: one card when there are :data:`GROUP_MIN` or more."""

    title: str
    severity: str
    kind: str
    items: list[Item]

    @property
    def grouped(self) -> bool:
        return len(self.items) >= GROUP_MIN


@dataclass
class Matrix:
    """Row and column labels and values of a heatmap (``None``: not shown)."""

    title: str
    rows: list[str]
    cols: list[str]
    values: list[list[float | None]]
    note: str = ""


@dataclass
class Briefing:
    organisation: str
    title: str
    period: str
    changes: list[str]
    actions: list[Item]
    groups: list[Group]
    counts: dict[str, int]
    heatmap: Matrix | None = None
    leaders: Matrix | None = None
    unit_map: dict[str, Any] | None = None
    metrics: list[dict[str, Any]] = field(default_factory=list)
    sections: dict[str, Any] = field(default_factory=dict)

    @property
    def items(self) -> list[Item]:
        return [i for g in self.groups for i in g.items]


def _month(as_of: int) -> str:
    return day_label(as_of)[:7]


def open_since(audit: AuditResult) -> dict[str, str]:
    """Finding id -> month of the first audit of its unbroken run up to this one."""
    since: dict[str, str] = {}
    history = audit.history
    for f in audit.findings:
        first = history[-1].as_of if history else audit.payload.as_of
        for past in reversed(history[:-1]):
            if any(x.id == f.id for x in past.findings):
                first = past.as_of
            else:
                break
        since[f.id] = _month(first)
    return since


def metric_text(key: str, v: Any) -> str:
    """A headline metric value as a reader expects it (shares as percentages)."""
    if v is None:
        return "-"
    if key.endswith("_share"):
        return pct(float(v))
    if key in ("mean_unit_ei", "mean_executive_score"):
        return f"{float(v):.2f}"
    return f"{int(v):,}" if float(v).is_integer() else f"{float(v):,.2f}"


def _changes(audit: AuditResult, counts: dict[str, int]) -> list[str]:
    problems = counts["high"] + counts["medium"] + counts["low"]
    out = [f"This audit found {problems} problem{'s' if problems != 1 else ''} "
           f"({counts['high']} high, {counts['medium']} medium, {counts['low']} low) and "
           f"{counts['info']} positive development{'s' if counts['info'] != 1 else ''}."]
    t = audit.trends
    if t is None or audit.baseline is None:
        out.append("This is the first audit: every finding is new, and the next audit will show "
                   "what changed.")
    else:
        pos = {f.id for f in audit.findings if f.positive} | {
            f.id for f in audit.baseline.findings if f.positive}
        st = [x for x in t.findings if x.id not in pos]
        c = {s: sum(1 for x in st if x.status == s) for s in
             ("new", "resolved", "worse", "better", "unchanged")}
        before = sum(1 for f in audit.baseline.findings if not f.positive)
        out.append(
            f"Since the audit of {day_label(t.baseline_as_of)}, problems went from {before} to "
            f"{problems}: {c['new']} new and {c['resolved']} resolved; of the "
            f"{c['worse'] + c['better'] + c['unchanged']} still open, {c['worse']} got worse and "
            f"{c['better']} improved.")
        moved = []
        for m in t.metrics:
            if m.metric not in RATE_METRICS or m.before is None or m.after is None:
                continue
            if m.direction not in ("better", "worse"):
                continue
            base = abs(float(m.before)) or 1.0
            moved.append((abs(float(m.after) - float(m.before)) / base, m))
        moved.sort(key=lambda x: (-x[0], x[1].metric))
        for _rel, m in moved[:2]:
            verb = "rose" if float(m.after) > float(m.before) else "fell"
            lab = HEADLINES[m.metric][0]
            lab = lab if lab.startswith(("share", "mean")) else "number of " + lab
            out.append(f"The {lab} {verb} from "
                       f"{metric_text(m.metric, m.before)} to {metric_text(m.metric, m.after)} "
                       f"({'good' if m.direction == 'better' else 'bad'}).")
    return out[:5]


def _ego(audit: AuditResult, pid: str) -> dict[str, Any]:
    kind = {p.id: p.unit_kind for p in audit.analysis.people}
    contacts = []
    ties = audit.analysis.ties  # models only for the person's own ties
    for t in ties.take(ties.any_isin(("source", "target"), (pid,))):
        if t.source == pid:
            contacts.append((kind.get(t.target, "other"), t.strength))
        elif t.target == pid:
            contacts.append((kind.get(t.source, "other"), t.strength))
    return {"centre_kind": kind.get(pid, "business"), "contacts": contacts}


EGO_KINDS = ("disconnected-executive", "isolated-stakeholder", "overloaded-broker")


def _heatmap(audit: AuditResult, max_cols: int = 18, max_rows: int = 14) -> Matrix | None:
    namer = audit.namer
    units = {u.id: u for u in audit.analysis.units}
    it = [u for u in audit.analysis.units if u.kind == "it"]
    biz = [u for u in audit.analysis.units if u.kind == "business"]
    if not it or not biz:
        return None
    strength: dict[tuple[str, str], float] = defaultdict(float)
    for p in audit.analysis.unit_pairs:
        strength[(p.unit_a, p.unit_b)] += p.strength
        strength[(p.unit_b, p.unit_a)] += p.strength

    def groups(us: list, limit: int, word: str) -> list[tuple[str, list[str]]]:
        big = sorted([u for u in us if not namer.small(u.id)], key=lambda u: (-u.headcount, u.id))
        small = [u.id for u in us if namer.small(u.id)]
        shown, rest = big[:limit], [u.id for u in big[limit:]]
        out = [(namer.unit(u.id), [u.id]) for u in sorted(shown, key=lambda u: namer.unit(u.id))]
        if rest:
            out.append((f"{len(rest)} other {word} units", rest))
        if small:
            out.append((f"{len(small)} {word} unit{'s' if len(small) != 1 else ''} with fewer "
                        f"than {namer.min_group_size} people", small))
        return out

    rows, cols = groups(it, max_rows, "IT"), groups(biz, max_cols, "business")

    def shown(ids: list[str]) -> bool:  # the small units' row or column: only if N together
        return not all(namer.small(u) for u in ids) or (
            sum(units[u].headcount for u in ids) >= namer.min_group_size)

    values: list[list[float | None]] = [
        [round(sum(strength.get((a, b), 0.0) for a in ra for b in cb), 2)
         if shown(ra) and shown(cb) else None for _, cb in cols] for _, ra in rows]
    return Matrix(title="Tie strength between IT units (rows) and business units (columns)",
                  rows=[r for r, _ in rows], cols=[c for c, _ in cols], values=values,
                  note="Summed recency-weighted tie strength between the two units' people; "
                       "0 = nobody in the two units interacted in the window. Units with fewer than "
                       "the minimum group size of people are combined into one row or column, "
                       "grey (not shown) while they count fewer than that many people together.")


def _leaders(audit: AuditResult, limit: int = 12) -> Matrix | None:
    cfg, namer = audit.config, audit.namer
    people = audit.analysis.people
    execs = [p for p in people if p.unit_kind != "it" and cfg.is_csuite(p.id, p.level, p.unit_kind)]
    leaders = [p for p in people if cfg.is_it_leader(p.id, p.level, p.unit_kind)]
    if not execs or not leaders:
        return None
    lvl = {"executive": 0, "director": 1}
    leaders = sorted(leaders, key=lambda p: (lvl.get(p.level, 2), -p.strength, p.id))[:limit]
    execs = sorted(execs, key=lambda p: (-p.strength, p.id))[:limit]
    ids = {p.id for p in execs} | {p.id for p in leaders}
    s: dict[tuple[str, str], float] = {}
    ties = audit.analysis.ties  # models only for the ties among them
    for t in ties.take(ties.isin("source", ids) & ties.isin("target", ids)):
        s[(t.source, t.target)] = s[(t.target, t.source)] = t.strength

    def name(p: Any) -> str:
        if namer.pseudonymize:
            return namer.person_id(p.id)
        return f"{p.name} ({p.title})" if p.title else p.name

    return Matrix(title="Executives (rows) and IT leaders (columns): tie strength",
                  rows=[name(p) for p in execs], cols=[name(p) for p in leaders],
                  values=[[round(s.get((e.id, it.id), 0.0), 1) for it in leaders] for e in execs],
                  note="0 = the two had no recorded interaction in the window.")


def _unit_map(audit: AuditResult) -> dict[str, Any]:
    namer = audit.namer
    flagged = {u for f in audit.findings if not f.positive for u in f.units}
    siloed = {u for f in audit.findings if f.kind == "siloed-unit" for u in f.units}
    # a disc's size is a headcount and a line's width a strength: small units are not drawn
    small = [u for u in audit.analysis.units if u.headcount > 0 and namer.small(u.id)]
    units = [{"id": u.id, "name": namer.unit(u.id), "kind": u.kind, "headcount": u.headcount,
              "silo": u.id in siloed, "finding": u.id in flagged}
             for u in audit.analysis.units if u.headcount > 0 and not namer.small(u.id)]
    drawn = {u["id"] for u in units}
    links = [{"a": p.unit_a, "b": p.unit_b, "strength": p.strength, "fragile": bool(p.single_points)}
             for p in audit.analysis.unit_pairs
             if p.unit_a != p.unit_b and p.unit_a in drawn and p.unit_b in drawn]
    note = (f"Not shown: {len(small)} unit{'s' if len(small) != 1 else ''} with fewer than "
            f"{namer.min_group_size} people ({', '.join(sorted(namer.unit(u.id) for u in small))})."
            if small else "")
    return {"units": units, "links": links, "seed": audit.analysis.meta.seed, "note": note}


def build_briefing(audit: AuditResult) -> Briefing:
    """Arrange one audit for the report (see the module docstring)."""
    namer = audit.namer
    describe = Describer(audit.analysis, namer)
    status = {t.id: t.status for t in audit.trends.findings} if audit.trends else {}
    since = open_since(audit)
    counts = {s: 0 for s in SEVERITY_ORDER}
    items: list[tuple[Finding, Item]] = []
    for f in audit.findings:
        counts[f.severity.value] += 1
        fid = finding_id(f.id, namer)
        item = Item(
            id=fid, anchor="f-" + "".join(c if c.isalnum() else "-" for c in fid), kind=f.kind,
            severity=f.severity.value, positive=f.positive,
            title=_title(f, namer), action=_text(f.action, namer), sentence=describe.sentence(f),
            figures=describe.figures(f), impact=impact(f),
            trend=status.get(f.id, "new") if audit.trends else None, since=since.get(f.id),
            people=[describe.name(p) for p in f.people],
            subject=describe.name(f.subject) if f.subject else None,
            ego=_ego(audit, f.subject) if f.kind in EGO_KINDS and f.subject else None,
        )
        items.append((f, item))
    groups: list[Group] = []
    for sev in SEVERITY_ORDER:
        by_kind: dict[str, list[Item]] = defaultdict(list)
        for f, it in items:
            if it.severity == sev:
                by_kind[kind_key(f)].append(it)
        pending = []
        for k, its in by_kind.items():
            its.sort(key=lambda i: (-i.impact, i.id))
            if len(its) >= GROUP_MIN:
                pending.append(Group(GROUP_TITLES.get(k, "{n} findings").format(n=len(its)),
                                     sev, k, its))
            else:
                pending += [Group(i.title, sev, k, [i]) for i in its]
        pending.sort(key=lambda g: (-g.items[0].impact, g.items[0].id))
        groups += pending
    problems = [g.items[0] for g in groups if not g.items[0].positive]
    actions = [i for i in problems if i.severity in ("high", "medium")][:5] or problems[:3]
    org = audit.config.report.organisation.strip()
    p = audit.payload
    start = day_label(p.start + 86400) if p.start is not None else "the beginning"
    period = f"{start} to {day_label(p.end)}"
    title = f"{org}: relationship audit" if org else "Relationship audit"
    metrics = []
    before = audit.baseline.metrics if audit.baseline else {}
    directions = {m.metric: m.direction for m in audit.trends.metrics} if audit.trends else {}
    for key, (lab, better) in HEADLINES.items():
        metrics.append({"key": key, "label": lab, "higher_is_better": better,
                        "before": metric_text(key, before.get(key)) if audit.baseline else "",
                        "now": metric_text(key, p.metrics.get(key)),
                        "direction": directions.get(key, "")})
    return Briefing(organisation=org, title=title, period=period,
                    changes=_changes(audit, counts), actions=actions, groups=groups, counts=counts,
                    heatmap=_heatmap(audit), leaders=_leaders(audit), unit_map=_unit_map(audit),
                    metrics=metrics)


def _text(text: str, namer: Any) -> str:
    """A finding text with names only (pseudonyms when enabled)."""
    return namer.text(text) if namer.pseudonymize else _names_only(text, namer)


def _title(f: Finding, namer: Any) -> str:
    """The finding's one-line title, names resolved; unit figures hidden for small units."""
    from relgraph.audit.export import UNIT_LEVEL_KINDS

    title = f.title
    if f.kind in UNIT_LEVEL_KINDS and any(namer.small(u) for u in f.units):
        title = title.split(" (", 1)[0]
    # "Name (id)" reads badly in a report: names only (ids stay in the figures and the JSON)
    if not namer.pseudonymize:
        return _names_only(title, namer)
    return namer.text(title)


def _names_only(text: str, namer: Any) -> str:
    import re

    def sub(m: re.Match[str]) -> str:
        kind, ident = m.group(1), m.group(2)
        return namer.names.get(ident, ident) if kind == "p" else namer.unit(ident)

    return re.sub(r"\{([pu]):([^{}\s]+)\}", sub, text)
