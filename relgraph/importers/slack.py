"""``relgraph import slack``: a Slack workspace export (the folder, unzipped).

Layout: ``users.json``; ``channels.json`` (public), ``groups.json`` (private),
``dms.json`` and ``mpims.json`` (direct and group messages), each listing its
``members``; one folder per conversation (named after the channel, or the DM's id) with
one JSON file per day holding its messages.

A message becomes an interaction (channel ``chat``) from its author to the people it is
addressed to:

* in a thread, the author of the thread's parent and everyone who replied earlier;
* everyone @-mentioned (``<@U123>``);
* in a direct message, a group DM or a private channel of at most
  ``small_channel`` members (default 10), the other members.

A top-level message in a public or large channel that mentions no one is addressed to no
one: skipped and counted. System messages (joins, topic changes) and bot messages are
skipped and counted. Users are matched by the email of their Slack profile, else by their
Slack id or handle as an alias. The id is the conversation and the message's ``ts``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from relgraph.errors import InputError, RecordIssue
from relgraph.importers.base import ImportContext, Importer, RawRecord, total_size
from relgraph.importers.run import interaction_id

MENTION = re.compile(r"<@([A-Z0-9]+)(?:\|[^>]*)?>")
SYSTEM_SUBTYPES = {"channel_join", "channel_leave", "channel_topic", "channel_purpose",
                   "channel_name", "channel_archive", "channel_unarchive", "group_join",
                   "group_leave", "group_topic", "group_purpose", "group_name", "pinned_item",
                   "unpinned_item", "bot_message", "bot_add", "bot_remove", "tombstone",
                   "reminder_add", "joiner_notification_for_inviter"}
SMALL_CHANNEL = 10


def _load(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError([RecordIssue(str(path), getattr(e, "lineno", 0), "", f"not valid JSON: {e}")],
                         headline="cannot read the Slack export; nothing was written") from None


class SlackImporter(Importer):
    """One or more unzipped Slack export folders."""

    source = "slack"

    def records(self, ctx: ImportContext) -> Iterator[RawRecord]:
        done = 0
        for root in self.paths:
            if not (root / "users.json").is_file():
                raise InputError([RecordIssue(str(root), 0, "", "not a Slack export folder (no "
                                              "users.json); unzip the export and pass its folder")],
                                 headline="cannot read the Slack export; nothing was written")
            yield from self._export(root, ctx)
            done += total_size([root])
            if ctx.progress is not None:
                ctx.progress(done, 0)

    def _export(self, root: Path, ctx: ImportContext) -> Iterator[RawRecord]:
        small = int(self.options.get("small_channel") or SMALL_CHANNEL)
        users: dict[str, dict[str, Any]] = {u["id"]: u for u in _load(root / "users.json")
                                            if isinstance(u, dict) and "id" in u}

        def key(uid: str) -> str:
            u = users.get(uid, {})
            email = (u.get("profile") or {}).get("email")
            return email or uid

        def name(uid: str) -> str:
            u = users.get(uid, {})
            p = u.get("profile") or {}
            return p.get("real_name") or u.get("real_name") or u.get("name") or ""

        convs: list[tuple[str, str, list[str], bool]] = []  # (folder, conv id, members, addressed)
        for fname, private in (("channels.json", False), ("groups.json", True),
                               ("mpims.json", True), ("dms.json", True)):
            p = root / fname
            if not p.is_file():
                continue
            for c in _load(p):
                if not isinstance(c, dict):
                    continue
                folder = c.get("name") or c.get("id")
                members = [m for m in c.get("members") or [] if isinstance(m, str)]
                convs.append((str(folder), str(c.get("id") or folder), members,
                              private and len(members) <= small))
        for folder, cid, members, addressed in convs:
            d = root / folder
            if not d.is_dir():
                continue
            threads: dict[str, list[str]] = {}  # thread_ts -> authors so far (parent first)
            for day in sorted(d.glob("*.json")):
                msgs = _load(day)
                if not isinstance(msgs, list):
                    continue
                for i, m in enumerate(msgs, start=1):
                    if not isinstance(m, dict) or m.get("type", "message") != "message":
                        continue
                    ctx.read += 1
                    rec = self._message(day, i, m, cid, members, addressed, threads, key, name, ctx)
                    if rec is not None:
                        yield rec

    def _message(self, day: Path, line: int, m: dict[str, Any], cid: str, members: list[str],
                 addressed: bool, threads: dict[str, list[str]], key: Any, name: Any,
                 ctx: ImportContext) -> RawRecord | None:
        if m.get("subtype") in SYSTEM_SUBTYPES or m.get("bot_id") and not m.get("user"):
            ctx.skip("system or bot message")
            return None
        author = m.get("user")
        ts = m.get("ts")
        try:
            at = int(float(ts))
        except (TypeError, ValueError):
            ctx.skip("message without a readable ts")
            return None
        if not isinstance(author, str) or not author:
            ctx.skip("message without an author")
            return None
        to: list[str] = []
        thread = m.get("thread_ts")
        if isinstance(thread, str) and thread:
            seen = threads.setdefault(thread, [])
            if thread != ts:
                to += seen
            if author not in seen:
                seen.append(author)
        to += MENTION.findall(str(m.get("text") or ""))
        if addressed:
            to += members
        to = [u for u in dict.fromkeys(to) if u != author]
        if not to:
            ctx.skip("message addressed to no one (no thread, mention or DM)")
            return None
        names = {key(u): name(u) for u in [author, *to]}
        return RawRecord(str(day), line, interaction_id("slack", f"{cid}/{ts}"), key(author),
                         [key(u) for u in to], at, "chat", names=names)
