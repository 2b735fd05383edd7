"""Interaction ids: one id, one interaction.

An input record may carry its own interaction id. Two records with the same id and
different content (another source, target list, time, channel, weight or duration)
would otherwise be merged into one interaction (different targets) or one of them
dropped silently (the store ignores an (id, target) it already holds). This module
compares the explicit ids of each ingest batch with each other and with what the
store already holds (earlier batches and files of the same ingest included: they
are written in the same transaction), before anything of the batch is written, so
that every conflicting record is reported and none is written in part.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from relgraph.errors import RecordIssue
from relgraph.store.base import EdgeRow, Store

FIELDS = ("source", "targets", "timestamp", "channel", "weight", "duration_minutes")
Fingerprint = tuple[Any, ...]
_MIXED: Fingerprint = ("<stored edges of this id disagree>",)


def fingerprint(source: str, targets: Iterable[str], at: int, channel: str, weight: float,
                duration: float | None) -> Fingerprint:
    """The content of an interaction as stored (weight defaulted to 1.0), targets sorted."""
    return (source, tuple(sorted(targets)), int(at), channel, float(weight),
            None if duration is None else float(duration))


def stored_fingerprints(rows: Iterable[EdgeRow]) -> dict[str, Fingerprint]:
    """Fingerprints of stored interactions from their edges."""
    parts: dict[str, tuple[set[tuple[Any, ...]], list[str]]] = {}
    for r in rows:
        common, targets = parts.setdefault(r.interaction_id, (set(), []))
        common.add((r.source, int(r.at), r.channel, float(r.weight),
                    None if r.duration is None else float(r.duration)))
        targets.append(r.target)
    out: dict[str, Fingerprint] = {}
    for key, (common, targets) in parts.items():
        if len(common) != 1:
            out[key] = _MIXED
            continue
        src, at, ch, w, d = next(iter(common))
        out[key] = (src, tuple(sorted(targets)), at, ch, w, d)
    return out


def differences(a: Fingerprint, b: Fingerprint) -> str:
    """Which fields differ, e.g. ``targets, duration_minutes``."""
    if a is _MIXED or b is _MIXED:
        return "content"
    return ", ".join(f for f, x, y in zip(FIELDS, a, b, strict=True) if x != y)


def _same_but_targets(a: Fingerprint, b: Fingerprint) -> bool:
    return a is not _MIXED and b is not _MIXED and a[:1] + a[2:] == b[:1] + b[2:]


def check_ids(
    store: Store, name: str, lines: Sequence[int],
    ided: Sequence[tuple[int, str, Fingerprint, int, int]], *, merge_targets: bool = False,
) -> tuple[list[tuple[int, RecordIssue, int]], set[int]]:
    """Records of one batch whose explicit id conflicts with another record.

    Parameters
    ----------
    store : Store
        Holds what earlier batches (and ingests) wrote.
    name : str
        The input file, for the messages.
    lines : sequence of int
        Line of each record of the batch (by record index).
    ided : sequence of (index, id, fingerprint, first row, end row)
        The batch's valid records with an explicit id, in input order.
    merge_targets : bool
        Records that differ only in their targets are one interaction (their targets
        are merged) instead of a conflict.

    Returns
    -------
    (issues, rows)
        ``(record index, issue, 0)`` for each conflicting record, and the indexes of
        the edge rows not to write (those of the conflicting records).
    """
    if not ided:
        return [], set()
    stored = stored_fingerprints(store.edges_by_ids(sorted({key for _, key, *_ in ided})))
    first: dict[str, tuple[int, Fingerprint, str | None]] = {}
    issues: list[tuple[int, RecordIssue, int]] = []
    drop: set[int] = set()
    for i, key, fp, a, b in ided:
        line = lines[i]
        seen = first.get(key)
        reason: str | None
        if seen is None:
            old = stored.get(key)
            reason = None
            if old is not None and old != fp and not (
                    merge_targets and _same_but_targets(old, fp)):
                reason = (f"interaction id {key!r} is already used by a different record (in "
                          f"the store or earlier in this ingest; {differences(old, fp)} "
                          "differ): ids must be unique, this record was not written")
            first[key] = (line, fp, reason)
        elif seen[1] != fp and not (merge_targets and _same_but_targets(seen[1], fp)):
            reason = (f"duplicate interaction id {key!r} (first on line {seen[0]}) with "
                      f"different content ({differences(seen[1], fp)} differ)")
        else:
            reason = seen[2]  # the same record again (or merged): it shares the first one's fate
        if reason is not None:
            issues.append((i, RecordIssue(name, line, "id", reason), 0))
            drop.update(range(a, b))
    return issues, drop
