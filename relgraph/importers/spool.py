"""A private temporary spool of resolved interaction records.

Importers read a source once: each record is resolved to person ids and appended here
(with its file and line in the export) while people the import creates are collected;
then the ingest streams the spool back, after those people are written. Batches are
``marshal``-ed tuples, so the spool costs little time and no memory.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from relgraph.readers import RecordStream

_BATCH = 5000


class Spool:
    """Append-only file of ``(line, wire tuple)`` pairs, in segments by source file."""

    def __init__(self) -> None:
        fd, name = tempfile.mkstemp(prefix="relgraph-import-", suffix=".spool")
        os.chmod(name, 0o600)
        self._path = name
        self._f = os.fdopen(fd, "wb")
        self._segments: list[tuple[str, int, int]] = []  # (source path, start, end)
        self._current: str | None = None
        self._start = 0
        self._buf: list[tuple[int, tuple[Any, ...]]] = []
        self.records = 0

    def append(self, source: str, line: int, wire: tuple[Any, ...]) -> None:
        if source != self._current:
            self._close_segment()
            self._current = source
        self._buf.append((line, wire))
        self.records += 1
        if len(self._buf) >= _BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._buf:
            marshal.dump(self._buf, self._f)
            self._buf = []

    def _close_segment(self) -> None:
        self._flush()
        end = self._f.tell()
        if self._current is not None and end > self._start:
            self._segments.append((self._current, self._start, end))
        self._start = end

    def streams(self) -> list[RecordStream]:
        """One interactions stream per source file, for :func:`relgraph.ingest.ingest`."""
        self._close_segment()
        self._current = None
        self._f.flush()
        return [RecordStream(Path(src), "interactions", end - start, self._reader(start, end))
                for src, start, end in self._segments]

    def _reader(self, start: int, end: int) -> Callable[[Callable[[int], None] | None], Iterator[tuple[int, Any]]]:
        path = self._path

        def read(progress: Callable[[int], None] | None) -> Iterator[tuple[int, Any]]:
            with open(path, "rb") as f:
                f.seek(start)
                while f.tell() < end:
                    yield from marshal.load(f)
                    if progress is not None:
                        progress(f.tell() - start)
        return read

    def close(self) -> None:
        self._f.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self._path)

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
