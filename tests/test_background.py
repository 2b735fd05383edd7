"""The earlier window read in a child process (relgraph.background): the same comparison
as an in-process read, errors raised in the caller, and a read in this process whenever a
child cannot help."""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import textwrap
import time
from functools import partial
from pathlib import Path

import pytest

from relgraph import background, run
from relgraph.analysis.previous import summarize_window
from relgraph.errors import StoreUnavailable
from relgraph.ingest import ingest
from relgraph.settings import AnalysisSettings
from relgraph.store.sqlite import SQLiteStore
from relgraph.window import load_window, parse_as_of

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
AS_OF = parse_as_of("2026-10-31")


@pytest.fixture(scope="module")
def acme(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("bg") / "acme.db"
    with SQLiteStore(path) as store:
        ingest(store, [SAMPLES / "acme"])
    return path


def _children_started(monkeypatch) -> list[background.Earlier]:
    """Start a child for every earlier window from now on; the list fills with them."""
    started: list[background.Earlier] = []
    real_start = background.start

    def spy(*a, **kw):
        started.append(real_start(*a, **kw))
        return started[-1]

    monkeypatch.setattr(background, "MIN_EDGES", 0)
    monkeypatch.setattr(background, "start", spy)
    return started


def test_child_gives_the_in_process_comparison(acme: Path, monkeypatch):
    s = AnalysisSettings()
    counted: list[int] = []
    real_count = run.people_with_edges

    def count(*a):
        counted.append(len(real_count(*a)))
        return set(range(counted[-1]))

    monkeypatch.setattr(run, "people_with_edges", count)
    with SQLiteStore(acme, create=False) as store:
        monkeypatch.setattr(background, "MIN_EDGES", 10**12)   # never a child
        here = run.run_analysis(store, s, as_of=AS_OF, window_days=90, compare_to="previous",
                                people_check=True)
        started = _children_started(monkeypatch)   # always a child
        there = run.run_analysis(store, s, as_of=AS_OF, window_days=90, compare_to="previous",
                                 people_check=True)
        everyone = len(store.people_with_edges())
    assert len(started) == 1 and isinstance(started[0], background.Earlier)
    assert there.changes is not None and there.changes.lost_ties  # a real comparison
    assert there.model_dump_json() == here.model_dump_json()
    # and the audit's data-quality count of people with ties (both windows' ids plus those
    # outside them) matches, and equals a scan of every edge
    assert there.data_quality == here.data_quality
    assert counted == [everyone, everyone]


def test_summary_from_child_equals_summary_here(acme: Path):
    # settings other than the defaults, so that a child that used its own would differ
    s = AnalysisSettings(half_life_days=7, broker_top_share=0.3)
    prev_end = AS_OF - 90 * 86400
    with SQLiteStore(acme, create=False) as store:
        e = background.start(store, s, as_of=prev_end, window_days=90, unit_kinds=None,
                             edges=background.MIN_EDGES)
        assert e is not None
        got = e.result()
        tg = load_window(store, s, as_of=prev_end, window_days=90)
    assert got is not None
    summary, tied = got
    want = summarize_window(tg, s)
    default = summarize_window(tg, AnalysisSettings())
    assert (want.strength, want.brokers) != (default.strength, default.brokers)
    assert tied == tg.tied and len(tied) > 50
    assert list(summary.ids) == list(want.ids)
    assert summary.tie_strength.tolist() == want.tie_strength.tolist()
    assert summary.tie_bridge.tolist() == want.tie_bridge.tolist()
    assert (summary.ei, summary.brokers, summary.strength) == (want.ei, want.brokers,
                                                               want.strength)


def test_error_in_child_is_raised_here(acme: Path, tmp_path: Path, monkeypatch):
    with SQLiteStore(acme, create=False) as store:
        missing = partial(SQLiteStore, tmp_path / "gone.db", create=False)
        monkeypatch.setattr(store, "opener", lambda: missing)
        e = background.start(store, AnalysisSettings(), as_of=AS_OF, window_days=90,
                             unit_kinds=None, edges=background.MIN_EDGES)
        assert e is not None
        with pytest.raises(StoreUnavailable, match="gone.db"):
            e.result()
    assert not (tmp_path / "gone.db").exists()   # the child created nothing


def test_child_that_died_means_read_here(acme: Path):
    with SQLiteStore(acme, create=False) as store:
        e = background.start(store, AnalysisSettings(), as_of=AS_OF, window_days=90,
                             unit_kinds=None, edges=background.MIN_EDGES)
        assert e is not None
        e._process.kill()
        assert e.result() is None
        assert e._process.poll() is not None


def test_no_child_when_it_cannot_help(acme: Path):
    s = AnalysisSettings()
    with SQLiteStore(":memory:") as mem:   # another connection would see another database
        assert mem.opener() is None
        assert background.start(mem, s, as_of=AS_OF, window_days=90, unit_kinds=None,
                                edges=10**9) is None
    with SQLiteStore(acme, create=False) as store:   # too small to be worth a process
        assert background.start(store, s, as_of=AS_OF, window_days=90, unit_kinds=None,
                                edges=background.MIN_EDGES - 1) is None


def test_no_child_when_both_windows_would_not_fit_in_memory(acme: Path, monkeypatch):
    # Two windows read at once take about BYTES_PER_EDGE a stored edge each (measured: 378
    # bytes in the child at 20,000 people; parent and child together 15.3 GB for 41 M
    # edges at 1,000,000 people): the child starts only if both fit in MEMORY_SHARE of
    # the memory available; else the earlier window is read here, one window at a time.
    assert background.fits(1000, 1000, 1_000_000)            # 800,000 <= 900,000 bytes
    assert not background.fits(1500, 1000, 1_000_000)        # 1,000,000 > 900,000
    assert background.fits(10**12, 10**12, None)             # unknown: as before
    avail = background.available_memory()
    assert avail is None or avail > 0
    s = AnalysisSettings()
    with SQLiteStore(acme, create=False) as store:
        monkeypatch.setattr(background, "MIN_EDGES", 0)
        monkeypatch.setattr(background, "available_memory", lambda: 10**6)
        assert background.start(store, s, as_of=AS_OF, window_days=90, unit_kinds=None,
                                edges=2000, current_edges=500) is None
        monkeypatch.setattr(background, "available_memory", lambda: 10**12)
        child = background.start(store, s, as_of=AS_OF, window_days=90, unit_kinds=None,
                                 edges=2000, current_edges=500)
        assert child is not None
        child.close()
        # the run asks with both windows' sizes: with too little memory, no child at all
        monkeypatch.setattr(background, "available_memory", lambda: 10**6)
        started = _children_started(monkeypatch)
        here = run.run_analysis(store, s, as_of=AS_OF, window_days=90, compare_to="previous")
        assert started == [None] and here.changes is not None


def test_window_edges_counts_whole_days_in_the_window():
    days = [(0, 5), (86400, 7), (2 * 86400, 11)]
    assert background.window_edges(days, 86400, 3 * 86400) == 18
    assert background.window_edges(days, 0, 86400) == 5
    assert background.window_edges([], 0, 10**9) == 0


def test_script_without_main_guard_runs_once(acme: Path, tmp_path: Path):
    # multiprocessing's "spawn" would import the caller's main module in the child and
    # run such a script a second time; the child must import relgraph only
    script = tmp_path / "unguarded.py"
    script.write_text(textwrap.dedent(f"""
        import os
        from relgraph import background, run
        from relgraph.store.sqlite import SQLiteStore
        from relgraph.window import parse_as_of
        background.MIN_EDGES = 0
        used = []
        real = background.start
        background.start = lambda *a, **kw: used.append(real(*a, **kw)) or used[-1]
        open(os.path.join({str(tmp_path)!r}, f"ran.{{os.getpid()}}"), "w").close()
        with SQLiteStore({str(acme)!r}, create=False) as st:
            r = run.run_analysis(st, as_of=parse_as_of("2026-10-31"), window_days=90,
                                 compare_to="previous")
        print(type(used[0]).__name__, len(r.changes.lost_ties) > 0)
    """))
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["Earlier", "True"]
    assert len(list(tmp_path.glob("ran.*"))) == 1


def test_child_ignores_modules_in_the_working_directory(acme: Path, tmp_path: Path,
                                                        monkeypatch):
    # 'python -c' puts the working directory first on the import path: a pickle.py there
    # would run in the child (and here stop it, so that the window is not read there)
    (tmp_path / "pickle.py").write_text("raise SystemExit('imported from the working directory')\n")
    monkeypatch.chdir(tmp_path)
    with SQLiteStore(acme, create=False) as store:
        e = background.start(store, AnalysisSettings(), as_of=AS_OF - 90 * 86400,
                             window_days=90, unit_kinds=None, edges=background.MIN_EDGES)
        assert e is not None
        got = e.result()
    assert got is not None and len(got[1]) > 50


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"   # a zombie has ended
    except FileNotFoundError:
        return True


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
def test_child_stops_when_the_caller_dies(tmp_path: Path):
    # the child runs in its own session, so a kill of the caller (or of its process
    # group, as `timeout` does) does not reach it: it must stop by itself
    script = tmp_path / "dies.py"
    script.write_text(textwrap.dedent("""
        import os, time
        from functools import partial
        from relgraph import background
        from relgraph.settings import AnalysisSettings

        class Slow:   # a store whose "opener" keeps the child busy for two minutes
            def opener(self):
                return partial(time.sleep, 120)

        e = background.start(Slow(), AnalysisSettings(), as_of=0, window_days=1,
                             unit_kinds=None, edges=background.MIN_EDGES)
        print(e._process.pid, flush=True)
        os._exit(0)   # as if killed: nothing of this process's clean-up runs
    """))
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=120)
    pid = int(done.stdout.split()[0])
    try:
        deadline = time.monotonic() + 60
        while not _gone(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _gone(pid), "the child outlived its caller"
    finally:
        if not _gone(pid):
            os.kill(pid, signal.SIGKILL)


def test_opener_opens_the_same_data(acme: Path, tmp_path: Path, monkeypatch):
    # another connection must see what this one sees: the file opened, not one of the
    # same relative name in a later working directory, and no opener while this
    # connection holds changes another one cannot see yet
    other = tmp_path / "elsewhere"
    other.mkdir()
    with SQLiteStore(other / "acme.db") as empty:   # a store of that name, without edges
        assert empty.day_counts() == []
    monkeypatch.chdir(acme.parent)
    with SQLiteStore(acme.name, create=False) as store:
        monkeypatch.chdir(other)
        opener = store.opener()
        assert opener is not None
        with opener() as again:
            assert again.day_counts() == store.day_counts() != []
        with store.transaction():
            assert store.opener() is None
        assert store.opener() is not None


def test_arguments_the_child_cannot_import_mean_read_here(acme: Path, monkeypatch):
    # e.g. a settings class defined in the caller's own script (its __main__), which the
    # child cannot import: the caller reads the window itself instead of failing
    import types

    mod = types.ModuleType("relgraph_caller_only")

    class CallerSettings(AnalysisSettings):
        pass

    CallerSettings.__module__ = mod.__name__
    CallerSettings.__qualname__ = CallerSettings.__name__
    mod.CallerSettings = CallerSettings  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, mod.__name__, mod)
    with SQLiteStore(acme, create=False) as store:
        e = background.start(store, CallerSettings(), as_of=AS_OF, window_days=90,
                             unit_kinds=None, edges=background.MIN_EDGES)
        assert e is not None
        assert e.result() is None


def _windows_read(monkeypatch) -> list[int]:
    """As-of of every window read in this process, in order."""
    read: list[int] = []
    real = run.load_window

    def spy(store, settings, *, as_of, **kw):
        read.append(as_of)
        return real(store, settings, as_of=as_of, **kw)

    monkeypatch.setattr(run, "load_window", spy)
    return read


@pytest.mark.parametrize("when", ["while this window loads", "during the analysis"])
def test_run_falls_back_when_the_child_dies(acme: Path, monkeypatch, when):
    # a child that dies (say, of memory) means the earlier window is read here, and the
    # comparison is the one an in-process read gives. Dead before this window was read:
    # the earlier window is read first, with this one freed, as without a child (this one
    # is then read again); dead later: read when the comparison needs it.
    s = AnalysisSettings()
    prev = AS_OF - 90 * 86400
    with SQLiteStore(acme, create=False) as store:
        monkeypatch.setattr(background, "MIN_EDGES", 10**12)
        here = run.run_analysis(store, s, as_of=AS_OF, window_days=90, compare_to="previous",
                                people_check=True)
        monkeypatch.setattr(background, "MIN_EDGES", 0)
        real_start = background.start
        killed: list[background.Earlier] = []

        def kill(e: background.Earlier) -> None:
            e._process.kill()
            for _ in range(500):   # until its answer (none) is in: at most 5 s
                if e.ready():
                    break
                time.sleep(0.01)
            killed.append(e)

        def dying(*a, **kw):
            e = real_start(*a, **kw)
            if when == "while this window loads":
                kill(e)
            else:
                started.append(e)
            return e

        def progress(done, total, label):
            if label == "centrality" and started:
                kill(started.pop())

        started: list[background.Earlier] = []
        monkeypatch.setattr(background, "start", dying)
        read = _windows_read(monkeypatch)
        there = run.run_analysis(store, s, as_of=AS_OF, window_days=90, compare_to="previous",
                                 progress=progress, people_check=True)
    assert len(killed) == 1
    assert read == ([AS_OF, prev, AS_OF] if when == "while this window loads" else [AS_OF, prev])
    assert there.model_dump_json() == here.model_dump_json()
    assert there.data_quality == here.data_quality


def test_error_in_child_is_raised_at_the_next_step(acme: Path, tmp_path: Path, monkeypatch):
    # an error the child meets (here: a store that is gone) stops the run at the first
    # step after the child ended, not after centrality
    labels: list[str] = []
    def progress(done, total, label):
        labels.append(label)
        for _ in range(3000):   # let the child meet its error: at most 30 s
            if started[0].ready():
                break
            time.sleep(0.01)

    started = _children_started(monkeypatch)
    missing = partial(SQLiteStore, tmp_path / "gone.db", create=False)
    with SQLiteStore(acme, create=False) as store:
        monkeypatch.setattr(store, "opener", lambda: missing)
        with pytest.raises(StoreUnavailable):
            run.run_analysis(store, AnalysisSettings(), as_of=AS_OF, window_days=90,
                             compare_to="previous", progress=progress)
    assert labels == ["converting graph"]
    assert started[0]._process.poll() is not None


def test_analysis_runs_while_the_child_reads(acme: Path, monkeypatch):
    # the caller waits for the earlier window only where the comparison first needs it
    # (the executives step): centrality and the other sections run meanwhile
    labels: list[str] = []
    seen_at_wait: list[list[str]] = []
    real_result = background.Earlier.result

    def result(self):
        seen_at_wait.append(list(labels))
        return real_result(self)

    monkeypatch.setattr(background, "MIN_EDGES", 0)
    monkeypatch.setattr(background.Earlier, "result", result)
    with SQLiteStore(acme, create=False) as store:
        r = run.run_analysis(store, AnalysisSettings(), as_of=AS_OF, window_days=90,
                             compare_to="previous",
                             progress=lambda done, total, label: labels.append(label))
    assert r.changes is not None
    assert len(seen_at_wait) == 1
    before = seen_at_wait[0]
    assert before[-1] == "previous window"
    assert {"centrality", "ties", "communities", "unit pairs"} <= set(before)
    assert "executives" not in before and "changes" not in before
    assert labels[labels.index("previous window") + 1] == "executives"


def test_child_is_stopped_when_the_analysis_fails(acme: Path, monkeypatch):
    # an error (or Ctrl-C) while this window is analysed leaves no child running
    def progress(done, total, label):
        if label == "centrality":
            raise KeyboardInterrupt

    started = _children_started(monkeypatch)
    with SQLiteStore(acme, create=False) as store, pytest.raises(KeyboardInterrupt):
        run.run_analysis(store, AnalysisSettings(), as_of=AS_OF, window_days=90,
                         compare_to="previous", progress=progress)
    assert len(started) == 1
    assert started[0]._process.poll() is not None   # stopped and waited for


def test_child_exits_before_the_answer_is_asked_for(acme: Path):
    # the answer is taken off the pipe as it is written, so the child exits (and frees its
    # window) while the caller is still analysing; the pipe is shrunk to one page so that
    # a child writing into an unread pipe would block (the sample's summary is larger)
    fcntl = pytest.importorskip("fcntl")
    if not hasattr(fcntl, "F_SETPIPE_SZ"):
        pytest.skip("needs Linux's F_SETPIPE_SZ to shrink the pipe")
    with SQLiteStore(acme, create=False) as store:
        here = summarize_window(load_window(store, AnalysisSettings(), as_of=AS_OF,
                                            window_days=90), AnalysisSettings())
        e = background.start(store, AnalysisSettings(), as_of=AS_OF, window_days=90,
                             unit_kinds=None, edges=background.MIN_EDGES)
        assert e is not None
        fcntl.fcntl(e._process.stdout.fileno(), fcntl.F_SETPIPE_SZ, 4096)
        try:
            e._process.wait(timeout=30)   # without asking for the result
            got = e.result()
        finally:
            e.close()
    assert got is not None
    assert len(pickle.dumps(got)) > 4096
    assert list(got[0].ids) == list(here.ids)
    assert got[0].tie_strength.tolist() == here.tie_strength.tolist()


def test_no_child_in_a_frozen_application(acme: Path, monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    with SQLiteStore(acme, create=False) as store:
        assert background.start(store, AnalysisSettings(), as_of=AS_OF, window_days=90,
                                unit_kinds=None, edges=background.MIN_EDGES) is None
