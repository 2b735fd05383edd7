"""``[import]`` settings of ``relgraph.toml``: domains, roster columns and rules.

::

    [import]
    internal_domains = ["acme.example"]        # default: the domains of known people
    vendor_domains = { "cloudco.example" = "v-cloudco" }
    max_attendees = 25                         # calendar: larger events are skipped

    [import.roster]
    id_column = "Employee ID"                  # default: common spellings are recognised
    unit_depth = 1
    it_patterns = ['\\bIT\\b', 'technolog']

Every key is optional; ``relgraph config show`` prints the defaults.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

from relgraph.models import ID_PATTERN

DEFAULT_IT_PATTERNS = [
    r"\bIT\b", r"technolog", r"\binformation\b", r"infrastructure", r"security",
    r"\bdata\b", r"digital", r"\bcio\b", r"\bcto\b", r"\bciso\b",
]
DEFAULT_EXECUTIVE_TITLES = [
    r"\b(ceo|cio|cfo|coo|cto|cmo|chro|ciso|cdo)\b", r"\bchief\b.*\bofficer\b",
    r"(?<!vice )(?<!vice-)\bpresident\b", r"\bmanaging director\b", r"\bchair(man|woman|person)?\b",
]
DEFAULT_DIRECTOR_TITLES = [
    r"\b(s|e)?vp\b", r"\bvice[ -]president\b", r"\bdirector\b", r"\bhead of\b",
]
DEFAULT_MANAGER_TITLES = [r"\bmanager\b", r"\blead\b", r"\bsupervisor\b"]
DEFAULT_CONTRACTOR_TITLES = [r"\bcontract(or)?\b"]


def _check_patterns(v: list[str]) -> list[str]:
    for p in v:
        try:
            re.compile(p)
        except re.error as e:
            raise ValueError(f"invalid regular expression {p!r}: {e}") from None
    return v


class RosterSettings(BaseModel):
    """How ``relgraph import roster`` reads an HR export (``[import.roster]``)."""

    model_config = ConfigDict(extra="forbid")

    id_column: str | None = Field(None, description="employee id column (default: id, employee_id, ...)")
    name_column: str | None = Field(None, description="full name column (default: name, full_name, ...; or first + last name)")
    email_column: str | None = Field(None, description="email column (default: email, mail, ...)")
    title_column: str | None = Field(None, description="job title column (default: title, job_title, ...)")
    department_column: str | None = Field(None, description="department column (default: department, dept, ...)")
    department_id_column: str | None = Field(
        None, description="department code column, used as unit id (default: department_id, dept_code, ...)")
    level_column: str | None = Field(
        None, description="level column: a relgraph level name or text the title rules know (default: level, job_level, grade, ...)")
    manager_column: str | None = Field(None, description="manager id column (default: manager_id, reports_to, ...)")
    aliases_column: str | None = Field(None, description="other addresses or handles, ';'-separated (default: aliases)")
    unit_depth: int = Field(
        1, ge=1, description="without a department column: a unit is the subtree under each "
        "person at this depth below the top of the hierarchy",
    )
    it_patterns: list[str] = Field(
        default_factory=lambda: list(DEFAULT_IT_PATTERNS),
        description="regexes (case-insensitive) marking a department (or unit head's title) as IT",
    )
    executive_titles: list[str] = Field(default_factory=lambda: list(DEFAULT_EXECUTIVE_TITLES),
                                        description="regexes: titles at level executive")
    director_titles: list[str] = Field(default_factory=lambda: list(DEFAULT_DIRECTOR_TITLES),
                                       description="regexes: titles at level director")
    manager_titles: list[str] = Field(default_factory=lambda: list(DEFAULT_MANAGER_TITLES),
                                      description="regexes: titles at level manager")
    contractor_titles: list[str] = Field(default_factory=lambda: list(DEFAULT_CONTRACTOR_TITLES),
                                         description="regexes: titles at level contractor")

    _v = field_validator("it_patterns", "executive_titles", "director_titles", "manager_titles",
                         "contractor_titles")(_check_patterns)


class ImportSettings(BaseModel):
    """Settings shared by every importer (``[import]``)."""

    model_config = ConfigDict(extra="forbid")

    internal_domains: list[str] = Field(
        default_factory=list,
        description="email domains of the organisation (default: the domains of known people "
        "outside vendor units); unknown addresses there are reported as unknown people",
    )
    vendor_domains: dict[str, str] = Field(
        default_factory=dict,
        description="email domain -> vendor unit id: unknown addresses there become that "
        "vendor's contacts",
    )
    max_attendees: int = Field(
        25, ge=1, description="calendar: events with more attendees are skipped (town halls)"
    )
    roster: RosterSettings = Field(default_factory=RosterSettings)

    @field_validator("internal_domains")
    @classmethod
    def _lower(cls, v: list[str]) -> list[str]:
        return [d.strip().lower().lstrip("@") for d in v if d.strip()]

    @field_validator("vendor_domains")
    @classmethod
    def _vendors(cls, v: dict[str, str]) -> dict[str, str]:
        out = {}
        for dom, unit in v.items():
            if not re.match(ID_PATTERN, unit):
                raise ValueError(f"vendor unit id {unit!r} is not a valid id")
            out[dom.strip().lower().lstrip("@")] = unit
        return out
