"""The previous window reduced to what the comparison reads gives the same changes (and the
same executives' change in strength) as a full analysis of that window (issue 14).

The reference is relgraph's own full analysis of the earlier window: this checks that
the reduction leaves nothing out, on the committed sample org (samples/acme), at several
broker shares so that ties at the broker cut (everyone tied with the last broker counts) occur.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from relgraph.analysis.analyze import analyze
from relgraph.analysis.changes import compare
from relgraph.analysis.previous import summarize, summarize_window, top_brokers
from relgraph.ingest import ingest
from relgraph.settings import AnalysisSettings
from relgraph.store.sqlite import SQLiteStore
from relgraph.window import load_window, parse_as_of

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture(scope="module")
def windows(tmp_path_factory):
    store = SQLiteStore(tmp_path_factory.mktemp("acme") / "acme.db")
    store.init()
    ingest(store, [SAMPLES / "acme"])
    end = parse_as_of("2026-10-31")
    s = AnalysisSettings()
    prev = load_window(store, s, as_of=end - 45 * 86400, window_days=45)
    cur = load_window(store, s, as_of=end, window_days=45)
    return prev, cur


@pytest.mark.parametrize("share", [0.05, 0.2, 0.6, 1.0])
def test_reduced_previous_window_gives_the_same_changes(windows, share):
    prev, cur = windows
    s = AnalysisSettings(broker_top_share=share, ei_permutations=50)
    full_prev = analyze(prev, s)
    current = analyze(cur, s)
    reduced = summarize_window(prev, s)
    want = compare(full_prev, current, s)
    got = compare(reduced, current, s)
    assert got == want
    assert reduced.brokers == summarize(full_prev, s).brokers
    # the whole analysis with the previous window: changes and executives as before
    r = analyze(cur, s, previous=prev)
    assert r.changes == want
    for e in r.executives:
        p = next(x for x in full_prev.people if x.id == e.id)
        assert e.previous_strength == pytest.approx(p.strength, rel=1e-12)


def test_previous_window_given_later_by_a_callable(windows):
    # analyze calls it at the executives step: a summary or a tie graph gives the same
    # analysis as passing that window directly; anything else is a TypeError
    prev, cur = windows
    s = AnalysisSettings(ei_permutations=50)
    want = analyze(cur, s, previous=prev).model_dump_json()
    assert analyze(cur, s, previous=lambda: prev).model_dump_json() == want
    assert analyze(cur, s, previous=lambda: summarize_window(prev, s)).model_dump_json() == want
    with pytest.raises(TypeError, match="not a WindowSummary"):
        analyze(cur, s, previous=lambda: prev.directed)


def test_broker_cut_keeps_everyone_tied_with_the_last():
    # top 20% of 10 active people = 2: a (3), then b and c tie at 2 -> both count
    assert top_brokers({"a": 3, "b": 2, "c": 2, "d": 1, "e": 0}, 10, 0.2) == {"a", "b", "c"}
    assert top_brokers({"a": 3, "b": 2, "c": 1}, 10, 0.2) == {"a", "b"}
    assert top_brokers({"a": 3, "b": 2}, 10, 1.0) == {"a", "b"}
    assert top_brokers({"a": 0}, 10, 0.2) == set()
