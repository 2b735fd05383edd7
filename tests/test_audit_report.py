"""report.html / report.md / findings.json / metrics.csv written by ``write_outputs``.

The browser test opens report.html in headless Chromium with the network off
(tests/browser.py) and checks it renders with no request, console error or dialog.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from browser import chromium_path, load_page
from test_audit_fixtures import AS_OF, DAY, make_result

from relgraph.analysis.result import UnitPair
from relgraph.audit import build_audit
from relgraph.audit.briefing import build_briefing
from relgraph.audit.export import write_outputs
from relgraph.audit.report_html import render_html
from relgraph.audit.report_md import render_markdown
from relgraph.charts import matrix_chart, trend_chart
from relgraph.charts.svg import BAD, GOOD
from relgraph.config import RelgraphConfig


@pytest.fixture()
def two_audits(tmp_path):
    cfg = RelgraphConfig()
    first = build_audit(make_result(), cfg)
    second = build_audit(make_result(data_ei=0.2, data_to_business=6, as_of=AS_OF + 30 * DAY),
                         cfg, history=[first.payload])
    out = tmp_path / "audit"
    write_outputs(second, out)
    return second, out


def test_outputs_are_written(two_audits):
    audit, out = two_audits
    names = sorted(p.name for p in audit.outputs if p.parent == out)
    assert names == ["findings.json", "metrics.csv", "report.html", "report.md"]
    doc = json.loads((out / "findings.json").read_text())
    assert doc["audit"]["baseline"] == audit.baseline.id
    assert [f["id"] for f in doc["findings"]] == [f.id for f in audit.findings]
    assert {r["id"] for r in doc["resolved"]} == {"siloed-unit:it-data"}
    rows = list(csv.DictReader(io.StringIO((out / "metrics.csv").read_text())))
    siloed = next(r for r in rows if r["scope"] == "audit" and r["metric"] == "siloed_units")
    assert (siloed["previous"], siloed["value"]) == ("2", "1")  # it-data + bu-ops -> bu-ops
    md = (out / "report.md").read_text()
    assert "## Resolved since the last audit" in md and "Siloed unit: Data" in md


def test_report_html_is_self_contained(two_audits):
    _, out = two_audits
    html = (out / "report.html").read_text()
    assert "<script" not in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html
    assert html.count('class="trend"') == 8  # one chart per headline metric in CHART_METRICS


def test_trend_chart_is_honest():
    # a share 0.443 -> 0.451 on a 0..100% axis moves 0.008 * 64 px (plot height 96-14-18) = 0.5 px
    svg = trend_chart("share", [("2026-09-30", 0.443), ("2026-10-31", 0.451)],
                      higher_is_better=True, percent=True)
    ys = [float(y) for y in re.findall(r'<circle cx="[\d.]+" cy="([\d.]+)"', svg)]
    assert len(ys) == 2 and abs(ys[0] - ys[1]) < 1.0
    assert ">0%<" in svg and ">100%<" in svg and ">44%<" in svg and ">45%<" in svg
    assert f'stroke="{GOOD}" stroke-width="2.5" class="last"' in svg   # rising and good: green
    down = trend_chart("silos", [("a", 3), ("b", 5)], higher_is_better=False)
    assert f'stroke="{BAD}"' in down and ">0<" in down                 # counts: axis from 0
    one = trend_chart("m", [("2026-09-30", 0.25)], percent=True)
    assert "<circle" not in one and "first audit" in one and ">25%<" in one
    assert "no data" in trend_chart("m", [("2026-09-30", None)])


def grouped_audit(**kw):
    """make_result plus two more IT-business pairs each carried by one person.

    Fragile bridges (person): coo (bu-ops - it-apps, in the fixture), ana (bu-fin - it-data)
    and dir-sc (bu-ops - it-data): three medium findings of one kind -> one group. (Not the
    ceo on exec - it-data: exec is a unit of one, so the ceo holds that pair by
    construction and it is no finding; see docs/audit.md.)
    """
    extra = [UnitPair(unit_a="bu-fin", unit_b="it-data", ties=1, strength=6.0, people_a=1,
                      people_b=1, top_person="ana", top_person_share=1.0, single_points=["ana"]),
             UnitPair(unit_a="bu-ops", unit_b="it-data", ties=1, strength=6.0, people_a=1,
                      people_b=1, top_person="dir-sc", top_person_share=1.0,
                      single_points=["dir-sc"])]
    return build_audit(make_result(extra_pairs=extra), RelgraphConfig(), **kw)


def test_executive_summary_names_the_top_actions_in_impact_order():
    b = build_briefing(grouped_audit())
    # high findings, impact = kind weight x (0.5 + 0.5 x magnitude), see relgraph.audit.briefing:
    # cmo 1.0 x (0.5 + 0.5 x 0.85) = 0.925; vendor v-cloud 0.9 x 1.0 = 0.9;
    # cfo-cio decay 0.95 x (0.5 + 0.5 x 0.8) = 0.855; it-data silo 0.85 x 1.0 = 0.85
    high = [i.id for i in b.items if i.severity == "high"]
    assert high == ["disconnected-executive:cmo", "fragile-bridge:v-cloud",
                    "decaying-relationship:cfo:cio", "siloed-unit:it-data"]
    assert [a.id for a in b.actions][:4] == high
    assert "Dee Brand" in b.actions[0].action and "(cmo)" not in b.actions[0].action
    assert b.changes[0].startswith("This audit found") and "first audit" in b.changes[1]
    html = render_html(grouped_audit())
    summary = html[html.index('id="summary"'):html.index('id="findings"')]
    assert '<a href="#f-disconnected-executive-cmo">Assign a named IT relationship owner' in summary
    assert 'id="f-disconnected-executive-cmo"' in html


def test_similar_findings_are_grouped():
    b = build_briefing(grouped_audit())
    groups = [g for g in b.groups if g.grouped]
    assert [(g.kind, len(g.items)) for g in groups] == [("fragile-bridge", 3)]
    assert groups[0].title == "3 people each alone hold IT-business unit connections"
    html = render_html(grouped_audit())
    assert html.count('<div class="group"') == 1 and "<summary>Show all 3</summary>" in html
    md = render_markdown(grouped_audit())
    assert "### MEDIUM: 3 people each alone hold IT-business unit connections" in md


def test_evidence_is_sentences_without_raw_data(two_audits):
    audit, out = two_audits
    html, md = (out / "report.html").read_text(), (out / "report.md").read_text()
    for text in (html, md):
        assert "{'" not in text and "strength_after" not in text and "ties_to_it" not in text
        assert "\\_" not in text                       # plain text: no escaped underscores
    # the cfo-cio tie: 20.0 -> 4.0, a drop of 80%, as a sentence with names and titles
    assert ("The tie between Ben Money (Chief Financial Officer) and Cy Tech (Chief Information "
            "Officer) fell from strength 20 in the previous window to 4.00 now, down 80%.") in md
    assert "Dee Brand, Chief Marketing Officer, had no interaction with anyone in IT" in md
    assert "- drop: 80%" in md


def test_findings_carry_age_and_trend(two_audits):
    audit, out = two_audits
    b = build_briefing(audit)
    item = {i.id: i for i in b.items}
    # first audit ends 2026-10-31, second 2026-11-30: the cmo finding is open since 2026-10
    assert item["disconnected-executive:cmo"].since == "2026-10"
    assert item["disconnected-executive:cmo"].trend == "unchanged"
    assert "open since 2026-10" in (out / "report.html").read_text()
    assert b.changes[1].startswith("Since the audit of 2026-10-31, problems went from ")


def test_heatmap_and_leaders_grid_hold_the_analysis_figures():
    b = build_briefing(build_audit(make_result(), RelgraphConfig(), min_group_size=5))
    hm = b.heatmap
    # IT rows: it-apps (6 people), it-data (4 < 5: combined); business columns: bu-fin, bu-ops
    # (6 each), exec (1 < 5: combined). unit_pairs: bu-fin - it-apps 12.0, bu-ops - it-apps 14.0;
    # the combined row (4 people) and column (1 person) are still under 5: not shown (None)
    assert hm.rows == ["Business Applications", "1 IT unit with fewer than 5 people"]
    assert hm.cols == ["Finance", "Operations", "1 business unit with fewer than 5 people"]
    assert hm.values == [[12.0, 14.0, None], [None, None, None]]
    lead = b.leaders
    # C-suite outside IT: ceo, cfo, cmo, coo; IT leaders: cio (executive), dir-apps (director);
    # the one tie among them: cfo - cio, strength 4.0
    assert lead.cols[0].startswith("Cy Tech") and lead.cols[1].startswith("Fay Apps")
    row = next(i for i, r in enumerate(lead.rows) if r.startswith("Ben Money"))
    assert lead.values[row] == [4.0, 0.0]
    assert sum(v for r in lead.values for v in r) == 4.0
    svg = matrix_chart("m", hm.rows, hm.cols, hm.values)
    assert svg.count("<rect") == 6 and ">12<" in svg and ">14<" in svg and 'fill="#eaecf0"' in svg


def test_print_stylesheet_and_title(tmp_path):
    cfg = RelgraphConfig.model_validate({"report": {"organisation": "Acme <Components>"}})
    a = build_audit(make_result(), cfg)
    assert a.id == build_audit(make_result(), RelgraphConfig()).id  # presentation: same audit id
    html = render_html(a)
    assert "@media print" in html and "@page" in html and "details-content" in html
    assert "<h1>Acme &lt;Components&gt;: relationship audit</h1>" in html
    assert "Period 2026-08-03 to 2026-10-31" in html
    assert render_markdown(a).startswith("# Acme \\<Components\\>: relationship audit")


@pytest.mark.browser
@pytest.mark.skipif(chromium_path() is None, reason="no chromium binary found")
def test_report_html_renders_offline_in_chromium(two_audits):
    audit, out = two_audits
    page = load_page(out / "report.html", screenshot=True,
                     evaluate={"findings": "document.querySelectorAll('.finding').length",
                               "charts": "document.querySelectorAll('.chart svg').length",
                               "groups": "document.querySelectorAll('.group').length"})
    assert page.ready
    assert page.requests == [] and page.console_errors == [] and page.alerts == []
    assert page.values["findings"] == len(audit.findings)  # grouped ones are inside <details>
    assert page.values["charts"] == 8
    assert page.screenshot and page.screenshot[:4] == b"\x89PNG"


def test_privacy_applies_to_every_written_file_including_maps(tmp_path):
    audit = build_audit(make_result(), RelgraphConfig(), pseudonymize=True)
    write_outputs(audit, tmp_path)
    files = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    assert any(p.parent.name == "maps" for p in files)  # the maps were written too
    for p in files:
        text = p.read_text(encoding="utf-8")
        for name in ("Dee Brand", "Hal Cloud", "Gus Supply", "Chief Marketing Officer"):
            assert name not in text, (p.name, name)


def test_figures_of_any_finding_read_as_words():
    """Lists and ids in evidence (e.g. the plan's introduction paths) become names, not reprs."""
    from relgraph.audit.evidence import Describer
    from relgraph.audit.findings import Finding
    from relgraph.audit.privacy import Namer

    result = make_result()
    f = Finding(id="unowned-stakeholder:cmo", kind="unowned-stakeholder", severity="high",
                title="Unowned stakeholder: {p:cmo}", people=["cmo"], action="-",
                evidence={"paths": ["cio > cfo (weakest 4.00)"], "people": ["cmo", "coo"],
                          "best_placed": "cio", "planned": 3})
    d = Describer(result, Namer(result))
    rows = dict(d.figures(f))
    assert rows["introduction paths (weakest tie)"] == "Cy Tech → Ben Money (weakest 4.00)"
    assert rows["people"] == "Dee Brand, Eve Ops" and rows["best placed"] == "Cy Tech"
    assert rows["planned relationships"] == "3"
    assert d.sentence(f) == "Unowned stakeholder: Dee Brand"      # no sentence rule: the title
