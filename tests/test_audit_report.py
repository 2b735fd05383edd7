"""report.html / report.md / findings.json / metrics.csv written by ``write_outputs``.

The browser test opens report.html in headless Chromium with the network off
(tests/browser.py) and checks it renders with no request, console error or dialog.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from browser import chromium_path, load_page
from test_audit_fixtures import AS_OF, DAY, make_result

from relgraph.audit import build_audit
from relgraph.audit.export import write_outputs
from relgraph.audit.report_html import sparkline
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
    assert "## Resolved since the baseline" in md and "Siloed unit: Data" in md


def test_report_html_is_self_contained(two_audits):
    _, out = two_audits
    html = (out / "report.html").read_text()
    assert "<script" not in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html
    assert html.count("<svg") == 8  # one chart per headline metric in CHART_METRICS


def test_sparkline_scales_points_to_the_box():
    # values 0 and 10 over 2 audits: first point at the bottom-left, last at the top-right of
    # the plot area (x 34..222, y 8..62 for the default 230 x 80 box and paddings 34/8/8/18)
    svg = sparkline("m", [("2026-09-30", 0.0), ("2026-10-31", 10.0)])
    assert '<polyline points="34.0,62.0 222.0,8.0"' in svg
    assert "no data" in sparkline("m", [("2026-09-30", None)])


@pytest.mark.browser
@pytest.mark.skipif(chromium_path() is None, reason="no chromium binary found")
def test_report_html_renders_offline_in_chromium(two_audits):
    audit, out = two_audits
    page = load_page(out / "report.html", screenshot=True,
                     evaluate={"findings": "document.querySelectorAll('.finding').length",
                               "charts": "document.querySelectorAll('.chart svg').length"})
    assert page.ready
    assert page.requests == [] and page.console_errors == [] and page.alerts == []
    assert page.values["findings"] == len(audit.findings)
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
