"""Duplicate identities: one person recorded under several ids.

Real exports hold one person under two ids (an old and a new mailbox: Enron's
``kenneth.lay@`` and ``klay@``; a chat handle the roster does not know). Their ties are
split, and an id without ties looks isolated: an artefact of the identities, not of the
person's relationships. Two checks find such ids by name (:func:`name_key`):

* :func:`inactive_namesakes`: an id with no tie whose name an id **with** ties has. The
  audit withholds its "no tie at all" findings (``relgraph.audit.findings``).
* :func:`tieless_namesakes`: ids of one name with no tie that no id with ties may be. The
  audit merges their findings into one (:mod:`relgraph.audit.namesakes`).

Both take two ids for one person only when they are in **one unit**, or when one's unit
is not known (``unassigned``, where importers put people they could not place) and the
name's other ids are in one known unit (:func:`may_be`): two people can share a name, and
the same name in two units is more likely two people than one person under two ids. (Until issue 14's eighth round :func:`inactive_namesakes` ignored the
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


def _known(unit: str) -> bool:
    return unit not in UNKNOWN_UNITS


def may_be(unit: str, others: list[tuple[str, str]]) -> list[str]:
    """The ids among ``others`` (``(id, unit)`` of ids of the same name) that an id in
    ``unit`` may be, by their units: those of the same unit or of an unknown one; for an
    id of unknown unit, all of them when their known units are at most one, else only
    those of unknown unit (the id could be any of several people). Sorted."""
    if _known(unit):
        return sorted(i for i, u in others if u == unit or not _known(u))
    places = {u for _, u in others if _known(u)}
    return sorted(i for i, u in others if len(places) <= 1 or not _known(u))


def _by_name(result: AnalysisResult) -> dict[str, list[tuple[str, str, bool]]]:
    """``(id, unit, isolated)`` of every person with a name, by :func:`name_key`, in the
    result's order."""
    out: dict[str, list[tuple[str, str, bool]]] = {}
    for p in result.people:
        if key := name_key(p.name):
            out.setdefault(key, []).append((p.id, p.unit, p.isolated))
    return out


def inactive_namesakes(result: AnalysisResult) -> dict[str, list[str]]:
    """Ids with no tie in the window whose name (:func:`name_key`) an id with ties has,
    where the units allow the two to be one person (:func:`may_be`).

    Returns
    -------
    dict
        ``{id without ties: [ids with ties that it may be, sorted]}``, sorted by id.
    """
    out: dict[str, list[str]] = {}
    for ids in _by_name(result).values():
        active = [(pid, unit) for pid, unit, isolated in ids if not isolated]
        if not active:
            continue
        for pid, unit, isolated in ids:
            if isolated and (match := may_be(unit, active)):
                out[pid] = match
    return dict(sorted(out.items()))


def inactive_elsewhere(result: AnalysisResult) -> list[list[str]]:
    """Names held by an id with no tie and by ids with ties that its unit rules out
    (:func:`may_be`): the ids of each such name, sorted. Not taken for one person; listed
    for the report."""
    out: list[list[str]] = []
    matched = inactive_namesakes(result)
    for ids in _by_name(result).values():
        lone = [pid for pid, _, isolated in ids if isolated and pid not in matched]
        if lone and any(not isolated for _, _, isolated in ids):
            out.append(sorted(pid for pid, _, _ in ids))
    return sorted(out)


def tieless_namesakes(result: AnalysisResult) -> tuple[list[list[str]], list[list[str]]]:
    """Ids of one name (:func:`name_key`) without a tie in the window that no id with ties
    may be (:func:`inactive_namesakes` did not match them).

    The case :func:`inactive_namesakes` does not cover: a person recorded under several
    ids who has no tie under any of them (Enron's two mailboxes of Jeffrey Shankman in a
    quiet window), or whose namesakes with ties are in other units. Each id would get its
    own finding; the audit merges them (:mod:`relgraph.audit.namesakes`). Only ids of
    **one unit** are grouped; ids of unknown unit join the group when the others are in
    one known unit (:func:`may_be`).

    Returns
    -------
    merged : list of list of str
        Groups of two or more such ids with one name and one unit; ids sorted, groups
        sorted.
    apart : list of list of str
        The ids of each name whose such ids are spread over several known units, sorted:
        not merged across units (for the report).
    """
    matched = inactive_namesakes(result)
    merged: list[list[str]] = []
    apart: list[list[str]] = []
    for ids in _by_name(result).values():
        lone = [(pid, unit) for pid, unit, isolated in ids if isolated and pid not in matched]
        if len(lone) < 2:
            continue
        by_unit: dict[str, list[str]] = {}
        unknown: list[str] = []
        for pid, unit in lone:
            if _known(unit):
                by_unit.setdefault(unit, []).append(pid)
            else:
                unknown.append(pid)
        if len(by_unit) == 1:  # unknown units join the one known unit
            next(iter(by_unit.values())).extend(unknown)
        elif not by_unit:
            by_unit[""] = unknown
        merged += [sorted(g) for g in by_unit.values() if len(g) > 1]
        if len(by_unit) > 1:
            apart.append(sorted(pid for pid, _ in lone))
    return sorted(merged), sorted(apart)
