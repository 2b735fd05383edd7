"""Load the Cypher queries shipped in the ``relgraph.cypher`` package.

Every query relgraph sends to Neo4j lives in a ``cypher/<name>.cypher`` file
(installed as the package ``relgraph.cypher``) and is read at run time with
:func:`importlib.resources.files`, so the installed wheel, not the source tree,
is what runs. A file declares its parameters in header comments::

    // @param rows LIST<MAP>  {id, name, kind, parent}

The same declarations feed the CI linter (``.ci/cypher-lint/lint.cjs``) and
:meth:`CypherQuery.params`, which refuses to run a query with a missing or an
undeclared parameter. Values only ever travel as driver parameters; no query is
built from strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from relgraph.errors import StoreError

PACKAGE = "relgraph.cypher"
_PARAM = re.compile(r"^\s*//\s*@param\s+([A-Za-z_][A-Za-z0-9_]*)", re.M)
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class CypherQuery:
    """One query file: its name, its text and the parameters it declares."""

    name: str
    text: str
    parameters: frozenset[str]

    def statements(self) -> list[str]:
        """The file's statements: split at lines that end with ``;`` (for schema files).

        Whole-line ``//`` comments are dropped.
        """
        out: list[str] = []
        cur: list[str] = []
        for line in self.text.splitlines():
            cur.append(line)
            if line.rstrip().endswith(";"):
                out.append("\n".join(cur).rstrip().rstrip(";"))
                cur = []
        if cur:
            out.append("\n".join(cur))
        return [_strip_comment_lines(s) for s in out if _has_code(s)]

    def params(self, **values: Any) -> dict[str, Any]:
        """The parameter map for this query; exactly the declared names must be given."""
        given = set(values)
        missing = self.parameters - given
        extra = given - self.parameters
        if missing or extra:
            parts = []
            if missing:
                parts.append("missing " + ", ".join(sorted("$" + m for m in missing)))
            if extra:
                parts.append("undeclared " + ", ".join(sorted("$" + e for e in extra)))
            raise StoreError(f"query {self.name!r}: " + "; ".join(parts))
        return dict(values)


def _strip_comment_lines(chunk: str) -> str:
    return "\n".join(ln for ln in chunk.splitlines() if not ln.strip().startswith("//")).strip()


def _has_code(chunk: str) -> bool:
    return any(ln.strip() and not ln.strip().startswith("//") for ln in chunk.splitlines())


@cache
def load_query(name: str) -> CypherQuery:
    """The query ``cypher/<name>.cypher`` from the installed ``relgraph.cypher`` package.

    Raises
    ------
    StoreError
        When no such query file is installed.
    """
    if not _NAME.match(name):
        raise StoreError(f"invalid query name {name!r}")
    res = resources.files(PACKAGE).joinpath(f"{name}.cypher")
    try:
        text = res.read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as e:
        raise StoreError(f"query file {name}.cypher is missing from the relgraph installation") from e
    return CypherQuery(name=name, text=text, parameters=frozenset(_PARAM.findall(text)))


def query_names() -> list[str]:
    """Names of every installed query file, sorted."""
    root = resources.files(PACKAGE)
    return sorted(
        p.name[: -len(".cypher")] for p in root.iterdir() if p.name.endswith(".cypher")
    )


def query_location() -> str:
    """Where the query files are loaded from (for diagnostics and the packaging test)."""
    return str(resources.files(PACKAGE))
