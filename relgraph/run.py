"""Run an analysis against a store: load the window(s), then :func:`analyze`.

This is the one place that joins the store and the analytics; the analytics
themselves (:mod:`relgraph.analysis`) never import the store.
"""

from __future__ import annotations

from collections.abc import Callable

from relgraph import background
from relgraph.analysis.analyze import analyze
from relgraph.analysis.dataquality import ActivityProfile, DataSettings, check_data
from relgraph.analysis.previous import WindowSummary, summarize_window
from relgraph.analysis.result import AnalysisResult
from relgraph.errors import UsageError
from relgraph.settings import AnalysisSettings
from relgraph.store.base import Store
from relgraph.unitkinds import UnitKinds
from relgraph.window import default_as_of, load_window, parse_as_of


def previous_as_of(compare_to: str | int, as_of: int, window_days: float) -> int:
    """As-of of the comparison window.

    ``"previous"``: the window of the same length just before (its as-of is this
    window's start); a date (``2026-07-31``) or an epoch-seconds int: that as-of.
    """
    if isinstance(compare_to, int):
        prev = compare_to
    elif compare_to.strip().lower() == "previous":
        prev = as_of - int(window_days * 86400)
    else:
        try:
            prev = parse_as_of(compare_to)
        except UsageError:
            raise UsageError(
                f"invalid --compare-to {compare_to!r}: use 'previous' or a date such as 2026-07-31"
            ) from None
    if prev >= as_of:
        raise UsageError("--compare-to must be earlier than the analysed window's as-of")
    return prev


def people_with_edges(store: Store, spans: list[tuple[int, int, frozenset[str]]],
                      known: set[str] | None = None) -> set[str]:
    """Everyone with a stored edge: the ids of the windows already read (``(start, end,
    ids)``) and of the edges outside them, when the windows are one span of time
    (:meth:`Store.people_with_edges_outside`); else a scan of every edge.

    With ``known`` (the store's person ids), when the windows already hold every one of
    them no edge is read: the count only serves the data check that compares the people
    active in the window with the people active in the store (a long history made that
    read cost 2.4 s of a 12 s audit at 5,000 people and two years of data)."""
    if known is not None:
        inside = frozenset().union(*(ids for _, _, ids in spans))
        if known <= inside:
            return set(inside)
    ordered = sorted(spans, key=lambda x: (x[0], x[1]))
    if not ordered or any(b[0] > a[1] for a, b in zip(ordered, ordered[1:], strict=False)):
        return store.people_with_edges()
    lo, hi = ordered[0][0], max(e for _, e, _ in ordered)
    seen = store.people_with_edges_outside(lo, hi)
    for _, _, ids in ordered:
        seen |= ids
    return seen


def run_analysis(
    store: Store,
    settings: AnalysisSettings | None = None,
    *,
    as_of: int | None = None,
    window_days: float | None = None,
    compare_to: str | int | None = None,
    progress: Callable[..., None] | None = None,
    unit_kinds: UnitKinds | None = None,
    data: DataSettings | None = None,
    checks: bool = True,
    people_check: bool = False,
) -> AnalysisResult:
    """Analyse the window ``[as_of - window_days, as_of)`` of ``store``.

    Parameters
    ----------
    store : Store
        Any backend.
    settings : AnalysisSettings, optional
        Defaults otherwise; ``window_days`` falls back to ``settings.window_days``.
    as_of : int, optional
        Exclusive end of the window (epoch seconds); default: end of the last
        day with substantial activity (:func:`relgraph.window.default_as_of`).
    window_days : float, optional
        Window length.
    compare_to : str or int, optional
        ``"previous"``, a date, or an as-of in epoch seconds: the earlier
        window (same length) to compare with; fills ``changes``.
    progress : callable, optional
        ``progress(done, total, label)``.
    unit_kinds : UnitKinds, optional
        The ``[units]`` table of relgraph.toml: unit kinds set by id or name pattern.
    data : DataSettings, optional
        The ``[data]`` table: margins of the data checks and of the default as-of.
    checks : bool
        Run the data checks (:mod:`relgraph.analysis.dataquality`) and fill
        ``result.data_quality`` (default True).
    people_check : bool
        Also count the people with no interaction at all in the store (a scan of every
        stored edge: 12 s at 4 million edges; the audit asks for it, ``analyze`` does not).

    Returns
    -------
    AnalysisResult
    """
    s = settings or AnalysisSettings()
    counts = store.day_counts() if checks or as_of is None else []
    end = as_of if as_of is not None else default_as_of(store, data, counts)
    days = window_days if window_days is not None else s.window_days
    previous: WindowSummary | Callable[[], WindowSummary] | None = None
    spans: list[tuple[int, int, frozenset[str]]] = []   # windows read: who has edges there
    tg = None
    earlier = None
    answer: list[tuple[WindowSummary, frozenset[str]] | None] = []   # the child's, once taken
    try:
        if compare_to is not None:
            # The earlier window reduced to what the comparison reads: the audit costs
            # little more than an analysis (issue 14). A large one is read in a child
            # process while this window loads and is analysed (relgraph.background):
            # analyze waits for it only where the comparison first needs it, after
            # centrality. Otherwise it is read here, and freed before this window loads.
            prev_end = previous_as_of(compare_to, end, days)
            prev_start = prev_end - int(days * 86400)

            def read_here() -> WindowSummary:
                ptg = load_window(store, s, as_of=prev_end, window_days=days,
                                  unit_kinds=unit_kinds)
                spans.append((prev_start, prev_end, ptg.tied))
                return summarize_window(ptg, s)

            def take() -> tuple[WindowSummary, frozenset[str]] | None:
                # the child's answer (an error it met is raised here); None: it died
                assert earlier is not None
                if not answer:
                    answer.append(earlier.result())
                return answer[0]

            def collect() -> WindowSummary:
                # a child that died after this window was read (perhaps of memory): read
                # the earlier window here, with this one still in memory
                got = take()
                if got is None:
                    return read_here()
                spans.append((prev_start, prev_end, got[1]))
                return got[0]

            earlier = background.start(
                store, s, as_of=prev_end, window_days=days, unit_kinds=unit_kinds,
                edges=background.window_edges(counts, prev_start, prev_end),
                current_edges=background.window_edges(counts, end - int(days * 86400), end))
            previous = collect if earlier is not None else read_here()
        tg = load_window(store, s, as_of=end, window_days=days, unit_kinds=unit_kinds)
        if earlier is not None and earlier.ready() and take() is None:
            # the child ended without an answer while this window loaded: read the earlier
            # window here with this one freed first, as without a child, then this again
            tg = None
            previous = read_here()
            tg = load_window(store, s, as_of=end, window_days=days, unit_kinds=unit_kinds)
        spans.append((end - int(days * 86400), end, tg.tied))

        def ticked(done: int, total: int, label: str) -> None:
            # an error the child met (a missing or locked store...) is raised at the next
            # step, not after centrality
            if earlier is not None and not answer and earlier.ready():
                take()
            if progress is not None:
                progress(done, total, label)

        result = analyze(tg, s, previous=previous, progress=ticked)
    finally:
        if earlier is not None:
            earlier.close()   # stops a child still running (an error or Ctrl-C here)
    del tg
    if checks:
        known = store.person_ids()
        active = len(people_with_edges(store, spans, known)) if people_check else None
        profile = ActivityProfile(days=counts, people=len(known), people_with_edges=active)
        changed = unit_kinds.apply(store.units())[1] if unit_kinds is not None else []
        result.data_quality = check_data(result, profile, data, changed)
    return result
