"""Duplicate identities: an id with no tie whose name another id with ties has.

Real exports hold one person under two ids (an old and a new mailbox: Enron's
``kenneth.lay@`` and ``klay@``). The id without ties looks isolated, an artefact of the
identities. The small organisation built here has one executive and one director each
recorded twice (the second id carries all their ties), one isolated director with no
namesake and two isolated executives who share a name with each other only: the audit
withholds the first two and says so in the Data quality section, reports the director
and reports the two executives' ids as one finding (tests/test_namesakes_merge.py).
An isolated executive whose name only a member of another unit has is two people, not
one: reported. An id in no unit (``unassigned``) may be anyone of its name.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from relgraph.audit import run_audit
from relgraph.audit.export import write_outputs
from relgraph.config import RelgraphConfig
from relgraph.models import Person, Unit
from relgraph.store.base import EdgeRow
from relgraph.store.sqlite import SQLiteStore

DAY = 86400
T0 = int(datetime(2026, 3, 2, 9, tzinfo=UTC).timestamp())
UNITS = [("exec", "Executive Office", "business"), ("ops", "Operations", "business"),
         ("it", "IT", "it"), ("unassigned", "Unassigned", "business")]
PEOPLE = [  # id, name, unit, level
    ("ceo", "Ann Lee", "exec", "executive"), ("ann.lee", "Ann Lee", "exec", "executive"),
    ("cfo", "Raj Kumar", "exec", "executive"),
    ("cio", "Mo Diaz", "it", "executive"), ("it1", "Tess Wu", "it", "staff"),
    ("it2", "Ola Berg", "it", "staff"),
    ("opsdir", "Bo Chan", "ops", "director"), ("b.chan", "Bo Chan", "ops", "director"),
    ("o1", "Kim Roe", "ops", "staff"), ("o2", "Lu Ito", "ops", "staff"),
    ("lonedir", "Cy Dorn", "ops", "director"),                  # isolated, no namesake
    ("coo", "Eve Tran", "exec", "executive"), ("coo2", "Eve Tran", "exec", "executive"),
    ("cso", "Kim Roe", "exec", "executive"),     # isolated; o1 (ops) shares the name only
    ("t.wu", "Tess Wu", "unassigned", "staff"),  # it1's chat handle, placed nowhere
]
PAIRS = [("ann.lee", "cfo"), ("ann.lee", "cio"), ("cfo", "cio"), ("cio", "it1"), ("it1", "it2"),
         ("b.chan", "o1"), ("o1", "o2"), ("b.chan", "it1"), ("ann.lee", "b.chan"), ("cfo", "o2")]


def _store() -> SQLiteStore:
    s = SQLiteStore(":memory:")
    with s.transaction():
        s.upsert_units([Unit(id=u, name=n, kind=k) for u, n, k in UNITS])
        s.upsert_people([Person(id=p, name=n, unit=u, level=lv) for p, n, u, lv in PEOPLE])
        edges = [(a, b, T0 + d * DAY) for d in range(60) for a, b in PAIRS]
        s.add_edges([EdgeRow(f"i{i}", a, b, at, "meeting", 1.0, None)
                     for i, (a, b, at) in enumerate(edges)])
    return s


def test_no_tie_findings_of_namesakes_are_withheld_and_listed(tmp_path):
    a = run_audit(_store(), RelgraphConfig(), save=False)
    q = a.analysis.data_quality
    assert q.namesakes == {"ceo": ["ann.lee"], "opsdir": ["b.chan"], "t.wu": ["it1"]}
    ids = {f.id for f in a.findings}
    # withheld: their ties are recorded under their other id
    assert "disconnected-executive:ceo" not in ids and "isolated-stakeholder:opsdir" not in ids
    assert {f.id for f in a.withheld} == {"disconnected-executive:ceo", "isolated-stakeholder:opsdir"}
    # still reported: no namesake, or a namesake with no tie either; the two tie-less ids
    # of Eve Tran (one unit) are one finding listing both (relgraph.audit.namesakes)
    assert "isolated-stakeholder:lonedir" in ids
    # Kim Roe the executive is not Kim Roe of operations: reported, and counted in the check
    assert "disconnected-executive:cso" in ids
    assert "disconnected-executive:coo" in ids and "disconnected-executive:coo2" not in ids
    eve = next(f for f in a.findings if f.id == "disconnected-executive:coo")
    assert eve.people == ["coo", "coo2"] and eve.evidence["ids"] == ["coo", "coo2"]
    check = next(c for c in q.checks if c.id == "inactive-namesakes")
    assert check.level == "warning" and "aliases" in (check.suggestion or "")
    assert check.figures["other_units"] == [["cso", "o1"]]
    write_outputs(a, tmp_path)
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    dq = md[md.index("## Data quality"):]
    assert "Findings withheld" in dq and "Ann Lee (ceo)" in dq and "Bo Chan (opsdir)" in dq
    assert "`aliases`" in dq and "ann.lee" in dq
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Findings withheld" in html
    doc = json.loads((tmp_path / "findings.json").read_text(encoding="utf-8"))
    assert {w["id"] for w in doc["data_quality"]["withheld"]} == {
        "disconnected-executive:ceo", "isolated-stakeholder:opsdir"}


def test_withheld_findings_are_pseudonymised(tmp_path):
    a = run_audit(_store(), RelgraphConfig(), save=False, pseudonymize=True)
    write_outputs(a, tmp_path)
    for name in ("report.md", "report.html", "findings.json"):
        text = (tmp_path / name).read_text(encoding="utf-8")
        for secret in ("Ann Lee", "Bo Chan", '"ceo"', "ann.lee", "opsdir", "b.chan"):
            assert secret not in text, (name, secret)


def test_html_suggestion_shows_code_not_backticks():
    """The data-quality suggestion's `aliases` is a <code> element in the HTML report, not
    literal backticks (the text is escaped first)."""
    from relgraph.audit.report_quality import _code_spans

    assert _code_spans("list it in the `aliases` column &amp; `x&lt;y`") == (
        "list it in the <code>aliases</code> column &amp; <code>x&lt;y</code>")
    assert _code_spans("no code here") == "no code here"
