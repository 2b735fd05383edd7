"""Erasure and retention: forget people, prune old interactions, log both.

An HR-data tool must be able to erase a person on request and to keep interactions
only as long as a retention policy allows.

* :func:`forget` removes people, every edge they take part in (as source or target)
  and their appearances in saved audits and relationship plans: findings and plan
  entries about them are dropped and any remaining mention (id, name, e-mail) is
  replaced by ``[redacted]``; such records are marked ``redacted``. One transaction:
  all of it or nothing.
* :func:`prune` removes the interactions older than a date, in one transaction.

Both append a line to the store's erasure log (what, when, how many), never the
removed data. On SQLite the deleted rows are overwritten (``secure_delete``) and the
write-ahead log is truncated afterwards, so the data does not linger in the file.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any, Literal

from pydantic import BaseModel

from relgraph.errors import UsageError
from relgraph.models import MAX_TIME, MIN_TIME
from relgraph.store.base import AuditRecord, ErasureEntry, ErasureStore, PlanRecord, Store
from relgraph.textsafe import clip

REDACTED = "[redacted]"


class ErasureReport(BaseModel):
    """What :func:`forget` or :func:`prune` removed (or would remove, with ``dry_run``)."""

    action: Literal["forget", "prune"]
    dry_run: bool
    people: int = 0
    edges: int = 0
    interactions: int = 0
    audits_redacted: int = 0
    plans_redacted: int = 0
    before: str | None = None


def _erasure_store(store: Store) -> ErasureStore:
    if not isinstance(store, ErasureStore):
        raise UsageError(f"the {store.backend} store does not support erasure")
    return store


def erasure_log(store: Store) -> list[Any]:
    """The store's erasure log (every forget and prune: when, what, how many), oldest first."""
    return _erasure_store(store).erasure_log()


def resolve_people(store: Store, names: Iterable[str]) -> list[str]:
    """Person ids for ``names`` (each an id or an e-mail address).

    Raises
    ------
    UsageError
        When any of them is unknown (nothing is removed then).
    """
    people = store.people()
    by_id = {p.id: p.id for p in people}
    by_email = {p.email.lower(): p.id for p in people if p.email}
    ids: list[str] = []
    unknown: list[str] = []
    for n in names:
        pid = by_id.get(n) or by_email.get(n.strip().lower())
        if pid is None:
            unknown.append(n)
        elif pid not in ids:
            ids.append(pid)
    if unknown:
        shown = ", ".join(clip(u, 40, quote=True) for u in unknown[:5])
        more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        raise UsageError(f"unknown person {shown}{more} (an id or e-mail address of a stored "
                         "person); nothing was removed")
    return ids


def forget(store: Store, names: Sequence[str], *, dry_run: bool = False,
           now: int | None = None) -> ErasureReport:
    """Remove people, their edges and their appearances in saved audits.

    Parameters
    ----------
    store : Store
    names : sequence of str
        Person ids or e-mail addresses.
    dry_run : bool
        Count only; change nothing.
    now : int, optional
        Time of the log entry (epoch seconds; default: now).

    Returns
    -------
    ErasureReport
    """
    es = _erasure_store(store)
    ids = resolve_people(store, names)
    targets = [p for p in store.people() if p.id in set(ids)]
    words = {w for p in targets for w in (p.id, p.name, p.email) if w}
    edges, interactions = es.count_edges(people=ids)
    redacted = [(rec, new) for rec in store.audits()
                if (new := redact_payload(rec.payload, set(ids), words)) is not None]
    plans = [(rec, new) for rec in store.plans()
             if (new := redact_payload(rec.payload, set(ids), words)) is not None]
    report = ErasureReport(action="forget", dry_run=dry_run, people=len(ids), edges=edges,
                           interactions=interactions, audits_redacted=len(redacted),
                           plans_redacted=len(plans))
    if dry_run:
        return report
    with store.transaction():
        n_people, n_edges = es.forget_people(ids)
        for rec, payload in redacted:
            store.save_audit(AuditRecord(id=rec.id, as_of=rec.as_of,
                                         window_days=rec.window_days, payload=payload))
        for plan, payload in plans:
            store.save_plan(PlanRecord(id=plan.id, imported_at=plan.imported_at,
                                       source=plan.source, payload=payload))
        counts: dict[str, int | str] = {"people": n_people, "edges": n_edges,
                                        "audits_redacted": len(redacted)}
        if plans:
            counts["plans_redacted"] = len(plans)
        es.log_erasure(ErasureEntry(at=int(time.time()) if now is None else now,
                                    action="forget", counts=counts))
    _checkpoint(store)
    return report.model_copy(update={"people": n_people, "edges": n_edges})


def parse_before(text: str) -> int:
    """``2025-01-01`` (that day's start, UTC) or an ISO timestamp -> epoch seconds."""
    try:
        t = text.strip()
        if len(t) == 10:
            d = date.fromisoformat(t)
            dt = datetime(d.year, d.month, d.day, tzinfo=UTC)
        else:
            dt = datetime.fromisoformat(t)
            if dt.tzinfo is None:
                dt = dt.replace(tzinfo=UTC)
    except ValueError:
        raise UsageError(f"invalid --before {clip(text, quote=True)}: use a date such as "
                         "2025-01-01") from None
    if not MIN_TIME <= dt <= MAX_TIME:
        raise UsageError(f"invalid --before {clip(text, quote=True)}: use a date from "
                         f"{MIN_TIME.year} to {MAX_TIME.year - 1}")
    return int(dt.timestamp())


def prune(store: Store, before: int, *, dry_run: bool = False,
          now: int | None = None) -> ErasureReport:
    """Remove every interaction edge with ``at < before`` (a retention policy).

    Saved audits are kept (they hold findings and aggregates, not interactions).
    """
    es = _erasure_store(store)
    day = datetime.fromtimestamp(before, tz=UTC).isoformat().replace("+00:00", "Z")
    edges, interactions = es.count_edges(before=before)
    report = ErasureReport(action="prune", dry_run=dry_run, edges=edges,
                           interactions=interactions, before=day)
    if dry_run:
        return report
    with store.transaction():
        n = es.prune_edges(before)
        es.log_erasure(ErasureEntry(at=int(time.time()) if now is None else now,
                                    action="prune", counts={"before": day, "edges": n}))
    _checkpoint(store)
    return report.model_copy(update={"edges": n})


def _checkpoint(store: Store) -> None:
    cp = getattr(store, "checkpoint", None)
    if cp is not None:
        cp()


# -- saved audits and plans -----------------------------------------------------------------------------
def redact_payload(text: str, ids: set[str], words: set[str]) -> str | None:
    """A saved audit or plan without the forgotten people, or None when it never
    mentions them.

    Findings about them (in ``people`` or in the finding id) and plan entries naming
    them (owner, or person stakeholder) are dropped; every other string or key that
    mentions an id, name or e-mail (as a whole word) becomes ``[redacted]``; the
    payload is marked ``"redacted": true``.
    """
    if not any(w in text for w in words):
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    changed = False
    for key in ("findings", "entries"):
        items = data.get(key) if isinstance(data, dict) else None
        if isinstance(items, list):
            kept = [f for f in items if not _involves(f, ids)]
            changed = changed or len(kept) != len(items)
            data[key] = kept
    pattern = re.compile("|".join(
        rf"(?<![\w@.-]){re.escape(w)}(?![\w@-])" for w in sorted(words, key=len, reverse=True)))
    data, hits = _scrub(data, pattern)
    if not (changed or hits):
        return None
    if isinstance(data, dict):
        data["redacted"] = True
    return json.dumps(data, ensure_ascii=False)


def _involves(finding: Any, ids: set[str]) -> bool:
    if not isinstance(finding, dict):
        return False
    people = set(finding.get("people") or [])
    fid = str(finding.get("id", ""))
    people |= set(fid.split(":"))
    people.add(finding.get("owner"))
    if finding.get("stakeholder_kind", "person") == "person":
        people.add(finding.get("stakeholder"))
    return bool(ids & people)


def _scrub(v: Any, pattern: re.Pattern[str]) -> tuple[Any, int]:
    if isinstance(v, str):
        return pattern.subn(REDACTED, v)
    if isinstance(v, list):
        out, n = [], 0
        for x in v:
            y, k = _scrub(x, pattern)
            out.append(y)
            n += k
        return out, n
    if isinstance(v, dict):
        d, n = {}, 0
        for key, x in v.items():
            k2, a = pattern.subn(REDACTED, key) if isinstance(key, str) else (key, 0)
            y, b = _scrub(x, pattern)
            d[k2] = y
            n += a + b
        return d, n
    return v, 0
