"""The pydantic models and the batch ("wire") schema accept and reject the same records."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from relgraph.models import (
    INTERACTION_ADAPTER,
    INTERACTION_FIELDS,
    INTERACTIONS_WIRE,
    Interaction,
    Person,
    Unit,
    content_id,
)
from relgraph.store.base import expand

BASE = {"id": "i1", "source": "a", "targets": "b", "timestamp": "2026-05-04T09:30:00+00:00",
        "channel": "email", "weight": None, "duration_minutes": None}

CASES = [
    ({}, True),
    ({"timestamp": "2026-05-04T09:30:00"}, True),           # naive: default zone
    ({"timestamp": "2026-05-04"}, True),                    # date only
    ({"timestamp": "2026-02-30T00:00:00Z"}, False),         # no such day
    ({"timestamp": "yesterday"}, False),
    ({"channel": "fax"}, False),
    ({"channel": "Email"}, False),                          # channels are lower case
    ({"weight": "2.5"}, True),
    ({"weight": "0"}, False),
    ({"weight": "heavy"}, False),
    ({"duration_minutes": "-5"}, False),
    ({"duration_minutes": "0"}, True),
    ({"source": "has space"}, False),
    ({"source": ""}, False),
    ({"id": "x" * 201}, False),
    ({"targets": ""}, False),
]


@pytest.mark.parametrize(("change", "valid"), CASES)
def test_wire_schema_agrees_with_model(change: dict[str, object], valid: bool) -> None:
    rec = {**BASE, **change}
    wire_ok = model_ok = True
    try:
        INTERACTIONS_WIRE.validate_python([tuple(rec[k] for k in INTERACTION_FIELDS)])
    except ValidationError:
        wire_ok = False
    try:
        INTERACTION_ADAPTER.validate_python({k: v for k, v in rec.items() if v is not None})
    except ValidationError:
        model_ok = False
    assert (wire_ok, model_ok) == (valid, valid)


def test_multi_recipient_record_expands_to_one_edge_per_target() -> None:
    i = Interaction(source="a", targets="b;c;b", timestamp=datetime(2026, 5, 4, tzinfo=UTC),
                    channel="meeting", duration_minutes=30)
    assert i.targets == ["b", "c"]
    edges = list(expand(i))
    assert [(e.source, e.target) for e in edges] == [("a", "b"), ("a", "c")]
    assert len({e.interaction_id for e in edges}) == 1
    assert edges[0].interaction_id == content_id("a", ["b", "c"], 1777852800, "meeting", None, 30)


def test_units_and_people_enums() -> None:
    assert Unit(id="v", name="V", kind="vendor").parent is None
    assert Unit(id="v", name="V", kind="vendor", parent="").parent is None
    with pytest.raises(ValidationError):
        Unit(id="v", name="V", kind="supplier")
    p = Person(id="p", name="P", unit="v", level="vendor_contact", email="")
    assert p.email is None and p.title == ""
    with pytest.raises(ValidationError):
        Person(id="p", name="P", unit="v", level="intern")
