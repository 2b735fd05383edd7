"""Result sections held as columns (relgraph.analysis.rowtable): they read, compare and
serialise exactly as the list of models they replace (issue 14).

Expected values are the hand-written models below, never the table's own output.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from pydantic import TypeAdapter

from relgraph.analysis.result import (
    AnalysisMeta,
    AnalysisResult,
    Changes,
    TieChange,
    TieChangeTable,
    TieMetrics,
    TieTable,
)


def _tie(s: str, t: str, strength: float, **kw: object) -> TieMetrics:
    base = dict(source=s, target=t, source_unit="u1", target_unit="u2", strength=strength,
                count=3, overlap=0.25, strong=False, bridging=False, local_bridge=False,
                bridge=False, cross_unit=True, cross_kind=False, source_share=0.5)
    base.update(kw)
    return TieMetrics(**base)


TIES = [_tie("a", "b", 1.5, bridge=True, local_bridge=True),
        _tie("a", "c", 0.1, source_unit="u1", target_unit="u1", cross_unit=False),
        _tie("b", "c", 2.0, count=7, strong=True, source_share=0.875)]


def test_rows_read_as_the_models_they_hold():
    tt = TieTable.from_rows(TIES)
    assert len(tt) == 3 and bool(tt)
    assert list(tt) == TIES
    assert tt[0] == TIES[0] and tt[-1] == TIES[2] and tt[1:] == TIES[1:]
    with pytest.raises(IndexError):
        tt[3]
    # read values are Python values, not numpy scalars (JSON, equality, isinstance)
    r = tt[2]
    assert type(r.strength) is float and type(r.count) is int and type(r.strong) is bool
    assert r.count == 7 and r.source_share == 0.875 and r.strong is True
    assert tt == TIES and tt == TieTable.from_rows(TIES)
    assert tt != TieTable.from_rows(TIES[:2]) and tt != TieTable.from_rows(list(reversed(TIES)))
    assert tt + [] == TIES and [] + tt == TIES


def test_columns_selection_and_labels():
    tt = TieTable.from_rows(TIES)
    assert tt.column("source").tolist() == ["a", "a", "b"]
    assert tt.column("strength").tolist() == [1.5, 0.1, 2.0]
    assert tt.isin("target", {"c"}).tolist() == [False, True, True]
    assert tt.isin("source_unit", set()).tolist() == [False, False, False]
    assert tt.take(np.array([False, True, True])) == TIES[1:]
    assert tt.take(np.array([2, 0])) == [TIES[2], TIES[0]]
    with pytest.raises(ValueError):
        tt.column("strength")[0] = 9.0  # read only: a result is not changed in place
    with pytest.raises(KeyError):
        tt.codes("strength")


def test_json_is_the_list_of_models_and_reads_back():
    """A result with a table dumps the same JSON as the list of models it replaced."""
    meta = AnalysisMeta(start=0, end=10, as_of=10, window_days=None, half_life_days=30,
                        channel_weights={}, seed=1, people=3, ties=3)
    result = AnalysisResult(meta=meta, ties=TIES)  # a list validates into a table
    assert isinstance(result.ties, TieTable)
    as_list = TypeAdapter(list[TieMetrics]).dump_python(TIES)
    assert result.model_dump()["ties"] == as_list
    assert json.loads(result.model_dump_json())["ties"] == json.loads(
        TypeAdapter(list[TieMetrics]).dump_json(TIES))
    back = AnalysisResult.model_validate_json(result.model_dump_json())
    assert back == result and list(back.ties) == TIES
    # the JSON schema still describes an array of ties
    schema = AnalysisResult.model_json_schema()
    assert schema["properties"]["ties"]["type"] == "array"
    assert AnalysisResult(meta=meta).ties == []


def test_optional_field_keeps_none():
    rows = [TieChange(source="a", target="b", before=0.0, after=1.0, change=None, new=True),
            TieChange(source="a", target="c", before=2.0, after=1.0, change=-0.5)]
    t = TieChangeTable.from_rows(rows)
    assert list(t) == rows and t[0].change is None and t[1].change == -0.5
    assert t.is_none("change").tolist() == [True, False]
    ch = Changes(previous_start=None, previous_end=5, new_ties=rows[:1], weakened=rows[1:])
    dumped = json.loads(ch.model_dump_json())
    assert dumped["new_ties"] == [{"source": "a", "target": "b", "before": 0.0, "after": 1.0,
                                   "change": None, "new": True}]
    assert Changes.model_validate_json(ch.model_dump_json()) == ch


def test_table_must_hold_every_field():
    with pytest.raises(TypeError, match="every field"):
        class Partial(TieTable):  # a table that would drop fields is refused when defined
            numbers = {"strength": np.float64}
    with pytest.raises(ValueError, match="different lengths"):
        TieChangeTable(["a"], {"source": [0], "target": [0, 0], "before": [1.0],
                               "after": [1.0], "change": [0.0], "new": [False]})


def test_dump_options_apply_to_the_rows():
    """include / exclude / exclude_none reach the rows, as with a list of models."""
    meta = AnalysisMeta(start=0, end=10, as_of=10, window_days=None, half_life_days=30,
                        channel_weights={}, seed=1, people=3, ties=3)
    result = AnalysisResult(meta=meta, ties=TIES)
    assert result.model_dump(include={"ties": {0: True}})["ties"] == [TIES[0].model_dump()]
    assert result.model_dump(include={"ties": {"__all__": {"source", "target"}}})["ties"] == [
        {"source": "a", "target": "b"}, {"source": "a", "target": "c"},
        {"source": "b", "target": "c"}]
    rows = [TieChange(source="a", target="b", before=0.0, after=1.0, change=None, new=True)]
    ch = Changes(previous_start=None, previous_end=5, new_ties=rows)
    assert ch.model_dump(exclude_none=True)["new_ties"] == [
        {"source": "a", "target": "b", "before": 0.0, "after": 1.0, "new": True}]
    # the serialisation schema still names the model
    schema = AnalysisResult.model_json_schema(mode="serialization")
    assert schema["properties"]["ties"]["items"] == {"$ref": "#/$defs/TieMetrics"}


def test_copies_stay_equal_and_read_only():
    import copy
    import pickle

    nan_ties = [*TIES, _tie("c", "d", float("nan"))]
    tt = TieTable.from_rows(nan_ties)
    for other in (copy.deepcopy(tt), pickle.loads(pickle.dumps(tt)), TieTable.from_rows(nan_ties)):
        assert other == tt  # NaN equals NaN in a column, as one row compares with itself
        assert not other.column("strength").flags.writeable
    with pytest.raises(ValueError):
        tt.labels[0] = "zzz"
    with pytest.raises(ValueError, match="wrong length"):
        TieChangeTable(["a"], {"source": [0], "target": [0], "before": [1.0], "after": [1.0],
                               "change": [0.0], "new": [False]}, none={"change": [True, False]})


def test_records_read_like_the_models():
    tt = TieTable.from_rows(TIES)
    recs = tt.records(np.array([2, 0]))
    assert [r.source for r in recs] == ["b", "a"] and recs[0].count == 7
    assert [tuple(r) for r in recs] == [tuple(TIES[2].model_dump().values()),
                                         tuple(TIES[0].model_dump().values())]
    assert tt.records(np.array([], dtype=np.int64)) == []


def test_column_of_some_rows_and_any_isin():
    tt = TieTable.from_rows(TIES)
    assert tt.column("target", np.array([2, 0])).tolist() == ["c", "b"]
    assert tt.column("count", slice(1, 3)).tolist() == [3, 7]
    assert tt.any_isin(("source", "target"), {"b"}).tolist() == [True, False, True]
