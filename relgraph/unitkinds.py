"""``[units]`` in relgraph.toml: set unit kinds by id or name pattern, without editing inputs.

An export from a mail system or an HR tool rarely says which departments are IT::

    [units]
    it = ["it-*", "Information Technology", "*Digital*"]
    vendor = ["v-*"]
    business = []

Each entry is a unit id or name, or a shell-style pattern (``*``, ``?``, ``[...]``)
matched against both, ignoring case. A unit takes the first kind, in the order
``it``, ``vendor``, ``business``, that has an entry matching it; units matched by
none keep the kind of the input. The store is never changed: the kinds apply when
a window is loaded for analysis.
"""

from __future__ import annotations

from collections.abc import Iterable
from fnmatch import fnmatchcase

from pydantic import BaseModel, ConfigDict, Field

from relgraph.models import Unit, UnitKind


class UnitKinds(BaseModel):
    """Unit kinds set by id or name pattern (``[units]``)."""

    model_config = ConfigDict(extra="forbid")

    it: list[str] = Field(default_factory=list, description="unit ids, names or patterns of IT units")
    vendor: list[str] = Field(default_factory=list, description="... of vendors")
    business: list[str] = Field(default_factory=list, description="... of business units")

    def kind_of(self, unit: Unit) -> UnitKind | None:
        """The kind this table gives ``unit`` (None: not matched, keep its own)."""
        keys = (unit.id.casefold(), unit.name.casefold())
        for kind, entries in ((UnitKind.IT, self.it), (UnitKind.VENDOR, self.vendor),
                              (UnitKind.BUSINESS, self.business)):
            for e in entries:
                pat = e.casefold()
                if any(fnmatchcase(k, pat) for k in keys):
                    return kind
        return None

    def apply(self, units: Iterable[Unit]) -> tuple[list[Unit], list[str]]:
        """The units with their kinds set, and the ids whose kind changed."""
        out: list[Unit] = []
        changed: list[str] = []
        for u in units:
            kind = self.kind_of(u)
            if kind is not None and kind != u.kind:
                u = u.model_copy(update={"kind": kind})
                changed.append(u.id)
            out.append(u)
        return out, changed
