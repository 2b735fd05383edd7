"""Compiled engines behind the NetworkX graph model.

NetworkX stays the graph model and the public API of relgraph; its pure-Python
shortest-path algorithms are far too slow for organisations of thousands of
people (exact betweenness on 5,000 people / 48,798 ties: 210 s). This module
converts a NetworkX tie graph **once** into

* a networkit graph without weights (hops), for unweighted betweenness,
  harmonic closeness and their approximations,
* a networkit graph whose weights are distances ``1 / strength``, for
  weighted betweenness,
* a symmetric ``scipy.sparse`` CSR matrix of strengths (and its binary
  pattern), for neighbourhood overlap and anything expressed as sparse algebra,

and keeps the node order (``nodes[i]`` is the NetworkX node of index ``i``) so
that results map back to node ids. Everything is built lazily and cached.

networkit (MIT) is used for betweenness and closeness; igraph is deliberately
not used (GPL).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from functools import cached_property

import networkit as nk
import networkx as nx
import numpy as np
import scipy.sparse as sp

_THREADS_SET = False


def set_threads(n: int | None = None) -> None:
    """Limit networkit's OpenMP threads (default: all cores, at most 4)."""
    global _THREADS_SET
    import os

    n = n or min(4, os.cpu_count() or 1)
    nk.setNumberOfThreads(n)
    _THREADS_SET = True


@dataclass
class Engine:
    """A NetworkX graph converted once for the compiled engines.

    Parameters
    ----------
    g : networkx.Graph
        Undirected graph. Self-loops are ignored.
    weight : str
        Edge attribute holding the tie strength (larger = stronger). Missing
        or non-positive strengths count as 1 for the distance graph.
    """

    g: nx.Graph
    weight: str = "strength"
    nodes: list[Hashable] = field(init=False)
    index: dict[Hashable, int] = field(init=False)
    rows: np.ndarray = field(init=False, repr=False)
    cols: np.ndarray = field(init=False, repr=False)
    strengths: np.ndarray = field(init=False, repr=False)
    counts: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if not _THREADS_SET:
            set_threads()
        self.nodes = list(self.g.nodes)
        self.index = {v: i for i, v in enumerate(self.nodes)}
        idx = self.index
        m = self.g.number_of_edges()
        rows = np.empty(m, dtype=np.int64)
        cols = np.empty(m, dtype=np.int64)
        w = np.empty(m, dtype=np.float64)
        cnt = np.zeros(m, dtype=np.int64)
        k = 0
        for u, v, d in self.g.edges(data=True):
            if u == v:
                continue
            rows[k] = idx[u]
            cols[k] = idx[v]
            s = d.get(self.weight, 1.0)
            w[k] = s if s is not None else 1.0
            cnt[k] = d.get("count", 0) or 0
            k += 1
        self.rows, self.cols, self.strengths, self.counts = rows[:k], cols[:k], w[:k], cnt[:k]

    @classmethod
    def from_arrays(cls, nodes: list[Hashable], rows: np.ndarray, cols: np.ndarray,
                    strengths: np.ndarray, counts: np.ndarray,
                    weight: str = "strength") -> Engine:
        """An engine built directly from arrays, without a NetworkX graph.

        ``nodes[i]`` is the node of index ``i``; ``rows[k]``, ``cols[k]`` the ends of tie
        ``k`` (each tie once, no self-tie), ``strengths[k]`` and ``counts[k]`` its
        strength and number of edges. :meth:`relgraph.graph.TieGraph.engine` gives the
        arrays in the order ``Engine(tie_graph.graph)`` has them, so both engines are
        equal. ``g`` is None.
        """
        if not _THREADS_SET:
            set_threads()
        e = cls.__new__(cls)
        e.g = None  # type: ignore[assignment]
        e.weight = weight
        e.nodes = list(nodes)
        e.index = {v: i for i, v in enumerate(e.nodes)}
        e.rows = np.ascontiguousarray(rows, dtype=np.int64)
        e.cols = np.ascontiguousarray(cols, dtype=np.int64)
        e.strengths = np.ascontiguousarray(strengths, dtype=np.float64)
        e.counts = np.ascontiguousarray(counts, dtype=np.int64)
        return e

    @property
    def n(self) -> int:
        return len(self.nodes)

    @property
    def m(self) -> int:
        return len(self.rows)

    # -- networkit graphs -------------------------------------------------------------------
    def _nk_graph(self, weights: np.ndarray | None) -> nk.Graph:
        gk = nk.Graph(self.n, weighted=weights is not None, directed=False)
        if self.m:
            i = self.rows.astype(np.uint64)
            j = self.cols.astype(np.uint64)
            if weights is None:
                gk.addEdges((i, j))
            else:
                gk.addEdges((weights, (i, j)))
        gk.indexEdges()
        return gk

    @cached_property
    def nk_hops(self) -> nk.Graph:
        """Unweighted networkit graph (every tie has length 1)."""
        return self._nk_graph(None)

    @cached_property
    def nk_distance(self) -> nk.Graph:
        """Weighted networkit graph with length ``1 / strength`` per tie."""
        s = np.where(self.strengths > 0, self.strengths, 1.0)
        return self._nk_graph(1.0 / s)

    # -- sparse matrices ----------------------------------------------------------------------
    @cached_property
    def strength_matrix(self) -> sp.csr_array:
        """Symmetric CSR matrix of tie strengths."""
        n = self.n
        r = np.concatenate([self.rows, self.cols])
        c = np.concatenate([self.cols, self.rows])
        d = np.concatenate([self.strengths, self.strengths])
        a = sp.csr_array((d, (r, c)), shape=(n, n))
        a.sum_duplicates()
        a.sort_indices()
        return a

    @cached_property
    def adjacency(self) -> sp.csr_array:
        """Symmetric binary CSR adjacency (int32)."""
        a = self.strength_matrix.copy()
        a.data = np.ones_like(a.data, dtype=np.int32)
        return a.astype(np.int32)

    @cached_property
    def csr(self) -> tuple[np.ndarray, np.ndarray]:
        """``(indptr, indices)`` of the symmetric adjacency as int64 (for :mod:`paths`)."""
        a = self.strength_matrix
        return a.indptr.astype(np.int64), a.indices.astype(np.int64)

    @cached_property
    def lengths(self) -> np.ndarray:
        """Tie length ``1 / strength`` aligned with :attr:`csr` (non-positive strength: 1)."""
        d = self.strength_matrix.data
        return 1.0 / np.where(d > 0, d, 1.0)

    @cached_property
    def degrees(self) -> np.ndarray:
        return np.diff(self.adjacency.indptr).astype(np.int64)

    # -- helpers -------------------------------------------------------------------------------
    def to_dict(self, values: np.ndarray | list[float]) -> dict[Hashable, float]:
        """Map an array indexed like :attr:`nodes` back to ``{node: value}``."""
        return {v: float(x) for v, x in zip(self.nodes, values, strict=True)}


def seed_networkit(seed: int) -> None:
    """Seed networkit's random generator (per thread, as KADABRA requires)."""
    nk.engineering.setSeed(seed, True)
