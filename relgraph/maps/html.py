"""Safe building blocks of the map pages: inlined vis-network, script-safe JSON, writing.

pyvis 0.3.2 builds the network (nodes, edges and vis options), but its page
template is not used: even with ``cdn_resources="in_line"`` it loads Bootstrap
(CSS and JS) from a CDN, so offline the page logs errors, and as soon as one
``title`` contains ``href`` it shows every tooltip with ``innerHTML`` (an XSS
hole for names from user data; tests/test_maps_browser.py shows both). vis-network
9.1.2 itself sets a string ``title`` with ``innerText`` (safe, but no layout) and
appends an Element ``title`` as is. The explorer page (:mod:`relgraph.maps.page`) is relgraph's own instead:

- vis-network's JavaScript and CSS (bundled with pyvis) are inlined; the page
  fetches nothing, so it works on an air-gapped laptop;
- graph data is embedded as JSON in a ``<script type="application/json">``
  block with ``<``, ``>``, ``&`` escaped, so no user string can close the tag;
- every text is set in the browser with ``textContent`` (never ``innerHTML``),
  hover titles are plain strings (vis-network shows them with ``innerText``) and
  canvas labels are plain text, so a name like ``<img src=x onerror=alert(1)>``
  shows as text;
- the output is deterministic: fixed layout seed, sorted JSON, no timestamps.

When the network is drawn the page sets ``window.relgraph.ready`` (and
``stabilizedMs``), which the browser tests and the benchmark read.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pyvis

from relgraph.errors import UsageError

VIS_VERSION = "9.1.2"


@cache
def vis_assets() -> tuple[str, str]:
    """vis-network's minified JavaScript and CSS, as bundled by pyvis."""
    root = Path(pyvis.__file__).parent
    for base in (root / "templates" / "lib", root / "lib"):
        d = base / f"vis-{VIS_VERSION}"
        if (d / "vis-network.min.js").exists():
            js = (d / "vis-network.min.js").read_text(encoding="utf-8")
            css = (d / "vis-network.css").read_text(encoding="utf-8")
            if "</script" in js.lower() or "</style" in css.lower():  # pragma: no cover
                raise RuntimeError("vis-network assets cannot be inlined safely")
            return js, css
    raise RuntimeError(f"vis-network {VIS_VERSION} not found in the pyvis package")  # pragma: no cover


def safe_json(obj: Any) -> str:
    """JSON that is safe inside a ``<script>`` element (no ``</script>``, no ``<!--``)."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def write_page(path: str | Path, html: str) -> int:
    """Write a page (creating parent directories); return its size in bytes."""
    p = Path(path)
    if p.suffix.lower() not in (".html", ".htm"):
        raise UsageError(f"map file must end in .html: {p}")
    p.parent.mkdir(parents=True, exist_ok=True)
    raw = html.encode("utf-8")
    p.write_bytes(raw)
    return len(raw)
