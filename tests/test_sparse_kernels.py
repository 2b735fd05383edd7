"""Compiled products restricted to a pattern (relgraph.analysis._sparse_kernels) against
dense numpy products of the same matrices: the definition, computed another way."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from relgraph.analysis.brokers import _masked_product


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_masked_product_is_the_dense_product_on_the_pattern(seed):
    rng = np.random.default_rng(seed)
    n = 300  # several rows per thread of the kernel, so rows reuse its scratch
    x = sp.random_array((n, n), density=0.05, rng=rng, format="csr")
    x = x.tolil()
    x[0] = rng.uniform(0.1, 1.0, n)  # a hub row touching every column
    x = sp.csr_array(x)
    y = sp.random_array((n, n), density=0.05, rng=rng, format="csr")
    mask = sp.random_array((n, n), density=0.1, rng=rng, format="csr")
    mask.data = rng.uniform(0.5, 2.0, mask.nnz)
    # entries stored out of column order within a row must not matter
    x = sp.csr_array(x)
    for i in range(n):
        lo, hi = x.indptr[i], x.indptr[i + 1]
        x.indices[lo:hi] = x.indices[lo:hi][::-1].copy()
        x.data[lo:hi] = x.data[lo:hi][::-1].copy()
    x.has_sorted_indices = False
    got = _masked_product(x, y, mask)
    dense = (x.toarray() @ y.toarray()) * mask.toarray()
    np.testing.assert_allclose(got.toarray(), dense, rtol=1e-12, atol=0)
    # the result keeps the pattern's entries (zeros included) and nothing else
    assert got.nnz == mask.nnz
    assert np.array_equal(got.indptr, mask.indptr) and np.array_equal(got.indices, mask.indices)


def test_masked_product_of_empty_rows_and_matrices():
    z = sp.csr_array((4, 4))
    assert _masked_product(z, z, z).nnz == 0
    a = sp.csr_array(np.array([[0, 1, 0, 0], [1, 0, 1, 0], [0, 1, 0, 0], [0, 0, 0, 0]], float))
    # (A @ A) on A's pattern: 0 everywhere (a path has no triangle)
    assert _masked_product(a, a, a).toarray().tolist() == np.zeros((4, 4)).tolist()
    # on the diagonal pattern: the degrees
    eye = sp.csr_array(np.eye(4))
    assert np.diag(_masked_product(a, a, eye).toarray()).tolist() == [1.0, 2.0, 1.0, 0.0]


def test_split_into_calls_changes_no_bit(monkeypatch):
    # The kernels run a range of rows (or ties) per call, sized by time, so that Ctrl-C is
    # delivered between calls (relgraph.analysis._steps): a few rows per call must give
    # the bits of one call, and the dense product / a set intersection by hand.
    from relgraph.analysis import _sparse_kernels as K
    from relgraph.analysis import _steps

    rng = np.random.default_rng(4)
    n = 500
    a = sp.random_array((n, n), density=0.03, rng=rng, format="csr")
    a = sp.csr_array(((a + a.T) > 0).astype(float))
    a.sort_indices()
    a.data = rng.uniform(0.1, 2.0, a.nnz)  # weights: a changed summation order shows
    mask = sp.random_array((n, n), density=0.05, rng=rng, format="csr")
    u, v = (np.asarray(x, dtype=np.int64) for x in sp.triu(a, 1).nonzero())
    args = (a.indptr.astype(np.int64), a.indices.astype(np.int64), a.data)
    runs = []
    calls = []
    real = K.stepped
    for first, seconds in ((K.ROWS_FIRST, _steps.STEP_SECONDS), (7, 0.0)):
        monkeypatch.setattr(K, "ROWS_FIRST", first)
        monkeypatch.setattr(_steps, "STEP_SECONDS", seconds)  # 0: one row (tie) per call

        def counted(step, longest, start, real=real):
            calls.append(0)
            return real(lambda f, c: (calls.__setitem__(-1, calls[-1] + 1), step(f, c)),
                        longest, start)

        monkeypatch.setattr(K, "stepped", counted)
        runs.append((K.masked_product(*args, *args, mask.indptr.astype(np.int64),
                                      mask.indices.astype(np.int64), n),
                     K.common_counts(args[0], args[1], u, v)))
    assert calls[0] == 1 and calls[2] > 100 and calls[3] > 100  # one call; hundreds
    for x, y in zip(*runs, strict=True):
        assert np.array_equal(x, y)
    dense = (a.toarray() @ a.toarray())[mask.nonzero()]
    np.testing.assert_allclose(np.asarray(runs[1][0]), np.asarray(dense).ravel(), rtol=1e-12)
    rows = [set(a.indices[a.indptr[i]:a.indptr[i + 1]]) for i in range(n)]
    assert runs[1][1].tolist() == [len(rows[i] & rows[j]) for i, j in zip(u, v, strict=True)]
