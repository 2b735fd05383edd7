"""The importer interface: what an adapter for one export format provides.

An adapter (one module per source: :mod:`~relgraph.importers.roster`,
:mod:`~relgraph.importers.mail`, ...) reads its export and yields

* the organisation it describes, if any (:meth:`Importer.org`: units and people, each
  with the file and line it came from), and
* interaction records (:meth:`Importer.records`) whose people are still *addresses or
  handles* as the export has them.

Everything after that is shared (:mod:`relgraph.importers.run`): identity resolution
(:mod:`relgraph.importers.identity`), self-addressed recipients dropped, the mapping
summary, and the validated, all-or-nothing, idempotent ingest of :mod:`relgraph.ingest`.
An adapter never writes to a store.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import Any, ClassVar

from relgraph.importers.settings import ImportSettings
from relgraph.models import DEFAULT_TZ


@dataclass(slots=True)
class RawRecord:
    """One interaction as an export has it, before identity resolution.

    ``sender`` and ``recipients`` are ids, addresses or handles; ``names`` maps an
    address to the display name seen with it (used to name people the import creates).
    ``at`` is seconds since the epoch (UTC).
    """

    path: str
    line: int
    id: str | None
    sender: str
    recipients: list[str]
    at: int
    channel: str
    weight: float | None = None
    duration: float | None = None
    names: dict[str, str] | None = None


@dataclass
class Org:
    """Units and people an export describes: ``(path, line, record dict)`` triples."""

    units: list[tuple[str, int, dict[str, Any]]] = field(default_factory=list)
    people: list[tuple[str, int, dict[str, Any]]] = field(default_factory=list)


@dataclass
class ImportContext:
    """What an adapter may use while reading: settings, counters, progress."""

    settings: ImportSettings
    default_tz: tzinfo = DEFAULT_TZ
    progress: Callable[[int, int], None] | None = None
    skipped: Counter[str] = field(default_factory=Counter)
    notes: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    read: int = 0

    def skip(self, reason: str) -> None:
        """Count a record that cannot become an interaction (not an error)."""
        self.skipped[reason] += 1

    def note(self, text: str) -> None:
        """Count something repaired on the way (the record is kept)."""
        self.notes[text] += 1

    def warn(self, text: str) -> None:
        self.warnings.append(text)


class Importer(ABC):
    """One export format. Subclasses set ``source`` and implement what they provide."""

    source: ClassVar[str]
    """The name used on the command line: ``relgraph import <source>``."""

    def __init__(self, paths: list[Path], **options: Any):
        self.paths = paths
        self.options = options

    def org(self, ctx: ImportContext) -> Org | None:
        """Units and people found in the export (None: the export has none)."""
        return None

    @abstractmethod
    def records(self, ctx: ImportContext) -> Iterator[RawRecord]:
        """Interaction records; count every record read in ``ctx.read``."""


def total_size(paths: list[Path]) -> int:
    """Bytes under ``paths`` (files and directory trees), for progress."""
    n = 0
    for p in paths:
        if p.is_dir():
            n += sum(f.stat().st_size for f in p.rglob("*") if f.is_file())
        elif p.is_file():
            n += p.stat().st_size
    return n


def first_bad_utf8(path: Path) -> tuple[int, str]:
    """(line, byte in hex) of the first byte of ``path`` that is not UTF-8 (``(1, "")`` when
    none is found: the text decoder's read-ahead reported it; 0 lines when unreadable)."""
    try:
        with open(path, "rb") as raw:
            for n, chunk in enumerate(raw, start=1):
                try:
                    chunk.decode("utf-8")
                except UnicodeDecodeError as e:
                    return n, chunk[e.start:e.start + 1].hex()
    except OSError:
        return 0, ""
    return 1, ""


def not_utf8(path: Path) -> str:
    """The message for a file that is not UTF-8 text, with its first bad byte."""
    _, byte = first_bad_utf8(path)
    at = f" (byte 0x{byte})" if byte else ""
    return f"not valid UTF-8{at}: not a text export, or saved in another encoding; save it as UTF-8"

