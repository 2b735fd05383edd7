"""relgraph import slack: an export folder in Slack's layout (users.json, channels.json,
dms.json, groups.json, one folder per conversation with a JSON file per day), with a
thread, a mention, a DM and a small private channel. Edges worked out by hand."""

from __future__ import annotations

import json
from pathlib import Path

from relgraph.importers import importer_for, run_import
from relgraph.store import SQLiteStore

ROSTER = "id,name,email,department,aliases\n" + "".join(
    f"{p},{p.title()},{p}@acme.example,Dept,\n" for p in ("ann", "ian", "bea", "tom")
) + "eve,Eve,,Dept,U5\n"
T = 1777886400  # 2026-05-04 09:20:00 UTC


def _user(uid: str, email: str | None, real: str) -> dict[str, object]:
    profile: dict[str, object] = {"real_name": real, "display_name": real.split()[0]}
    if email:
        profile["email"] = email
    return {"id": uid, "name": real.lower().replace(" ", "."), "real_name": real, "deleted": False,
            "is_bot": False, "profile": profile}


def _msg(user: str, ts: float, text: str = "hi", **kw: object) -> dict[str, object]:
    return {"type": "message", "user": user, "text": text, "ts": f"{ts:.6f}", **kw}


def _export(root: Path) -> Path:
    root.mkdir()
    users = [_user("U1", "ann@acme.example", "Ann"), _user("U2", "ian@acme.example", "Ian"),
             _user("U3", "bea@acme.example", "Bea"), _user("U4", "tom@acme.example", "Tom"),
             _user("U5", None, "Eve")]
    (root / "users.json").write_text(json.dumps(users), encoding="utf-8")
    (root / "channels.json").write_text(json.dumps([
        {"id": "C1", "name": "general", "members": ["U1", "U2", "U3", "U4", "U5"]}]), encoding="utf-8")
    (root / "groups.json").write_text(json.dumps([
        {"id": "G1", "name": "ops-private", "members": ["U2", "U4", "U5"]}]), encoding="utf-8")
    (root / "dms.json").write_text(json.dumps([{"id": "D1", "members": ["U1", "U3"]}]), encoding="utf-8")
    general = [
        _msg("U1", T, "Release on Friday?", thread_ts=f"{T:.6f}", reply_count=2),  # to no one
        _msg("U2", T + 60, "yes", thread_ts=f"{T:.6f}", parent_user_id="U1"),   # -> U1
        _msg("U3", T + 120, "<@U4> can you check?", thread_ts=f"{T:.6f}"),      # -> U1, U2, U4
        {"type": "message", "subtype": "channel_join", "user": "U5", "ts": f"{T + 130:.6f}",
         "text": "<@U5> has joined the channel"},                                 # system
        _msg("U4", T + 180, "morning all"),                                      # to no one
    ]
    (root / "general").mkdir()
    (root / "general" / "2026-05-04.json").write_text(json.dumps(general), encoding="utf-8")
    (root / "general" / "2026-05-05.json").write_text(json.dumps([
        _msg("U4", T + 86400, "done", thread_ts=f"{T:.6f}"),                    # -> U1, U2, U3
    ]), encoding="utf-8")
    (root / "D1").mkdir()
    (root / "D1" / "2026-05-04.json").write_text(json.dumps([_msg("U3", T + 300)]), encoding="utf-8")
    (root / "ops-private").mkdir()
    (root / "ops-private" / "2026-05-04.json").write_text(json.dumps([_msg("U5", T + 400)]),
                                                          encoding="utf-8")   # -> U2, U4
    return root


def test_thread_mention_dm_and_private_channel(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "s.db")
    (tmp_path / "hr.csv").write_text(ROSTER, encoding="utf-8")
    run_import(store, importer_for("roster", [tmp_path / "hr.csv"]))
    root = _export(tmp_path / "export")
    report = run_import(store, importer_for("slack", [root]))
    edges = sorted((e.at - T, e.source, e.target, e.channel) for e in store.edges())
    assert edges == [
        (60, "ian", "ann", "chat"),
        (120, "bea", "ann", "chat"), (120, "bea", "ian", "chat"), (120, "bea", "tom", "chat"),
        (300, "bea", "ann", "chat"),
        (400, "eve", "ian", "chat"), (400, "eve", "tom", "chat"),
        (86400, "tom", "ann", "chat"), (86400, "tom", "bea", "chat"), (86400, "tom", "ian", "chat"),
    ]
    assert report.records_read == 8
    assert report.skipped == {"message addressed to no one (no thread, mention or DM)": 2,
                              "system or bot message": 1}
    assert report.matched["alias"] == 1  # Eve: no email in Slack, her Slack id is an alias
    assert run_import(store, importer_for("slack", [root])).edges_new == 0
    # a private channel above the size limit addresses no one
    small = run_import(store, importer_for("slack", [root], small_channel=2), dry_run=True)
    assert small.skipped["message addressed to no one (no thread, mention or DM)"] == 3
