"""``relgraph import email``: mbox files and Maildir folders, headers only.

Reads ``From``, ``To``, ``Cc``, ``Bcc`` (where the copy has one) and ``Date`` of each
message with the standard library (:mod:`email.utils`), never the body, so a large
mailbox streams through in constant memory. An mbox is split at its ``From `` lines
(the format's separator, as :class:`mailbox.mbox` does); a Maildir (a folder with
``cur/`` and ``new/``, Maildir++ subfolders included) is read one file per message; a
file that does not start with ``From `` is read as one message (``.eml``).

The Message-ID is the interaction id (``mid:<id>``), so one message found in the
sender's Sent folder and in each recipient's Inbox is stored once, with the union of
the recipients the copies name. Without a Message-ID the id is a hash of sender, date
and subject, which the copies share too.

Nothing here is fatal for a file: a message without a usable ``From`` is skipped and
counted; a missing or malformed ``Date`` falls back to the mbox ``From `` line or the
Maildir file name (both carry the delivery time) and is counted; a message without
either is skipped and counted.
"""

from __future__ import annotations

import hashlib
import mmap
import re
import time
from collections.abc import Iterator
from datetime import datetime
from email.header import decode_header, make_header
from email.utils import getaddresses, mktime_tz, parsedate_tz
from pathlib import Path

from relgraph.errors import InputError, RecordIssue
from relgraph.importers.base import ImportContext, Importer, RawRecord
from relgraph.importers.run import interaction_id

_WANTED = re.compile(
    rb"^(from|to|cc|bcc|date|message-id|subject)[ \t]*:(.*(?:\r?\n[ \t].*)*)",
    re.IGNORECASE | re.MULTILINE,
)
_HEADER_END = re.compile(rb"\r?\n\r?\n")


def mbox_messages(path: Path) -> Iterator[tuple[int, int, bytes, bytes]]:
    """``(line, offset, envelope, header block)`` of each message of an mbox file.

    ``line`` is the 1-based line of the message's ``From `` line, ``envelope`` that
    line; a file not starting with ``From `` is one message (line 1, no envelope).
    """
    with open(path, "rb") as f:
        if f.seek(0, 2) == 0:
            return
        f.seek(0)
        with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mm:
            size = len(mm)
            if mm[:5] != b"From ":
                end = _HEADER_END.search(mm, 0)
                yield 1, 0, b"", bytes(mm[: end.start() if end else size])
                return
            start = 0
            line = 1
            while start < size:
                nxt = mm.find(b"\nFrom ", start)
                stop = size if nxt < 0 else nxt + 1
                eol = mm.find(b"\n", start, stop)
                if eol < 0:
                    eol = stop
                envelope = bytes(mm[start:eol])
                m = _HEADER_END.search(mm, eol, stop)
                hend = m.start() if m else stop
                yield line, start, envelope, bytes(mm[eol + 1: hend])
                if nxt < 0:
                    return
                line += mm[start:stop].count(b"\n")
                start = stop


_FIELD = re.compile(rb"[!-9;-~]+[ \t]*:")
"""An RFC 5322 header field's start: printable ASCII but the colon, then a colon."""


def looks_like_mail(path: Path) -> bool:
    """Whether ``path`` starts like an mbox (``From `` line) or a message (a header field);
    an empty file counts (it holds no message)."""
    with open(path, "rb") as f:
        head = f.read(1024).removeprefix(b"\xef\xbb\xbf")
    return not head or head.startswith(b"From ") or _FIELD.match(head) is not None


def maildir_files(folder: Path) -> Iterator[Path]:
    """Message files of a Maildir and its Maildir++ subfolders, in a stable order."""
    for sub in ("cur", "new"):
        d = folder / sub
        if d.is_dir():
            yield from sorted(p for p in d.iterdir() if p.is_file() and not p.name.startswith("."))
    for child in sorted(folder.iterdir()):
        if child.is_dir() and child.name.startswith(".") and (child / "cur").is_dir():
            yield from maildir_files(child)


def _read_header(path: Path) -> bytes:
    with open(path, "rb") as f:
        head = f.read(65536)
        m = _HEADER_END.search(head)
        while m is None:
            more = f.read(65536)
            if not more:
                return head
            head += more
            m = _HEADER_END.search(head)
        return head[: m.start()]


def parse_headers(block: bytes) -> dict[str, str]:
    """The headers relgraph needs, unfolded; address headers repeated are joined."""
    out: dict[str, str] = {}
    for m in _WANTED.finditer(block):
        name = m.group(1).lower().decode()
        value = m.group(2).decode("utf-8", "replace")
        value = " ".join(value.split()) if "\n" in value else value.strip()
        if name in out:
            if name in ("to", "cc", "bcc"):
                out[name] += ", " + value
            continue
        out[name] = value
    return out


_ADDRESS = re.compile(
    r'[ \t]*(?:"((?:[^"\\]|\\.)*)"[ \t]*|([^",<>]*?)[ \t]*)<[ \t]*([^<>\s]*)[ \t]*>[ \t]*(?:,|\Z)'
    r'|[ \t]*([^\s",<>():;]+)[ \t]*(?:,|\Z)'
    r'|[ \t]*,'
)


def addresses(value: str) -> list[tuple[str, str]]:
    """(display name, address) pairs of an address header, like
    :func:`email.utils.getaddresses`, which is used for anything the one regular
    expression here does not cover whole (comments, groups, unbalanced brackets or
    quotes); several times faster on the usual ``"Name" <a@b>, c@d`` lists."""
    if not value:
        return []
    out = []
    pos = 0
    for m in _ADDRESS.finditer(value):
        if m.start() != pos:
            break
        pos = m.end()
        quoted, plain, addr, bare = m.groups()
        if bare is not None:
            out.append(("", bare))
        elif addr:
            name = quoted if quoted is not None else plain
            if quoted is not None and "\\" in name:
                name = re.sub(r"\\(.)", r"\1", name)
            elif quoted is None and ("  " in name or "\t" in name):
                name = " ".join(name.split())
            out.append((name, addr))
    if pos != len(value) and value[pos:].strip():
        return [(n, a) for n, a in getaddresses([value]) if a]
    return out


def _display(name: str) -> str:
    if "=?" not in name:
        return name
    try:
        return str(make_header(decode_header(name)))
    except Exception:  # noqa: BLE001 - a broken encoded word keeps its raw text
        return name


def _envelope_time(envelope: bytes) -> int | None:
    """Delivery time on an mbox ``From sender asctime`` line (local time unknown: UTC)."""
    parts = envelope.decode("ascii", "replace").split(None, 2)
    if len(parts) < 3:
        return None
    try:
        return int(time.mktime(time.strptime(" ".join(parts[2].split()[:5]), "%a %b %d %H:%M:%S %Y"))
                   - time.timezone)
    except (ValueError, OverflowError):
        return None


def _maildir_time(path: Path) -> int | None:
    stem = path.name.split(".", 1)[0]
    return int(stem) if stem.isdigit() else None


class EmailImporter(Importer):
    """mbox files, Maildir folders and single messages."""

    source = "email"

    def __init__(self, paths: list[Path], **options: object) -> None:
        super().__init__(paths, **options)
        self._rejected: list[Path] = []
        """Files that are neither mbox nor message (skipped; all of them: an input error)."""

    def _messages(self, ctx: ImportContext) -> Iterator[tuple[str, int, bytes, bytes | Path | None]]:
        done = 0
        for p in self.paths:
            numbers: dict[str, int] = {}
            for path, line, block, fallback, size in self._walk(p):
                done += size
                if ctx.progress is not None and size:
                    ctx.progress(done, 0)
                if line < 0:  # end of an mbox: progress only
                    continue
                if line == 0:  # Maildir: the message's number in the folder
                    line = numbers[path] = numbers.get(path, 0) + 1
                yield path, line, block, fallback

    def _messages_checked(self, ctx: ImportContext) -> Iterator[tuple[str, int, bytes, bytes | Path | None]]:
        """:meth:`_messages`; an input error when the paths hold no mail at all."""
        self._rejected = []
        found = False
        for m in self._messages(ctx):
            found = True
            yield m
        if not found and self._rejected:
            bad = self._rejected[0]
            raise InputError(
                [RecordIssue(str(bad), 1, "", "not an mbox file, a Maildir folder or an e-mail "
                             "message (no 'From ' line and no header on the first line)")]
                + ([RecordIssue(str(self.paths[0]), 0, "", f"and {len(self._rejected) - 1} more "
                                "file(s) like it; no mail found")] if len(self._rejected) > 1 else []),
                headline="cannot read the mail; nothing was written")

    def _walk(self, p: Path) -> Iterator[tuple[str, int, bytes, bytes | Path | None, int]]:
        if p.is_dir():
            if (p / "cur").is_dir() or (p / "new").is_dir():
                for f in maildir_files(p):
                    yield str(p), 0, _read_header(f), f, f.stat().st_size
                return
            for child in sorted(p.iterdir()):
                if child.name.startswith("."):
                    continue
                yield from self._walk(child)
            return
        if not looks_like_mail(p):
            self._rejected.append(p)  # a file in a folder of mail is skipped; no mail: error
            yield str(p), -1, b"", None, p.stat().st_size
            return
        prev = 0
        for line, offset, envelope, block in mbox_messages(p):
            yield str(p), line, block, envelope or None, offset - prev
            prev = offset
        size = p.stat().st_size
        if size > prev:
            yield str(p), -1, b"", None, size - prev

    def records(self, ctx: ImportContext) -> Iterator[RawRecord]:
        tz = ctx.default_tz
        for path, line, block, fallback in self._messages_checked(ctx):
            ctx.read += 1
            h = parse_headers(block)
            senders = addresses(h.get("from", ""))
            if not senders:
                ctx.skip("no From address")
                continue
            at = None
            raw_date = h.get("date")
            if raw_date:
                t = parsedate_tz(raw_date)
                if t is not None:
                    try:
                        if t[9] is None:
                            at = int(datetime(*t[:6], tzinfo=tz).timestamp())  # type: ignore[misc]
                        else:
                            at = int(mktime_tz(t))
                    except (ValueError, OverflowError):
                        at = None
            if at is None:
                if isinstance(fallback, bytes):
                    fallback = _envelope_time(fallback)
                elif isinstance(fallback, Path):
                    fallback = _maildir_time(fallback)
                if fallback is None:
                    ctx.skip("missing or malformed Date (and no delivery time)")
                    continue
                ctx.note("Date missing or malformed: delivery time used")
                at = fallback
            names: dict[str, str] = {}
            recipients = []
            for n, a in (*addresses(h.get("to", "")), *addresses(h.get("cc", "")),
                         *addresses(h.get("bcc", ""))):
                recipients.append(a)
                if n:
                    names[a] = _display(n)
            sname, saddr = senders[0]
            if sname:
                names[saddr] = _display(sname)
            mid = h.get("message-id", "").strip()
            if mid:
                rid = interaction_id("mid", mid.strip("<>"))
            else:
                key = "\x1f".join((saddr.lower(), raw_date or str(at), h.get("subject", "")))
                rid = "mid:h:" + hashlib.blake2b(key.encode(), digest_size=12).hexdigest()
            if not recipients:
                ctx.skip("no recipient address")
                continue
            yield RawRecord(path, line, rid, saddr, recipients, at, "email", names=names)
