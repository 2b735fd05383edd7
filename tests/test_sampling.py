"""Stratified, adaptive source sampling (relgraph.analysis.sampling).

Expected values are worked by hand from the design (Cochran 1977, ch. 5 and 8:
systematic sampling within strata with a random start includes each unit of a
stratum of size N with probability exactly q, and takes floor or ceil of qN units).
"""

from __future__ import annotations

import numpy as np
import pytest

from relgraph.analysis import sampling as S


def test_keys_take_floor_or_ceil_of_each_stratum():
    strata = np.array([0] * 4 + [1] * 10 + [2] * 1 + [3] * 7)
    for seed in range(20):
        keys, pos = S.stratified_keys(strata, seed)
        assert keys.min() >= 0 and keys.max() < 1
        for u in range(4):
            members = strata == u
            # positions 0..n_u-1 within each stratum
            assert sorted(pos[members].tolist()) == list(range(int(members.sum())))
            for q in (0.1, 0.25, 0.5, 0.8, 1.0):
                k = int((keys[members] < q).sum())
                assert k in (int(np.floor(q * members.sum())), int(np.ceil(q * members.sum())))
    # a stratum of 4 at q = 1/2: (j + U)/4 < 1/2 <=> j < 2 - U: always exactly positions 0, 1
    keys, pos = S.stratified_keys(np.zeros(4, dtype=int), 3)
    assert sorted(pos[keys < 0.5].tolist()) == [0, 1]


def test_each_person_included_with_probability_q():
    # inclusion probability is q for everyone (1/q is the Horvitz-Thompson weight):
    # over 4,000 seeds the frequency is q within 4 standard errors
    strata = np.array([0] * 3 + [1] * 5 + [2] * 2)
    q, runs = 0.3, 4000
    hits = np.zeros(len(strata))
    for seed in range(runs):
        keys, _ = S.stratified_keys(strata, seed)
        hits += keys < q
    se = np.sqrt(q * (1 - q) / runs)
    assert np.all(np.abs(hits / runs - q) < 4 * se)


def test_keys_are_deterministic():
    strata = np.arange(50) % 7
    a = S.stratified_keys(strata, 11)
    b = S.stratified_keys(strata, 11)
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    assert not np.array_equal(a[0], S.stratified_keys(strata, 12)[0])


def test_split_half_agreement_by_hand():
    a = np.arange(20, dtype=float)
    assert S.split_half_agreement(a, a) == (10, 1.0)
    o10, rho = S.split_half_agreement(a, a[::-1].copy(), top=20)
    assert o10 == 0 and rho == pytest.approx(-1.0)


def test_split_half_without_evidence_is_not_agreement():
    # a half that ranks no one apart (all zeros) says nothing: Spearman 0, not 1
    a = np.arange(20, dtype=float)
    assert S.split_half_agreement(a, np.zeros(20))[1] == 0.0


def test_halves_are_balanced_when_units_give_one_source():
    # 100 units of 10 at rate 1/32, then 1/20 (the budget of 50 cuts the doubling short):
    # each unit gives no source or one, yet the two halves differ in size by at most one
    # (the first member of each unit alternates between them); halves by position within
    # the unit alone would put nearly every source in one
    strata = np.repeat(np.arange(100), 10)
    smp = S.adaptive_sample(_indicator(1000), strata, cost_per_source=1.0, budget=50, seed=4)
    a, b = smp.halves
    assert smp.rate == 50 / 1000 and smp.rounds == 2
    assert len(smp.sources) == a.sum() + b.sum()
    assert set(np.bincount(strata[smp.sources], minlength=100).tolist()) <= {0, 1}
    # 50 sources expected (1000 x 1/20); each unit gives 0 or 1, each with its own draw
    assert abs(a.sum() - b.sum()) <= 1 and 35 <= len(smp.sources) <= 65


def test_halves_split_each_unit():
    # within a unit, consecutive positions alternate halves: at any rate each unit's sources
    # split floor/ceil between the two halves
    strata = np.repeat(np.arange(5), [4, 7, 1, 10, 3])
    keys, pos = S.stratified_keys(strata, 9)
    even = S.split_halves(strata, keys, pos)
    for u in range(5):
        m = strata == u
        order = np.argsort(pos[m])
        halves = even[m][order]
        assert all(halves[i] != halves[i + 1] for i in range(len(halves) - 1))


def test_predicted_spearman_by_hand():
    # sqrt(2r / (1 + r)): r = 0.8 -> sqrt(1.6 / 1.8) = 0.9428; r = 1 -> 1; r <= 0 -> 0
    assert S.predicted_spearman(0.8) == pytest.approx(0.942809, abs=1e-6)
    assert S.predicted_spearman(1.0) == 1.0
    assert S.predicted_spearman(-0.2) == 0.0


def _indicator(n):
    # each source contributes 1 to itself: the Horvitz-Thompson estimate of the all-ones
    # vector is 1/q on the sampled people and 0 elsewhere
    def run(src):
        out = np.zeros(n)
        out[src] = 1.0
        return out
    return run


def test_adaptive_sample_respects_budget_and_is_unbiased():
    n = 400
    strata = np.arange(n) % 8
    smp = S.adaptive_sample(_indicator(n), strata, cost_per_source=1.0, budget=60, seed=5)
    # never converges (the halves are disjoint indicators), so the budget stops it:
    # rounds at rate 1/32, 1/16, 1/8 and a last one cut to the budget, 60/400 = 0.15: each
    # stratum of 50 gives 7 or 8 (floor/ceil of 7.5): 60 sources expected, 56 to 64 possible
    assert not smp.converged
    assert smp.rate == pytest.approx(0.15) and smp.rounds == 4
    counts = np.bincount(strata[smp.sources], minlength=8)
    assert set(counts.tolist()) <= {7, 8} and len(set(smp.sources.tolist())) == counts.sum()
    assert counts.sum() <= 60 + 8  # the budget, give or take one per unit (floor/ceil)
    assert smp.estimate.sum() == pytest.approx(counts.sum() / 0.15)  # each source x 1/q
    # averaged over seeds, every person's estimate is 1 (unbiased): each estimate is 1/q with
    # probability q = 0.15, variance 1/q - 1, so over 300 seeds within 4 standard errors
    runs = 300
    mean = np.mean([S.adaptive_sample(_indicator(n), strata, cost_per_source=1.0, budget=60,
                                      seed=s).estimate for s in range(runs)], axis=0)
    assert np.abs(mean - 1).max() < 4 * np.sqrt((1 / 0.15 - 1) / runs)
    assert abs(mean.mean() - 1) < 0.01  # the total varies only by the floor/ceil per stratum


def test_adaptive_sample_stops_when_halves_agree():
    n = 1000
    base = np.linspace(1.0, 2.0, n)

    def run(src):  # every source sees the same ranking: halves agree at once
        return base * len(src)

    smp = S.adaptive_sample(run, np.zeros(n, dtype=int), cost_per_source=1.0, budget=1e9, seed=1)
    assert smp.converged and smp.rounds == 1 and smp.top10 == 10
    assert smp.spearman == pytest.approx(1.0)
    assert len(smp.sources) == round(n / 32)


def test_adaptive_sample_reaches_everyone():
    n = 64
    smp = S.adaptive_sample(_indicator(n), np.zeros(n, dtype=int), cost_per_source=1.0,
                            budget=1e9, seed=2)
    # rates 1/32 ... 1: every person a source once; the estimate is exact
    assert smp.rate == 1.0 and sorted(smp.sources.tolist()) == list(range(n))
    assert np.array_equal(smp.estimate, np.ones(n))
