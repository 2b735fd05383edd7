"""``relgraph.toml``: analysis settings, audit thresholds and who counts as leadership.

A configuration file has three tables, each optional (every key has a default
that works on the sample organisation; ``relgraph config show`` prints them all)::

    [analysis]                 # relgraph.settings.AnalysisSettings
    window_days = 90.0
    csuite_levels = ["executive"]
    half_life_days = 30.0
    [analysis.channel_weights]
    meeting = 3.0

    [audit]                    # AuditThresholds: when a figure becomes a finding
    fail_on = "high"
    silo_ei = -0.6

    [leadership]               # Leadership: extra C-suite / IT leaders by id, exclusions
    csuite_people = ["vp-strategy"]

The file is looked up at ``--config PATH``, else ``$RELGRAPH_CONFIG``, else
``./relgraph.toml``; without one the defaults apply. Unknown keys are errors
(:class:`relgraph.errors.ConfigError`) so that a typo never silently falls back
to a default.
"""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from relgraph.analysis.dataquality import DataSettings
from relgraph.analysis.result import UnitMetrics
from relgraph.errors import ConfigError
from relgraph.importers.settings import ImportSettings
from relgraph.plan.settings import PlanThresholds
from relgraph.settings import DEFAULT_CHANNEL_WEIGHTS, AnalysisSettings, check_levels
from relgraph.unitkinds import UnitKinds

CONFIG_FILE = "relgraph.toml"
CONFIG_ENV = "RELGRAPH_CONFIG"
SEVERITIES = ("info", "low", "medium", "high")
FailOn = Literal["info", "low", "medium", "high", "never"]


class AuditThresholds(BaseModel):
    """When an analysis figure becomes an audit finding, and how severe it is."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    fail_on: FailOn = Field(
        "high", description="exit code 1 when a finding reaches this severity ('never': always 0)"
    )
    min_group_size: int = Field(
        5, ge=0, description="unit-level figures of units with fewer people are suppressed (0: off)"
    )
    pseudonym_salt: str = Field(
        "", description="secret mixed into pseudonyms (--pseudonymize); set one to stop guessing"
    )
    executive_score: float = Field(
        0.5, ge=0, le=1, description="disconnected executive: analysis score at or above this"
    )
    executive_score_high: float = Field(
        0.75, ge=0, le=1, description="... severity high at or above this score (or no ties at all)"
    )
    isolated_levels: list[str] = Field(
        default_factory=lambda: ["director", "manager"],
        description="levels for which a person with no tie in the window is a finding",
    )

    @field_validator("isolated_levels")
    @classmethod
    def _known_levels(cls, v: list[str]) -> list[str]:
        return check_levels(v)
    silo_ei: float = Field(
        -0.6, ge=-1, le=1, description="siloed unit: E-I index at or below this"
    )
    silo_ei_high: float = Field(
        -0.9, ge=-1, le=1, description="... severity high at or below this E-I"
    )
    silo_max_p_value: float = Field(
        0.05, gt=0, le=1,
        description="when the analysis ran a permutation test, the low E-I must be this unlikely",
    )
    silo_min_active: int = Field(
        3, ge=1, description="units with fewer active people are not judged for silos"
    )
    silo_min_gap: float = Field(
        0.5, ge=0, le=2,
        description="relative silo: E-I at least this far below its expected value under "
        "random mixing (permutation test, p <= silo_max_p_value)",
    )
    silo_relative_max_ei: float = Field(
        -0.15, ge=-1, le=1,
        description="... and at or below this E-I (most ties inside the unit); 1: off",
    )
    silo_opened_delta: float = Field(
        0.15, gt=0, description="positive finding: a siloed unit's E-I rose by at least this"
    )
    vendor_min_contacts: int = Field(
        2, ge=0,
        description="fragile bridge: a vendor with fewer organisation contacts than this (0: off)",
    )
    fragile_share: float = Field(
        0.8, gt=0, le=1,
        description="fragile bridge: one person carries at least this share of a pair's strength",
    )
    fragile_min_strength: float = Field(
        5.0, ge=0, description="... only for unit pairs at least this strong (single points always count for vendors)"
    )
    broker_ratio: float = Field(
        5.0, gt=1,
        description="overloaded broker: Gould-Fernandez brokerage at least this many times the "
        "median of the people with any brokerage",
    )
    broker_max: int = Field(5, ge=0, description="report at most this many brokers")
    decay_drop: float = Field(
        0.5, gt=0, le=1, description="decaying key relationship: strength fell by at least this share"
    )
    decay_drop_high: float = Field(0.75, gt=0, le=1, description="... severity high from this drop")
    decay_min_before: float = Field(
        5.0, ge=0, description="... only ties at least this strong in the previous window"
    )
    decay_scope: Literal["leaders", "any-leader"] = Field(
        "leaders",
        description="key relationship: 'leaders' = between an IT leader and a leader outside "
        "IT; 'any-leader' = any tie of a leader",
    )
    one_sided_share: float = Field(
        0.85, gt=0.5, le=1,
        description="one-sided relationship: one side initiates at least this share of the strength",
    )
    one_sided_min_count: int = Field(
        10, ge=1, description="... only ties with at least this many interactions (edges)"
    )
    new_bridge_min_ties: int = Field(
        2, ge=1, description="positive finding: a newly connected unit pair has at least this many ties"
    )

    def silo_reasons(
        self, u: UnitMetrics, kinds_present: Iterable[str] | None = None
    ) -> tuple[list[str], bool]:
        """Why a unit counts as a silo (empty: it does not), and whether that is severe.

        A non-vendor unit with at least ``silo_min_active`` active people is a silo when
        its E-I index (Krackhardt & Stern 1988) is at or below ``silo_ei`` (and, when the
        permutation test ran, ``ei_p_value`` is at or below ``silo_max_p_value``); or when
        it is significantly more inward than chance (:meth:`relative_silo`); or when it
        is an IT unit with no business tie or a business unit with no IT tie. The
        IT/business reasons need units of both kinds in the data (``kinds_present``;
        None: assume both exist). The audit's siloed-unit finding and the maps'
        highlight both use this rule.
        """
        reasons: list[str] = []
        severe = False
        if u.kind == "vendor" or u.active < self.silo_min_active:
            return reasons, severe
        absolute = u.ei_index is not None and u.ei_index <= self.silo_ei and (
            u.ei_p_value is None or u.ei_p_value <= self.silo_max_p_value
        )
        if absolute:
            reasons.append(f"E-I index {u.ei_index:.2f} (threshold {self.silo_ei:.2f})")
            severe = u.ei_index <= self.silo_ei_high  # type: ignore[operator]
        elif self.relative_silo(u):
            reasons.append(
                f"E-I index {u.ei_index:.2f}, expected {u.ei_expected:+.2f} under random "
                f"mixing, p = {u.ei_p_value:.3f}"
            )
        kinds = {"it", "business"} if kinds_present is None else set(kinds_present)
        if u.kind == "it" and u.ties_to_business == 0 and "business" in kinds:
            reasons.append("no tie to any business unit")
            severe = True
        if u.kind == "business" and u.ties_to_it == 0 and "it" in kinds:
            reasons.append("no tie to IT")
            severe = True
        return reasons, severe

    def relative_silo(self, u: UnitMetrics) -> bool:
        """Significantly more inward than random mixing predicts.

        The unit's E-I is at least ``silo_min_gap`` below its expected E-I when group
        labels are shuffled over the active people (the permutation test of
        Krackhardt & Stern 1988, ``ei_expected``), with ``ei_p_value`` at or below
        ``silo_max_p_value``, and at or below ``silo_relative_max_ei`` (most of the
        unit's ties stay inside it). Needs the permutation test
        (``[analysis] ei_permutations`` > 0).

        References
        ----------
        Krackhardt D., Stern R.N. (1988). Informal networks and organizational crises:
        an experimental simulation. Social Psychology Quarterly 51(2): 123-140.
        """
        if u.ei_index is None or u.ei_expected is None or u.ei_p_value is None:
            return False
        return (u.ei_p_value <= self.silo_max_p_value
                and u.ei_expected - u.ei_index >= self.silo_min_gap
                and u.ei_index <= self.silo_relative_max_ei)


class Leadership(BaseModel):
    """Who else counts as C-suite / IT leadership, beyond the levels.

    The levels live in ``[analysis]`` (``csuite_levels``, ``it_leader_levels``)
    because the analysis scores executives with them; this table adds people by
    id (for key-relationship findings) and excludes people from every leadership
    finding.
    """

    model_config = ConfigDict(extra="forbid")

    csuite_people: list[str] = Field(default_factory=list, description="extra C-suite person ids")
    it_leadership_people: list[str] = Field(
        default_factory=list, description="extra IT leadership person ids"
    )
    exclude: list[str] = Field(
        default_factory=list, description="person ids never treated as leadership"
    )


class ReportSettings(BaseModel):
    """How the audit report presents itself (not part of the audit id: no finding depends on it)."""

    model_config = ConfigDict(extra="forbid")

    organisation: str = Field(
        "", max_length=200, description="organisation name in the report title (empty: none)"
    )


class RelgraphConfig(BaseModel):
    """The whole configuration: ``[analysis]``, ``[audit]``, ``[leadership]``, ``[report]``,
    ``[data]`` (data checks, :class:`~relgraph.analysis.dataquality.DataSettings`) and
    ``[units]`` (unit kinds by id or name pattern, :class:`~relgraph.unitkinds.UnitKinds`)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    analysis: AnalysisSettings = Field(default_factory=AnalysisSettings)
    audit: AuditThresholds = Field(default_factory=AuditThresholds)
    leadership: Leadership = Field(default_factory=Leadership)
    report: ReportSettings = Field(default_factory=ReportSettings)
    import_: ImportSettings = Field(default_factory=ImportSettings, alias="import")
    data: DataSettings = Field(default_factory=DataSettings)
    units: UnitKinds = Field(default_factory=UnitKinds)
    plan: PlanThresholds = Field(default_factory=PlanThresholds)
    notices: list[str] = Field(default_factory=list, exclude=True,
                               description="retired keys that were ignored (not a setting)")

    def is_csuite(self, pid: str, level: str, unit_kind: str) -> bool:
        """C-suite: level in ``[analysis] csuite_levels`` outside vendors, or listed by id."""
        lead = self.leadership
        if pid in lead.exclude:
            return False
        levels = getattr(self.analysis, "csuite_levels", ["executive"])
        return pid in lead.csuite_people or (level in levels and unit_kind != "vendor")

    def is_it_leader(self, pid: str, level: str, unit_kind: str) -> bool:
        """IT leadership: level in ``[analysis] it_leader_levels`` in an IT unit, or listed."""
        lead = self.leadership
        if pid in lead.exclude:
            return False
        levels = getattr(self.analysis, "it_leader_levels", ["executive", "director"])
        return pid in lead.it_leadership_people or (unit_kind == "it" and level in levels)

    def is_key(self, pid: str, level: str, unit_kind: str) -> bool:
        """C-suite or IT leadership."""
        return self.is_csuite(pid, level, unit_kind) or self.is_it_leader(pid, level, unit_kind)

    def public_dump(self) -> dict[str, Any]:
        """The configuration as JSON data without the secret ``pseudonym_salt``
        (saved with audits, hashed into audit ids, printed by ``config show``)."""
        data = self.model_dump(mode="json", exclude={"import_"})  # importers only
        if data.get("audit", {}).get("pseudonym_salt"):
            data["audit"]["pseudonym_salt"] = REDACTED
        return data

    def digest(self) -> str:
        """Stable hash of the configuration (part of the audit id; ``[report]`` is left out:
        presentation changes no finding)."""
        data = self.public_dump()
        data.pop("report", None)
        text = json.dumps(data, sort_keys=True, separators=(",", ":"))
        return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def find_config(path: str | os.PathLike[str] | None = None) -> Path | None:
    """The configuration file to use: ``path``, ``$RELGRAPH_CONFIG`` or ``./relgraph.toml``.

    Raises
    ------
    ConfigError
        When an explicitly named file (argument or environment) does not exist.
    """
    explicit = path if path is not None else os.environ.get(CONFIG_ENV) or None
    if explicit is not None:
        p = Path(explicit)
        if not p.is_file():
            raise ConfigError(f"configuration file not found: {p}")
        return p
    p = Path(CONFIG_FILE)
    return p if p.is_file() else None


RETIRED_ANALYSIS_KEYS = {
    "approx_above_nodes": "hop_pass_budget and weighted_pass_budget",
    "betweenness_epsilon": "hop_pass_budget",
    "weighted_betweenness_epsilon": "weighted_pass_budget",
    "closeness_epsilon": "hop_pass_budget",
    "approx_delta": "the split-half check of the sample",
}
"""``[analysis]`` keys of relgraph 0.1 that sampling no longer uses, and what replaced them:
ignored with a notice (not rejected), so an old relgraph.toml keeps working."""


def _retire(data: dict[str, Any], source: str) -> list[str]:
    analysis = data.get("analysis")
    if not isinstance(analysis, dict):
        return []
    notices = []
    for key, instead in RETIRED_ANALYSIS_KEYS.items():
        if key in analysis:
            del analysis[key]
            notices.append(f"{source}: [analysis] {key} is retired and ignored; relgraph now "
                           f"computes exactly within a work budget and samples above it "
                           f"(see {instead}; docs/analysis.md)")
    return notices


def parse_config(text: str, source: str = CONFIG_FILE) -> RelgraphConfig:
    """Parse TOML text into a :class:`RelgraphConfig`.

    Keys of :data:`RETIRED_ANALYSIS_KEYS` are dropped and listed in ``notices``.

    Raises
    ------
    ConfigError
        Invalid TOML, unknown keys or values out of range (every problem is listed).
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{source}: invalid TOML: {e}") from None
    weights = data.get("analysis", {}).get("channel_weights") if isinstance(
        data.get("analysis"), dict) else None
    if isinstance(weights, dict):  # a partial table adjusts the defaults, it does not replace them
        data["analysis"]["channel_weights"] = {**DEFAULT_CHANNEL_WEIGHTS, **weights}
    if "notices" in data:  # a field of the result, not a key a file can set
        raise ConfigError(f"{source}: notices: unknown key")
    notices = _retire(data, source)
    try:
        cfg = RelgraphConfig.model_validate(data)
        cfg.notices = notices
        return cfg
    except ValidationError as e:
        problems = []
        for err in e.errors():
            where = ".".join(str(x) for x in err["loc"])
            msg = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
            problems.append(f"{where}: {msg}")
        raise ConfigError(f"{source}: " + "; ".join(problems)) from None


def load_config(path: str | os.PathLike[str] | None = None) -> tuple[RelgraphConfig, Path | None]:
    """Load the configuration (see :func:`find_config`); defaults when there is no file.

    Returns
    -------
    (RelgraphConfig, Path or None)
        The configuration and the file it came from (None: built-in defaults).
    """
    p = find_config(path)
    if p is None:
        return RelgraphConfig(), None
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as e:
        raise ConfigError(f"cannot read {p}: {e}") from None
    return parse_config(text, str(p)), p


# --- rendering as TOML (``relgraph config show``) ----------------------------------------------
def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, list | tuple):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    raise TypeError(f"cannot write {type(v).__name__} as TOML")


REDACTED = "(set, hidden)"


def _table(name: str, model: BaseModel, comments: bool) -> Iterable[str]:
    yield f"[{name}]"
    sub: list[tuple[str, dict[str, Any]]] = []
    fields = type(model).model_fields
    for key, value in model.model_dump(mode="json").items():
        if key == "pseudonym_salt" and value:
            yield f"# {key} = {REDACTED}" + ("  # secret: never printed" if comments else "")
            continue
        if isinstance(value, dict):
            sub.append((key, value))
            continue
        desc = fields[key].description if key in fields else None
        if value is None:
            yield f"# {key} = (not set)" + (f"  # {desc}" if comments and desc else "")
            continue
        line = f"{key} = {_toml_value(value)}"
        if comments and desc:
            line += f"  # {desc}"
        yield line
    for key, value in sub:
        yield ""
        yield f"[{name}.{key}]"
        for k, v in value.items():
            yield f"# {k} = (not set)" if v is None else f"{k} = {_toml_value(v)}"


def to_toml(config: RelgraphConfig, *, comments: bool = True) -> str:
    """The configuration as TOML, every key included (``parse_config`` reads it back)."""
    parts: list[str] = []
    for name in ("analysis", "audit", "leadership", "report", "data", "units", "plan"):
        parts.extend(_table(name, getattr(config, name), comments))
        parts.append("")
    parts.extend(_table("import", config.import_, comments))
    parts.append("")
    return "\n".join(parts)


def show_config(path: str | os.PathLike[str] | None = None) -> str:
    """The effective configuration as commented TOML, headed by where it came from."""
    config, source = load_config(path)
    origin = f"from {source}" if source else "built-in defaults (no relgraph.toml found)"
    notes = "".join(f"# note: {n}\n" for n in config.notices)
    return f"# relgraph configuration: {origin}\n{notes}\n" + to_toml(config)
