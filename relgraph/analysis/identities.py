"""Duplicate identities: one person recorded under several ids.

Real exports hold one person under two ids (an old and a new mailbox: Enron's
``kenneth.lay@`` and ``klay@``; a chat handle the roster does not know). Their ties are
split, and an id without ties looks isolated: an artefact of the identities, not of the
person's relationships. Two checks find such ids by name (:func:`name_key`):

* :func:`inactive_namesakes`: an id with no tie whose name an id **with** ties has. The
  audit withholds its "no tie at all" findings (``relgraph.audit.findings``).
* :func:`tieless_namesakes`: ids of one name, **none** with a tie. The audit merges their
  findings into one (:mod:`relgraph.audit.namesakes`).

Both take two ids for one person only when they are in **one unit**, or when either's
unit is not known (``unassigned``, where importers put people they could not place): two
people can share a name, and the same name in two units is more likely two people than one
person under two ids. (Until issue 14's eighth round :func:`inactive_namesakes` ignored the
unit, so a disconnected executive could be withheld because someone elsewhere shared
their name.) Ids of one name in different units are listed for the report instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from relgraph.analysis.result import AnalysisResult

UNKNOWN_UNITS = frozenset({"", "unassigned"})
"""Units that say nothing about where a person works: no unit, or the importers'
``unassigned`` (:data:`relgraph.importers.identity.UNASSIGNED`)."""

MERGE_HELP = ("If they are one person, merge the ids: list the other id's address or handle in "
              "the `aliases` column of the people file (;-separated) and ingest again.")


def name_key(name: str) -> str:
    """The form in which two people's names are compared: blanks around it removed,
    case folded (``"  Ann LEE"`` and ``"ann lee"`` are one name). Empty: no name."""
    return name.strip().casefold()


def same_place(a: str, b: str) -> bool:
    """Whether two ids of one name may be one person by their units: one unit, or either
    unit unknown (:data:`UNKNOWN_UNITS`)."""
    return a == b or a in UNKNOWN_UNITS or b in UNKNOWN_UNITS


def _by_name(result: AnalysisResult) -> dict[str, list[tuple[str, str, bool]]]:
    """``(id, unit, isolated)`` of every person with a name, by :func:`name_key`, in the
    result's order."""
    out: dict[str, list[tuple[str, str, bool]]] = {}
    for p in result.people:
        if key := name_key(p.name):
            out.setdefault(key, []).append((p.id, p.unit, p.isolated))
    return out


def inactive_namesakes(result: AnalysisResult) -> dict[str, list[str]]:
    """Ids with no tie in the window whose name (:func:`name_key`) an id with ties has, in
    the same unit or where either unit is unknown (:func:`same_place`).

    Returns
    -------
    dict
        ``{id without ties: [ids with ties that it may be, sorted]}``, sorted by id.
    """
    out: dict[str, list[str]] = {}
    for ids in _by_name(result).values():
        for pid, unit, isolated in ids:
            if isolated:
                active = sorted(a for a, u, iso in ids if not iso and same_place(unit, u))
                if active:
                    out[pid] = active
    return dict(sorted(out.items()))


def inactive_elsewhere(result: AnalysisResult) -> list[list[str]]:
    """Names held by an id with no tie and by ids with ties in other (known) units only:
    the ids of each such name, sorted. Not taken for one person; listed for the report."""
    out: list[list[str]] = []
    matched = inactive_namesakes(result)
    for ids in _by_name(result).values():
        lone = [pid for pid, _, isolated in ids if isolated and pid not in matched]
        if lone and any(not isolated for _, _, isolated in ids):
            out.append(sorted(pid for pid, _, _ in ids))
    return sorted(out)


def tieless_namesakes(result: AnalysisResult) -> tuple[list[list[str]], list[list[str]]]:
    """Ids of one name (:func:`name_key`), none of which has a tie in the window.

    The case :func:`inactive_namesakes` does not cover: a person recorded under several
    ids who has no tie under any of them (Enron's two mailboxes of Jeffrey Shankman in a
    quiet window). Each id would get its own finding; the audit merges them
    (:mod:`relgraph.audit.namesakes`). Only ids of **one unit** are grouped (an id of
    unknown unit joins the group of the one known unit its namesakes are in).

    Returns
    -------
    merged : list of list of str
        Groups of two or more ids with one name and one unit, every id without a tie in
        the window and no id of that name (in any unit) with one; ids sorted, groups
        sorted.
    apart : list of list of str
        The ids of each such name (no id with a tie) whose ids are spread over several
        known units, sorted: not merged across units (for the report).
    """
    merged: list[list[str]] = []
    apart: list[list[str]] = []
    for ids in _by_name(result).values():
        if len(ids) < 2 or not all(isolated for _, _, isolated in ids):
            continue  # one id, or an id with ties: inactive_namesakes covers the rest
        by_unit: dict[str, list[str]] = {}
        unknown: list[str] = []
        for pid, unit, _ in ids:
            if unit in UNKNOWN_UNITS:
                unknown.append(pid)
            else:
                by_unit.setdefault(unit, []).append(pid)
        if len(by_unit) == 1:  # unknown units join the one known unit
            next(iter(by_unit.values())).extend(unknown)
        elif not by_unit:
            by_unit[""] = unknown
        merged += [sorted(g) for g in by_unit.values() if len(g) > 1]
        if len(by_unit) > 1:
            apart.append(sorted(pid for pid, _, _ in ids))
    return sorted(merged), sorted(apart)
