"""Static SVG charts for the reports: a renderer family of its own.

Every chart is a function that takes already computed figures (from the analysis or
the audit) and returns an inline ``<svg>`` string: no script, no external resource,
every text escaped. Charts never compute a metric; they place and label the values
they are given.

- :func:`trend_chart`: one headline metric over audits (axis from zero or the
  metric's natural range, values labelled, last change coloured good/bad);
- :func:`matrix_chart`: a labelled heatmap (IT x business tie strength, executives x
  IT leaders), zero cells marked as "no tie";
- :func:`ego_chart`: a person and their contacts, coloured by unit kind;
- :func:`unit_map_chart`: the unit map as a static picture, from precomputed positions.
"""

from __future__ import annotations

from relgraph.charts.ego import ego_chart
from relgraph.charts.matrix import matrix_chart
from relgraph.charts.trend import trend_chart
from relgraph.charts.unitmap import unit_map_chart

__all__ = ["ego_chart", "matrix_chart", "trend_chart", "unit_map_chart"]
