"""Result sections held as columns, read as models (issue 14).

A section with a row per tie (the analysis' ``ties``, the comparison's tie changes)
has millions of rows in a large organisation. One pydantic model per row costs about
800 bytes (at 1,000,000 people, 8.9 million ties: about 7 GB); the same rows as
numpy columns cost about 60 bytes. :class:`RowTable` keeps the columns and makes a
model only for a row that is read (by index, slice or iteration), so every consumer
that reads models keeps working, and a consumer that reads a whole column
(:meth:`RowTable.column`, :meth:`RowTable.isin`, :meth:`RowTable.take`) never makes
the models at all.

A table validates from, and serialises to, the same JSON as a list of its models
(a saved result reads back unchanged); equality is row by row.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, ClassVar, TypeVar, overload

import numpy as np
from pydantic import BaseModel, TypeAdapter
from pydantic_core import core_schema as cs

M = TypeVar("M", bound=BaseModel)
_CHUNK = 20_000


class RowTable(Sequence[M]):
    """Rows of one model, held as one numpy column per field.

    Subclasses name the model and how each field is held:

    * ``strings``: text fields, held as ``int32`` codes into one shared label array;
    * ``numbers``: numeric and boolean fields, with their numpy dtype;
    * ``optional``: numeric fields that may be None (a boolean mask beside the column).

    Every field of the model must be in ``strings`` or ``numbers``.
    """

    model: ClassVar[type[BaseModel]]
    strings: ClassVar[tuple[str, ...]] = ()
    numbers: ClassVar[Mapping[str, Any]] = {}
    optional: ClassVar[tuple[str, ...]] = ()
    _rows_schema: ClassVar[Any] = None

    __slots__ = ("_cols", "_labels", "_n", "_none")

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        model = getattr(cls, "model", None)
        held = set(cls.strings) | set(cls.numbers)
        if model is not None and (set(model.model_fields) != held
                                  or len(cls.strings) + len(cls.numbers) != len(held)
                                  or not set(cls.optional) <= set(cls.numbers)):
            raise TypeError(f"{cls.__name__} does not hold every field of {model.__name__} "
                            "exactly once (strings, numbers; optional among numbers)")

    def __init__(self, labels: Sequence[str] | np.ndarray, columns: Mapping[str, Any],
                 none: Mapping[str, Any] | None = None) -> None:
        """``labels``: the text values; ``columns``: field -> array (codes into ``labels``
        for text fields); ``none``: optional field -> boolean mask of its None rows.

        The table takes the arrays it is given without copying those already of the
        field's dtype, and makes every column read only."""
        fields = tuple(self.model.model_fields)
        self._labels = np.array(labels, dtype=object) if len(labels) else np.empty(0, object)
        cols: dict[str, np.ndarray] = {}
        for f in fields:
            dtype = np.int32 if f in self.strings else self.numbers[f]
            cols[f] = np.ascontiguousarray(columns[f], dtype=dtype)
        n = {len(c) for c in cols.values()}
        if len(n) > 1:
            raise ValueError(f"{type(self).__name__}: columns of different lengths {sorted(n)}")
        self._n = n.pop() if n else 0
        self._cols = cols
        self._none = {f: np.asarray((none or {}).get(f, np.zeros(self._n, bool)), dtype=bool)
                      for f in self.optional}
        if any(len(m) != self._n for m in self._none.values()):
            raise ValueError(f"{type(self).__name__}: a None mask of the wrong length")
        for c in (self._labels, *cols.values(), *self._none.values()):
            c.flags.writeable = False

    def __reduce__(self) -> tuple[Any, ...]:
        # copies and pickles are made through __init__, so their columns stay read only
        return (type(self), (self._labels.tolist(), dict(self._cols), dict(self._none)))

    # -- construction ---------------------------------------------------------------

    @classmethod
    def empty(cls) -> RowTable[M]:
        return cls.from_strings({f: [] for f in cls.model.model_fields})

    @classmethod
    def from_strings(cls, columns: Mapping[str, Sequence[Any]]) -> RowTable[M]:
        """A table from one sequence per field (text fields as strings, None allowed in
        ``optional`` fields)."""
        index: dict[str, int] = {}
        cols: dict[str, Any] = {}
        none: dict[str, np.ndarray] = {}
        for f in cls.model.model_fields:
            values = columns[f]
            if f in cls.strings:
                cols[f] = np.fromiter((index.setdefault(s, len(index)) for s in values),
                                      dtype=np.int32, count=len(values))
            elif f in cls.optional:
                mask = np.fromiter((v is None for v in values), dtype=bool, count=len(values))
                none[f] = mask
                cols[f] = np.array([0 if v is None else v for v in values],
                                   dtype=cls.numbers[f]) if len(values) else np.zeros(0)
            else:
                cols[f] = np.asarray(values, dtype=cls.numbers[f])
        return cls(list(index), cols, none)

    @classmethod
    def from_rows(cls, rows: Iterable[M | Mapping[str, Any]]) -> RowTable[M]:
        """A table from models (or dicts of their fields), in the given order."""
        rows = list(rows)
        get = [r.__dict__ if isinstance(r, BaseModel) else r for r in rows]
        return cls.from_strings({f: [d[f] for d in get] for f in cls.model.model_fields})

    # -- columns --------------------------------------------------------------------

    @property
    def labels(self) -> np.ndarray:
        """The text values the text fields' codes index (read only)."""
        return self._labels

    def codes(self, field: str) -> np.ndarray:
        """A text field's codes into :attr:`labels` (read only)."""
        if field not in self.strings:
            raise KeyError(f"{field!r} is not a text field of {type(self).__name__}")
        return self._cols[field]

    def column(self, field: str, rows: np.ndarray | slice | None = None) -> np.ndarray:
        """One field of every row, or of ``rows`` (indices or a slice): strings as an object
        array, numbers as their dtype (read only; None rows of an optional field hold 0,
        see :meth:`is_none`)."""
        col = self._cols[field] if rows is None else self._cols[field][rows]
        if field in self.strings:
            col = self._labels[col]
        col.flags.writeable = False
        return col

    def is_none(self, field: str) -> np.ndarray:
        """Which rows hold None in an optional field."""
        return self._none[field]

    def isin(self, field: str, values: Iterable[str]) -> np.ndarray:
        """Which rows' text field is one of ``values`` (one test per label, not per row)."""
        wanted = set(values)
        hit = np.fromiter((s in wanted for s in self._labels), dtype=bool, count=len(self._labels))
        return hit[self._cols[field]] if len(hit) else np.zeros(self._n, dtype=bool)

    def any_isin(self, fields: Iterable[str], values: Iterable[str]) -> np.ndarray:
        """Which rows have one of ``values`` in any of the text ``fields`` (e.g. the ties
        with a given person at either end)."""
        wanted = set(values)
        out = np.zeros(self._n, dtype=bool)
        for f in fields:
            out |= self.isin(f, wanted)
        return out

    def take(self, rows: np.ndarray | slice) -> list[M]:
        """Models of the selected rows (a boolean mask, indices or a slice), in order."""
        idx = np.flatnonzero(rows) if isinstance(rows, np.ndarray) and rows.dtype == bool else rows
        return self._models(idx)

    def records(self, rows: np.ndarray | slice) -> list[tuple[Any, ...]]:
        """The selected rows as named tuples of the model's fields (read like the models,
        by attribute, at a fraction of their cost; for renderers that only read)."""
        idx = np.flatnonzero(rows) if isinstance(rows, np.ndarray) and rows.dtype == bool else rows
        make = _record_type(self.model)._make
        return [make(r) for r in zip(*self._values(idx), strict=True)]

    # -- models ---------------------------------------------------------------------

    def dicts(self) -> list[dict[str, Any]]:
        """Every row as a dict of its fields (as ``model_dump()`` of each model would give)."""
        fields = tuple(self.model.model_fields)
        return [dict(zip(fields, row, strict=True))
                for row in zip(*self._values(slice(None)), strict=True)]

    def _values(self, idx: np.ndarray | slice) -> list[list[Any]]:
        """The selected rows' values, one list per field (Python values, None restored)."""
        values = []
        for f in self.model.model_fields:
            if f in self.strings:
                values.append(self._labels[self._cols[f][idx]].tolist())
                continue
            v = self._cols[f][idx].tolist()
            if f in self._none:
                mask = self._none[f][idx]
                for k in np.flatnonzero(mask).tolist():
                    v[k] = None
            values.append(v)
        return values

    def _models(self, idx: np.ndarray | slice) -> list[M]:
        fields = tuple(self.model.model_fields)
        values = self._values(idx)
        cls, new, put = self.model, object.__new__, object.__setattr__
        shared = set(fields)
        out = []
        for row in zip(*values, strict=True):
            m = new(cls)
            put(m, "__dict__", dict(zip(fields, row, strict=True)))
            put(m, "__pydantic_fields_set__", shared)
            put(m, "__pydantic_extra__", None)
            put(m, "__pydantic_private__", None)
            out.append(m)
        return out  # type: ignore[return-value]

    def __len__(self) -> int:
        return self._n

    @overload
    def __getitem__(self, i: int) -> M: ...
    @overload
    def __getitem__(self, i: slice) -> list[M]: ...
    def __getitem__(self, i: int | slice) -> M | list[M]:
        if isinstance(i, slice):
            return self._models(i)
        k = int(i) + self._n if int(i) < 0 else int(i)
        if not 0 <= k < self._n:
            raise IndexError(f"{type(self).__name__} index {i} out of range")
        return self._models(slice(k, k + 1))[0]

    def __iter__(self) -> Iterator[M]:
        for lo in range(0, self._n, _CHUNK):
            yield from self._models(slice(lo, lo + _CHUNK))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RowTable):
            if type(other) is not type(self) or len(other) != self._n:
                return False
            return all(np.array_equal(self.column(f), other.column(f),
                                      equal_nan=self.column(f).dtype.kind == "f")
                       for f in self.model.model_fields) and all(
                np.array_equal(m, other._none[f]) for f, m in self._none.items())
        if isinstance(other, list):
            return list(self) == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __add__(self, other: Iterable[M]) -> list[M]:
        """Rows of both, as a list (as ``list + list`` would give)."""
        return [*self, *other]

    def __radd__(self, other: Iterable[M]) -> list[M]:
        return [*other, *self]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._n} rows of {self.model.__name__})"

    # -- pydantic -------------------------------------------------------------------

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: cs.CoreSchema, handler: Any) -> Any:
        """An array of the model, in validation and serialisation mode alike."""
        rows = getattr(cls, "_rows_schema", None)
        return handler(rows if rows is not None else schema)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> cs.CoreSchema:
        rows = handler.generate_schema(list[cls.model])  # type: ignore[name-defined]
        cls._rows_schema = rows
        build = cs.no_info_after_validator_function(cls.from_rows, rows)
        # serialised from the columns as dicts (the same JSON as the models', none made);
        # with include / exclude / exclude_* options, as the models, which honour them
        return cs.json_or_python_schema(
            json_schema=build,
            python_schema=cs.union_schema([cs.is_instance_schema(cls), build]),
            serialization=cs.plain_serializer_function_ser_schema(
                _serialise, info_arg=True, return_schema=cs.any_schema()),
        )


_RECORDS: dict[type[BaseModel], Any] = {}


def _record_type(model: type[BaseModel]) -> Any:
    """One named tuple type per model (its fields, in order)."""
    if model not in _RECORDS:
        _RECORDS[model] = namedtuple(f"{model.__name__}Record", list(model.model_fields))  # type: ignore[misc]
    return _RECORDS[model]


def _serialise(table: Any, info: Any) -> list[Any]:
    """A table's rows for pydantic's serialiser: dicts straight from the columns, or, when
    the call filters (``include``, ``exclude``, ``exclude_none``...), the models' own dump
    with the filter applied (a plain serialiser's output is not filtered by pydantic)."""
    if not isinstance(table, RowTable):
        return list(table)
    if (info.include is None and info.exclude is None and not info.exclude_none
            and not info.exclude_unset and not info.exclude_defaults):
        return table.dicts()
    adapter = TypeAdapter(list[table.model])  # type: ignore[name-defined]
    return adapter.dump_python(  # type: ignore[no-any-return]
        list(table), mode=info.mode, include=info.include, exclude=info.exclude,
        by_alias=bool(info.by_alias), exclude_none=info.exclude_none,
        exclude_unset=info.exclude_unset, exclude_defaults=info.exclude_defaults,
        round_trip=info.round_trip)
