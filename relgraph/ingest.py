"""Validated, streaming, all-or-nothing ingest of units, people and interactions.

Design (see ``bench/bench_ingest.py`` for the figures):

* Files are read as streams in batches of ``batch_size`` records, so memory does
  not grow with the file size.
* Interactions are validated a batch at a time by pydantic-core
  (:data:`relgraph.models.INTERACTIONS_WIRE`), without a Python callback per
  record; person references, self-loops and ids are then checked in one tight
  loop. Units and people (small files) use the models directly.
* Everything is written inside one store transaction. By default one invalid
  record anywhere means nothing is written (:class:`~relgraph.errors.InputError`);
  with ``skip_invalid`` the valid records are written and the rejects, with
  their file, line, field and reason, are saved to ``rejects_path``.
"""

from __future__ import annotations

import csv
import json
import os
import queue
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from datetime import tzinfo
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from relgraph.errors import InputError, RecordIssue, UsageError
from relgraph.models import (
    DEFAULT_TZ,
    INTERACTIONS_WIRE,
    PERSON_ADAPTER,
    UNIT_ADAPTER,
    Channel,
    Person,
    Unit,
    content_id,
)
from relgraph.readers import (
    FileProblem,
    InputFile,
    discover,
    read_csv_rows,
    read_jsonl_records,
)
from relgraph.store.base import Store

MAX_ISSUES_KEPT = 1000
BATCH_SIZE = 10_000
ProgressCallback = Callable[[int, int], None]
"""progress(bytes_done, bytes_total) across all input files."""


class FileSummary(BaseModel):
    path: str
    kind: str
    records: int
    invalid: int


class IngestReport(BaseModel):
    """What an ingest did."""

    files: list[FileSummary]
    units: int = 0
    people: int = 0
    interactions: int = 0
    edges_added: int = 0
    invalid: int = 0
    rejects_path: str | None = None
    issues: list[str] = []


class _Collector:
    """Keeps the first issues in memory and streams every reject to a file if asked."""

    def __init__(self, rejects_path: Path | None):
        self.issues: list[RecordIssue] = []
        self.total = 0
        self._path = rejects_path
        self._tmp: Any = None
        self._writer: Any = None
        if rejects_path is not None:
            rejects_path.parent.mkdir(parents=True, exist_ok=True)
            self._tmp = tempfile.NamedTemporaryFile(  # noqa: SIM115
                "w", newline="", encoding="utf-8", dir=rejects_path.parent,
                prefix=".rejects-", suffix=".tmp", delete=False,
            )
            self._writer = csv.writer(self._tmp)
            self._writer.writerow(["file", "line", "field", "reason", "record"])

    def add(self, issue: RecordIssue, record: object = None) -> None:
        self.total += 1
        if len(self.issues) < MAX_ISSUES_KEPT:
            self.issues.append(issue)
        if self._writer is not None:
            rec = json.dumps(record, ensure_ascii=False, default=str) if record is not None else ""
            self._writer.writerow([issue.file, issue.line, issue.field, issue.reason, rec])

    def finish(self, keep: bool) -> None:
        if self._tmp is None:
            return
        self._tmp.close()
        if keep:
            os.replace(self._tmp.name, self._path)  # type: ignore[arg-type]
        else:
            os.unlink(self._tmp.name)


def ingest(
    store: Store,
    paths: Iterable[str | Path],
    *,
    skip_invalid: bool = False,
    rejects_path: str | Path | None = None,
    default_tz: tzinfo = DEFAULT_TZ,
    progress: ProgressCallback | None = None,
    batch_size: int = BATCH_SIZE,
) -> IngestReport:
    """Validate input files and write them to ``store`` in one transaction.

    Parameters
    ----------
    store : Store
        Destination.
    paths : iterable of path
        Files (``units*``, ``people*``, ``interactions*``; ``.csv`` or ``.jsonl``)
        or directories holding them.
    skip_invalid : bool
        Write the valid records and save the rejects to ``rejects_path``
        (required) instead of writing nothing.
    default_tz : tzinfo
        Zone for timestamps without an offset (default UTC).

    Raises
    ------
    InputError
        When a file cannot be read, or any record is invalid and ``skip_invalid`` is off.
        Nothing has been written then.
    """
    if skip_invalid and rejects_path is None:
        raise UsageError("--skip-invalid needs --rejects FILE to save the rejected records")
    try:
        files = discover([Path(p) for p in paths])
    except FileProblem as e:
        raise InputError([e.issue]) from None
    total_bytes = sum(f.size for f in files) or 1
    done_before = 0

    def file_progress(pos: int) -> None:
        if progress is not None:
            progress(min(done_before + pos, total_bytes), total_bytes)

    col = _Collector(Path(rejects_path) if skip_invalid and rejects_path else None)
    report = IngestReport(files=[])
    ok = False
    try:
        with store.transaction():
            known_units = store.unit_ids()
            known_people = store.person_ids()
            for f in files:
                before = col.total
                try:
                    if f.kind == "units":
                        n = _ingest_units(store, f, col, known_units, file_progress)
                        report.units += n
                    elif f.kind == "people":
                        n = _ingest_people(store, f, col, known_units, known_people, file_progress)
                        report.people += n
                    else:
                        n, added = _ingest_interactions(
                            store, f, col, known_people, default_tz, file_progress, batch_size
                        )
                        report.interactions += n
                        report.edges_added += added
                except FileProblem as e:
                    raise InputError([e.issue], hint="the whole file is unreadable") from None
                report.files.append(
                    FileSummary(path=str(f.path), kind=f.kind, records=n, invalid=col.total - before)
                )
                done_before += f.size
            if col.total and not skip_invalid:
                raise InputError(col.issues, col.total)
        ok = True
    finally:
        col.finish(keep=ok and col.total > 0)
    report.invalid = col.total
    report.issues = [str(i) for i in col.issues[:20]]
    if skip_invalid and col.total:
        report.rejects_path = str(rejects_path)
    return report


# -- units and people ------------------------------------------------------------------------
def _records(f: InputFile, col: _Collector, progress: Callable[[int], None]) -> Iterator[tuple[int, dict[str, Any]]]:
    if f.fmt == "jsonl":
        for line, obj in read_jsonl_records(f, progress):
            if isinstance(obj, RecordIssue):
                col.add(obj)
            else:
                yield line, obj
        return
    cols, rows = read_csv_rows(f, progress)
    n = len(cols)
    for line, row in rows:
        if len(row) != n:
            col.add(RecordIssue(str(f.path), line, "", f"expected {n} fields, found {len(row)}"), row)
            continue
        yield line, dict(zip(cols, row, strict=True))


def _issue_from(f: InputFile, line: int, err: dict[str, Any], record: dict[str, Any]) -> RecordIssue:
    loc = [p for p in err.get("loc", ()) if isinstance(p, str)]
    field = loc[0] if loc else ""
    value = record.get(field) if field else None
    return RecordIssue(str(f.path), line, field, _reason(field, err, value))


def _reason(field: str, err: dict[str, Any], value: object) -> str:
    etype = err.get("type", "")
    if etype == "missing" or (value in (None, "") and field):
        return "required value is missing"
    if field == "channel" or etype in ("enum", "literal_error"):
        allowed = ", ".join(c.value for c in Channel) if field == "channel" else ""
        msg = f"unknown {field} {value!r}"
        if allowed:
            return msg + f" (expected one of: {allowed})"
        return msg + f" ({err.get('msg', '')})"
    if field == "timestamp":
        return f"invalid timestamp {value!r} (expected ISO 8601, e.g. 2026-05-04T09:30:00+00:00)"
    if etype == "string_pattern_mismatch":
        return f"invalid id {value!r} (1-200 characters, no spaces or ';')"
    return f"{err.get('msg', 'invalid value')} (got {value!r})"


def _ingest_units(store: Store, f: InputFile, col: _Collector, known: set[str], progress: Callable[[int], None]) -> int:
    units: dict[str, tuple[int, Unit]] = {}
    for line, rec in _records(f, col, progress):
        try:
            u = UNIT_ADAPTER.validate_python(rec)
        except ValidationError as e:
            for err in e.errors()[:1]:
                col.add(_issue_from(f, line, dict(err), rec), rec)
            continue
        if u.id in units:
            col.add(RecordIssue(str(f.path), line, "id", f"duplicate unit id {u.id!r} (first on line {units[u.id][0]})"), rec)
            continue
        units[u.id] = (line, u)
    all_ids = known | set(units)
    good = []
    for line, u in units.values():
        if u.parent is not None and u.parent not in all_ids:
            col.add(RecordIssue(str(f.path), line, "parent", f"unknown parent unit {u.parent!r}"), u.model_dump(mode="json"))
            continue
        good.append(u)
    store.upsert_units(good)
    known.update(u.id for u in good)
    return len(good)


def _ingest_people(
    store: Store, f: InputFile, col: _Collector, units: set[str], known: set[str], progress: Callable[[int], None]
) -> int:
    batch: list[Person] = []
    seen: dict[str, int] = {}
    n = 0
    for line, rec in _records(f, col, progress):
        try:
            p = PERSON_ADAPTER.validate_python(rec)
        except ValidationError as e:
            for err in e.errors()[:1]:
                col.add(_issue_from(f, line, dict(err), rec), rec)
            continue
        if p.id in seen:
            col.add(RecordIssue(str(f.path), line, "id", f"duplicate person id {p.id!r} (first on line {seen[p.id]})"), rec)
            continue
        if p.unit not in units:
            col.add(RecordIssue(str(f.path), line, "unit", f"unknown unit {p.unit!r}"), rec)
            continue
        seen[p.id] = line
        batch.append(p)
        if len(batch) >= 5000:
            n += store.upsert_people(batch)
            batch.clear()
    n += store.upsert_people(batch)
    known.update(seen)
    return n


# -- interactions ------------------------------------------------------------------------------
_WIRE_KEYS = ("id", "source", "targets", "timestamp", "channel", "weight", "duration_minutes")


Wire = tuple[Any, ...]
"""An interaction as a tuple in ``_WIRE_KEYS`` order: blank optional cells are None and
targets a ';'-separated string (validated by :data:`relgraph.models.INTERACTIONS_WIRE`)."""


def _as_dict(rec: Wire) -> dict[str, Any]:
    return dict(zip(_WIRE_KEYS, rec, strict=True))


def _interaction_batches(
    f: InputFile, col: _Collector, progress: Callable[[int], None], batch_size: int
) -> Iterator[tuple[list[int], list[Wire]]]:
    """Batches of (lines, wire tuples)."""
    lines: list[int] = []
    recs: list[Wire] = []
    name = str(f.path)
    if f.fmt == "csv":
        cols, rows = read_csv_rows(f, progress)
        n = len(cols)
        if tuple(cols) == _WIRE_KEYS:  # the usual layout: no column mapping needed
            for line, r in rows:
                if len(r) != n:
                    col.add(RecordIssue(name, line, "", f"expected {n} fields, found {len(r)}"), r)
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
                    col.add(RecordIssue(name, line, "", f"expected {n} fields, found {len(r)}"), r)
                    continue
                lines.append(line)
                recs.append(tuple(None if i is None else (r[i] or None) for i in idx))
                if len(recs) >= batch_size:
                    yield lines, recs
                    lines, recs = [], []
    else:
        for line, obj in read_jsonl_records(f, progress):
            if isinstance(obj, RecordIssue):
                col.add(obj)
                continue
            rec = {k: obj.get(k) for k in _WIRE_KEYS}
            for k in ("id", "weight", "duration_minutes"):
                if rec[k] == "":
                    rec[k] = None
            t = rec["targets"]
            if isinstance(t, list):
                if not all(isinstance(x, str) for x in t):
                    col.add(RecordIssue(name, line, "targets", "targets must be person ids (strings)"), obj)
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


class _Writer:
    """Writes edge batches on a second thread while the caller validates the next batch.

    SQLite (and the network driver) release the GIL while they work, so reading and
    validating overlap with writing. The queue holds at most two batches, which bounds
    memory. An exception in the writer is re-raised in the caller.

    When a batch adds fewer edges than it holds, the writer asks the store which
    of them collide with a stored edge of different content (same interaction id and
    target): those records are reported, never silently dropped.
    """

    def __init__(self, store: Store, name: str):
        self._store = store
        self._name = name
        self._q: queue.Queue[
            tuple[list[tuple[Any, ...]], list[int], list[Wire], list[int]] | None
        ] = queue.Queue(maxsize=2)
        self.added = 0
        self.issues: list[tuple[int, RecordIssue, dict[str, Any]]] = []
        self._error: BaseException | None = None
        self._t = threading.Thread(target=self._run, name="relgraph-writer", daemon=True)
        self._t.start()

    def _run(self) -> None:
        while True:
            item = self._q.get()
            if item is None:
                return
            if self._error is None:
                try:
                    self._write(*item)
                except BaseException as e:  # noqa: BLE001 - re-raised in the caller
                    self._error = e

    def _write(self, rows: list[tuple[Any, ...]], lines: list[int], recs: list[Wire],
               ok: list[int]) -> None:
        added = self._store.add_edges(rows)  # type: ignore[arg-type]
        self.added += added
        if added == len(rows):
            return
        conflicts = self._store.conflicting_edges(rows)  # type: ignore[arg-type]
        if not conflicts:
            return
        # Only records with an explicit id can conflict (a content id changes with the
        # content). Map the conflicting rows back to their records by id and time.
        by_key: dict[tuple[str, int], list[int]] = {}
        for k in ok:
            rec = recs[k]
            if rec[0] is not None:
                by_key.setdefault((rec[0], rec[1]), []).append(k)
        seen: set[int] = set()
        for i in conflicts:
            for k in by_key.get((rows[i][0], rows[i][1]), []):
                if k in seen:
                    continue
                seen.add(k)
                self.issues.append((lines[k], RecordIssue(
                    self._name, lines[k], "id",
                    f"interaction id {rows[i][0]!r} is already used by a different record "
                    "(ids must be unique; this record was not written)",
                ), _as_dict(recs[k])))

    def put(self, rows: list[tuple[Any, ...]], lines: list[int], recs: list[Wire],
            ok: list[int]) -> None:
        if self._error is not None:
            self.close()
        self._q.put((rows, lines, recs, ok))

    def close(self) -> int:
        if self._t.is_alive():
            self._q.put(None)
            self._t.join()
        if self._error is not None:
            raise self._error
        return self.added


def _ingest_interactions(
    store: Store, f: InputFile, col: _Collector, people: set[str], default_tz: tzinfo,
    progress: Callable[[int], None], batch_size: int,
) -> tuple[int, int]:
    name = str(f.path)
    n_ok = 0
    writer = _Writer(store, name)
    try:
        for lines, recs in _interaction_batches(f, col, progress, batch_size):
            rows, ok, pending = _validate_batch(f, name, lines, recs, people, default_tz)
            n_ok += len(ok)
            for _, issue, rec in sorted(pending, key=lambda p: p[0]):
                col.add(issue, rec)
            writer.put(rows, lines, recs, ok)
    finally:
        added = writer.close()
    for _, issue, rec in sorted(writer.issues, key=lambda p: p[0]):
        col.add(issue, rec)
    return n_ok - len(writer.issues), added


def _validate_batch(
    f: InputFile, name: str, lines: list[int], recs: list[Wire], people: set[str],
    default_tz: tzinfo,
) -> tuple[list[tuple[Any, ...]], list[int], list[tuple[int, RecordIssue, dict[str, Any]]]]:
    """Validate one batch.

    Returns edge rows (EdgeRow field order), the indexes of the valid records and the
    issues found (line, issue, record).
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
            rec = _as_dict(recs[i])
            pending.append((lines[i], _issue_from(f, lines[i], err, rec), rec))
        keep = [i for i in range(len(recs)) if i not in bad]
        vals = INTERACTIONS_WIRE.validate_python([recs[i] for i in keep])
    rows: list[tuple[Any, ...]] = []
    append = rows.append
    ok: list[int] = []
    ids: dict[str, tuple[int, str, int, str]] = {}
    epoch = _epoch_cache(default_tz)
    for i, (key, src, tg, ts, ch, w, d) in zip(keep, vals, strict=True):
        if ";" in tg or " " in tg:
            targets = list(dict.fromkeys(t for t in (x.strip() for x in tg.split(";")) if t and t != src))
        else:
            targets = [tg] if tg != src else []
        problem = None
        if src not in people:
            problem = ("source", f"unknown person {src!r} (not in the people files or the store)")
        elif not targets:
            problem = ("targets", "no target other than the source")
        else:
            for t in targets:
                if t not in people:
                    problem = ("targets", f"unknown person {t!r} (not in the people files or the store)")
                    break
        if problem is not None:
            pending.append((lines[i], RecordIssue(name, lines[i], *problem), _as_dict(recs[i])))
            continue
        raw = recs[i][3]
        at = epoch.get(raw) if raw.__class__ is str else None
        if at is None:
            aware = ts if ts.tzinfo is not None else ts.replace(tzinfo=default_tz)
            at = int(aware.timestamp())
            if raw.__class__ is str:
                epoch[raw] = at
        if key is None:
            key = content_id(src, targets, at, ch, w, d)
        else:
            first = ids.setdefault(key, (lines[i], src, at, ch))
            if first[1:] != (src, at, ch):
                pending.append((lines[i], RecordIssue(
                    name, lines[i], "id",
                    f"duplicate interaction id {key!r} (first on line {first[0]}) with different content",
                ), _as_dict(recs[i])))
                continue
        if w is None:
            w = 1.0
        for t in targets:
            append((key, src, t, at, ch, w, d))
        ok.append(i)
    return rows, ok, pending
