"""Identity resolution shared by every importer: which person an address or handle is.

A person is found, in this order, by id (exact), by email address (case-insensitive;
display names are ignored), by an alias (an ``aliases`` entry: another address, a chat
handle; case-insensitive) or, for a value that is not an address (ticket tools export
display names), by name when exactly one known person has that name. A value that
matches no one is never silently dropped: one that is not an address is listed as
unknown; an address

* on a configured **vendor domain** (``[import] vendor_domains``) it becomes a new
  contact of that vendor's unit (level ``vendor_contact``);
* on an **internal domain** (``[import] internal_domains``; by default the domains of the
  known people outside vendor units) it is an *unknown person*: counted and listed, and
  with ``add_unknown`` created as staff in the ``unassigned`` unit;
* anything else is *external*: skipped and counted.

:class:`Directory` keeps the counts the mapping summary reports.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from relgraph.models import ID_PATTERN, Level, Person, Unit, UnitKind

UNASSIGNED = "unassigned"
_ID_RE = re.compile(ID_PATTERN)


def normalise_address(text: str) -> str:
    """Lower-case address without angle brackets, ``mailto:`` or surrounding blanks."""
    a = text.strip().strip("<>").strip()
    if a.lower().startswith("mailto:"):
        a = a[7:]
    return a.lower()


def domain_of(address: str) -> str | None:
    at = address.rfind("@")
    return address[at + 1:].lower() if at > 0 else None


@dataclass
class Resolution:
    counts: Counter[str] = field(default_factory=Counter)
    """Address occurrences by outcome: id, email, alias, created-vendor, unknown, external."""
    matched: dict[str, set[str]] = field(
        default_factory=lambda: {"id": set(), "email": set(), "alias": set(), "name": set()})
    unknown: Counter[str] = field(default_factory=Counter)
    external: Counter[str] = field(default_factory=Counter)


class Directory:
    """People known to the store and to the import, indexed by id, email and alias.

    Parameters
    ----------
    people : iterable of Person
        Everyone known (the store's people plus those the import adds).
    units : iterable of Unit
        Known units (to tell vendor units apart and to know which units exist).
    internal_domains, vendor_domains : see :class:`relgraph.importers.settings.ImportSettings`
    add_unknown : bool
        Create unknown internal addresses as staff in the ``unassigned`` unit.
    """

    def __init__(
        self, people: Iterable[Person], units: Iterable[Unit], *,
        internal_domains: Iterable[str] = (), vendor_domains: dict[str, str] | None = None,
        add_unknown: bool = False,
    ):
        self.units = {u.id: u for u in units}
        self.ids: set[str] = set()
        self.by_email: dict[str, str] = {}
        self.by_alias: dict[str, str] = {}
        self.by_name: dict[str, str | None] = {}  # None: several people have that name
        self.vendor_domains = dict(vendor_domains or {})
        self.add_unknown = add_unknown
        self.new_people: dict[str, Person] = {}
        self.new_units: dict[str, Unit] = {}
        self.stats = Resolution()
        auto_domains: set[str] = set()
        for p in people:
            self.add(p)
            u = self.units.get(p.unit)
            d = domain_of(p.email or "")
            if d and (u is None or u.kind != UnitKind.VENDOR) and d not in self.vendor_domains:
                auto_domains.add(d)
        internal = [d.lower() for d in internal_domains]
        self.internal_domains = set(internal) if internal else auto_domains

    def add(self, p: Person) -> None:
        self.ids.add(p.id)
        if p.email:
            self.by_email.setdefault(normalise_address(p.email), p.id)
        for a in p.aliases:
            self.by_alias.setdefault(normalise_address(a), p.id)
        key = " ".join(p.name.lower().split())
        if key:
            self.by_name[key] = p.id if self.by_name.get(key, p.id) == p.id else None

    def lookup(self, key: str) -> tuple[str, str] | None:
        """(person id, how) for an id, address or alias known now; no counting, no creation."""
        if key in self.ids:
            return key, "id"
        a = normalise_address(key)
        pid = self.by_email.get(a)
        if pid is not None:
            return pid, "email"
        pid = self.by_alias.get(a)
        if pid is not None:
            return pid, "alias"
        if "@" not in a:
            pid = self.by_name.get(" ".join(a.split()))
            if pid is not None:
                return pid, "name"
        return None

    def resolve(self, key: str, name: str = "") -> str | None:
        """The person id for ``key`` (an id, an address or an alias), or None.

        Counts the outcome; creates vendor contacts (and, with ``add_unknown``, unknown
        internal people) on first sight. ``name`` (a display name) names a new person.
        """
        st = self.stats
        hit = self.lookup(key)
        if hit is not None:
            pid, how = hit
            st.counts[how] += 1
            st.matched[how].add(pid)
            return pid
        a = normalise_address(key)
        dom = domain_of(a)
        if not a:
            return None
        if dom is None:  # a name or handle nobody has: unknown, never created
            st.counts["unknown"] += 1
            st.unknown[a] += 1
            return None
        if not _ID_RE.match(a):
            st.counts["external"] += 1
            st.external[a] += 1
            return None
        vendor = self._vendor_unit(dom)
        if vendor is not None:
            st.counts["created-vendor"] += 1
            return self._create(a, name, vendor, Level.VENDOR_CONTACT, UnitKind.VENDOR, dom)
        if self._internal(dom):
            st.counts["unknown"] += 1
            st.unknown[a] += 1
            if self.add_unknown:
                return self._create(a, name, UNASSIGNED, Level.STAFF, UnitKind.BUSINESS, "Unassigned")
            return None
        st.counts["external"] += 1
        st.external[a] += 1
        return None

    def _vendor_unit(self, dom: str) -> str | None:
        for d, unit in self.vendor_domains.items():
            if dom == d or dom.endswith("." + d):
                return unit
        return None

    def _internal(self, dom: str) -> bool:
        return any(dom == d or dom.endswith("." + d) for d in self.internal_domains)

    def _create(self, address: str, name: str, unit: str, level: Level, kind: UnitKind,
                unit_name: str) -> str:
        if unit not in self.units:
            u = Unit(id=unit, name=unit_name, kind=kind)
            self.units[unit] = u
            self.new_units[unit] = u
        display = " ".join(name.split())[:500] or address.split("@", 1)[0]
        p = Person(id=address, name=display, unit=unit, level=level, email=address)
        self.new_people[p.id] = p
        self.add(p)
        return p.id
