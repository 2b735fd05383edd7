"""The relgraph exception tree.

Every error the library raises derives from :class:`RelgraphError`, so a caller
(the CLI, a scheduler script) can catch one class. The CLI maps
:class:`UsageError` and :class:`InputError` (and the store errors) to exit
code 2.

::

    RelgraphError
    ├── UsageError          bad option values, unknown section, bad window
    ├── InputError          invalid input records (carries every RecordIssue)
    ├── ConfigError         invalid relgraph.toml
    └── StoreError          anything the store could not do
        └── StoreUnavailable  server unreachable / bad credentials / bad path
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class RecordIssue:
    """One problem with one input record: where it is and what is wrong."""

    file: str
    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}" if self.line else self.file
        if self.field:
            return f"{where}, field '{self.field}': {self.reason}"
        return f"{where}: {self.reason}"


class RelgraphError(Exception):
    """Base class of every error relgraph raises."""


class UsageError(RelgraphError):
    """An option or argument has a value relgraph cannot use."""


class ConfigError(RelgraphError):
    """The configuration file is invalid."""


class InputError(RelgraphError):
    """Input records failed validation; nothing was written.

    Attributes
    ----------
    issues : list of RecordIssue
        The first ``len(issues)`` problems found (capped, see ``total``).
    total : int
        How many invalid records there were in all.
    """

    def __init__(self, issues: list[RecordIssue], total: int | None = None, *,
                 headline: str | None = None):
        self.issues = list(issues)
        self.total = total if total is not None else len(self.issues)
        self.headline = headline
        super().__init__(self._message())

    def _message(self) -> str:
        if not self.issues:
            return "invalid input"
        lines = [str(i) for i in self.issues[:20]]
        more = self.total - len(lines)
        head = self.headline or f"{self.total} invalid record(s); nothing was written"
        text = head + ":\n  " + "\n  ".join(lines)
        if more > 0:
            text += f"\n  ... and {more} more"
        return text


class StoreError(RelgraphError):
    """The store could not complete an operation."""


class StoreUnavailable(StoreError):
    """The store cannot be reached or opened (no server, bad credentials, bad path)."""
