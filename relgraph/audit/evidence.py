"""Evidence in words: one sentence per finding, and its figures as labelled rows.

Turns a :class:`~relgraph.audit.findings.Finding`'s evidence (figures the analysis
computed) into what a reader can forward: names and titles instead of ids, plain
labels instead of field names, percentages as percentages. Nothing is recomputed;
privacy comes from :class:`~relgraph.audit.privacy.Namer` (pseudonyms, no titles, no
unit figures for units below the minimum group size).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from relgraph.analysis.result import AnalysisResult
from relgraph.audit.findings import Finding
from relgraph.audit.privacy import Namer

UNIT_LEVEL_KINDS = ("siloed-unit", "silo-opened", "new-bridge")
_PLACEHOLDER = re.compile(r"\{([pu]):([^{}\s]+)\}")

LABELS: dict[str, str] = {
    "score": "disconnection score (0 connected, 1 disconnected)",
    "role": "role", "ties_to_it": "ties to IT", "strength_to_it": "tie strength to IT",
    "ties_to_csuite": "ties to the C-suite", "strength_to_csuite": "tie strength to the C-suite",
    "units_reached": "other units reached", "strength_change": "change in tie strength",
    "isolated": "no tie at all", "explanation": "why",
    "degree": "contacts", "strength": "tie strength", "level": "level",
    "ei_index": "E-I index (-1 all inside .. +1 all outside)", "ei_weighted": "E-I index, weighted",
    "ei_p_value": "chance of an E-I this low at random", "internal_ties": "ties inside the unit",
    "external_ties": "ties outside the unit", "ties_to_business": "ties to business units",
    "headcount": "people", "active": "people with a tie in the window",
    "org_contacts": "people in the organisation in contact", "ties": "ties",
    "pairs": "unit pairs", "single_point_pairs": "pairs with no other direct tie",
    "max_top_person_share": "largest share carried by this person",
    "total_brokerage": "brokerage paths (Gould-Fernandez)",
    "median_brokerage": "median brokerage paths", "ratio": "times the median",
    "roles": "brokerage roles", "betweenness": "betweenness (normalised)",
    "constraint": "Burt's constraint", "articulation_point": "removing them splits the network",
    "cross_unit_share": "share of their tie strength crossing units",
    "strength_before": "tie strength, previous window", "strength_after": "tie strength, this window",
    "drop": "drop", "initiator": "initiated by", "initiator_share": "share initiated by them",
    "count": "interactions", "people_a": "people on the first side",
    "people_b": "people on the second side", "top_person": "carried most by",
    "ei_before": "E-I index before", "ei_after": "E-I index now",
    "unit_figures": "unit figures",
    "paths": "introduction paths (weakest tie)", "people": "people", "best_placed": "best placed",
    "planned": "planned relationships", "missed": "cadences missed",
    "not_holding": "planned relationships they do not hold", "owner_max": "limit per owner",
    "ids": "ids of this person (none with a tie in the window)",
}
PERSON_KEYS = {"initiator", "top_person", "best_placed", "owner", "holder"}
"""Evidence keys whose value is a person id (shown as a name, or a pseudonym)."""
PERCENT_KEYS = {"strength_change", "drop", "initiator_share", "max_top_person_share",
                "cross_unit_share"}


def subject_of(f: Finding) -> str:
    """The person a finding is about: its ``subject`` (``people[0]`` only for findings saved
    before findings had one; ``people`` is not ordered by role, e.g. after the plan adds the
    introducers of a disconnected executive)."""
    if f.subject is not None:
        return f.subject
    return f.people[0] if f.people else ""


def label(key: str) -> str:
    """A reader's label for an evidence key (never snake_case)."""
    return LABELS.get(key, key.replace("_", " "))


def pct(v: float | None) -> str:
    """A share 0..1 as a percentage (``-`` when missing)."""
    if v is None:
        return "-"
    p = 100 * v
    return f"{p:.0f}%" if abs(p) >= 10 or p == 0 else f"{p:.1f}%"


def num(v: Any) -> str:
    """A figure for a sentence or a table cell."""
    if v is None:
        return "-"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, int):
        return f"{v:,}"
    if isinstance(v, float):
        if v.is_integer() and abs(v) >= 10:
            return f"{int(v):,}"
        return f"{v:,.2f}" if abs(v) < 1000 else f"{v:,.0f}"
    return str(v)


class Describer:
    """Sentences and figure tables for the findings of one audit."""

    def __init__(self, result: AnalysisResult, namer: Namer) -> None:
        self.namer = namer
        self.people = {p.id: p for p in result.people}
        days = result.meta.window_days
        self.window = f"the last {days:g} days" if days else "the window"
        self.degree = {p.id: p.degree for p in result.people}

    # -- names ------------------------------------------------------------------------------
    def who(self, pid: str) -> str:
        """``Name (Title)`` (or the pseudonym)."""
        if self.namer.pseudonymize:
            return self.namer.person_id(pid)
        p = self.people.get(pid)
        if p is None:
            return pid
        return f"{p.name} ({p.title})" if p.title else p.name

    def subject(self, pid: str) -> str:
        """``Name, Title,`` for the start of a sentence (or the pseudonym)."""
        if self.namer.pseudonymize:
            return self.namer.person_id(pid)
        p = self.people.get(pid)
        if p is None:
            return pid
        return f"{p.name}, {p.title}," if p.title else p.name

    def name(self, pid: str) -> str:
        if self.namer.pseudonymize:
            return self.namer.person_id(pid)
        p = self.people.get(pid)
        return p.name if p else pid

    def unit(self, uid: str) -> str:
        return self.namer.unit(uid)

    # -- figures ----------------------------------------------------------------------------
    def figures(self, f: Finding) -> list[tuple[str, str]]:
        """(label, value) rows of the evidence, privacy applied, no raw dicts or lists."""
        suppressed = (f.kind in (*UNIT_LEVEL_KINDS, "fragile-bridge")
                      and any(self.namer.small(u) for u in f.units))
        rows = []
        for key, v in sorted(f.evidence.items()):
            if key == "explanation" or (key in ("isolated", "articulation_point") and not v):
                continue
            if suppressed and key in ("ei_index", "ei_weighted", "ei_p_value", "internal_ties",
                                      "external_ties", "ties_to_it", "ties_to_business",
                                      "ties_to_vendor", "units_reached", "headcount", "active",
                                      "ei_before", "ei_after", "people_a", "people_b"):
                continue
            if (suppressed and isinstance(v, int | float) and not isinstance(v, bool)
                    and key != "org_contacts"):
                continue  # a small unit's figures trace back to its people (issue 11)
            if key in PERCENT_KEYS and isinstance(v, int | float) and not isinstance(v, bool):
                text = pct(float(v))
                if key == "strength_change" and v > 0:
                    text = "+" + text
            elif key == "roles" and isinstance(v, dict):
                text = ", ".join(f"{k} {num(n)}" for k, n in sorted(v.items(), key=lambda x: -x[1]))
            elif key == "ids" and isinstance(v, list):  # one person's ids: ids, not names
                text = ", ".join(self.namer.person_id(str(x)) for x in v) or "-"
            elif key == "pairs" and isinstance(v, list):
                text = "; ".join(" – ".join(self.unit(u) for u in str(p).split(":")) for p in v)
            elif key == "role":
                text = "IT leader" if v == "it" else "business executive"
            elif isinstance(v, str) and (key in PERSON_KEYS or v in self.people
                                         or v in self.namer.names):
                text = self.name(v)  # a person id: the name, or the pseudonym
            elif key == "paths" and isinstance(v, list):
                text = "; ".join(self._path(str(x)) for x in v) or "none"
            elif key == "people" and isinstance(v, list):
                text = ", ".join(self.name(str(x)) for x in v) or "-"
            elif isinstance(v, list):
                text = "; ".join(self.name(x) if isinstance(x, str) and x in self.people
                                 else num(x) for x in v) or "-"
            elif isinstance(v, dict):
                text = ", ".join(f"{k} {num(n)}" for k, n in sorted(v.items()))
            else:
                text = num(v)
            rows.append((label(key), text))
        if suppressed:
            rows.append((label("unit_figures"),
                         f"not shown: fewer than {self.namer.min_group_size} people"))
        return rows

    def _path(self, text: str) -> str:
        """``a > b > c (weakest 8.42)`` as ``A → B → C (weakest 8.42)``, names for the ids."""
        body, sep, tail = text.partition(" (")
        return " → ".join(self.name(x.strip()) for x in body.split(" > ")) + (sep + tail if sep else "")

    # -- sentences ---------------------------------------------------------------------------
    def sentence(self, f: Finding) -> str:
        """One or two sentences saying what the figures mean, with names and titles."""
        fn: Callable[[Finding, dict[str, Any]], str] | None = getattr(
            self, "_" + f.kind.replace("-", "_"), None)
        if fn is None:
            if self.namer.pseudonymize:
                return self.namer.text(f.title)
            return _PLACEHOLDER.sub(lambda m: self.name(m.group(2)) if m.group(1) == "p"
                                    else self.unit(m.group(2)), f.title)
        return fn(f, f.evidence) + self._ids(f)

    def _ids(self, f: Finding) -> str:
        """For a finding merged over one person's ids (relgraph.audit.namesakes): which ids."""
        ids = f.evidence.get("ids")
        if not isinstance(ids, list) or len(ids) < 2:
            return ""
        shown = ", ".join(self.namer.person_id(str(x)) for x in ids)
        return (f" The roster holds {self.name(subject_of(f))} under {len(ids)} ids ({shown}), "
                "none with a tie in the window: probably one person.")

    def _disconnected_executive(self, f: Finding, e: dict[str, Any]) -> str:
        pid = subject_of(f)
        deg = self.degree.get(pid, 0)
        change = e.get("strength_change")
        trend = ""
        if isinstance(change, int | float) and change < 0:
            trend = f"; their total tie strength is down {pct(-change)} on the previous window"
        if e.get("isolated"):
            return f"{self.subject(pid)} had no recorded interaction with anyone in {self.window}."
        if e.get("role") == "it":
            n = e.get("ties_to_csuite", 0)
            lead = (f"{self.subject(pid)} had no interaction with any C-suite member in {self.window}"
                    if n == 0 else
                    f"{self.subject(pid)} had ties to only {n} C-suite member{'s' if n != 1 else ''} "
                    f"in {self.window}")
            return f"{lead}; {deg} contacts, reaching {e.get('units_reached', 0)} other units{trend}."
        n = e.get("ties_to_it", 0)
        if n == 0:
            return (f"{self.subject(pid)} had no interaction with anyone in IT in {self.window}; "
                    f"{deg} contacts, none of them in IT{trend}.")
        return (f"{self.subject(pid)} had {n} contact{'s' if n != 1 else ''} in IT out of {deg} in "
                f"{self.window} (tie strength to IT {num(e.get('strength_to_it'))}){trend}.")

    def _isolated_stakeholder(self, f: Finding, e: dict[str, Any]) -> str:
        pid = subject_of(f)
        unit = self.unit(f.units[0]) if f.units else "their unit"
        return (f"{self.who(pid)} ({str(e.get('level', '')).replace('_', ' ')} in {unit}) had no "
                f"recorded interaction with anyone in {self.window}.")

    def _siloed_unit(self, f: Finding, e: dict[str, Any]) -> str:
        uid = f.units[0]
        if self.namer.small(uid):
            return (f"{self.unit(uid)} keeps to itself: few of its ties leave the unit (figures not "
                    f"shown: fewer than {self.namer.min_group_size} people).")
        inside, outside = e.get("internal_ties", 0), e.get("external_ties", 0)
        return (f"{self.unit(uid)} ({num(e.get('headcount'))} people) had {num(inside)} ties inside "
                f"the unit and {num(outside)} outside it ({num(e.get('ties_to_it'))} to IT, "
                f"{num(e.get('ties_to_business'))} to business units); E-I index "
                f"{num(e.get('ei_index'))} on a scale from -1 (all inside) to +1 (all outside).")

    def _fragile_bridge(self, f: Finding, e: dict[str, Any]) -> str:
        if "org_contacts" in e:
            vendor = next((u for u in f.units if f.id.endswith(":" + u)), f.units[0])
            holders = " and ".join(self.who(p) for p in f.people)
            if any(self.namer.small(u) for u in f.units):  # no figure of a small group
                return (f"Every tie with {self.unit(vendor)} goes through {holders}; if they "
                        "leave, nobody else knows the vendor.")
            return (f"Every one of the {num(e.get('ties'))} ties with {self.unit(vendor)} goes "
                    f"through {holders}; if they leave, nobody else knows the vendor.")
        pairs = [" – ".join(self.unit(u) for u in str(p).split(":")) for p in e.get("pairs", [])]
        n = len(pairs)
        shown = "; ".join(pairs[:4]) + (f" and {n - 4} more" if n > 4 else "")
        single = e.get("single_point_pairs", 0)
        if single and n == 1:
            tail = "without them the pair would have no direct tie left"
        elif single:
            tail = f"{num(single)} of them would have no direct tie left without them"
        else:
            tail = f"they carry up to {pct(e.get('max_top_person_share'))} of the ties"
        return (f"{self.subject(subject_of(f))} is the main link for {n} IT-business unit "
                f"pair{'s' if n != 1 else ''} ({shown}); {tail}.")

    def _overloaded_broker(self, f: Finding, e: dict[str, Any]) -> str:
        roles = e.get("roles") or {}
        top = max(sorted(roles), key=lambda k: roles[k]) if roles else None
        s = (f"{self.subject(subject_of(f))} sits between people of different groups "
             f"{num(e.get('ratio'))} times as often as the median person "
             f"({num(e.get('total_brokerage'))} brokerage paths against a median of "
             f"{num(e.get('median_brokerage'))})")
        if top:
            s += f", mostly as {top}"
        if e.get("articulation_point"):
            s += "; removing them would split the network"
        return s + "."

    def _decaying_relationship(self, f: Finding, e: dict[str, Any]) -> str:
        a = subject_of(f)
        b = next((p for p in f.people if p != a), a)
        return (f"The tie between {self.who(a)} and {self.who(b)} fell from strength "
                f"{num(e.get('strength_before'))} in the previous window to "
                f"{num(e.get('strength_after'))} now, down {pct(e.get('drop'))}.")

    def _one_sided_relationship(self, f: Finding, e: dict[str, Any]) -> str:
        active = e.get("initiator") or subject_of(f)
        passive = next((p for p in f.people if p != active), f.people[-1])
        return (f"{self.subject(active)} started {pct(e.get('initiator_share'))} of the "
                f"{num(e.get('count'))} interactions with {self.who(passive)}; the other side "
                "rarely initiates.")

    def _new_bridge(self, f: Finding, e: dict[str, Any]) -> str:
        a, b = (f.units + ["", ""])[:2]
        if any(self.namer.small(u) for u in f.units):
            return f"{self.unit(a)} and {self.unit(b)} are now in contact; they were not at the last audit."
        return (f"{self.unit(a)} and {self.unit(b)} now have {num(e.get('ties'))} ties "
                f"({num(e.get('people_a'))} and {num(e.get('people_b'))} people involved); there "
                "were none at the last audit.")

    def _silo_opened(self, f: Finding, e: dict[str, Any]) -> str:
        uid = f.units[0]
        if self.namer.small(uid):
            return f"{self.unit(uid)} opened up since the last audit."
        return (f"{self.unit(uid)}'s E-I index rose from {num(e.get('ei_before'))} to "
                f"{num(e.get('ei_after'))}: more of its ties now leave the unit.")
