"""Streaming readers for CSV and JSON Lines input files.

Readers yield ``(line, record)`` pairs where ``record`` maps field names to raw
values (strings for CSV; whatever JSON holds for JSON Lines). They check the
file as a whole (empty file, encoding, header) and raise :class:`FileProblem`
for problems that make every record of the file untrustworthy.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from relgraph.errors import RecordIssue
from relgraph.models import ALL_FIELDS, REQUIRED_FIELDS
from relgraph.textsafe import clip

KINDS = ("units", "people", "interactions")
_KIND_PREFIXES = {
    "units": ("unit",),
    "people": ("people", "person", "persons", "stakeholder"),
    "interactions": ("interaction",),
}
CSV_SUFFIXES = (".csv",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")

csv.field_size_limit(10_000_000)
MAX_JSONL_LINE = 4_000_000
"""Characters in one JSON Lines record (a record of 10,000 targets fits): a longer line is
rejected without being held in memory whole."""


class FileProblem(Exception):
    """A problem with a whole file (it cannot be read record by record)."""

    def __init__(self, issue: RecordIssue):
        self.issue = issue
        super().__init__(str(issue))


@dataclass(frozen=True)
class InputFile:
    path: Path
    kind: str
    fmt: str  # "csv" or "jsonl"

    @property
    def size(self) -> int:
        return self.path.stat().st_size


@dataclass(frozen=True)
class RecordStream:
    """Records already read from another format (see :mod:`relgraph.importers`).

    ``open(progress)`` yields ``(line, record)``: for units and people a field dict as a
    CSV row would give; for interactions a wire tuple (:data:`relgraph.batches.Wire`).
    ``path`` and ``line`` locate the record in the original export for error messages.
    """

    path: Path
    kind: str
    size: int
    open: Callable[[Callable[[int], None] | None], Iterator[tuple[int, Any]]]
    fmt: str = "records"


def kind_of(path: Path) -> str | None:
    stem = path.name.lower()
    for kind, prefixes in _KIND_PREFIXES.items():
        if stem.startswith(prefixes):
            return kind
    return None


def format_of(path: Path) -> str | None:
    s = path.suffix.lower()
    if s in CSV_SUFFIXES:
        return "csv"
    if s in JSONL_SUFFIXES:
        return "jsonl"
    return None


def discover(paths: list[Path]) -> list[InputFile]:
    """Resolve files and directories into input files, ordered units, people, interactions."""
    found: list[InputFile] = []
    for p in paths:
        if p.is_dir():
            children = sorted(c for c in p.iterdir() if c.is_file() and format_of(c) and kind_of(c))
            if not children:
                raise FileProblem(RecordIssue(
                    str(p), 0, "",
                    "directory holds no units, people or interactions file "
                    "(expected units.csv, people.csv, interactions.csv or .jsonl)",
                ))
            found += [InputFile(c, kind_of(c), format_of(c)) for c in children]  # type: ignore[arg-type]
        elif p.is_file():
            fmt, kind = format_of(p), kind_of(p)
            if fmt is None:
                raise FileProblem(RecordIssue(str(p), 0, "", "unknown file type: use .csv or .jsonl"))
            if kind is None:
                raise FileProblem(RecordIssue(
                    str(p), 0, "",
                    "cannot tell which records the file holds: its name must start with "
                    "'units', 'people' or 'interactions'",
                ))
            found.append(InputFile(p, kind, fmt))
        else:
            raise FileProblem(RecordIssue(str(p), 0, "", "no such file or directory"))
    order = {k: i for i, k in enumerate(KINDS)}
    return sorted(found, key=lambda f: (order[f.kind], str(f.path)))


def _check_header(f: InputFile, header: list[str]) -> list[str]:
    name = str(f.path)
    cols = [h.strip() for h in header]
    seen: set[str] = set()
    for c in cols:
        if c in seen:
            raise FileProblem(RecordIssue(name, 1, c, f"duplicated column '{c}' in the header"))
        seen.add(c)
    allowed = ALL_FIELDS[f.kind]
    for c in cols:
        if c not in allowed:
            raise FileProblem(RecordIssue(
                name, 1, c, f"unknown column '{c}' (allowed: {', '.join(allowed)})"
            ))
    for c in REQUIRED_FIELDS[f.kind]:
        if c not in seen:
            raise FileProblem(RecordIssue(name, 1, c, f"missing column '{c}'"))
    return cols


def _open_text(f: InputFile) -> io.TextIOWrapper:
    raw = open(f.path, "rb")  # noqa: SIM115 - closed by the caller through the wrapper
    if f.size == 0:
        raw.close()
        raise FileProblem(RecordIssue(str(f.path), 0, "", "file is empty (expected a header row)"))
    return io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="")


ProgressFn = Callable[[int], None]


def read_csv_rows(
    f: InputFile, progress: ProgressFn | None = None
) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """Return the validated header and an iterator of (line, row) for a CSV file."""
    text = _open_text(f)
    reader = csv.reader(text)
    try:
        header = next(reader)
    except StopIteration:
        text.close()
        raise FileProblem(RecordIssue(str(f.path), 0, "", "file is empty (expected a header row)")) from None
    except UnicodeDecodeError as e:
        text.close()
        raise FileProblem(_encoding_issue(f, 1, e)) from None
    try:
        cols = _check_header(f, header)
    except FileProblem:
        text.close()
        raise

    def rows() -> Iterator[tuple[int, list[str]]]:
        # Each record is reported at the line where it starts: a stray quote that opens a
        # quoted field runs on over the following lines, and the line to fix is the first.
        n = len(cols)
        line = 1
        end = 1
        try:
            k = 0
            for row in reader:
                line, end = end + 1, reader.line_num
                if len(row) != n:
                    if not row:
                        continue
                    if end > line:
                        # the file's structure is lost from here on: nothing after this
                        # record can be trusted, so the whole file is refused
                        raise FileProblem(RecordIssue(str(f.path), line, "", (
                            f"expected {n} fields, found {len(row)} in a record that spans "
                            f"lines {line}-{end}: a quoted field opened on line {line} is not "
                            f"closed where expected (a stray '\"' on line {line}?)")))
                    yield line, row  # the caller reports the field count
                    continue
                yield line, row
                k += 1
                if progress is not None and k % 8192 == 0:
                    progress(text.buffer.tell())
        except UnicodeDecodeError as e:
            raise FileProblem(_encoding_issue(f, end + 1, e)) from None
        except csv.Error as e:
            start = end + 1
            if "unexpected end of data" in str(e) or "EOF" in str(e):
                reason = (f"a quoted field opened on line {start} is never closed (a stray "
                          f"'\"' on line {start}?); nothing after it could be read")
            else:
                reason = f"malformed CSV: {e}"
            raise FileProblem(RecordIssue(str(f.path), start, "", reason)) from None
        finally:
            if progress is not None:
                progress(f.size)
            text.close()

    return cols, rows()


def read_jsonl_records(
    f: InputFile, progress: ProgressFn | None = None
) -> Iterator[tuple[int, dict[str, Any] | RecordIssue]]:
    """Yield (line, object) for each non-blank line; a RecordIssue for a line that is not an object."""
    text = _open_text(f)
    name = str(f.path)
    allowed = set(ALL_FIELDS[f.kind])
    line = 0
    try:
        while True:
            raw = text.readline(MAX_JSONL_LINE + 1)
            if not raw:
                break
            line += 1
            if len(raw) > MAX_JSONL_LINE and not raw.endswith("\n"):
                size = len(raw) + _skip_rest_of_line(text)
                yield line, RecordIssue(
                    name, line, "", f"line too long ({size:,} characters; a record has at most "
                    f"{MAX_JSONL_LINE:,})")
                continue
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
            except json.JSONDecodeError as e:
                yield line, RecordIssue(name, line, "", f"not valid JSON: {e.msg} (column {e.colno})")
                continue
            except RecursionError:
                yield line, RecordIssue(name, line, "", "JSON nested too deeply (a record is "
                                        "one flat object)")
                continue
            if not isinstance(obj, dict):
                yield line, RecordIssue(name, line, "", "expected a JSON object")
                continue
            extra = sorted(set(obj) - allowed)
            if extra:
                yield line, RecordIssue(
                    name, line, clip(extra[0]), f"unknown field {clip(extra[0], quote=True)} "
                    f"(allowed: {', '.join(ALL_FIELDS[f.kind])})"
                )
                continue
            if progress is not None and line % 8192 == 0:
                progress(text.buffer.tell())
            yield line, obj
    except UnicodeDecodeError as e:
        raise FileProblem(_encoding_issue(f, line + 1, e)) from None
    finally:
        if progress is not None:
            progress(f.size)
        text.close()
    if line == 0:
        raise FileProblem(RecordIssue(name, 0, "", "file is empty (no records)"))


def _skip_rest_of_line(text: io.TextIOWrapper) -> int:
    """Read past the end of an over-long line in bounded chunks; return how many
    characters were skipped."""
    n = 0
    while True:
        chunk = text.readline(1 << 20)
        n += len(chunk)
        if not chunk or chunk.endswith("\n"):
            return n


def _encoding_issue(f: InputFile, line: int, e: UnicodeDecodeError) -> RecordIssue:
    """Locate the first undecodable line exactly (text decoding reads ahead in chunks)."""
    bad = e.object[e.start : e.start + 1].hex()
    with open(f.path, "rb") as raw:
        for n, chunk in enumerate(raw, start=1):
            try:
                chunk.decode("utf-8")
            except UnicodeDecodeError as e2:
                line = n
                bad = chunk[e2.start : e2.start + 1].hex()
                break
    return RecordIssue(
        str(f.path), line, "",
        f"not valid UTF-8 (byte 0x{bad}); save the file as UTF-8",
    )
