"""Data checks: can the data support each audit rule, and is the window a fair sample?

Real data is messy: an export names no IT department, mail thins out after a
company's collapse, a few records carry a stamp of 1979 or 2200, a CEO's office is
a unit of one. A finding must never be an artefact of that shape. This module looks
at the data before the findings are derived and says

* which unit kinds exist (without a unit of kind ``it`` the rules that compare the
  business with IT cannot run: they are listed as skipped, with how to mark IT
  units in ``relgraph.toml``);
* whether the analysed window holds a fair share of the store's activity (compared
  with the busiest window of the same length) and of its active people;
* how many timestamps lie far outside the bulk of the data (a gap of more than
  ``outlier_margin_days`` without any record separates them from it);
* how many people never interact, units have one member, vendors have no contact.

It never touches a store: the store-wide figures (edges per day, people with at
least one stored edge) are passed in as an :class:`ActivityProfile`, built by
:mod:`relgraph.run`. The default as-of (:func:`last_substantial_day`) comes from the
same profile.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from relgraph.analysis.identities import (
    MERGE_HELP,
    inactive_elsewhere,
    inactive_namesakes,
    name_key,
    tieless_namesakes,
)

if TYPE_CHECKING:
    from relgraph.analysis.result import AnalysisResult

DAY = 86400


class DataSettings(BaseModel):
    """``[data]`` in relgraph.toml: when the data checks warn, and the default as-of."""

    model_config = ConfigDict(extra="forbid")

    outlier_margin_days: float = Field(
        365.0, gt=0,
        description="timestamps separated from the bulk of the data by a gap longer than "
        "this are outliers (counted, reported, left out of the default as-of)",
    )
    activity_days: int = Field(
        7, ge=1, description="default as-of: activity is judged over this many trailing days"
    )
    substantial_share: float = Field(
        0.2, gt=0, le=1,
        description="default as-of: the end of the last day whose trailing activity is at "
        "least this share of the typical trailing activity (that of the median edge)",
    )
    collapse_share: float = Field(
        0.25, gt=0, le=1,
        description="warn when the window holds less than this share of the edges of the "
        "busiest window of the same length",
    )
    min_people_share: float = Field(
        0.25, gt=0, le=1,
        description="warn when fewer than this share of the people active in the store "
        "are active in the window",
    )


class ActivityProfile(BaseModel):
    """Store-wide figures the data checks need (from the store, passed in)."""

    days: list[tuple[int, int]] = Field(description="(UTC day start, edges), by day")
    people: int = Field(description="people in the store")
    people_with_edges: int | None = Field(
        None, description="people with at least one stored edge (None: not counted)"
    )


class DataCheck(BaseModel):
    """One observation about the data, shown in every report's Data quality section."""

    id: str = Field(description="e.g. no-it-unit, window-collapsed, outlier-timestamps")
    level: Literal["warning", "note"]
    message: str
    suggestion: str | None = None
    figures: dict[str, Any] = Field(default_factory=dict)


class RuleStatus(BaseModel):
    """An audit rule the data cannot (fully) support."""

    rule: str = Field(description="finding kind")
    status: Literal["skipped", "partial"]
    reason: str


class DataQuality(BaseModel):
    """Section ``data_quality``: checks, counts and the audit rules skipped because of them."""

    checks: list[DataCheck] = Field(default_factory=list)
    rules: list[RuleStatus] = Field(default_factory=list)
    unit_kinds: list[str] = Field(default_factory=list, description="kinds with people")
    window_collapsed: bool = False
    namesakes: dict[str, list[str]] = Field(
        default_factory=dict,
        description="ids with no tie in the window -> ids of the same name with ties in it: "
        "probably one person under two ids, so 'no tie at all' is not judged for them")
    merged_namesakes: list[list[str]] = Field(
        default_factory=list,
        description="groups of ids (sorted) of one name and one unit, none with a tie in the "
        "window: probably one person under several ids, so their findings of one kind are "
        "reported once (relgraph.audit.namesakes)")

    @property
    def warnings(self) -> list[DataCheck]:
        return [c for c in self.checks if c.level == "warning"]

    def skipped(self, rule: str) -> RuleStatus | None:
        return next((r for r in self.rules if r.rule == rule), None)


UNITS_HELP = (
    "mark them in relgraph.toml without editing the input files, by unit id or name "
    "pattern, e.g.\n  [units]\n  it = [\"it-*\", \"Information Technology\"]"
)


# --- activity: outliers, bulk, default as-of -----------------------------------------------
class Activity(BaseModel):
    """The bulk of the data and what lies outside it (from :func:`activity`)."""

    first_day: int | None = Field(description="first day of the bulk (UTC day start)")
    last_day: int | None
    before: int = Field(0, description="edges far before the bulk")
    after: int = Field(0, description="edges far after the bulk")
    outlier_days: list[int] = Field(default_factory=list)


def activity(days: Sequence[tuple[int, int]], margin_days: float) -> Activity:
    """Split the days with data into the bulk and the outliers.

    Days are grouped into runs where consecutive days with data are at most
    ``margin_days`` apart; the run with the most edges is the bulk, every other day is
    an outlier (before or after it). Works with a handful of records, where
    percentiles would not.
    """
    if not days:
        return Activity(first_day=None, last_day=None)
    gap = margin_days * DAY
    runs: list[list[tuple[int, int]]] = [[days[0]]]
    for d in days[1:]:
        if d[0] - runs[-1][-1][0] > gap:
            runs.append([d])
        else:
            runs[-1].append(d)
    best = max(range(len(runs)), key=lambda i: (sum(n for _, n in runs[i]), -i))
    bulk = runs[best]
    before = sum(n for r in runs[:best] for _, n in r)
    after = sum(n for r in runs[best + 1:] for _, n in r)
    out = [d for i, r in enumerate(runs) if i != best for d, _ in r]
    return Activity(first_day=bulk[0][0], last_day=bulk[-1][0], before=before, after=after,
                    outlier_days=out)


def _dense(days: Sequence[tuple[int, int]], first: int, last: int) -> np.ndarray:
    arr = np.zeros((last - first) // DAY + 1, dtype=np.int64)
    for d, n in days:
        if first <= d <= last:
            arr[(d - first) // DAY] += n
    return arr


def last_substantial_day(days: Sequence[tuple[int, int]], settings: DataSettings) -> int | None:
    """Start of the last day with substantial activity (None without data).

    Within the bulk (:func:`activity`), the trailing activity of a day is the number
    of edges over the ``activity_days`` days ending with it; a day is substantial when
    it has data and its trailing activity is at least ``substantial_share`` times the
    typical trailing activity: that of the median edge (the trailing activity of each
    day weighted by its edges, so that a long thin tail does not lower it). A tail where the data
    thins out (a company's collapse, an export cut mid-week) is thus not where the
    default window ends; neither is a stray far-future stamp.
    """
    act = activity(days, settings.outlier_margin_days)
    if act.first_day is None or act.last_day is None:
        return None
    arr = _dense(days, act.first_day, act.last_day)
    trailing = np.convolve(arr, np.ones(settings.activity_days, dtype=np.int64))[: len(arr)]
    # the typical level: the trailing activity around the median edge (weighted by edges, so
    # that a long thin tail of days does not lower it)
    order = np.argsort(trailing, kind="stable")
    cum = np.cumsum(arr[order])
    typical = float(trailing[order][int(np.searchsorted(cum, cum[-1] / 2.0))])
    threshold = settings.substantial_share * typical
    ok = np.flatnonzero((arr > 0) & (trailing >= threshold))
    return act.first_day + int(ok[-1]) * DAY if len(ok) else act.last_day


def _day(at: int) -> str:
    return datetime.fromtimestamp(at, tz=UTC).date().isoformat()


def busiest_window(days: Sequence[tuple[int, int]], settings: DataSettings,
                   window_days: float) -> tuple[int, int, int] | None:
    """(start, exclusive end, edges) of the busiest window of ``window_days`` whole days
    within the bulk of the data; the latest one on ties."""
    act = activity(days, settings.outlier_margin_days)
    if act.first_day is None or act.last_day is None:
        return None
    arr = _dense(days, act.first_day, act.last_day)
    length = max(1, math.ceil(window_days))
    sums = np.convolve(arr, np.ones(length, dtype=np.int64))[: len(arr)]
    i = int(len(sums) - 1 - np.argmax(sums[::-1]))
    end = act.first_day + (i + 1) * DAY
    return end - length * DAY, end, int(sums[i])


def window_edges(days: Sequence[tuple[int, int]], start: int | None, end: int) -> int:
    lo = -(2**62) if start is None else start
    return sum(n for d, n in days if lo <= d < end)


# --- the checks ------------------------------------------------------------------------------
def check_data(result: AnalysisResult, profile: ActivityProfile,
               settings: DataSettings | None = None,
               overridden_kinds: Iterable[str] = ()) -> DataQuality:
    """Check what the data of ``result`` (and the store-wide ``profile``) can support.

    Parameters
    ----------
    result : AnalysisResult
        The analysed window.
    profile : ActivityProfile
        Edges per day and active people of the whole store.
    settings : DataSettings, optional
        Margins and shares (defaults otherwise).
    overridden_kinds : iterable of str
        Unit ids whose kind the ``[units]`` table set (reported as a note).

    Returns
    -------
    DataQuality
        Checks (warnings first), the rules the audit must skip or run partly, the
        unit kinds present and whether the window sits where activity collapsed.
    """
    s = settings or DataSettings()
    checks: list[DataCheck] = []
    rules: list[RuleStatus] = []
    kinds = sorted({u.kind for u in result.units if u.headcount > 0})
    # -- unit kinds
    if "it" not in kinds:
        checks.append(DataCheck(
            id="no-it-unit", level="warning",
            message="No unit has kind 'it': the audit does not run the rules that compare "
            "the business with IT, so no finding is an artefact of a missing IT unit.",
            suggestion="If the data has IT units, " + UNITS_HELP,
            figures={"unit_kinds": kinds},
        ))
        why = "no unit of kind 'it'"
        rules += [
            RuleStatus(rule="disconnected-executive", status="partial",
                       reason=f"{why}: only executives with no tie at all are reported"),
            RuleStatus(rule="siloed-unit", status="partial",
                       reason=f"{why}: 'no tie to IT' is not judged; E-I rules still apply"),
            RuleStatus(rule="fragile-bridge", status="partial",
                       reason=f"{why}: IT-business unit pairs are not judged; vendors still are"),
            RuleStatus(rule="decaying-relationship", status="skipped",
                       reason=f"{why}: there are no IT leaders"),
            RuleStatus(rule="one-sided-relationship", status="skipped",
                       reason=f"{why}: there are no IT-business ties"),
        ]
    if "business" not in kinds:
        checks.append(DataCheck(
            id="no-business-unit", level="warning",
            message="No unit has kind 'business': the audit does not run the rules that "
            "compare IT with the business.",
            suggestion="If the data has business units, mark them in relgraph.toml, e.g.\n"
            "  [units]\n  business = [\"*\"]  # every unit not matched by 'it' or 'vendor'",
        ))
        if "it" in kinds:
            why = "no unit of kind 'business'"
            rules += [
                RuleStatus(rule="disconnected-executive", status="partial",
                           reason=f"{why}: only executives with no tie at all are reported"),
                RuleStatus(rule="siloed-unit", status="partial",
                           reason=f"{why}: 'no tie to any business unit' is not judged"),
                RuleStatus(rule="fragile-bridge", status="partial",
                           reason=f"{why}: IT-business unit pairs are not judged"),
                RuleStatus(rule="one-sided-relationship", status="skipped",
                           reason=f"{why}: there are no IT-business ties"),
            ]
    if "vendor" not in kinds:
        checks.append(DataCheck(
            id="no-vendor-unit", level="note",
            message="No unit has kind 'vendor': fragile vendor bridges cannot be found.",
            suggestion="Mark vendor units in relgraph.toml, e.g. [units] vendor = [\"v-*\"]",
        ))
    overridden = sorted(set(overridden_kinds))
    if overridden:
        checks.append(DataCheck(
            id="unit-kinds-set", level="note",
            message=f"{len(overridden)} unit kind(s) set by the [units] table of relgraph.toml.",
            figures={"units": overridden},
        ))
    # -- the window against the store's activity
    days = profile.days
    act = activity(days, s.outlier_margin_days)
    collapsed = False
    m = result.meta
    in_window = window_edges(days, m.start, m.end)
    if m.window_days is not None and act.first_day is not None:
        best = busiest_window(days, s, m.window_days)
        if best is not None and best[2] > 0 and in_window < s.collapse_share * best[2]:
            collapsed = True
            suggest = last_substantial_day(days, s)
            hint = (f"--as-of {_day(suggest)}" if suggest is not None and suggest + DAY != m.end
                    else f"--as-of {_day(best[1] - DAY)}")
            checks.append(DataCheck(
                id="window-collapsed", level="warning",
                message=f"The window holds {in_window} edges, {in_window / best[2]:.0%} of the "
                f"busiest {m.window_days:g}-day window ({_day(best[0])} to "
                f"{_day(best[1] - DAY)}, {best[2]} edges): activity has collapsed here. "
                "People without ties, disconnected executives and decaying relationships "
                "would be artefacts of the thin data and were not judged.",
                suggestion=f"Audit a window with data, e.g. {hint}",
                figures={"window_edges": in_window, "busiest_edges": best[2],
                         "busiest_start": _day(best[0]), "busiest_end": _day(best[1] - DAY)},
            ))
            why = "the window holds too little of the store's activity"
            for rule in ("isolated-stakeholder", "disconnected-executive",
                         "decaying-relationship"):
                rules = [r for r in rules if r.rule != rule]
                rules.append(RuleStatus(rule=rule, status="skipped", reason=why))
    active = sum(1 for p in result.people if not p.isolated)
    if profile.people_with_edges and not collapsed and (
        active < s.min_people_share * profile.people_with_edges
    ):
        checks.append(DataCheck(
            id="window-few-people", level="warning",
            message=f"Only {active} of the {profile.people_with_edges} people active in the "
            f"store are active in the window ({active / profile.people_with_edges:.0%}).",
            suggestion="Check --as-of and --window: the window may miss most of the data.",
            figures={"active_in_window": active, "active_in_store": profile.people_with_edges},
        ))
    if act.before or act.after:
        first = _day(act.first_day) if act.first_day is not None else "-"
        last = _day(act.last_day) if act.last_day is not None else "-"
        checks.append(DataCheck(
            id="outlier-timestamps", level="warning",
            message=f"{act.before + act.after} edge(s) carry timestamps far outside the bulk of "
            f"the data ({first} to {last}): {act.before} before it, {act.after} after it "
            f"(more than {s.outlier_margin_days:g} days away). The default as-of ignores them.",
            suggestion="Check the source system's clock or date format; remove or correct "
            "those records.",
            figures={"before": act.before, "after": act.after, "bulk_first": first,
                     "bulk_last": last, "days": [_day(d) for d in act.outlier_days[:10]]},
        ))
    # -- counts
    never = profile.people - profile.people_with_edges if profile.people_with_edges else 0
    if never > 0:
        checks.append(DataCheck(
            id="people-without-interactions", level="note",
            message=f"{never} of {profile.people} people have no interaction at all in the store.",
            figures={"people": never},
        ))
    names: dict[str, list[str]] = {}
    for p in result.people:
        if key := name_key(p.name):
            names.setdefault(key, []).append(p.id)
    shared = sorted(ids for ids in names.values() if len(ids) > 1)
    if shared:
        checks.append(DataCheck(
            id="shared-names", level="note",
            message=f"{len(shared)} name(s) belong to more than one person id: possibly one "
            "person under two identities, whose ties are then split.",
            figures={"ids": shared[:20]},
        ))
    namesakes = inactive_namesakes(result)
    elsewhere = inactive_elsewhere(result)
    elsewhere_text = (f"{len(elsewhere)} name(s) are held by an id with no tie in the window and "
                      "by ids with ties in other units only (or, for an id with no unit, in "
                      "several units): not taken for one person, as two people can share a "
                      "name; their findings are reported.")
    if namesakes:
        checks.append(DataCheck(
            id="inactive-namesakes", level="warning",
            message=f"{len(namesakes)} person id(s) have no tie in the window but share their "
            "name and unit with an id that has ties (or one of the two has no unit and the "
            "name no other unit): probably one person under two ids. They are not reported as isolated, or as executives with no tie "
            "at all." + (" " + elsewhere_text if elsewhere else ""),
            suggestion=MERGE_HELP,
            figures={"ids": {k: v for k, v in list(namesakes.items())[:20]},
                     **({"other_units": elsewhere[:20]} if elsewhere else {})},
        ))
    elif elsewhere:
        checks.append(DataCheck(id="inactive-namesakes", level="note", message=elsewhere_text,
                                figures={"other_units": elsewhere[:20]}))
    merged, apart = tieless_namesakes(result)
    apart_text = (f"{len(apart)} name(s) are held by ids in different units, none with a tie "
                  "in the window: their findings are not merged across units, as two people "
                  "can share a name.")
    if merged:
        checks.append(DataCheck(
            id="tieless-namesakes", level="warning",
            message=f"{len(merged)} group(s) of two or more ids share a name and a unit, and "
            "none of them has a tie in the window (nor a namesake with ties in their unit): probably "
            "one person under several ids. Where two "
            "or more of a person's ids have a finding of one kind, the findings are merged "
            "for reporting: one finding naming the person once and listing every id."
            + (" " + apart_text if apart else ""),
            suggestion=MERGE_HELP,
            figures={"ids": merged[:20], **({"other_units": apart[:20]} if apart else {})},
        ))
    elif apart:
        checks.append(DataCheck(id="tieless-namesakes", level="note", message=apart_text,
                                figures={"other_units": apart[:20]}))
    singles = sorted(u.id for u in result.units if u.headcount == 1)
    if singles:
        checks.append(DataCheck(
            id="one-person-units", level="note",
            message=f"{len(singles)} unit(s) have one member: they are not judged as silos, and "
            "their member is no fragile bridge by construction.",
            figures={"units": singles},
        ))
    lonely = sorted(u.id for u in result.units if u.kind == "vendor" and u.headcount > 0
                    and u.ties_to_it + u.ties_to_business == 0)
    if lonely:
        checks.append(DataCheck(
            id="vendors-without-contacts", level="note",
            message=f"{len(lonely)} vendor unit(s) have no contact in the organisation in the "
            "window.",
            figures={"units": lonely},
        ))
    checks.sort(key=lambda c: c.level != "warning")
    return DataQuality(checks=checks, rules=rules, unit_kinds=kinds, window_collapsed=collapsed,
                       namesakes=namesakes, merged_namesakes=merged)
