"""One person under several ids, none with a tie: one finding, not one per id.

A roster can hold one person under several ids (two mailboxes, an old and a new
account). When one of the ids has ties in the window, the findings about the others
are artefacts and are withheld (:func:`relgraph.audit.findings.namesake_artefact`).
When **none** of them has a tie, each id would get its own "no tie at all" finding and
a reader would see one person listed as two separate problems (Enron's two ids of
Jeffrey Shankman, both disconnected executives). The data check ``tieless-namesakes``
(:func:`relgraph.analysis.identities.tieless_namesakes`) groups such ids: one name
(compared as :func:`~relgraph.analysis.identities.name_key` does, blanks trimmed and
case folded), **one unit** (two people can share a name; the same name in two units is
not merged; an id of unknown unit joins only while the name has one known unit), no
namesake with a tie in the window that they may be (:func:`~relgraph.analysis.identities.may_be`).
This module merges their findings.

Merge rule, for the findings of one kind whose subjects belong to one group (two or
more of them):

* id and subject: the first id in sorted order among those with a finding of this kind
  (``kind:first-id``), so the id stays the same from one audit to the next while the
  group does;
* people: every id of the group, sorted (also those without a finding of this kind, e.g.
  a staff-level id next to a director's); units: those of the merged findings, sorted;
* severity: the most severe of the merged findings;
* evidence, title and action: those of the **lead** finding (most severe; then one whose
  id had ties in the previous window, i.e. a ``strength_change``; then the first id),
  with the subject's id in place of the lead's, flags (``isolated``...) true when true
  for any id, missing figures taken from the first id that has them, and ``ids`` (every
  id, sorted) added; the title says the person appears under N ids and the action
  starts by suggesting to merge the identities.

Findings of other kinds, and groups with one finding of a kind, are left as they are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from relgraph.analysis.result import AnalysisResult
    from relgraph.audit.findings import Finding

MERGED_KINDS = ("disconnected-executive", "isolated-stakeholder")
"""The "no tie at all" kinds: the findings a tie-less id can have."""

MERGE_ACTION = ("First check whether these ids are one person; if so, merge them (list the "
                "other ids' addresses or handles in the aliases column of the people file and "
                "import again). ")


def namesake_groups(result: AnalysisResult) -> dict[str, list[str]]:
    """id -> its group (sorted ids) for the ids the data check grouped (none unchecked)."""
    q = result.data_quality
    if q is None:
        return {}
    return {pid: list(group) for group in q.merged_namesakes for pid in group}


def merge_namesakes(findings: list[Finding], result: AnalysisResult) -> list[Finding]:
    """The findings with those of one person under several tie-less ids merged.

    Parameters
    ----------
    findings : list of Finding
        Findings of one audit (any order; any kinds).
    result : AnalysisResult
        The analysis, whose ``data_quality.merged_namesakes`` holds the groups.

    Returns
    -------
    list of Finding
        The same findings, except that the findings of one kind (``MERGED_KINDS``) about
        the ids of one group are replaced by one finding (rule in the module docstring),
        placed where the first of them was.
    """
    groups = namesake_groups(result)
    if not groups:
        return findings
    bundles: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        if f.kind in MERGED_KINDS and f.subject in groups:
            bundles.setdefault((f.kind, groups[f.subject][0]), []).append(f)
    out: list[Finding] = []
    done: set[tuple[str, str]] = set()
    for f in findings:
        key = (f.kind, groups[f.subject][0]) if (
            f.kind in MERGED_KINDS and f.subject in groups) else None
        if key is None or len(bundles[key]) < 2:
            out.append(f)
        elif key not in done:
            done.add(key)
            out.append(merge_group(bundles[key], groups[key[1]]))
    return out


def _had_ties_before(f: Finding) -> bool:
    return f.evidence.get("strength_change") is not None


def merge_group(members: list[Finding], group: list[str] | None = None) -> Finding:
    """One finding for ``members``: findings of one kind about ids of one person.

    Parameters
    ----------
    members : list of Finding
        Two or more findings of one kind, each with a subject.
    group : list of str, optional
        Every id of the person (default: the members' subjects).

    Returns
    -------
    Finding
        The merged finding (rule in the module docstring).
    """
    if len(members) < 2 or len({f.kind for f in members}) != 1:
        raise ValueError("merge_group needs two or more findings of one kind")
    by_id = sorted(members, key=lambda f: str(f.subject))
    ids = sorted({*(str(f.subject) for f in by_id), *(group or [])})
    subject = str(by_id[0].subject)
    lead = min(by_id, key=lambda f: (-f.severity.rank, not _had_ties_before(f),
                                     str(f.subject)))
    evidence: dict[str, Any] = dict(lead.evidence)
    for key in sorted({k for f in by_id for k in f.evidence}):
        values = [f.evidence.get(key) for f in by_id]
        if all(isinstance(v, bool) for v in values if v is not None) and any(
                v is True for v in values):
            evidence[key] = True
        elif evidence.get(key) is None:
            evidence[key] = next((v for v in values if v is not None), None)
    evidence["ids"] = ids

    def own(text: str) -> str:
        return text.replace(f"{{p:{lead.subject}}}", f"{{p:{subject}}}")

    return lead.model_copy(update={
        "id": f"{lead.kind}:{subject}",
        "subject": subject,
        "severity": max((f.severity for f in by_id), key=lambda s: s.rank),
        "title": f"{own(lead.title)}, under any of {len(ids)} ids (probably one person)",
        "people": sorted({*ids, *(p for f in by_id for p in f.people)}),
        "units": sorted({u for f in by_id for u in f.units}),
        "evidence": evidence,
        "action": MERGE_ACTION + own(lead.action),
    })


def merged_findings(findings: list[Finding]) -> list[Finding]:
    """The findings that :func:`merge_namesakes` made (their evidence lists two or more
    ``ids``), for the Data quality section."""
    return [f for f in findings if f.kind in MERGED_KINDS
            and len(f.evidence.get("ids") or []) > 1]
