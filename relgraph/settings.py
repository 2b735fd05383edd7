"""Analysis settings: channel weights, recency half-life and window.

These are the defaults documented in the README; ``relgraph.toml`` (see
:mod:`relgraph.config`) can override them.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from relgraph.models import Channel, Level

DEFAULT_CHANNEL_WEIGHTS: dict[str, float] = {
    "meeting": 3.0,   # synchronous, usually planned, often several people
    "call": 2.0,
    "project": 2.0,   # joint project work
    "chat": 1.0,
    "email": 1.0,
    "other": 1.0,
    "ticket": 0.5,    # transactional: a ticket is a weak signal of a relationship
}


MAX_WINDOW_DAYS = 36_525.0
"""Windows and half-lives: at most 100 years (timestamps span 1900-2199)."""
MIN_HALF_LIFE_DAYS = 0.01
"""Half-lives: at least about a quarter of an hour."""
MAX_CHANNEL_WEIGHT = 1_000.0


class AnalysisSettings(BaseModel):
    """How interactions become ties.

    Every number is finite and bounded (``inf``, ``nan``, ``1e308`` and ``1e-300``
    are configuration errors), so that no setting can overflow a computation.
    """

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    window_days: float = Field(90.0, gt=0, le=MAX_WINDOW_DAYS,
                               description="length of the analysis window (at most 36525)")
    half_life_days: float = Field(
        30.0, ge=MIN_HALF_LIFE_DAYS, le=MAX_WINDOW_DAYS,
        description="an interaction this many days before as-of counts half (0.01 to 36525)"
    )
    channel_weights: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_CHANNEL_WEIGHTS))
    seed: int = Field(42, ge=0, le=2**32 - 1,
                      description="seed for community detection and permutation tests")
    # --- centrality, weak ties (issue 3, part 1) ---
    strong_tie_quantile: float = Field(
        0.75, ge=0, le=1,
        description="a tie is strong when its strength is at or above this quantile of the "
        "window's tie strengths",
    )
    bridging_overlap: float = Field(
        0.05, ge=0, le=1,
        description="a tie is bridging (not embedded) when its neighbourhood overlap is at or "
        "below this",
    )
    approximate: bool | None = Field(
        None,
        description="betweenness and closeness: force (true) or forbid (false) sampling of "
        "sources; default: exact while a pass fits its budget, else a sample stratified by "
        "unit, doubled until its halves agree on the ranking or the budget is spent",
    )
    hop_pass_budget: float = Field(
        2.5e10, gt=0,
        description="work (sources x tie ends) of the exact breadth-first pass (unweighted "
        "betweenness, harmonic closeness); above it sources are sampled (unless a sample "
        "would use 3/4 of the exact work, which then runs exactly, up to about 1.21x this)",
    )
    hop_sample_budget: float = Field(
        6e9, gt=0,
        description="least work of the breadth-first pass when it is sampled (above "
        "hop_pass_budget): the sample's budget starts at hop_pass_budget and tapers as "
        "hop_pass_budget * sqrt(hop_pass_budget / work), down to this; no affordable sample "
        "ranks unweighted betweenness reliably, so relgraph spends what its time allows and "
        "reports the split-half check; also the budget of a forced sample (approximate = true)",
    )
    weighted_pass_budget: float = Field(
        1e9, gt=0,
        description="work (sources x tie ends) of the exact Dijkstra pass (weighted "
        "betweenness); above it sources are sampled within it",
    )
    # --- silos, executives, changes (issue 3, part 2) ---
    ei_permutations: int = Field(
        1000, ge=0, le=1_000_000,
        description="permutations of the E-I significance test (0: skip; reduced above "
        "200 million tie x permutation steps)",
    )
    csuite_levels: list[str] = Field(
        default_factory=lambda: ["executive"],
        description="levels that make a person (outside vendors) part of the C-suite",
    )
    it_leader_levels: list[str] = Field(
        default_factory=lambda: ["executive", "director"],
        description="levels that make a person in an IT unit an IT leader",
    )
    executive_min_ties: int = Field(
        3, ge=1,
        description="an executive with fewer ties to IT (business executives) or to the C-suite "
        "(CIO and IT leaders) than this is under-connected",
    )
    executive_min_units: int = Field(
        3, ge=1, description="an executive reaching fewer other units than this is narrow"
    )
    executive_drop: float = Field(
        0.5, gt=0, le=1,
        description="an executive's strength falling by this share vs the previous window "
        "counts fully in the score",
    )
    tie_change_threshold: float = Field(
        0.5, gt=0, description="a tie strengthened/weakened: relative strength change above this"
    )
    broker_top_share: float = Field(
        0.05, gt=0, le=1,
        description="brokers (for appeared/disappeared): this top share of people with "
        "cross-unit brokerage, ranked by it (everyone tied with the last included)",
    )

    @field_validator("channel_weights")
    @classmethod
    def _known_channels(cls, v: dict[str, float]) -> dict[str, float]:
        known = [c.value for c in Channel]
        for k, w in v.items():
            if k not in known:
                raise ValueError(f"unknown channel {k!r} (channels: {', '.join(known)})")
            if not 0 <= w <= MAX_CHANNEL_WEIGHT:
                raise ValueError(f"channel weight for {k!r} must be from 0 to "
                                 f"{MAX_CHANNEL_WEIGHT:g}, not {w}")
        return v

    @field_validator("csuite_levels", "it_leader_levels")
    @classmethod
    def _known_levels(cls, v: list[str]) -> list[str]:
        return check_levels(v)


def check_levels(v: list[str]) -> list[str]:
    """Reject level names that are not :class:`relgraph.models.Level` values."""
    known = [lv.value for lv in Level]
    for x in v:
        if x not in known:
            raise ValueError(f"unknown level {x!r} (levels: {', '.join(known)})")
    return v
