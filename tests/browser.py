"""Load a local HTML file in headless Chromium with the network disabled.

A small DevTools (CDP) client over ``--remote-debugging-pipe``: no websocket or
Playwright dependency, only the system ``chromium`` binary. Used by the map tests
and reusable for any generated page (e.g. the audit's report.html)::

    from browser import chromium_path, load_page   # tests/ is on sys.path under pytest

    page = load_page("maps/people.html", screenshot=True)
    assert page.console_errors == [] and page.requests == [] and page.alerts == []

``Session`` keeps one Chromium open for many pages (one per test module keeps the
browser tests fast). ``load_page`` waits until ``ready_js`` is truthy (default: the page has finished
loading), then evaluates ``node_count_js`` (default: the node count of a global
vis ``network`` object, ``None`` when there is none) and any ``evaluate``
expressions. While the page runs it records every request other than the page
itself (``data:`` URLs excluded), console errors, uncaught exceptions, failed
resource loads, and ``alert``/``confirm``/``prompt`` dialogs (dismissed).
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
    "--hide-scrollbars",
    # belt and braces besides the DevTools offline emulation: no name resolves
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=127.0.0.1:9",
)

DEFAULT_READY_JS = "document.readyState === 'complete'"
DEFAULT_NODE_COUNT_JS = (
    "(typeof network !== 'undefined' && network && network.body) "
    "? network.body.data.nodes.length : null"
)


def chromium_path() -> str | None:
    """The Chromium binary to use: ``$RELGRAPH_CHROMIUM`` or the first one on PATH."""
    env = os.environ.get("RELGRAPH_CHROMIUM")
    if env:
        return env if Path(env).exists() else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass
class PageResult:
    """What happened while a page loaded."""

    node_count: int | None
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)
    screenshot: bytes | None = None
    ready: bool = False
    ready_seconds: float = 0.0
    values: dict[str, Any] = field(default_factory=dict)


class BrowserError(RuntimeError):
    """Chromium could not be started or stopped answering."""


def _high_fd(fd: int) -> int:
    high = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
    os.close(fd)
    return high


class _Cdp:
    """Minimal CDP connection over the fd 3/4 pipe pair (NUL-delimited JSON)."""

    def __init__(self, binary: str, user_data_dir: str, width: int, height: int):
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        # move the child's ends above fd 9 so that dup2 onto 3 and 4 cannot clobber one another
        to_chrome_r, from_chrome_w = (_high_fd(to_chrome_r), _high_fd(from_chrome_w))
        args = [binary, *CHROMIUM_FLAGS, f"--user-data-dir={user_data_dir}",
                f"--window-size={width},{height}", "--remote-debugging-pipe", "about:blank"]
        def to_fds_3_and_4() -> None:  # in the child, before exec: where Chromium expects them
            os.dup2(to_chrome_r, 3)
            os.dup2(from_chrome_w, 4)

        self.proc = subprocess.Popen(
            args, pass_fds=(3, 4), preexec_fn=to_fds_3_and_4,  # noqa: PLW1509
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._next_id = 0
        self._inbox: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.events: list[dict[str, Any]] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        buf = b""
        while True:
            try:
                chunk = os.read(self._from_chrome, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                self._inbox.put(None)
                return
            buf += chunk
            while b"\0" in buf:
                msg, buf = buf.split(b"\0", 1)
                self._inbox.put(json.loads(msg))

    def send(self, method: str, params: dict[str, Any] | None = None,
             session: str | None = None, timeout: float = 30.0) -> dict[str, Any]:
        self._next_id += 1
        msg: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_chrome, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError(f"no answer to {method} within {timeout} s")
            try:
                got = self._inbox.get(timeout=left)
            except queue.Empty:
                continue
            if got is None:
                raise BrowserError("chromium closed the DevTools pipe")
            if got.get("id") == self._next_id:
                if "error" in got:
                    raise BrowserError(f"{method}: {got['error']}")
                return got.get("result", {})
            self.events.append(got)
            self._on_event(got)

    def pump(self, seconds: float) -> None:
        """Process events for a while without sending anything."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                got = self._inbox.get(timeout=left)
            except queue.Empty:
                return
            if got is None:
                return
            self.events.append(got)
            self._on_event(got)

    def _on_event(self, ev: dict[str, Any]) -> None:
        if ev.get("method") == "Page.javascriptDialogOpening":
            # answer from a thread: a dialog blocks the page until handled
            sid = ev.get("sessionId")
            self._next_id += 1
            msg = {"id": self._next_id, "method": "Page.handleJavaScriptDialog",
                   "params": {"accept": False}, "sessionId": sid}
            os.write(self._to_chrome, json.dumps(msg).encode() + b"\0")

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.write(self._to_chrome, json.dumps(
                {"id": 10**9, "method": "Browser.close", "params": {}}).encode() + b"\0")
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
        for fd in (self._to_chrome, self._from_chrome):
            with contextlib.suppress(OSError):
                os.close(fd)


class Session:
    """One headless Chromium kept open for several pages (a module's tests share one).

    ``load`` opens a page in a fresh tab (its own requests, errors and dialogs) and
    closes the tab afterwards; use as a context manager or call ``close``.
    """

    def __init__(self, *, width: int = 1400, height: int = 900, binary: str | None = None):
        binary = binary or chromium_path()
        if not binary:
            raise BrowserError("no chromium binary found")
        self.width, self.height = width, height
        self._tmp = tempfile.mkdtemp(prefix="relgraph-chromium-")
        self._cdp = _Cdp(binary, self._tmp, width, height)

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._cdp.close()
        shutil.rmtree(self._tmp, ignore_errors=True)

    def load(self, path: str | os.PathLike[str], *, ready_js: str = DEFAULT_READY_JS,
             node_count_js: str = DEFAULT_NODE_COUNT_JS,
             evaluate: dict[str, str] | None = None, screenshot: bool = False,
             timeout: float = 60.0, settle: float = 0.3, width: int | None = None,
             height: int | None = None) -> PageResult:
        """Open ``path`` in a new tab; see :func:`load_page` for the parameters."""
        cdp = self._cdp
        url = Path(path).resolve().as_uri()
        target = cdp.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        try:
            sid = cdp.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            for method in ("Page.enable", "Runtime.enable", "Log.enable", "Network.enable"):
                cdp.send(method, session=sid)
            cdp.send("Network.emulateNetworkConditions", {
                "offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0,
            }, session=sid)
            cdp.send("Emulation.setDeviceMetricsOverride", {
                "width": width or self.width, "height": height or self.height,
                "deviceScaleFactor": 1, "mobile": False,
            }, session=sid)
            start = len(cdp.events)
            t0 = time.monotonic()
            cdp.send("Page.navigate", {"url": url}, session=sid)
            ready = False
            while (left := timeout - (time.monotonic() - t0)) > 0:
                # a busy page (parsing a large map) answers late: wait as long as the timeout
                res = cdp.send("Runtime.evaluate", {"expression": f"!!({ready_js})",
                                                    "returnByValue": True}, session=sid,
                               timeout=max(left, 1.0))
                if res.get("result", {}).get("value") is True:
                    ready = True
                    break
                cdp.pump(0.05)
            ready_seconds = time.monotonic() - t0
            cdp.pump(settle)

            def value(expr: str) -> Any:
                res = cdp.send("Runtime.evaluate", {"expression": expr, "returnByValue": True,
                                                    "awaitPromise": True}, session=sid)
                return res.get("result", {}).get("value")

            result = PageResult(node_count=value(node_count_js), ready=ready,
                                ready_seconds=ready_seconds)
            result.values = {k: value(v) for k, v in (evaluate or {}).items()}
            if screenshot:
                shot = cdp.send("Page.captureScreenshot", {"format": "png"}, session=sid)
                result.screenshot = base64.b64decode(shot["data"])
            cdp.pump(0.05)
            _collect([ev for ev in cdp.events[start:] if ev.get("sessionId") in (sid, None)],
                     url, result)
            return result
        finally:
            with contextlib.suppress(BrowserError):
                cdp.send("Target.closeTarget", {"targetId": target})


def load_page(path: str | os.PathLike[str], *, ready_js: str = DEFAULT_READY_JS,
              node_count_js: str = DEFAULT_NODE_COUNT_JS,
              evaluate: dict[str, str] | None = None, screenshot: bool = False,
              timeout: float = 60.0, settle: float = 0.3, width: int = 1400,
              height: int = 900, binary: str | None = None) -> PageResult:
    """Open a local file offline in a fresh headless Chromium and report what happened.

    Parameters
    ----------
    path : path-like
        The HTML file.
    ready_js : str
        JavaScript expression polled until truthy (or ``timeout``).
    node_count_js : str
        Expression giving the number of rendered nodes (``None`` if not applicable).
    evaluate : dict, optional
        Name -> expression, evaluated in order after ``ready_js``; results in
        ``values``. A Promise is awaited, so an expression can act (dispatch an
        event) and report later.
    screenshot : bool
        Capture a PNG of the viewport into ``PageResult.screenshot``.
    timeout, settle : float
        Seconds to wait for ``ready_js``; seconds to keep listening afterwards.
    """
    with Session(width=width, height=height, binary=binary) as s:
        return s.load(path, ready_js=ready_js, node_count_js=node_count_js, evaluate=evaluate,
                      screenshot=screenshot, timeout=timeout, settle=settle)


def _collect(events: list[dict[str, Any]], url: str, out: PageResult) -> None:
    for ev in events:
        method, params = ev.get("method"), ev.get("params", {})
        if method == "Network.requestWillBeSent":
            req = params["request"]["url"]
            if req != url and not req.startswith("data:"):
                out.requests.append(req)
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            args = [str(a.get("value", a.get("description", ""))) for a in params.get("args", [])]
            out.console_errors.append(" ".join(args))
        elif method == "Runtime.exceptionThrown":
            d = params.get("exceptionDetails", {})
            out.console_errors.append(d.get("exception", {}).get("description") or d.get("text", ""))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            e = params["entry"]
            out.console_errors.append(f"{e.get('text', '')} {e.get('url', '')}".strip())
        elif method == "Page.javascriptDialogOpening":
            out.alerts.append(f"{params.get('type')}: {params.get('message')}")
