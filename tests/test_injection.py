"""Issue 11, item 5: text outputs cannot be injected into.

The hand-built small org (tests/data/small_org) is rewritten with hostile ids and
names: a person id that would close a Markdown code span and open a link, one that
would open raw HTML, a unit name with line breaks and table pipes, a unit id that
is a spreadsheet formula and a person name carrying terminal escape sequences. Then
the real commands run and their outputs are inspected as their readers see them:
``report.md`` rendered by markdown-it-py (CommonMark + GFM tables), ``metrics.csv``
as a spreadsheet reads it, the terminal output as a terminal receives it.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt

from relgraph.cli import main

ORG = Path(__file__).resolve().parent / "data" / "small_org"
LINK_ID = "bt2`[Click-to-verify](https://evil.example/login)`"
HTML_ID = "bt`<img/src=x/onerror=alert(1)>`"
FORMULA_UNIT = '=HYPERLINK("https://evil.example","x")'
TABLE_NAME = "Fin\nance | <img src=x onerror=alert(1)> [verify](https://evil.example)"
TERM_NAME = "\x1b]0;pwned\x07Ada \x1b[2J\x1b[31mChief\x9b2J"
RENAME = {"cfo": LINK_ID, "coo": HTML_ID}


def _rewrite(src: Path, dst: Path) -> Path:
    dst.mkdir()

    def rows(name: str) -> list[dict[str, str]]:
        with open(src / name, newline="", encoding="utf-8") as f:
            return list(csv.DictReader(f))

    def write(name: str, data: list[dict[str, str]]) -> None:
        with open(dst / name, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=list(data[0]))
            w.writeheader()
            w.writerows(data)

    units = rows("units.csv")
    for u in units:
        if u["id"] == "fin":
            u["name"] = TABLE_NAME
        for k in ("id", "parent"):
            if u[k] == "ops":
                u[k] = FORMULA_UNIT
    people = rows("people.csv")
    for p in people:
        p["id"] = RENAME.get(p["id"], p["id"])
        if p["unit"] == "ops":
            p["unit"] = FORMULA_UNIT
        if p["id"] == "ceo":
            p["name"] = TERM_NAME
    inter = rows("interactions.csv")
    for i in inter:
        i["source"] = RENAME.get(i["source"], i["source"])
        i["targets"] = ";".join(RENAME.get(t, t) for t in i["targets"].split(";"))
    write("units.csv", units)
    write("people.csv", people)
    write("interactions.csv", inter)
    return dst


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    org = _rewrite(ORG, root / "org")
    db = root / "org.db"
    r = CliRunner().invoke(main, ["--store", str(db), "ingest", str(org)])
    assert r.exit_code == 0, r.output
    out = root / "audit"
    r = CliRunner().invoke(main, ["--store", str(db), "audit", "--out", str(out),
                                  "--fail-on", "never", "--min-group-size", "0"])
    assert r.exit_code == 0, r.output
    return db, out, r.output


def test_report_md_renders_no_link_image_or_html_from_user_data(hostile):
    _, out, _ = hostile
    text = (out / "report.md").read_text(encoding="utf-8")
    # the payloads are in the report (as text), so the test would see them if live
    assert "Click-to-verify" in text and "onerror" in text and "evil.example" in text
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    for tok in tokens:
        assert tok.type not in ("html_block", "html_inline"), tok
        for child in tok.children or []:
            assert child.type not in ("image", "html_inline"), child
            if child.type == "link_open":  # only the report's own links to its maps
                href = child.attrGet("href")
                assert href.startswith("maps/") and href.endswith(".html"), href
    # every table row keeps its cells: no line break or pipe from a name splits a row
    for line in text.splitlines():
        if line.startswith("| "):
            assert line.count(" | ") == 3, line


def test_metrics_csv_has_no_formula_cell(hostile):
    _, out, _ = hostile
    with open(out / "metrics.csv", newline="", encoding="utf-8") as f:
        cells = [c for row in csv.reader(f) for c in row]
    assert any(FORMULA_UNIT in c for c in cells)  # the unit is there...
    for c in cells:  # ...as text: no cell starts a formula (numbers may be negative)
        assert c[:1] not in ("=", "+", "-", "@") or _is_number(c), c


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_terminal_output_has_no_control_characters(hostile):
    db, _, audit_output = hostile
    outputs = [audit_output]
    for args in (["analyze", "--section", "people", "--top", "0"],
                 ["analyze", "--section", "people", "--format", "csv"],
                 ["analyze", "--section", "people", "--format", "json"],
                 ["audit", "--no-save", "--fail-on", "never", "--min-group-size", "0"],
                 ["audit", "--no-save", "--fail-on", "never", "--format", "csv"],
                 ["audit", "--no-save", "--fail-on", "never", "--format", "json"]):
        r = CliRunner().invoke(main, ["--store", str(db), *args])
        assert r.exit_code == 0, r.output
        outputs.append(r.output)
    joined = "\n".join(outputs)
    assert "Ada" in joined and "Chief" in joined
    bad = [c for c in joined if not (c.isprintable() or c in "\n")]
    assert bad == []
    # the CSV and JSON keep the person's data readable (without the escapes)
    people = json.loads(outputs[3])
    assert any(p["name"] == TERM_NAME for p in people)  # JSON escapes, it does not drop
    rows = list(csv.DictReader(io.StringIO(outputs[2])))
    assert any(r["name"] == "Ada Chief" for r in rows)
