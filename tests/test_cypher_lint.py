"""Every cypher/*.cypher file passes Neo4j's own parser and semantic analyser.

The linter is ``.ci/cypher-lint/lint.cjs`` (``lintCypherQuery`` from the npm package
``@neo4j-cypher/language-support``, pinned in ``.ci/cypher-lint/package.json``). CI installs
it with ``npm ci --prefix .ci/cypher-lint``; if ``node_modules`` is missing this test runs
``npm ci`` itself once. Skipped only when Node.js/npm are not installed.

One node process lints the real files and the deliberately broken ones together (loading
the analyser takes several seconds).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_DIR = ROOT / ".ci" / "cypher-lint"
CYPHER_DIR = ROOT / "cypher"

BROKEN = {
    # name: (query, a fragment of the diagnostic Neo4j's analyser must report)
    "syntax": ("// @param rows LIST\nUNWIND $rows AS row\nRETUR row\n", "Invalid input 'RETUR'"),
    "semantic": ("// @param rows LIST\nUNWIND $rows AS row\nRETURN nope\n", "Variable `nope` not defined"),
    "undeclared_param": ("UNWIND $rows AS row\nRETURN row\n", "Parameter $rows is not defined"),
    "unknown_function": ("RETURN expp(1.0) AS x\n", "Function expp is not present"),
    "misspelt_label": ("MATCH (p:Perosn) RETURN p.id AS id\n", "Label Perosn is not present"),
}
GOOD = "// @param rows LIST<MAP>\nUNWIND $rows AS row\nMERGE (p:Person {id: row.id})\nRETURN count(p) AS n\n"


def _node_ready() -> None:
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("Node.js/npm not installed: cannot run Neo4j's Cypher linter")
    if not (LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        proc = subprocess.run(
            ["npm", "ci", "--prefix", str(LINT_DIR), "--no-audit", "--no-fund", "--loglevel=error"],
            capture_output=True, text=True, timeout=600,
        )
        assert proc.returncode == 0, f"npm ci failed:\n{proc.stderr[-2000:]}"


@pytest.fixture(scope="module")
def lint_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    _node_ready()
    tmp = tmp_path_factory.mktemp("cypher-bad")
    files = sorted(str(p) for p in CYPHER_DIR.glob("*.cypher"))
    for name, (query, _) in BROKEN.items():
        (tmp / f"{name}.cypher").write_text(query)
        files.append(str(tmp / f"{name}.cypher"))
    (tmp / "good.cypher").write_text(GOOD)
    files.append(str(tmp / "good.cypher"))
    proc = subprocess.run(
        ["node", str(LINT_DIR / "lint.cjs"), "--json", *files],
        capture_output=True, text=True, timeout=300, cwd=LINT_DIR,
    )
    assert proc.returncode in (0, 1), proc.stderr
    report = {Path(r["file"]).name if Path(r["file"]).parent == CYPHER_DIR else "tmp:" + Path(r["file"]).stem: r
              for r in json.loads(proc.stdout)}
    report["__returncode__"] = {"rc": proc.returncode}
    return report


def test_there_are_cypher_files() -> None:
    names = {p.stem for p in CYPHER_DIR.glob("*.cypher")}
    # the queries Neo4jStore loads by name
    assert {"schema", "add_edges", "ties", "edges_page", "upsert_units", "upsert_people"} <= names


def test_every_cypher_file_is_clean(lint_report: dict[str, dict]) -> None:
    problems = {
        name: r["diagnostics"] for name, r in lint_report.items()
        if name.endswith(".cypher") and r["diagnostics"]
    }
    assert problems == {}
    linted = {n for n in lint_report if n.endswith(".cypher")}
    assert linted == {p.name for p in CYPHER_DIR.glob("*.cypher")}


def test_declared_parameters_reach_the_linter(lint_report: dict[str, dict]) -> None:
    # ties.cypher declares five parameters in its header; the linter must have seen them all
    # (otherwise it would report "Parameter $... is not defined").
    assert sorted(lint_report["ties.cypher"]["parameters"]) == [
        "as_of", "channel_weights", "end", "rate", "start"]
    assert lint_report["add_edges.cypher"]["parameters"] == ["rows"]


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_query_fails(lint_report: dict[str, dict], name: str) -> None:
    messages = [d["message"] for d in lint_report[f"tmp:{name}"]["diagnostics"]]
    assert any(BROKEN[name][1] in m for m in messages), messages


def test_good_control_query_passes_and_run_fails_overall(lint_report: dict[str, dict]) -> None:
    assert lint_report["tmp:good"]["diagnostics"] == []
    # broken files were part of the run, so the linter's exit code must be 1 (CI fails)
    assert lint_report["__returncode__"]["rc"] == 1
