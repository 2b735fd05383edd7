"""Importers: the exports organisations already have, turned into relgraph records.

One module per source behind one interface (:class:`~relgraph.importers.base.Importer`);
identity resolution (:mod:`~relgraph.importers.identity`) and the run with its mapping
summary (:func:`~relgraph.importers.run.run_import`) are shared by all of them::

    from relgraph.importers import importer_for, run_import
    report = run_import(store, importer_for("email", ["mail/alice.mbox"]), settings)

Sources: ``roster`` (HR export CSV), ``email`` (mbox, Maildir), ``calendar`` (iCalendar),
``tickets`` (ServiceNow, Jira CSV), ``slack`` (workspace export),
``viva`` (Viva Insights person-to-person query).
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from relgraph.importers.base import Importer
    from relgraph.importers.run import ImportReport, run_import

SOURCES: dict[str, str] = {
    "roster": "relgraph.importers.roster:RosterImporter",
    "email": "relgraph.importers.mail:EmailImporter",
    "calendar": "relgraph.importers.ical:CalendarImporter",
    "tickets": "relgraph.importers.tickets:TicketsImporter",
    "slack": "relgraph.importers.slack:SlackImporter",
    "viva": "relgraph.importers.viva:VivaImporter",
}


def __getattr__(name: str) -> Any:
    """Load the heavy parts on first use: ``relgraph.config`` imports only the settings."""
    where = {"Importer": "relgraph.importers.base", "ImportReport": "relgraph.importers.run",
             "run_import": "relgraph.importers.run"}
    if name in where:
        return getattr(import_module(where[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def importer_for(source: str, paths: list[str | Path], **options: Any) -> Importer:
    """The adapter for ``source`` (a key of :data:`SOURCES`) over ``paths``."""
    mod, _, cls = SOURCES[source].partition(":")
    return getattr(import_module(mod), cls)([Path(p) for p in paths], **options)  # type: ignore[no-any-return]


__all__ = ["SOURCES", "ImportReport", "Importer", "importer_for", "run_import"]
