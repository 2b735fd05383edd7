"""relgraph.textsafe: user text made inert in Markdown, CSV and terminal output.

Markdown is checked by rendering with markdown-it-py (a CommonMark renderer, plus
GFM tables and linkify, the extensions GitHub and most mail clients add) and
inspecting the tokens: no link, image or raw HTML may come from the payload.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from markdown_it import MarkdownIt

from relgraph.textsafe import clip, csv_cell, json_text, md_code, md_text, term_text

PAYLOADS = [
    "bt2`[Click-to-verify](https://evil.example/login)`",
    "bt`<img/src=x/onerror=alert(1)>`",
    "![x](https://evil.example/p.png)",
    "<https://evil.example>",
    "<script>alert(1)</script>",
    "[a]: https://evil.example\n[a]",
    "line1\n| x | y |\n|---|---|\n| <b>z</b> |",
    "www.evil.example https://evil.example/x mail@evil.example",
    "&lt;img src=x onerror=alert(1)&gt;",
    "``` code",
    "# heading",
    "1. list",
    "- item",
    "> quote",
    "\\`<b>\\`",
    "[x](javascript:alert(1))",
    "a\r\nb\u2028c",
]


def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("table")
    try:  # linkify needs linkify-it-py; without it plain CommonMark is checked
        import linkify_it  # noqa: F401

        md.enable("linkify").set({"linkify": True})  # pragma: no cover
    except ImportError:
        pass
    return md


def _bad_tokens(text: str) -> list[str]:
    bad = []
    for tok in _renderer().parse(text):
        if tok.type in ("html_block", "html_inline", "heading_open", "blockquote_open",
                        "ordered_list_open", "fence", "code_block"):
            bad.append(tok.type)
        for child in tok.children or []:
            if child.type in ("link_open", "image", "html_inline"):
                bad.append(child.type)
    return bad


@pytest.mark.parametrize("payload", PAYLOADS)
def test_md_text_is_inert(payload):
    for line in (f"- name: {md_text(payload)}", f"| {md_text(payload)} | 2 |\n|---|---|",
                 md_text(payload)):
        assert _bad_tokens(line) == [], line
    # one table row stays one row with two cells
    html = _renderer().render(f"| a | b |\n|---|---|\n| {md_text(payload)} | 2 |\n")
    assert html.count("<tr>") == 2 and html.count("<td>") == 2


@pytest.mark.parametrize("payload", PAYLOADS)
def test_md_text_shows_the_text(payload):
    """Escaping must not lose the text: the rendered paragraph reads as the input (with
    line breaks as spaces and control characters removed)."""
    html = MarkdownIt("commonmark").render(md_text(payload))
    import html as h

    shown = h.unescape(html.removeprefix("<p>").removesuffix("</p>\n"))
    assert shown == term_text(payload)


@pytest.mark.parametrize("payload", [*PAYLOADS, "`", "``", " ` ", "a``b`c", ""])
def test_md_code_is_one_code_span(payload):
    for text in (f"- id: {md_code(payload)}", f"| {md_code(payload, table=True)} | 2 |\n|---|---|"):
        assert _bad_tokens(text) == [], text
    tokens = _renderer().parseInline(md_code(payload))[0].children
    assert [t.type for t in tokens] == ["code_inline"]
    assert tokens[0].content == (term_text(payload) or " ")  # the text, exactly


def test_csv_cell_neutralises_formulas():
    cases = {"=HYPERLINK(\"https://evil.example\",\"x\")": True, "+1": True, "-2+3": True,
             "@SUM(A1)": True, "\tx": True, "\r=1": True, " =1": True, "\uff1d1+1": True,
             "Finance": False, "a=b": False, "": False}
    for value, quoted in cases.items():
        assert (csv_cell(value) == "'" + value) is quoted, value
    assert csv_cell(-5) == -5 and csv_cell(1.5) == 1.5 and csv_cell(None) is None
    buf = io.StringIO()
    csv.writer(buf).writerow([csv_cell("=1+1")])
    assert next(csv.reader(io.StringIO(buf.getvalue())))[0] == "'=1+1"


def test_term_text_strips_escape_sequences():
    evil = ("\x1b]0;pwned\x07\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\"
            "\x1b[2J\x1b[31mred\x1b[0m\x9b2J\x9d0;t\x07\x07\x08\x00ok\u202egnp.exe\x7f")
    out = term_text(evil)
    assert out == "linkred" + "okgnp.exe"
    assert all(c.isprintable() for c in out)
    assert term_text("a\nb\tc") == "a b c"
    assert term_text("a\r\nb\tc", multiline=True) == "a\nb c"
    assert term_text("Zoë Ōno 東京") == "Zoë Ōno 東京"


def test_json_text_escapes_raw_controls_and_stays_equal():
    data = {"name": "a\x9b2J\u202eb\x1b[0m", "n": 1}
    text = json_text(json.dumps(data, ensure_ascii=False))
    assert json.loads(text) == data
    assert all(c.isprintable() or c in "\n " for c in text)


def test_clip_shows_start_end_and_length():
    huge = "A" + "N" * 9_899_998 + "Z"
    out = clip(huge)
    assert len(out) <= 80 and out.startswith("ANN") and "NNZ" in out
    assert "9,900,000 characters" in out
    assert clip("short") == "short" and clip(12) == "12"
