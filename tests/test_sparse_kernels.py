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
    n = 300  # several rows per block of the kernel (64 blocks), so rows reuse its scratch
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
