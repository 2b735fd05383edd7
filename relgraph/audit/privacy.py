"""Privacy for audit outputs: pseudonyms and a minimum group size for unit figures.

* ``--pseudonymize`` replaces every person id and name in every output with a
  pseudonym ``person-XXXXXXXXXXXX`` (:func:`relgraph.pseudonyms.pseudonym`: a hash of
  the id keyed with the store's own secret, so stable across the audits of one store
  and trends still match, while nobody without the store can recompute it from a
  list of ids; see :mod:`relgraph.pseudonyms` for the key and its overrides). Titles
  are dropped.
* Unit-level figures (E-I, headcount, ties) of units with fewer than
  ``min_group_size`` people are replaced by ``"suppressed"``, so that a figure can
  not be traced back to one or two people.

Finding texts hold ``{p:ID}`` / ``{u:ID}`` placeholders; :class:`Namer` resolves them.
"""

from __future__ import annotations

import re
from typing import Any

from relgraph.analysis.result import AnalysisResult
from relgraph.pseudonyms import pseudonym

_PLACEHOLDER = re.compile(r"\{([pu]):([^{}\s]+)\}")
SUPPRESSED = "suppressed"


class Namer:
    """Resolves person and unit references for output, applying the privacy options."""

    def __init__(
        self,
        result: AnalysisResult | None,
        *,
        pseudonymize: bool = False,
        salt: str = "",
        min_group_size: int = 0,
        unit_names: dict[str, str] | None = None,
    ) -> None:
        self.pseudonymize = pseudonymize
        self.salt = salt
        self.min_group_size = min_group_size
        self.names: dict[str, str] = {}
        self.units: dict[str, str] = dict(unit_names or {})
        self.headcount: dict[str, int] = {}
        if result is not None:
            for p in result.people:
                self.names[p.id] = p.name
            for u in result.units:
                self.units.setdefault(u.id, u.name)
                self.headcount[u.id] = u.headcount

    def person_id(self, pid: str) -> str:
        return pseudonym(pid, self.salt) if self.pseudonymize else pid

    def person(self, pid: str) -> str:
        """Display name: ``Name (id)``, or the pseudonym."""
        if self.pseudonymize:
            return pseudonym(pid, self.salt)
        name = self.names.get(pid)
        return f"{name} ({pid})" if name else pid

    def unit(self, uid: str) -> str:
        return self.units.get(uid, uid)

    def text(self, text: str) -> str:
        """Resolve ``{p:ID}`` and ``{u:ID}`` placeholders."""
        def sub(m: re.Match[str]) -> str:
            return self.person(m.group(2)) if m.group(1) == "p" else self.unit(m.group(2))

        return _PLACEHOLDER.sub(sub, text)

    def small(self, uid: str) -> bool:
        """Whether a unit is below the minimum group size (its figures are suppressed)."""
        n = self.headcount.get(uid)
        return bool(self.min_group_size) and n is not None and n < self.min_group_size

    def value(self, v: Any) -> Any:
        """Pseudonymize person ids inside an evidence value."""
        if not self.pseudonymize:
            return v
        if isinstance(v, str) and v in self.names:
            return self.person_id(v)
        if isinstance(v, list):
            return [self.value(x) for x in v]
        if isinstance(v, str):
            return self.text(v) if "{" in v else _replace_names(v, self)
        return v


def _replace_names(text: str, namer: Namer) -> str:
    """Replace literal names and ids in free text (e.g. an analysis explanation)."""
    for pid, name in namer.names.items():
        if name and name in text:
            text = text.replace(name, namer.person_id(pid))
    for pid in sorted(namer.names, key=len, reverse=True):
        if pid in text:
            text = re.sub(rf"(?<![\w-]){re.escape(pid)}(?![\w-])", namer.person_id(pid), text)
    return text
