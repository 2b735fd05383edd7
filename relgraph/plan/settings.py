"""``[plan]`` table of relgraph.toml: when the relationship plan's figures become findings."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from relgraph.settings import check_levels


class PlanThresholds(BaseModel):
    """Coverage, introduction paths, the stakeholder grid and the plan findings."""

    model_config = ConfigDict(extra="forbid")

    leader_levels: list[str] = Field(
        default_factory=lambda: ["director"],
        description="business people at these levels (besides the C-suite) are business-unit "
        "leaders: each should have a planned owner",
    )
    owner_weak_share: float = Field(
        0.25, ge=0, le=1,
        description="owner-not-holding: the owner's strength is below this share of the actual "
        "holder's",
    )
    holder_min_strength: float = Field(
        5.0, ge=0, description="... and the actual holder's strength is at least this"
    )
    owner_max: int = Field(
        12, ge=1, description="overloaded owner: more planned relationships than this"
    )
    owner_missed_share: float = Field(
        0.5, gt=0, le=1,
        description="overloaded owner: ... or this share (or more) of them missed their cadence",
    )
    owner_missed_min: int = Field(
        3, ge=1, description="... counted only for owners with at least this many relationships"
    )
    introducer_titles: list[str] = Field(
        default_factory=lambda: ["relationship manager"],
        description="IT people whose title contains one of these (case-insensitive) may make "
        "introductions, besides IT leaders and planned owners",
    )
    max_intermediaries: int = Field(
        2, ge=0, le=2, description="introduction paths: at most this many people in between"
    )
    paths_shown: int = Field(3, ge=1, le=10, description="introduction paths per stakeholder")
    grid_high: float = Field(
        3.0, ge=1, le=5, description="stakeholder grid: power or interest at or above this is high"
    )
    assumed_interest: float = Field(
        2.5, ge=1, le=5,
        description="... interest of a stakeholder whose plan row declares none (2.5: low; relgraph "
        "does not guess interest)",
    )
    grid_weak_share: float = Field(
        0.5, ge=0, le=1,
        description="... IT engagement below this share of the median is weak",
    )
    propose_cadence_csuite: str = Field("2w", description="plan proposal: cadence for the C-suite")
    propose_cadence: str = Field(
        "1m", description="plan proposal: cadence for business-unit leaders and vendors"
    )

    @field_validator("leader_levels")
    @classmethod
    def _levels(cls, v: list[str]) -> list[str]:
        return check_levels(v)

    @field_validator("propose_cadence_csuite", "propose_cadence")
    @classmethod
    def _cadence(cls, v: str) -> str:
        from relgraph.plan.model import parse_cadence

        parse_cadence(v)
        return v
