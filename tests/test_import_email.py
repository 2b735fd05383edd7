"""relgraph import email: mbox and Maildir written with the standard library's own
``mailbox`` and ``email`` packages; expected records worked out by hand below."""

from __future__ import annotations

import mailbox
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from click.testing import CliRunner

from relgraph.cli import main
from relgraph.importers import importer_for, run_import
from relgraph.importers.settings import ImportSettings
from relgraph.store import SQLiteStore

ROSTER = """\
id,name,email,title,department,aliases
ann,Ann Top,ann@acme.example,CEO,Executive,
ian,Ian Tech,ian@acme.example,CIO,IT,i.tech@old.acme.example
bea,Béa Sales,bea@acme.example,VP Sales,Sales,
tom,Tom Ops,tom@acme.example,Engineer,IT,
"""
T0 = datetime(2026, 5, 4, 7, 30, tzinfo=UTC)


def _msg(frm: str, to: str, *, cc: str = "", bcc: str = "", date: datetime | None = T0,
         mid: str | None = None, raw_date: str | None = None) -> EmailMessage:
    m = EmailMessage()
    m["From"] = frm
    m["To"] = to
    if cc:
        m["Cc"] = cc
    if bcc:
        m["Bcc"] = bcc
    if raw_date is not None:
        m["Date"] = raw_date
    elif date is not None:
        m["Date"] = format_datetime(date)
    if mid:
        m["Message-ID"] = mid
    m["Subject"] = "Réunion budget"  # written as an encoded word
    m.set_content("Hello,\nFrom the minutes: nothing here is a header.\n")
    return m


def _store(tmp_path: Path) -> SQLiteStore:
    store = SQLiteStore(tmp_path / "s.db")
    (tmp_path / "hr.csv").write_text(ROSTER, encoding="utf-8")
    run_import(store, importer_for("roster", [tmp_path / "hr.csv"]))
    return store


def _edges(store: SQLiteStore) -> set[tuple[str, str, str, int]]:
    return {(e.interaction_id, e.source, e.target, e.at) for e in store.edges()}


def test_mbox_encoded_names_missing_date_self_and_unknown(tmp_path: Path) -> None:
    store = _store(tmp_path)
    box = mailbox.mbox(tmp_path / "ann.mbox")
    # 1: encoded display names, upper-case address, Cc: two edges
    box.add(_msg('=?utf-8?q?Ann_Top?= <ANN@acme.example>',
                 '"Ian" <ian@acme.example>, =?utf-8?b?QsOpYQ==?= <bea@acme.example>',
                 cc="ann@acme.example", mid="<m1@acme.example>"))
    # 2: no Date header: the mbox From line's delivery time is used (set below)
    m2 = mailbox.mboxMessage(_msg("tom@acme.example", "ian@acme.example", date=None,
                                  mid="<m2@acme.example>"))
    m2.set_from("tom@acme.example", (2026, 5, 5, 10, 0, 0, 0, 1, 0))
    box.add(m2)
    # 3: from an alias (the roster's aliases column), to an unknown internal and an external
    box.add(_msg("Ian <I.Tech@old.acme.example>", "nobody@acme.example, x@partner.example, tom@acme.example",
                 mid="<m3@acme.example>"))
    # 4: only to himself: skipped, not an error
    box.add(_msg("bea@acme.example", "bea@acme.example", mid="<m4@acme.example>"))
    # 5: malformed date, no usable From line date either -> From line (mailbox writes one)
    box.add(_msg("bea@acme.example", "ann@acme.example", raw_date="not a date",
                 mid="<m5@acme.example>"))
    box.flush()
    box.close()
    report = run_import(store, importer_for("email", [tmp_path / "ann.mbox"]))
    t0 = int(T0.timestamp())
    edges = _edges(store)
    assert ("mid:m1@acme.example", "ann", "ian", t0) in edges
    assert ("mid:m1@acme.example", "ann", "bea", t0) in edges
    assert ("mid:m2@acme.example", "tom", "ian",
            int(datetime(2026, 5, 5, 10, tzinfo=UTC).timestamp())) in edges
    assert ("mid:m3@acme.example", "ian", "tom", t0) in edges
    assert {e[0] for e in edges} == {"mid:m1@acme.example", "mid:m2@acme.example",
                                     "mid:m3@acme.example", "mid:m5@acme.example"}
    assert len(edges) == 5
    assert report.records_read == 5
    assert report.interactions == 4
    assert report.self_addressed_dropped == 2  # ann in her own Cc; bea to herself
    assert report.skipped == {"no recipient left (unknown, external or the sender)": 1}
    assert report.notes == {"Date missing or malformed: delivery time used": 2}
    assert [(a.address, a.count) for a in report.unknown_addresses] == [("nobody@acme.example", 1)]
    assert [(a.address, a.count) for a in report.top_external] == [("x@partner.example", 1)]
    assert report.matched == {"id": 0, "email": 4, "alias": 1, "name": 0}
    assert report.edges_new == 5
    again = run_import(store, importer_for("email", [tmp_path / "ann.mbox"]))
    assert again.edges_new == 0 and _edges(store) == edges


def test_maildir_same_message_in_sent_and_inbox_counts_once(tmp_path: Path) -> None:
    store = _store(tmp_path)
    msg = _msg("ann@acme.example", "ian@acme.example", bcc="tom@acme.example",
               mid="<same@acme.example>")
    sent = mailbox.Maildir(tmp_path / "ann", create=True).add_folder("Sent")
    sent.add(msg)                       # the sender's copy keeps the Bcc
    inbox_copy = _msg("ann@acme.example", "ian@acme.example", mid="<same@acme.example>")
    mailbox.Maildir(tmp_path / "ian", create=True).add(inbox_copy)   # no Bcc in the recipient's
    # a message without Date in a file whose name carries no time: skipped, counted
    nodate = mailbox.Maildir(tmp_path / "tom", create=True)
    key = nodate.add(_msg("tom@acme.example", "ann@acme.example", date=None, mid="<nd@x>"))
    old = tmp_path / "tom" / nodate._lookup(key)  # type: ignore[attr-defined]
    old.rename(old.with_name("nodate:2,S"))
    report = run_import(store, importer_for("email", [tmp_path / "ann", tmp_path / "ian",
                                                      tmp_path / "tom"]))
    t0 = int(T0.timestamp())
    assert _edges(store) == {("mid:same@acme.example", "ann", "ian", t0),
                             ("mid:same@acme.example", "ann", "tom", t0)}
    assert store.status().interactions == 1
    assert report.duplicates_merged == 1
    assert report.skipped == {"missing or malformed Date (and no delivery time)": 1}
    again = run_import(store, importer_for("email", [tmp_path / "ian", tmp_path / "ann"]))
    assert again.edges_new == 0


def test_vendor_domains_and_add_unknown_create_people(tmp_path: Path) -> None:
    store = _store(tmp_path)
    box = mailbox.mbox(tmp_path / "m.mbox")
    box.add(_msg("Vic Vendor <vic@cloudco.example>", "ian@acme.example", mid="<v1@c>"))
    box.add(_msg("ian@acme.example", "Newbie <new@acme.example>", mid="<v2@c>"))
    box.flush()
    settings = ImportSettings(vendor_domains={"cloudco.example": "v-cloudco"})
    report = run_import(store, importer_for("email", [tmp_path / "m.mbox"]), settings,
                        add_unknown=True)
    people = {p.id: (p.name, p.unit, p.level.value) for p in store.people()}
    assert people["vic@cloudco.example"] == ("Vic Vendor", "v-cloudco", "vendor_contact")
    assert people["new@acme.example"] == ("Newbie", "unassigned", "staff")
    assert {u.id: u.kind.value for u in store.units()}["v-cloudco"] == "vendor"
    assert report.people_created == {"unknown": 1, "vendor": 1}
    assert len(_edges(store)) == 2


def test_cli_dry_run_writes_nothing_and_json_summary(tmp_path: Path) -> None:
    store = _store(tmp_path)
    box = mailbox.mbox(tmp_path / "m.mbox")
    box.add(_msg("ann@acme.example", "ian@acme.example", mid="<d1@c>"))
    box.flush()
    db = str(tmp_path / "s.db")
    r = CliRunner().invoke(main, ["--store", db, "import", "email", "--dry-run", str(tmp_path / "m.mbox")])
    assert r.exit_code == 0, r.output
    assert "would store 0 unit(s), 0 people, 1 interaction(s)" in r.output
    assert "ann -> ian" in r.output
    assert store.status().edges == 0
    r = CliRunner().invoke(main, ["--store", db, "import", "email", "--format", "json",
                                  str(tmp_path / "m.mbox")])
    assert r.exit_code == 0, r.output
    import json
    data = json.loads(r.output)
    assert (data["interactions"], data["edges_new"], data["matched"]["email"]) == (1, 1, 2)


def test_fast_address_parsing_agrees_with_getaddresses() -> None:
    from email.utils import getaddresses

    from relgraph.importers.mail import addresses

    cases = [
        '"Smith, John" <JS@acme.example>, bob@acme.example',
        "Ann <ann@acme.example>,  , <ian@acme.example>",
        '"Quote \\" inside" <q@x.example>',
        "=?utf-8?q?B=C3=A9a?= <bea@acme.example>, =?utf-8?b?QsOpYQ==?= <b2@x.example>",
        "undisclosed-recipients:;",
        "team: a@x.example, b@x.example;",
        "a@x.example (Ann A)",
        "Ann Top <ann@acme.example",
        "plain@x.example",
        "<only@x.example>, a@x.example,, b@x.example",
        'Ann  Top\t<ann@acme.example> ,"Back \\\\ slash" <b@x.example>',
        '"a@x.example" <real@x.example>',
        "",
    ]
    for c in cases:
        assert addresses(c) == [(n, a) for n, a in getaddresses([c]) if a], c
