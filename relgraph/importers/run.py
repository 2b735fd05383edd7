"""Run an importer: read, resolve identities, summarise, and ingest (or not, in a dry run).

The adapter's records are resolved to person ids by one shared
:class:`~relgraph.importers.identity.Directory`, spooled to a private temporary file
(:mod:`relgraph.importers.spool`), and handed with the units and people to
:func:`relgraph.ingest.ingest`: the same validation, error format (file, line, field,
reason), ``skip_invalid``/``rejects`` and all-or-nothing transaction as ``relgraph
ingest``. Interaction ids come from the export (Message-ID, ticket number, event UID),
so importing the same export twice adds nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from relgraph.importers.base import ImportContext, Importer, Org, RawRecord, total_size
from relgraph.importers.identity import Directory
from relgraph.importers.settings import ImportSettings
from relgraph.importers.spool import Spool
from relgraph.ingest import IngestReport, ingest
from relgraph.models import DEFAULT_TZ, ID_PATTERN, PERSON_ADAPTER, UNIT_ADAPTER, Person, Unit
from relgraph.readers import RecordStream
from relgraph.store.base import Store

TOP_ADDRESSES = 20
Progress = Callable[[int, int, str], None]
"""progress(done, total, label): bytes read, then records stored."""
_ID_RE = re.compile(ID_PATTERN)


class AddressCount(BaseModel):
    address: str
    count: int


class ImportReport(BaseModel):
    """The mapping summary of one import (also given as data by ``--format json``)."""

    source: str
    dry_run: bool
    records_read: int = 0
    interactions: int = 0
    duplicates_merged: int = 0
    self_addressed_dropped: int = 0
    units: int = 0
    people: int = 0
    people_created: dict[str, int] = {}
    matched: dict[str, int] = {}
    edges_new: int | None = None
    interactions_new: int | None = None
    already_stored: int | None = None
    unknown_addresses: list[AddressCount] = []
    unknown_total: int = 0
    external_skipped: int = 0
    top_external: list[AddressCount] = []
    skipped: dict[str, int] = {}
    notes: dict[str, int] = {}
    warnings: list[str] = []
    invalid: int = 0
    rejects_path: str | None = None
    issues: list[str] = []
    examples: list[dict[str, Any]] = []


def interaction_id(prefix: str, raw: str) -> str:
    """A store id for an export's own id: ``prefix:raw``, or a hash when ``raw`` is not a
    valid id (spaces, ';', longer than the id limit)."""
    text = f"{prefix}:{raw.strip()}"
    if _ID_RE.match(text):
        return text
    return f"{prefix}:h:" + hashlib.blake2b(raw.strip().encode(), digest_size=12).hexdigest()


def _iso(at: int) -> str:
    return datetime.fromtimestamp(at, tz=UTC).isoformat()


def _as_models(org: Org | None) -> tuple[list[Unit], list[Person]]:
    """The valid units and people of ``org`` (invalid ones are reported by the ingest)."""
    units, people = [], []
    for _, _, rec in (org.units if org else []):
        with contextlib.suppress(ValidationError):
            units.append(UNIT_ADAPTER.validate_python(rec))
    for _, _, rec in (org.people if org else []):
        with contextlib.suppress(ValidationError):
            people.append(PERSON_ADAPTER.validate_python(rec))
    return units, people


def _streams(kind: str, triples: list[tuple[str, int, dict[str, Any]]]) -> list[RecordStream]:
    by_path: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for path, line, rec in triples:
        by_path.setdefault(path, []).append((line, rec))
    out = []
    for path, recs in by_path.items():
        def read(progress: Any, recs: list[tuple[int, dict[str, Any]]] = recs) -> Any:
            return iter(recs)
        out.append(RecordStream(Path(path), kind, 0, read))
    return out


def run_import(
    store: Store | None,
    importer: Importer,
    settings: ImportSettings | None = None,
    *,
    dry_run: bool = False,
    add_unknown: bool = False,
    skip_invalid: bool = False,
    rejects_path: str | Path | None = None,
    default_tz: tzinfo = DEFAULT_TZ,
    progress: Progress | None = None,
    examples: int = 5,
) -> ImportReport:
    """Import one export into ``store`` and return the mapping summary.

    Parameters
    ----------
    store : Store or None
        Destination, and where known people are looked up. None (dry run only): resolve
        against the export's own people.
    importer : Importer
        The adapter, constructed with its paths and options.
    dry_run : bool
        Read, resolve and summarise; write nothing (not even to a temporary store).
    add_unknown : bool
        Create people for unknown addresses on internal domains (staff, unit ``unassigned``).

    Raises
    ------
    InputError
        Invalid records (with file, line, field, reason) and ``skip_invalid`` off, or an
        export that cannot be read. Nothing has been written then.
    """
    settings = settings or ImportSettings()
    if store is None and not dry_run:
        raise ValueError("a store is needed unless dry_run")
    total = max(total_size(importer.paths), 1)

    def read_progress(done: int, _total: int = total) -> None:
        if progress is not None:
            progress(min(done, total), total, "reading")

    ctx = ImportContext(settings=settings, default_tz=default_tz, progress=read_progress)
    org = importer.org(ctx)
    org_units, org_people = _as_models(org)
    known_units = (store.units() if store is not None else []) + org_units
    known_people = (store.people() if store is not None else []) + org_people
    directory = Directory(
        known_people, known_units,
        internal_domains=settings.internal_domains, vendor_domains=settings.vendor_domains,
        add_unknown=add_unknown,
    )
    report = ImportReport(source=importer.source, dry_run=dry_run)
    seen: set[str] = set()
    self_dropped = 0
    produced = 0
    with Spool() as spool:
        for rec in importer.records(ctx):
            w, selfs = _resolve(rec, directory, ctx)
            self_dropped += selfs
            if w is None:
                continue
            if w[0] is not None and w[0] in seen:
                report.duplicates_merged += 1
            else:
                if w[0] is not None:
                    seen.add(w[0])
                produced += 1
                if len(report.examples) < examples:
                    report.examples.append(dict(zip(
                        ("id", "source", "targets", "timestamp", "channel", "weight",
                         "duration_minutes"), w, strict=True)))
            spool.append(rec.path, rec.line, w)
        read_progress(total)
        units = list(org.units if org else [])
        people = list(org.people if org else [])
        origin = str(importer.paths[0]) if importer.paths else "import"
        units += [(origin, 0, u.model_dump(mode="json")) for u in directory.new_units.values()]
        people += [(origin, 0, p.model_dump(mode="json")) for p in directory.new_people.values()]
        report.records_read = ctx.read
        report.interactions = produced
        report.self_addressed_dropped = self_dropped
        report.units = len(units)
        report.people = len(people)
        created = Counter(p.unit == "unassigned" and "unknown" or "vendor"
                          for p in directory.new_people.values())
        report.people_created = dict(sorted(created.items()))
        st = directory.stats
        report.matched = {k: len(v) for k, v in st.matched.items()}
        report.unknown_addresses = [AddressCount(address=a, count=n)
                                    for a, n in _top(st.unknown)]
        report.unknown_total = sum(st.unknown.values())
        report.external_skipped = sum(st.external.values())
        report.top_external = [AddressCount(address=a, count=n) for a, n in _top(st.external)]
        report.skipped = dict(sorted(ctx.skipped.items()))
        report.notes = dict(sorted(ctx.notes.items()))
        report.warnings = ctx.warnings
        if dry_run:
            return report
        assert store is not None

        def store_progress(done: int, tot: int) -> None:
            if progress is not None:
                progress(done, tot, "storing")

        streams = _streams("units", units) + _streams("people", people) + spool.streams()
        ing: IngestReport = ingest(store, [], streams=streams, skip_invalid=skip_invalid,
                                   rejects_path=rejects_path, default_tz=default_tz,
                                   progress=store_progress)
    report.units = ing.units
    report.people = ing.people
    report.edges_new = ing.edges_added
    report.interactions_new = ing.interactions_added
    report.already_stored = ing.already_stored
    report.invalid = ing.invalid
    report.rejects_path = ing.rejects_path
    report.issues = ing.issues
    return report


def _top(c: Counter[str]) -> list[tuple[str, int]]:
    return sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_ADDRESSES]


def _resolve(rec: RawRecord, directory: Directory, ctx: ImportContext
             ) -> tuple[tuple[Any, ...] | None, int]:
    """The wire tuple of a record (None: skipped and counted) and the number of
    self-addressed recipients dropped from it."""
    names = rec.names or {}
    src = directory.resolve(rec.sender, names.get(rec.sender, ""))
    if src is None:
        ctx.skip("sender unknown or external")
        return None, 0
    targets: list[str] = []
    selfs = 0
    for r in rec.recipients:
        pid = directory.resolve(r, names.get(r, ""))
        if pid is None:
            continue
        if pid == src:
            selfs += 1
            continue
        if pid not in targets:
            targets.append(pid)
    if not targets:
        ctx.skip("no recipient left (unknown, external or the sender)")
        return None, selfs
    wire = (rec.id, src, ";".join(targets), _iso(rec.at), rec.channel, rec.weight, rec.duration)
    return wire, selfs
