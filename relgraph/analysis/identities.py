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


def may_be(a: str, b: str, places: set[str]) -> bool:
    """Whether two ids of one name, in units ``a`` and ``b``, may be one person, where
    ``places`` are the known units of **every** id of that name: one known unit, or an
    unknown unit on either side while the name has at most one known unit (otherwise the
    id of unknown unit could be any of several people)."""
    if _known(a) and _known(b):
        return a == b
    return len(places) <= 1


def _by_name(result: AnalysisResult) -> list[tuple[list[tuple[str, str, bool]], set[str]]]:
    """For each name (:func:`name_key`) with its ids in the result's order: ``(id, unit,
    isolated)`` of each, and the known units among them."""
    out: dict[str, list[tuple[str, str, bool]]] = {}
    for p in result.people:
        if key := name_key(p.name):
            out.setdefault(key, []).append((p.id, p.unit, p.isolated))
    return [(ids, {u for _, u, _ in ids if _known(u)}) for ids in out.values()]


def inactive_namesakes(result: AnalysisResult) -> dict[str, list[str]]:
    """Ids with no tie in the window whose name (:func:`name_key`) an id with ties has,
    where the units allow the two to be one person (:func:`may_be`).

    Returns
    -------
    dict
        ``{id without ties: [ids with ties that it may be, sorted]}``, sorted by id.
    """
    out: dict[str, list[str]] = {}
    for ids, places in _by_name(result):
        active = [(pid, unit) for pid, unit, isolated in ids if not isolated]
        for pid, unit, isolated in ids if active else ():
            if isolated and (match := sorted(a for a, u in active
                                             if may_be(unit, u, places))):
                out[pid] = match
    return dict(sorted(out.items()))


def inactive_elsewhere(result: AnalysisResult) -> list[list[str]]:
    """Names held by an id with no tie and by ids with ties that it may not be
    (:func:`may_be`): the ids of each such name, sorted. Not taken for one person; listed
    for the report."""
    out: list[list[str]] = []
    matched = inactive_namesakes(result)
    for ids, _ in _by_name(result):
        lone = [pid for pid, _, isolated in ids if isolated and pid not in matched]
        if lone and any(not isolated for _, _, isolated in ids):
            out.append(sorted(pid for pid, _, _ in ids))
    return sorted(out)


def tieless_namesakes(result: AnalysisResult) -> tuple[list[list[str]], list[list[str]]]:
    """Ids of one name (:func:`name_key`) without a tie in the window that no id with ties
    may be (:func:`inactive_namesakes` did not match them), grouped by :func:`may_be`.

    The case :func:`inactive_namesakes` does not cover: a person recorded under several
    ids who has no tie under any of them (Enron's two mailboxes of Jeffrey Shankman in a
    quiet window), or whose namesakes with ties are in other units. Each id would get its
    own finding; the audit merges them (:mod:`relgraph.audit.namesakes`). Only ids of
    **one unit** are grouped; ids of unknown unit join the group when the name has at most
    one known unit.

    Returns
    -------
    merged : list of list of str
        Groups of two or more such ids with one name and one unit; ids sorted, groups
        sorted.
    apart : list of list of str
        The ids of each name none of whose ids has a tie and whose ids are spread over
        several known units, sorted: not merged across units (for the report; a name
        with an id that has ties is listed by :func:`inactive_elsewhere` instead).
    """
    matched = inactive_namesakes(result)
    merged: list[list[str]] = []
    apart: list[list[str]] = []
    for ids, places in _by_name(result):
        lone = [(pid, unit) for pid, unit, isolated in ids if isolated and pid not in matched]
        if len(lone) < 2:
            continue
        groups: dict[str, list[str]] = {}
        for pid, unit in lone:
            if len(places) <= 1:
                key = next(iter(places), "")   # one place at most: everyone in it
            elif _known(unit):
                key = unit
            else:
                continue   # unknown unit beside several known ones: could be any of them
            groups.setdefault(key, []).append(pid)
        merged += [sorted(g) for g in groups.values() if len(g) > 1]
        if len(places) > 1 and all(isolated for _, _, isolated in ids):
            apart.append(sorted(pid for pid, _ in lone))
    return sorted(merged), sorted(apart)
