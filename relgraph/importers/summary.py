"""The mapping summary of an import as text lines (the CLI prints them)."""

from __future__ import annotations

from relgraph.importers.run import ImportReport


def summary_lines(r: ImportReport, location: str = "") -> list[str]:
    """Human-readable summary: what was read, produced, matched, skipped and stored."""
    head = "dry run (nothing written): would store" if r.dry_run else "stored"
    where = f" into {location}" if location and not r.dry_run else ""
    lines = [
        f"{r.source}: read {r.records_read} record(s)",
        f"{head} {r.units} unit(s), {r.people} people, {r.interactions} interaction(s)"
        + _new(r) + where,
    ]
    if r.duplicates_merged:
        lines.append(f"duplicates merged: {r.duplicates_merged} (same id seen again, e.g. one "
                     "message in several mailboxes)")
    if r.matched and any(r.matched.values()):
        lines.append("people matched: " + ", ".join(f"{n} by {k}" for k, n in r.matched.items()))
    if r.people_created:
        lines.append("people created: " + ", ".join(f"{n} {k}" for k, n in r.people_created.items()))
    if r.self_addressed_dropped:
        lines.append(f"self-addressed recipients dropped: {r.self_addressed_dropped}")
    if r.unknown_total:
        lines.append(f"unknown addresses on internal domains: {r.unknown_total} occurrence(s) of "
                     f"{len(r.unknown_addresses)}{'+' if len(r.unknown_addresses) >= 20 else ''} "
                     "address(es) (--add-unknown creates them):")
        lines += [f"  {a.count:>7}  {a.address}" for a in r.unknown_addresses[:10]]
    if r.external_skipped:
        lines.append(f"external addresses skipped: {r.external_skipped}")
        lines += [f"  {a.count:>7}  {a.address}" for a in r.top_external[:5]]
    for reason, n in r.skipped.items():
        lines.append(f"skipped: {n} record(s): {reason}")
    for note, n in r.notes.items():
        lines.append(f"note: {n} record(s): {note}")
    for w in r.warnings:
        lines.append(f"warning: {w}")
    if r.invalid:
        lines.append(f"invalid: {r.invalid} record(s) not written; see {r.rejects_path}")
        lines += [f"  {i}" for i in r.issues[:5]]
    return lines


def _new(r: ImportReport) -> str:
    if r.edges_new is None:
        return ""
    if r.interactions_new is None or not r.already_stored:
        return f" ({r.edges_new} new edges)"
    return (f" ({r.interactions_new} new, {r.already_stored} already stored; "
            f"{r.edges_new} new edges)")
