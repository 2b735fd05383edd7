"""The built wheel carries every subpackage and the Cypher queries, and the queries load
from the installed wheel (not from the source tree).

The wheel is built from a copy of the project in a temporary directory (so no build
artefacts land in the checkout) with ``python -m build --wheel`` (isolated build: pip
fetches setuptools from PyPI the first time), then unzipped; a separate Python process with
only the unzipped wheel ahead of site-packages imports relgraph and loads the queries.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _source_packages() -> set[str]:
    """Every package in the source tree: relgraph/**/__init__.py, plus cypher/ as relgraph.cypher."""
    pkgs = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "relgraph").rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    if (ROOT / "cypher" / "__init__.py").exists():
        pkgs.add("relgraph.cypher")
    return pkgs


@pytest.fixture(scope="module")
def wheel_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in ("relgraph", "cypher"):
        shutil.copytree(ROOT / name, src / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, src / name)
    out = tmp / "dist"
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(src)],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, f"wheel build failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    (whl,) = out.glob("relgraph-*.whl")
    unpacked = tmp / "site"
    with zipfile.ZipFile(whl) as z:
        z.extractall(unpacked)
    return unpacked


def test_pyproject_lists_every_subpackage() -> None:
    conf = tomllib.loads((ROOT / "pyproject.toml").read_text())
    listed = set(conf["tool"]["setuptools"]["packages"])
    assert _source_packages() - listed == set(), "add new subpackages to pyproject's packages list"


def test_wheel_contains_every_subpackage(wheel_dir: Path) -> None:
    missing = [p for p in sorted(_source_packages())
               if not (wheel_dir / Path(*p.split(".")) / "__init__.py").is_file()]
    assert missing == []


def test_wheel_contains_every_cypher_file(wheel_dir: Path) -> None:
    shipped = {p.name for p in (wheel_dir / "relgraph" / "cypher").glob("*.cypher")}
    assert shipped == {p.name for p in (ROOT / "cypher").glob("*.cypher")}
    assert shipped  # there are queries at all
    assert (wheel_dir / "relgraph" / "cypher" / "README.md").is_file()


def test_queries_load_from_the_installed_wheel(wheel_dir: Path, tmp_path: Path) -> None:
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]);"
        "import relgraph; from relgraph.store import cypher_loader as c;"
        "q = c.load_query('ties'); s = c.load_query('schema');"
        "print(json.dumps({'relgraph': relgraph.__file__, 'where': c.query_location(),"
        " 'names': c.query_names(), 'ties': q.text, 'params': sorted(q.parameters),"
        " 'schema_statements': len(s.statements())}))"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(wheel_dir)], capture_output=True,
                          text=True, timeout=120, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)
    assert Path(got["relgraph"]).is_relative_to(wheel_dir)
    assert Path(got["where"]).is_relative_to(wheel_dir)
    assert not Path(got["where"]).is_relative_to(ROOT)
    assert got["names"] == sorted(p.stem for p in (ROOT / "cypher").glob("*.cypher"))
    assert got["ties"] == (ROOT / "cypher" / "ties.cypher").read_text()
    assert got["params"] == ["as_of", "channel_weights", "end", "rate", "start"]
    assert got["schema_statements"] == 10  # 6 constraints + 4 indexes in schema.cypher
