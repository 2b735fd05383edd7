"""Make user-supplied text inert in every text output: Markdown, CSV cells, terminals.

Names, ids, titles and finding texts come from input files, so any of them may
hold Markdown that would render as a link or raw HTML, a spreadsheet formula, or
terminal escape sequences (ANSI/OSC) that retitle the terminal or clear the
screen. Every renderer passes user data through one of these functions; HTML
outputs use Jinja2/``html.escape`` instead.

* :func:`md_text`: text inside a Markdown paragraph, list item, heading or table cell.
* :func:`md_code`: a complete Markdown code span holding any text.
* :func:`csv_cell`: a CSV cell that spreadsheets will not evaluate as a formula.
* :func:`term_text`: text printed to a terminal, without control characters.
* :func:`json_text`: JSON text whose strings hold no raw C1 control or bidi override.
* :func:`clip`: a value shortened for an error message.

References
----------
CommonMark Spec 0.31.2, sections 2.4 (backslash escapes), 6.1 (code spans),
6.3-6.6 (links, images, autolinks, raw HTML). GitHub Flavored Markdown Spec 0.29,
sections 4.10 (tables) and 6.9 (extended autolinks). OWASP, "CSV Injection".
ECMA-48 (ISO/IEC 6429), sections 5.3-5.6 (control sequences, OSC strings).
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["clip", "csv_cell", "json_text", "md_code", "md_text", "term_text"]

# --- terminal --------------------------------------------------------------------------------
_ESCAPE_SEQ = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"                # CSI: colours, cursor moves, clear screen
    r"|\x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC/DCS/SOS/PM/APC strings (titles, links)
    r"|\x9b[0-?]*[ -/]*[@-~]"                 # 8-bit CSI
    r"|[\x9d\x90\x98\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # 8-bit OSC/DCS/...
    r"|\x1b[ -/]*[0-~]?"                      # any other escape (and a lone ESC)
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 controls except tab and newline, DEL, and the bidirectional overrides and
isolates that make text display in another order than it is stored ("Trojan Source")."""
_NEWLINES = re.compile(r"\r\n|[\n\r\t\v\f\x85\u2028\u2029]")


def term_text(value: Any, *, multiline: bool = False) -> str:
    """``value`` as text safe to print on a terminal (or into a pipe read by one).

    Escape sequences are removed whole (CSI, OSC, DCS and the other strings of
    ECMA-48, 7- and 8-bit forms); remaining control characters, DEL and bidi
    overrides are removed. Line breaks and tabs become a space, unless
    ``multiline`` (then newlines stay and tabs become a space).
    """
    text = _ESCAPE_SEQ.sub("", str(value))
    if multiline:
        text = text.replace("\r\n", "\n").replace("\t", " ")
        return _CONTROL.sub("", text.replace("\r", "\n"))
    return _CONTROL.sub("", _NEWLINES.sub(" ", text))


_JSON_RAW = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def json_text(text: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) safe to print.

    ``json.dumps`` escapes C0 controls but, with ``ensure_ascii=False``, leaves DEL,
    C1 controls (8-bit CSI/OSC) and bidi overrides raw. These characters can only
    occur inside JSON strings, so they are rewritten as ``\\uXXXX`` escapes: the
    JSON stays equivalent and the rest of the text stays readable.
    """
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# --- Markdown --------------------------------------------------------------------------------
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~])")
_MD_BLOCK_START = re.compile(r"^(\s*)([#=+\-]|\d+[.)])")
# GFM extended autolinks (www., http(s)://, ftp://, mailto:, xmpp:, bare e-mail addresses):
# an escape before the trigger keeps a renderer that autolinks from making a link of user text.
_AUTOLINK = re.compile(r"(?i)\b(www)\.|\b(https?|ftp|mailto|xmpp):")


def md_text(value: Any) -> str:
    """``value`` as inert Markdown inline text.

    Characters that can open inline syntax (emphasis, code spans, links, images,
    autolinks, raw HTML, entities, strikethrough, table cells) are backslash-escaped
    (CommonMark 2.4), as is a leading character that would start a block (heading,
    list, setext underline); ``@`` and the ``www.`` / ``scheme:`` prefixes of GFM
    extended autolinks get an escape too. Line breaks become spaces, so the value
    stays one inline run: it cannot end a table row or start a block. Control
    characters are removed (the file is often read in a terminal or a mail).
    Other punctuation is left alone so that the raw file stays readable.
    """
    text = _MD_SPECIAL.sub(r"\\\1", term_text(value))
    text = _MD_BLOCK_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1],
                               text, count=1)
    text = _AUTOLINK.sub(lambda m: (m.group(1) + "\\.") if m.group(1) else m.group(2) + "\\:",
                         text)
    return text.replace("@", "\\@")


def md_code(value: Any, *, table: bool = False) -> str:
    """``value`` as a complete Markdown code span (backticks included).

    The fence is one backtick longer than the longest run of backticks in the
    value (CommonMark 6.1), so the value cannot close the span; inside a code span
    nothing is a link, an image or HTML. Line breaks become spaces and control
    characters are removed. With ``table``, ``|`` is escaped so that the span is
    safe in a GFM table cell (GFM 4.10 removes that backslash there).
    """
    text = term_text(value)
    if table:
        text = text.replace("|", "\\|")
    runs = [len(r) for r in re.findall(r"`+", text)]
    fence = "`" * (max(runs, default=0) + 1)
    if not text.strip(" "):
        text = text or " "
    elif text[0] == "`" or text[-1] == "`" or (text[0] == " " and text[-1] == " "):
        text = f" {text} "
    return f"{fence}{text}{fence}"


# --- CSV ---------------------------------------------------------------------------------------
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(value: Any) -> Any:
    """Neutralise a spreadsheet formula in a text cell (OWASP "CSV Injection").

    A string starting with ``=``, ``+``, ``-``, ``@``, a tab or a line break (or
    their full-width forms, which some spreadsheets also accept) gets a leading
    ``'`` so that Excel, LibreOffice and Google Sheets show it as text. Numbers
    and other values are returned unchanged.
    """
    if isinstance(value, str) and value.lstrip(" ")[:1] in _FORMULA_START:
        return "'" + value
    return value


# --- messages -----------------------------------------------------------------------------------
def clip(value: Any, limit: int = 80, *, quote: bool = False) -> str:
    """``str(value)`` shortened for a message to about ``limit`` characters.

    A 10 MB rejected name is shown as its start, ``...``, its end and its length, so
    that an error message stays readable. With ``quote``, the pieces are shown as
    ``repr`` (quotes, escapes), as in ``f"{value!r}"``.
    """
    text = str(value)
    show = repr if quote else str
    if len(text) <= limit:
        return repr(value) if quote else text
    keep = max(limit - 30, 16)
    head, tail = text[: keep * 2 // 3], text[-(keep // 3):]
    return f"{show(head)}...{show(tail)} ({len(text):,} characters)"
