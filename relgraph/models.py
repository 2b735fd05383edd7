"""Input data model: units, people (stakeholders) and interactions.

These pydantic v2 models are the contract for every input record. The fast
ingest path (:mod:`relgraph.ingest`) validates whole batches with the
``*_WIRE`` type adapters below, which apply the same rules inside
pydantic-core; ``tests/test_models.py`` checks that both paths accept and
reject the same records.

Naive timestamps (no UTC offset) are interpreted in :data:`DEFAULT_TZ`, which
is UTC unless the caller passes another zone (``relgraph ingest --default-tz``).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, tzinfo
from enum import StrEnum
from typing import Annotated, Literal, NamedTuple

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter, field_validator

DEFAULT_TZ: tzinfo = UTC
"""Zone given to timestamps that carry no offset."""

ID_PATTERN = r"^[^\s;]{1,200}$"
"""Ids: 1-200 characters, no whitespace and no ';' (the target separator)."""

# --- bounds: every value accepted here can be stored, analysed, rendered and serialised ---
MIN_TIME = datetime(1900, 1, 1, tzinfo=UTC)
MAX_TIME = datetime(2200, 1, 1, tzinfo=UTC)
"""Timestamps are accepted from 1900-01-01 (inclusive) to 2200-01-01 (exclusive), UTC: far
enough from the limits of ``datetime`` (years 1-9999) that any UTC offset or window
arithmetic stays representable."""
MAX_WEIGHT = 1_000_000.0
"""Record weights are finite, above 0 and at most this: sums over millions of edges
(times channel weights of at most 1,000) stay far from float overflow."""
MAX_DURATION_MINUTES = 525_600.0
"""Durations are finite, 0 to one year in minutes."""
MAX_TARGETS = 10_000
"""Targets of one record (a larger list is a broadcast, not a relationship)."""
MAX_TEXT = 500
"""Names and titles: at most this many characters."""
MAX_EMAIL = 320
"""E-mail addresses: at most this many characters (RFC 3696 errata)."""


class UnitKind(StrEnum):
    IT = "it"
    BUSINESS = "business"
    VENDOR = "vendor"


class Level(StrEnum):
    EXECUTIVE = "executive"
    DIRECTOR = "director"
    MANAGER = "manager"
    STAFF = "staff"
    CONTRACTOR = "contractor"
    VENDOR_CONTACT = "vendor_contact"


class Channel(StrEnum):
    MEETING = "meeting"
    EMAIL = "email"
    CHAT = "chat"
    CALL = "call"
    TICKET = "ticket"
    PROJECT = "project"
    OTHER = "other"


def _blank_to_none(v: object) -> object:
    if isinstance(v, str) and v.strip() == "":
        return None
    return v


def _split_aliases(v: object) -> object:
    """Aliases from a ';'-separated cell, a list, or nothing (None)."""
    if v is None:
        return ()
    if isinstance(v, str):
        return tuple(a.strip() for a in v.split(";") if a.strip())
    return v


def _split_targets(v: object) -> object:
    if isinstance(v, str):
        return [t.strip() for t in v.split(";") if t.strip()]
    return v


Id = Annotated[str, Field(pattern=ID_PATTERN)]
OptStr = Annotated[Annotated[str, Field(max_length=MAX_EMAIL)] | None,
                   BeforeValidator(_blank_to_none)]
Timestamp = Annotated[datetime, Field(ge=MIN_TIME, lt=MAX_TIME)]
Weight = Annotated[float, Field(gt=0, le=MAX_WEIGHT, allow_inf_nan=False)]
Duration = Annotated[float, Field(ge=0, le=MAX_DURATION_MINUTES, allow_inf_nan=False)]


class Unit(BaseModel):
    """An organisational unit: an IT group, a business unit or a vendor."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Id
    name: Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
    kind: UnitKind
    parent: Annotated[Id | None, BeforeValidator(_blank_to_none)] = None


class Person(BaseModel):
    """A stakeholder: someone in IT, in the business, or at a vendor."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Id
    name: Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
    title: Annotated[str, Field(max_length=MAX_TEXT)] = ""
    unit: Id
    level: Level
    email: OptStr = None
    aliases: Annotated[
        tuple[Annotated[str, Field(min_length=1, max_length=320, pattern=r"^[^;]+$")], ...],
        BeforeValidator(_split_aliases), Field(max_length=50),
    ] = ()
    """Other addresses or handles of the person (importers match them case-insensitively);
    ';'-separated in a CSV cell. Optional: files and stores without it stay valid."""


class Interaction(BaseModel):
    """One interaction record: a source person and one or more targets.

    A meeting or an email with several recipients is one record; it expands to
    one edge per target (:meth:`edges`).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Annotated[Id | None, BeforeValidator(_blank_to_none)] = None
    source: Id
    targets: Annotated[list[Id], BeforeValidator(_split_targets),
                       Field(min_length=1, max_length=MAX_TARGETS)]
    timestamp: Timestamp
    channel: Channel
    weight: Annotated[Weight | None, BeforeValidator(_blank_to_none)] = None
    duration_minutes: Annotated[Duration | None, BeforeValidator(_blank_to_none)] = None

    @field_validator("timestamp")
    @classmethod
    def _aware(cls, v: datetime) -> datetime:
        return v if v.tzinfo is not None else v.replace(tzinfo=DEFAULT_TZ)

    @field_validator("targets")
    @classmethod
    def _dedupe(cls, v: list[str]) -> list[str]:
        return list(dict.fromkeys(v))

    def key(self) -> str:
        """The record's id, or a content hash when it has none (see :func:`content_id`)."""
        if self.id:
            return self.id
        return content_id(
            self.source, self.targets, int(self.timestamp.timestamp()), self.channel.value,
            self.weight, self.duration_minutes,
        )


def content_id(
    source: str, targets: list[str], at: int, channel: str,
    weight: float | None, duration: float | None,
) -> str:
    """Stable id of an interaction without one: a hash of its content.

    Re-ingesting the same record therefore adds nothing.
    """
    text = "\x1f".join(
        (source, ";".join(sorted(targets)), str(at), channel,
         "-" if weight is None else repr(float(weight)),
         "-" if duration is None else repr(float(duration)))
    )
    return "h:" + hashlib.blake2b(text.encode(), digest_size=10).hexdigest()


# --- batch ("wire") schemas used by the streaming ingest ------------------------------------
# Same rules as the models above, written so that pydantic-core validates them without calling
# back into Python (about 5x faster per record). Blank optional cells are turned into None and
# targets are split by the reader before validation.

ChannelLit = Literal["meeting", "email", "chat", "call", "ticket", "project", "other"]


InteractionWire = tuple[
    Annotated[str, Field(pattern=ID_PATTERN)] | None,   # id
    Annotated[str, Field(pattern=ID_PATTERN)],          # source
    Annotated[str, Field(min_length=1, max_length=MAX_TARGETS * 201)],  # targets, ';'-separated
    Timestamp,                                          # timestamp
    ChannelLit,                                         # channel
    Weight | None,                                      # weight
    Duration | None,                                    # duration_minutes
]
"""One interaction as a positional tuple in :data:`INTERACTION_FIELDS` order."""

INTERACTIONS_WIRE = TypeAdapter(list[InteractionWire])
UNIT_ADAPTER = TypeAdapter(Unit)
PERSON_ADAPTER = TypeAdapter(Person)
INTERACTION_ADAPTER = TypeAdapter(Interaction)

INTERACTION_FIELDS = ("id", "source", "targets", "timestamp", "channel", "weight", "duration_minutes")
UNIT_FIELDS = ("id", "name", "kind", "parent")
PERSON_FIELDS = ("id", "name", "title", "unit", "level", "email", "aliases")
REQUIRED_FIELDS = {
    "units": ("id", "name", "kind"),
    "people": ("id", "name", "unit", "level"),
    "interactions": ("source", "targets", "timestamp", "channel"),
}
ALL_FIELDS = {"units": UNIT_FIELDS, "people": PERSON_FIELDS, "interactions": INTERACTION_FIELDS}


def to_epoch(ts: datetime, default_tz: tzinfo = DEFAULT_TZ) -> int:
    """Seconds since the epoch, giving naive timestamps ``default_tz``."""
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=default_tz)
    return int(ts.timestamp())


def from_epoch(at: int | float) -> datetime:
    return datetime.fromtimestamp(at, tz=UTC)


class DirectedTie(NamedTuple):
    """Aggregated interactions from ``source`` to ``target`` within a window.

    ``strength`` is the sum over edges of channel weight x record weight x
    ``0.5 ** ((as_of - at) / half_life)`` (see :func:`decay_factor`).
    """

    source: str
    target: str
    count: int
    strength: float
    first_at: int
    last_at: int
