"""Validated batches of interaction records, in this process or in a forked child.

The interaction hot path of :mod:`relgraph.ingest`: read a CSV / JSON Lines file in
batches, validate each batch with pydantic-core (:data:`relgraph.models.INTERACTIONS_WIRE`,
a positional tuple schema: no Python callback per record), check person references,
self-loops and duplicate ids in one loop, and expand records to edge rows.

On large files :func:`forked_batches` runs all of that in a child process while the
parent writes to the store: the two halves then use both cores (a thread does not help:
the sqlite3 module holds the GIL for most of an insert).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
from collections.abc import Callable, Iterable, Iterator
from datetime import tzinfo
from typing import Any

from pydantic import ValidationError

from relgraph.errors import RecordIssue
from relgraph.idcheck import fingerprint
from relgraph.models import (
    INTERACTIONS_WIRE,
    MAX_TARGETS,
    MAX_TIME,
    MIN_TIME,
    Channel,
    content_id,
)
from relgraph.readers import FileProblem, InputFile, read_csv_rows, read_jsonl_records
from relgraph.textsafe import clip

_WIRE_KEYS = ("id", "source", "targets", "timestamp", "channel", "weight", "duration_minutes")
IssueFn = Callable[..., None]
Pending = list[tuple[int, RecordIssue, dict[str, Any]]]
Ided = list[tuple[int, str, tuple[Any, ...], int, int]]
Batch = tuple[list[tuple[Any, ...]], list[int], list[Any], list[int], Pending, Ided, list[int]]
"""(edge rows, lines, wire records, indexes of valid records, issues, explicit ids, index of
each valid record's first edge row)."""


def issue_from(f: InputFile, line: int, err: dict[str, Any], record: dict[str, Any]) -> RecordIssue:
    loc = [p for p in err.get("loc", ()) if isinstance(p, str)]
    field = loc[0] if loc else ""
    value = record.get(field) if field else None
    return RecordIssue(str(f.path), line, field, _reason(field, err, value))


def _reason(field: str, err: dict[str, Any], value: object) -> str:
    etype = err.get("type", "")
    shown = clip(value, quote=True)  # a 10 MB value is not echoed whole
    if etype == "missing" or (value in (None, "") and field):
        return "required value is missing"
    if field == "channel" or etype in ("enum", "literal_error"):
        allowed = ", ".join(c.value for c in Channel) if field == "channel" else ""
        msg = f"unknown {field} {shown}"
        if allowed:
            return msg + f" (expected one of: {allowed})"
        return msg + f" ({err.get('msg', '')})"
    if field == "timestamp" and etype in ("less_than", "greater_than_equal"):
        return (f"timestamp {shown} is outside the supported range "
                f"{MIN_TIME:%Y-%m-%d} to {MAX_TIME.year - 1}-12-31 (UTC)")
    if field == "timestamp":
        return f"invalid timestamp {shown} (expected ISO 8601, e.g. 2026-05-04T09:30:00+00:00)"
    if etype == "string_pattern_mismatch":
        return f"invalid id {shown} (1-200 characters, no spaces or ';')"
    if etype == "finite_number":
        return f"{field or 'value'} must be a finite number (got {shown})"
    return f"{err.get('msg', 'invalid value')} (got {shown})"


Wire = tuple[Any, ...]
"""An interaction as a tuple in ``_WIRE_KEYS`` order: blank optional cells are None and
targets a ';'-separated string (validated by :data:`relgraph.models.INTERACTIONS_WIRE`)."""


def as_dict(rec: Wire) -> dict[str, Any]:
    return dict(zip(_WIRE_KEYS, rec, strict=True))


def _interaction_batches(
    f: InputFile, on_issue: IssueFn, progress: Callable[[int], None] | None, batch_size: int
) -> Iterator[tuple[list[int], list[Wire]]]:
    """Batches of (lines, wire tuples)."""
    lines: list[int] = []
    recs: list[Wire] = []
    name = str(f.path)
    if f.fmt == "records":  # an importer's stream: wire tuples already
        for line, rec in f.open(progress):  # type: ignore[attr-defined]
            lines.append(line)
            recs.append(rec)
            if len(recs) >= batch_size:
                yield lines, recs
                lines, recs = [], []
    elif f.fmt == "csv":
        cols, rows = read_csv_rows(f, progress)
        n = len(cols)
        if tuple(cols) == _WIRE_KEYS:  # the usual layout: no column mapping needed
            for line, r in rows:
                if len(r) != n:
                    on_issue(RecordIssue(name, line, "", f"expected {n} fields, found {len(r)}"), r)
                    continue
                lines.append(line)
                recs.append((r[0] or None, r[1], r[2], r[3], r[4], r[5] or None, r[6] or None))
                if len(recs) >= batch_size:
                    yield lines, recs
                    lines, recs = [], []
        else:
            idx = [cols.index(k) if k in cols else None for k in _WIRE_KEYS]
            for line, r in rows:
                if len(r) != n:
                    on_issue(RecordIssue(name, line, "", f"expected {n} fields, found {len(r)}"), r)
                    continue
                lines.append(line)
                recs.append(tuple(None if i is None else (r[i] or None) for i in idx))
                if len(recs) >= batch_size:
                    yield lines, recs
                    lines, recs = [], []
    else:
        for line, obj in read_jsonl_records(f, progress):
            if isinstance(obj, RecordIssue):
                on_issue(obj)
                continue
            rec = {k: obj.get(k) for k in _WIRE_KEYS}
            for k in ("id", "weight", "duration_minutes"):
                if rec[k] == "":
                    rec[k] = None
            t = rec["targets"]
            if isinstance(t, list):
                if not all(isinstance(x, str) for x in t):
                    on_issue(RecordIssue(name, line, "targets", "targets must be person ids (strings)"), obj)
                    continue
                rec["targets"] = ";".join(t)
            lines.append(line)
            recs.append(tuple(rec[k] for k in _WIRE_KEYS))
            if len(recs) >= batch_size:
                yield lines, recs
                lines, recs = [], []
    if recs:
        yield lines, recs


_EPOCH_CACHES: dict[tzinfo, dict[str, int]] = {}


def _epoch_cache(tz: tzinfo) -> dict[str, int]:
    """Raw timestamp text -> epoch seconds, per default zone (logs repeat timestamps a lot)."""
    cache = _EPOCH_CACHES.setdefault(tz, {})
    if len(cache) > 50_000:
        cache.clear()
    return cache


def _validate_batch(
    f: InputFile, name: str, lines: list[int], recs: list[Wire], people: set[str],
    default_tz: tzinfo,
) -> tuple[list[tuple[Any, ...]], list[int], Pending, Ided]:
    """Validate one batch.

    Returns edge rows (EdgeRow field order), the indexes of the valid records, the
    issues found (line, issue, record), for the valid records with an explicit id,
    (index, id, content fingerprint, first row, end row) for :mod:`relgraph.idcheck`, and
    where each valid record's edge rows start (the ingest's counts).
    """
    pending: list[tuple[int, RecordIssue, dict[str, Any]]] = []
    try:
        vals = INTERACTIONS_WIRE.validate_python(recs)
        keep: Iterable[int] = range(len(recs))
    except ValidationError as e:
        bad: dict[int, dict[str, Any]] = {}
        for err in e.errors():
            loc = err["loc"]
            i = loc[0]
            if isinstance(i, int) and i not in bad:
                pos = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else None
                bad[i] = dict(err, loc=(_WIRE_KEYS[pos],) if pos is not None else ())
        for i, err in bad.items():
            rec = as_dict(recs[i])
            pending.append((lines[i], issue_from(f, lines[i], err, rec), rec))
        keep = [i for i in range(len(recs)) if i not in bad]
        vals = INTERACTIONS_WIRE.validate_python([recs[i] for i in keep])
    rows: list[tuple[Any, ...]] = []
    append = rows.append
    ok: list[int] = []
    ided: Ided = []
    starts: list[int] = []
    epoch = _epoch_cache(default_tz)
    for i, (key, src, tg, ts, ch, w, d) in zip(keep, vals, strict=True):
        if ";" in tg or " " in tg:
            targets = list(dict.fromkeys(t for t in (x.strip() for x in tg.split(";")) if t and t != src))
        else:
            targets = [tg] if tg != src else []
        problem = None
        if src not in people:
            problem = ("source", f"unknown person {src!r} (not in the people files or the store)")
        elif len(targets) > MAX_TARGETS:
            problem = ("targets", f"{len(targets):,} targets (at most {MAX_TARGETS:,} per record)")
        elif not targets:
            problem = ("targets", "no target other than the source")
        else:
            for t in targets:
                if t not in people:
                    problem = ("targets", f"unknown person {clip(t, quote=True)} (not in the people "
                               "files or the store)")
                    break
        if problem is not None:
            pending.append((lines[i], RecordIssue(name, lines[i], *problem), as_dict(recs[i])))
            continue
        raw = recs[i][3]
        at = epoch.get(raw) if raw.__class__ is str else None
        if at is None:
            aware = ts if ts.tzinfo is not None else ts.replace(tzinfo=default_tz)
            at = int(aware.timestamp())
            if raw.__class__ is str:
                epoch[raw] = at
        explicit = key is not None
        if key is None:
            key = content_id(src, targets, at, ch, w, d)
        if w is None:
            w = 1.0
        if explicit:  # checked against each other and the store by relgraph.idcheck
            ided.append((i, key, fingerprint(src, targets, at, ch, w, d), len(rows),
                         len(rows) + len(targets)))
        starts.append(len(rows))
        for t in targets:
            append((key, src, t, at, ch, w, d))
        ok.append(i)
    return rows, ok, pending, ided, starts


def validated_batches(
    f: InputFile, people: set[str], default_tz: tzinfo, batch_size: int,
    on_issue: IssueFn, progress: Callable[[int], None] | None = None,
) -> Iterator[Batch]:
    """Validated batches of one interactions file, in this process."""
    name = str(f.path)
    for lines, recs in _interaction_batches(f, on_issue, progress, batch_size):
        rows, ok, pending, ided, starts = _validate_batch(f, name, lines, recs, people,
                                                          default_tz)
        yield rows, lines, recs, ok, pending, ided, starts


def _child(q: Any, f: InputFile, people: set[str], default_tz: tzinfo, batch_size: int,
           parent: int) -> None:  # pragma: no cover - runs in the forked child
    def put(msg: object) -> None:
        while True:
            try:
                q.put(msg, timeout=1.0)
                return
            except queue.Full:
                if os.getppid() != parent:  # the parent died (e.g. killed): stop
                    os._exit(0)

    extra: Pending = []
    pos = [0]

    def on_issue(issue: RecordIssue, record: object = None) -> None:
        extra.append((issue.line, issue, record))  # type: ignore[arg-type]

    def progress(p: int) -> None:
        pos[0] = p

    try:
        for rows, lines, recs, ok, pending, ided, starts in validated_batches(
            f, people, default_tz, batch_size, on_issue, progress
        ):
            put(("batch", (rows, lines, recs, ok, extra + pending, ided, starts), pos[0]))
            extra.clear()
        put(("done", extra, f.size))
    except FileProblem as e:
        put(("problem", e.issue, 0))
    except BaseException as e:  # noqa: BLE001 - reported to the parent
        put(("error", repr(e), 0))
    q.close()
    q.join_thread()


def forked_batches(
    f: InputFile, people: set[str], default_tz: tzinfo, batch_size: int,
    on_issue: IssueFn, progress: Callable[[int], None] | None = None,
) -> Iterator[Batch]:
    """Like :func:`validated_batches`, computed in a forked child process."""
    ctx = mp.get_context("fork")
    q = ctx.Queue(maxsize=3)
    proc = ctx.Process(target=_child, args=(q, f, people, default_tz, batch_size, os.getpid()),
                       daemon=True)
    proc.start()
    try:
        while True:
            try:
                kind, payload, pos = q.get(timeout=5.0)
            except queue.Empty:
                if not proc.is_alive():
                    raise RuntimeError("the validation process stopped unexpectedly") from None
                continue
            if kind == "batch":
                if progress is not None:
                    progress(pos)
                yield payload
            elif kind == "done":
                for _, issue, rec in payload:
                    on_issue(issue, rec)
                if progress is not None:
                    progress(pos)
                return
            elif kind == "problem":
                raise FileProblem(payload)
            else:
                raise RuntimeError(f"validation process failed: {payload}")
    finally:
        if proc.is_alive():
            proc.terminate()
        proc.join()
