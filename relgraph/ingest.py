"""Validated, streaming, all-or-nothing ingest of units, people and interactions.

Design (see ``bench/bench_ingest.py`` for the figures):

* Files are read as streams in batches of ``batch_size`` records, so memory does
  not grow with the file size.
* Interactions are validated a batch at a time by pydantic-core
  (:data:`relgraph.models.INTERACTIONS_WIRE`), without a Python callback per
  record; person references, self-loops and ids are then checked in one tight
  loop (:mod:`relgraph.batches`). On files of 4 MB or more that work runs in a
  forked child process while this process writes, so both cores are used.
  Units and people (small files) use the models directly.
* Everything is written inside one store transaction. By default one invalid
  record anywhere means nothing is written (:class:`~relgraph.errors.InputError`);
  with ``skip_invalid`` the valid records are written and the rejects, with
  their file, line, field and reason, are saved to ``rejects_path``.
"""

from __future__ import annotations

import csv
import json
import multiprocessing as mp
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import tzinfo
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ValidationError

from relgraph.batches import Ided, as_dict, forked_batches, issue_from, validated_batches
from relgraph.errors import InputError, RecordIssue, UsageError
from relgraph.idcheck import check_ids
from relgraph.models import (
    DEFAULT_TZ,
    PERSON_ADAPTER,
    UNIT_ADAPTER,
    Person,
    Unit,
)
from relgraph.readers import (
    FileProblem,
    InputFile,
    RecordStream,
    discover,
    read_csv_rows,
    read_jsonl_records,
)
from relgraph.store.base import Store
from relgraph.textsafe import csv_cell

MAX_ISSUES_KEPT = 1000
UNREADABLE = "cannot read the input; nothing was written"
BATCH_SIZE = 10_000
ProgressCallback = Callable[[int, int], None]
"""progress(bytes_done, bytes_total) across all input files."""


class FileSummary(BaseModel):
    path: str
    kind: str
    records: int
    invalid: int


class IngestReport(BaseModel):
    """What an ingest did.

    Interaction records: ``interactions`` valid records were read; of them
    ``already_stored`` were in the store before this ingest, ``duplicates`` repeated an
    earlier record of this input (same interaction id, or same content for records
    without an id) and were merged into it, and ``interactions_added`` are new, adding
    ``edges_added`` person-to-person edges.
    """

    files: list[FileSummary]
    units: int = 0
    people: int = 0
    interactions: int = 0
    already_stored: int = 0
    duplicates: int = 0
    interactions_added: int = 0
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
            self._writer.writerow([csv_cell(x) for x in
                                   (issue.file, issue.line, issue.field, issue.reason, rec)])

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
    streams: Iterable[RecordStream] = (),
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
    streams : iterable of RecordStream
        Records an importer has already read (:mod:`relgraph.importers`), written
        after the files of the same kind, in the order given.

    Raises
    ------
    InputError
        When a file cannot be read, or any record is invalid and ``skip_invalid`` is off.
        Nothing has been written then.
    """
    if skip_invalid and rejects_path is None:
        raise UsageError("--skip-invalid needs --rejects FILE to save the rejected records")
    try:
        files: list[InputFile | RecordStream] = list(discover([Path(p) for p in paths]))
    except FileProblem as e:
        raise InputError([e.issue], headline=UNREADABLE) from None
    order = {"units": 0, "people": 1, "interactions": 2}
    files = sorted([*files, *streams], key=lambda f: order[f.kind])
    if skip_invalid and rejects_path is not None:
        check_rejects_path(Path(rejects_path), store, [f.path for f in files])
    total_bytes = sum(f.size for f in files) or 1
    done_before = 0

    def file_progress(pos: int) -> None:
        if progress is not None:
            progress(min(done_before + pos, total_bytes), total_bytes)

    col = _Collector(Path(rejects_path) if skip_invalid and rejects_path else None)
    report = IngestReport(files=[])
    counts = _Counts(empty=True)
    ok = False
    try:
        with store.transaction():
            known_units = store.unit_ids()
            known_people = store.person_ids()
            counts.empty = store.last_at() is None
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
                            store, f, col, known_people, default_tz, file_progress, batch_size,
                            counts,
                        )
                        report.interactions += n
                        report.edges_added += added
                except FileProblem as e:
                    raise InputError([e.issue], headline=UNREADABLE) from None
                report.files.append(
                    FileSummary(path=str(f.path), kind=f.kind, records=n, invalid=col.total - before)
                )
                done_before += f.size
            if col.total and not skip_invalid:
                raise InputError(col.issues, col.total)
        ok = True
    finally:
        col.finish(keep=ok and col.total > 0)
    report.already_stored = counts.stored
    report.duplicates = counts.duplicates
    report.interactions_added = counts.new
    report.invalid = col.total
    report.issues = [str(i) for i in col.issues[:20]]
    if skip_invalid and col.total:
        report.rejects_path = str(rejects_path)
    return report


def check_rejects_path(path: Path, store: Store, inputs: list[Path]) -> None:
    """Refuse a rejects file that is the store (or one of its files) or an input file.

    Raises
    ------
    UsageError
        Naming the clash; nothing has been read or written then.
    """
    if path.is_dir():
        raise UsageError(f"--rejects {path} is a directory: name a file, e.g. rejects.csv")
    target = _identity(path)
    store_files = []
    if store.backend == "sqlite" and store.location != ":memory:":
        db = Path(store.location)
        store_files = [db, *(db.with_name(db.name + s) for s in ("-wal", "-shm", "-journal"))]
    for other, what in [*((p, "the store") for p in store_files),
                        *((p, "an input file") for p in inputs)]:
        if target == _identity(other):
            raise UsageError(f"--rejects {path} is {what} ({other}): choose another file; "
                             "nothing was written")


def _identity(path: Path) -> tuple[object, ...]:
    """The same file under any name (hard links included): device and inode when it
    exists, else its resolved path."""
    try:
        st = path.stat()
        return ("inode", st.st_dev, st.st_ino)
    except OSError:
        return ("path", str(path.resolve()))


# -- units and people ------------------------------------------------------------------------
def _records(f: InputFile | RecordStream, col: _Collector,
             progress: Callable[[int], None]) -> Iterator[tuple[int, dict[str, Any]]]:
    if isinstance(f, RecordStream):
        yield from f.open(progress)
        return
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


def _ingest_units(store: Store, f: InputFile, col: _Collector, known: set[str], progress: Callable[[int], None]) -> int:
    units: dict[str, tuple[int, Unit]] = {}
    for line, rec in _records(f, col, progress):
        try:
            u = UNIT_ADAPTER.validate_python(rec)
        except ValidationError as e:
            for err in e.errors()[:1]:
                col.add(issue_from(f, line, dict(err), rec), rec)
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
                col.add(issue_from(f, line, dict(err), rec), rec)
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




# -- interactions ------------------------------------------------------------------------------
PARALLEL_MIN_BYTES = 4 * 1024 * 1024
"""Interaction files at least this large are validated in a forked child process."""


class _Counts:
    """Tells new interactions from those already stored and from repeats within the input.

    The keys (interaction ids, or content ids) seen in this ingest are kept as 64-bit
    hashes in a sorted numpy array: 8 bytes per record, so that memory stays small at
    millions of records (a Python set of strings would take ~100 bytes each). Two keys
    sharing a hash (probability ~ n^2 / 2^65) would count one new record as a repeat;
    the store itself still compares full keys.
    """

    def __init__(self, *, empty: bool):
        self.empty = empty  # nothing stored before this ingest: no store look-ups needed
        self.seen = np.empty(0, dtype=np.int64)
        self.stored = self.duplicates = self.new = 0

    def _known(self, hashes: np.ndarray) -> np.ndarray:
        if not len(self.seen):
            return np.zeros(len(hashes), dtype=bool)
        idx = np.minimum(np.searchsorted(self.seen, hashes), len(self.seen) - 1)
        return self.seen[idx] == hashes

    def before_write(self, store: Store, rows: list[tuple[Any, ...]], starts: list[int]
                     ) -> list[tuple[str, str, bool]]:
        """Per valid record of a batch: (key, first target, already stored?); repeats of an
        earlier record of the input are marked by an empty key."""
        keys = [rows[i][0] for i in starts]
        hashes = np.fromiter((hash(k) for k in keys), dtype=np.int64, count=len(keys))
        known = self._known(hashes)
        batch: set[int] = set()
        first: list[int] = []
        for j, h in enumerate(hashes.tolist()):
            if known[j] or h in batch:
                continue
            batch.add(h)
            first.append(j)
        stored: set[str] = set()
        if not self.empty and first:
            stored = store.stored_interactions([(keys[j], rows[starts[j]][2]) for j in first])
        fresh = np.fromiter(batch, dtype=np.int64, count=len(batch))
        fresh.sort()
        self.seen = np.insert(self.seen, np.searchsorted(self.seen, fresh), fresh)
        out = [("", "", False)] * len(keys)
        for j in first:
            out[j] = (keys[j], rows[starts[j]][2], keys[j] in stored)
        return out

    def after_write(self, marks: list[tuple[str, str, bool]], rejected: set[int]) -> None:
        """Count a batch's valid records (``rejected``: positions not written)."""
        for j, (key, _, stored) in enumerate(marks):
            if j in rejected:
                continue
            if not key:
                self.duplicates += 1
            elif stored:
                self.stored += 1
            else:
                self.new += 1


def _ingest_interactions(
    store: Store, f: InputFile, col: _Collector, people: set[str], default_tz: tzinfo,
    progress: Callable[[int], None], batch_size: int, counts: _Counts,
) -> tuple[int, int]:
    name = str(f.path)
    n_ok = 0
    added = 0
    parallel = f.size >= PARALLEL_MIN_BYTES and "fork" in mp.get_all_start_methods()
    source = forked_batches if parallel else validated_batches
    for rows, lines, recs, ok, pending, ided, starts in source(f, people, default_tz, batch_size,
                                                               col.add, progress):
        for _, issue, rec in sorted(pending, key=lambda p: p[0]):
            col.add(issue, rec)
        marks = counts.before_write(store, rows, starts)
        # an importer's stream may hold copies of one message naming different recipients
        n, conflicts = _write_batch(store, name, rows, lines, recs, ided,
                                    merge_targets=f.fmt == "records")
        added += n
        n_ok += len(ok) - len(conflicts)
        bad_lines = {line for line, _, _ in conflicts}
        counts.after_write(marks, {j for j, k in enumerate(ok) if lines[k] in bad_lines})
        for _, issue, rec in conflicts:
            col.add(issue, rec)
    return n_ok, added


def _write_batch(
    store: Store, name: str, rows: list[tuple[Any, ...]], lines: list[int], recs: list[Any],
    ided: Ided, *, merge_targets: bool = False,
) -> tuple[int, list[tuple[int, RecordIssue, dict[str, Any]]]]:
    """Write a batch without the records whose explicit id conflicts with another record
    (in the batch, earlier in the ingest or in the store: :func:`relgraph.idcheck.check_ids`);
    return the edges added and those records' issues."""
    found, drop = check_ids(store, name, lines, ided, merge_targets=merge_targets)
    if drop:
        rows = [r for j, r in enumerate(rows) if j not in drop]
    added = store.add_edges(rows)  # type: ignore[arg-type]
    return added, [(lines[i], issue, as_dict(recs[i])) for i, issue, _ in found]
