"""Issue 11, item 3: one exit-code policy.

0 ok, 1 findings at or above --fail-on (and nothing else), 2 usage or input error,
3 internal error, 130 interrupted; never a traceback without --debug.

An internal error cannot be produced by valid use (that would be a bug to fix), so
the tests for code 3 inject one by replacing a library function with one that
raises; Ctrl-C is a real SIGINT sent to a real ``relgraph`` process, and networkit's
interrupt is a real SIGINT delivered while networkit computes betweenness.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import relgraph.run
from relgraph.cli import _interrupted, main


@pytest.fixture()
def db(org_dir, tmp_path):
    path = tmp_path / "org.db"
    r = CliRunner().invoke(main, ["--store", str(path), "ingest", str(org_dir)])
    assert r.exit_code == 0, r.output
    return path


def _boom(*a, **k):
    raise ZeroDivisionError("float division by zero")


def test_internal_error_exits_3_without_traceback(db, monkeypatch):
    monkeypatch.setattr(relgraph.run, "run_analysis", _boom)
    r = CliRunner().invoke(main, ["--store", str(db), "analyze"])
    assert r.exit_code == 3
    assert "internal error: ZeroDivisionError: float division by zero" in r.output
    assert "--debug" in r.output
    assert "Traceback" not in r.output


def test_debug_shows_the_traceback_and_keeps_the_code(db, monkeypatch):
    monkeypatch.setattr(relgraph.run, "run_analysis", _boom)
    r = CliRunner().invoke(main, ["--debug", "--store", str(db), "analyze"])
    assert r.exit_code == 3
    assert "Traceback" in r.output and "_boom" in r.output
    r = CliRunner().invoke(main, ["--store", str(db), "analyze"], env={"RELGRAPH_DEBUG": "1"})
    assert r.exit_code == 3 and "Traceback" in r.output


def test_networkit_interrupt_is_130(db, monkeypatch):
    def interrupted(*a, **k):
        raise RuntimeError("Received CTRL+C/SIGINT")  # networkit's exact message

    monkeypatch.setattr(relgraph.run, "run_analysis", interrupted)
    r = CliRunner().invoke(main, ["--store", str(db), "audit"])
    assert r.exit_code == 130
    assert "interrupted" in r.output and "Traceback" not in r.output


def test_usage_and_input_errors_exit_2(db, tmp_path):
    for args in (["analyze", "--window", "soon"], ["analyze", "--as-of", "yesterday"],
                 ["audit", "--baseline", "nope"], ["analyze", "--bogus"],
                 ["ingest", str(tmp_path / "missing.csv")]):
        r = CliRunner().invoke(main, ["--store", str(db), *args])
        assert r.exit_code == 2, (args, r.output)
        assert "Traceback" not in r.output


def test_only_findings_exit_1(db):
    r = CliRunner().invoke(main, ["--store", str(db), "audit", "--fail-on", "info", "--no-save"])
    assert r.exit_code == 1, r.output
    r = CliRunner().invoke(main, ["--store", str(db), "audit", "--fail-on", "never", "--no-save"])
    assert r.exit_code == 0, r.output


def _default_sigint() -> None:
    """The child gets Ctrl-C as a terminal user's process does: a test runner started in
    the background (``cmd &``, some CI shells) ignores SIGINT, and a Python child that
    starts with SIGINT ignored never raises KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait_for(proc: subprocess.Popen, text: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if text in line:
            return
        if not line and proc.poll() is not None:
            break
    raise AssertionError(f"never saw {text!r}")


SLOW_ANALYZE = """
import sys, time
import relgraph.run
def slow(*a, **k):
    print("analysing", flush=True)
    time.sleep(60)
relgraph.run.run_analysis = slow
from relgraph.cli import main
sys.argv = ["relgraph", "--store", sys.argv[1], "analyze"]
main()
"""


def test_ctrl_c_exits_130_without_traceback(db):
    proc = subprocess.Popen([sys.executable, "-c", SLOW_ANALYZE, str(db)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=_default_sigint)
    try:
        _wait_for(proc, "analysing")
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 130
    assert "interrupted" in err and "Traceback" not in err


NETWORKIT = """
import networkit as nk
from relgraph.cli import _interrupted
nk.engineering.setSeed(1, False)
g = nk.generators.ErdosRenyiGenerator(40000, 0.0005).generate()
print("ready", flush=True)
try:
    for _ in range(100):
        nk.centrality.Betweenness(g).run()
    print("finished")
except BaseException as e:
    print("interrupted" if _interrupted(e) else "other", type(e).__name__, e)
"""


@pytest.mark.slow
def test_networkit_sigint_is_recognised_as_an_interrupt():
    """networkit turns SIGINT into RuntimeError('Received CTRL+C/SIGINT'): the CLI must
    treat it as Ctrl-C (exit 130), not as an internal error."""
    proc = subprocess.Popen([sys.executable, "-c", NETWORKIT], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=_default_sigint, env={**os.environ,
                                                                    "OMP_NUM_THREADS": "1"})
    try:
        _wait_for(proc, "ready", timeout=120)
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert out.startswith("interrupted RuntimeError"), (out, err)
    assert _interrupted(KeyboardInterrupt())
    assert not _interrupted(RuntimeError("something else"))


def test_readme_cron_line_treats_only_1_as_findings(repo_root: Path):
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    assert "**3** internal error" in readme and "**130**" in readme


def test_sqlite_api_misuse_is_internal_but_a_store_fault_is_input(db, monkeypatch):
    """A wrong number of bindings is relgraph's bug (3); a locked or corrupt store is the
    environment's (2)."""
    import sqlite3

    def misuse(*a, **k):
        raise sqlite3.ProgrammingError("Incorrect number of bindings supplied")

    def locked(*a, **k):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(relgraph.run, "run_analysis", misuse)
    r = CliRunner().invoke(main, ["--store", str(db), "analyze"])
    assert r.exit_code == 3 and "internal error: ProgrammingError" in r.output
    monkeypatch.setattr(relgraph.run, "run_analysis", locked)
    r = CliRunner().invoke(main, ["--store", str(db), "analyze"])
    assert r.exit_code == 2 and "store: database is locked" in r.output
    assert "Traceback" not in r.output
