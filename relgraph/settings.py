"""Analysis settings: channel weights, recency half-life and window.

These are the defaults documented in the README; ``relgraph.toml`` (see
:mod:`relgraph.config`) can override them.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

DEFAULT_CHANNEL_WEIGHTS: dict[str, float] = {
    "meeting": 3.0,   # synchronous, usually planned, often several people
    "call": 2.0,
    "project": 2.0,   # joint project work
    "chat": 1.0,
    "email": 1.0,
    "other": 1.0,
    "ticket": 0.5,    # transactional: a ticket is a weak signal of a relationship
}


class AnalysisSettings(BaseModel):
    """How interactions become ties."""

    model_config = ConfigDict(extra="forbid")

    window_days: float = Field(90.0, gt=0, description="length of the analysis window")
    half_life_days: float = Field(
        30.0, gt=0, description="an interaction this many days before as-of counts half"
    )
    channel_weights: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_CHANNEL_WEIGHTS))
    seed: int = Field(42, description="seed for community detection and permutation tests")
