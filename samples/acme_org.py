"""Organisation model for the "Acme Components" sample data (stdlib only).

Builds units and people deterministically from a seed.  Planted people get ids
that do not depend on the organisation size (see samples/README.md).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

DOMAIN = "acme-components.example"
EXEC_IDS = ("ceo", "cfo", "coo", "cmo", "chro", "gc")
EXEC_TITLES = {
    "ceo": "Chief Executive Officer",
    "cfo": "Chief Financial Officer",
    "coo": "Chief Operating Officer",
    "cmo": "Chief Marketing Officer",
    "chro": "Chief Human Resources Officer",
    "gc": "General Counsel",
    "cio": "Chief Information Officer",
}
# Planted people: (id, dept, level, title).  Ids follow the 13 directors.
PLANTED = {
    "cloud_engineer": ("p00014", "it-infra", "staff", "Cloud Engineer"),
    "brm": ("p00015", "it-brm", "manager", "Senior Business Relationship Manager"),
    "one_sided": ("p00016", "it-apps", "manager", "ERP Product Manager"),
    "privacy_counsel": ("p00017", "bu-legal", "staff", "Privacy Counsel"),
    "sec_engineer": ("p00018", "it-sec", "staff", "Security Engineer"),
    "data_lead": ("p00019", "it-data", "manager", "Analytics Manager"),
}
ISOLATED_DIRECTOR = "p00013"  # Director, Supply Chain (13th director)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST = _words(
    "Aaron Abigail Adam Adrian Aisha Alan Alice Amara Amir Ana Andre Anna Arjun Asha Ben Bianca"
    " Boris Brandon Bruno Carla Carlos Carmen Chen Chloe Chris Clara Daniel Dana David Deepa Diego"
    " Dmitri Elena Eli Emma Eric Erin Ethan Eva Fatima Felix Fiona Gabriel Grace Hannah Hassan"
    " Helen Hiro Ian Ines Isaac Ivy Jack Jamal James Jana Javier Jin Joan Jonas Julia Kai Karen"
    " Kenji Kofi Laila Lars Laura Leo Lina Lucas Luis Maya Marco Maria Mark Marta Mei Mia Nadia"
    " Nathan Nia Nikhil Nina Noah Olga Omar Paul Priya Rafael Rosa Ruth Sam Sara Sofia Tariq Tom"
    " Uma Victor Yara Zoe"
)
LAST = _words(
    "Abbott Adeyemi Alvarez Andersen Baker Banerjee Becker Bell Bianchi Brooks Campbell Castro"
    " Chang Clarke Costa Cruz Dahl Das Diaz Dubois Edwards Eriksen Evans Fischer Flores Fontaine"
    " Garcia Gomez Grant Gupta Hansen Harris Hayes Hoffmann Hughes Ito Jensen Johnson Kang Kaur"
    " Keller Khan Kim Klein Kowalski Kumar Larsen Lee Lopez Mahmoud Martin Mendes Meyer Miller"
    " Moreau Morris Murphy Nakamura Nguyen Novak Okafor Olsen Ortiz Park Patel Perez Petrov Price"
    " Quinn Reyes Richter Rossi Russo Santos Sato Schmidt Schulz Shah Silva Singh Smith Sousa"
    " Suzuki Tan Taylor Torres Turner Vargas Wagner Walker Wang Weber Wilson Wong Yamada Young"
    " Zhang Zimmermann"
)
REGIONS_L = _words(
    "North South East West Central Atlantic Pacific Alpine Coastal Metro Lakes Highlands"
)

# id, name, kind, share of headcount, cap (0 = none; capped depts stay one unit),
# exec boss, director title, manager titles, staff titles
Dept = tuple[str, str, str, float, int, str, str, tuple[str, ...], tuple[str, ...]]
DEPTS: tuple[Dept, ...] = (
    (
        "it-office",
        "Office of the CIO",
        "it",
        0.03,
        60,
        "ceo",
        "Chief Information Officer",
        ("IT PMO Manager", "Enterprise Architecture Manager", "IT Finance Manager"),
        ("Enterprise Architect", "Project Manager", "IT Financial Analyst", "IT Strategy Analyst"),
    ),
    (
        "it-infra",
        "Infrastructure & Cloud",
        "it",
        0.07,
        0,
        "cio",
        "Director, Infrastructure & Cloud",
        ("Infrastructure Manager", "Cloud Platform Manager", "Network Manager"),
        (
            "Cloud Engineer",
            "Network Engineer",
            "Systems Administrator",
            "Site Reliability Engineer",
        ),
    ),
    (
        "it-apps",
        "Business Applications",
        "it",
        0.09,
        0,
        "cio",
        "Director, Business Applications",
        ("Applications Manager", "Development Manager", "QA Manager"),
        ("Software Developer", "ERP Analyst", "CRM Developer", "QA Engineer", "Business Analyst"),
    ),
    (
        "it-data",
        "Data & Analytics",
        "it",
        0.045,
        60,
        "cio",
        "Director, Data & Analytics",
        ("Analytics Manager", "Data Engineering Manager"),
        ("Data Engineer", "Data Scientist", "BI Developer", "Data Analyst"),
    ),
    (
        "it-sec",
        "Information Security",
        "it",
        0.035,
        0,
        "cio",
        "Director, Information Security",
        ("Security Operations Manager", "GRC Manager"),
        ("Security Engineer", "Security Analyst", "IAM Engineer", "GRC Analyst"),
    ),
    (
        "it-desk",
        "Service Desk",
        "it",
        0.06,
        0,
        "cio",
        "Director, IT Service Desk",
        ("Service Desk Manager", "Desktop Support Manager"),
        ("Service Desk Analyst", "Desktop Support Technician", "Service Desk Agent"),
    ),
    (
        "it-brm",
        "Business Relationship Management",
        "it",
        0.03,
        60,
        "cio",
        "Director, Business Relationship Management",
        ("Business Relationship Manager",),
        ("Business Relationship Analyst", "Demand Analyst"),
    ),
    (
        "bu-sales",
        "Sales",
        "business",
        0.14,
        0,
        "cmo",
        "Director of Sales",
        ("Regional Sales Manager", "Key Account Manager"),
        ("Account Executive", "Sales Representative", "Sales Operations Analyst"),
    ),
    (
        "bu-marketing",
        "Marketing",
        "business",
        0.07,
        0,
        "cmo",
        "Director of Marketing",
        ("Brand Manager", "Digital Marketing Manager"),
        ("Marketing Specialist", "Content Writer", "Campaign Analyst", "Graphic Designer"),
    ),
    (
        "bu-finance",
        "Finance",
        "business",
        0.08,
        0,
        "cfo",
        "Director of Finance",
        ("Controller", "FP&A Manager", "Accounts Payable Manager"),
        ("Financial Analyst", "Accountant", "Payroll Specialist", "Billing Specialist"),
    ),
    (
        "bu-ops",
        "Operations & Manufacturing",
        "business",
        0.18,
        0,
        "coo",
        "Director of Operations",
        ("Plant Manager", "Production Manager", "Quality Manager", "Maintenance Manager"),
        ("Production Engineer", "Machine Operator", "Quality Inspector", "Maintenance Technician"),
    ),
    (
        "bu-hr",
        "Human Resources",
        "business",
        0.05,
        0,
        "chro",
        "Director of HR",
        ("HR Business Partner", "Talent Acquisition Manager"),
        ("HR Generalist", "Recruiter", "Learning Specialist", "HR Coordinator"),
    ),
    (
        "bu-legal",
        "Legal & Compliance",
        "business",
        0.035,
        0,
        "gc",
        "Director of Legal",
        ("Senior Counsel", "Compliance Manager"),
        ("Corporate Counsel", "Paralegal", "Compliance Analyst", "Contracts Specialist"),
    ),
    (
        "bu-supply",
        "Supply Chain",
        "business",
        0.085,
        0,
        "coo",
        "Director of Supply Chain",
        ("Procurement Manager", "Logistics Manager", "Warehouse Manager"),
        ("Buyer", "Logistics Coordinator", "Supply Planner", "Warehouse Associate"),
    ),
)
# id, name, domain, roles (first = account manager), level of non-AM people
VENDORS = (
    (
        "v-cloudco",
        "CloudCo Hosting",
        "cloudco.example",
        ("Account Manager", "Solutions Architect", "Support Engineer"),
        "vendor_contact",
    ),
    (
        "v-erpsoft",
        "ERPSoft Solutions",
        "erpsoft.example",
        ("Account Manager", "ERP Consultant", "ERP Consultant", "Support Engineer"),
        "contractor",
    ),
    (
        "v-netsec",
        "NetSec Partners",
        "netsec.example",
        ("Account Manager", "Security Consultant", "Network Specialist"),
        "vendor_contact",
    ),
    (
        "v-outsource",
        "OutSource Services",
        "outsource-services.example",
        (
            "Account Manager",
            "Field Technician",
            "Field Technician",
            "Field Technician",
            "Service Coordinator",
        ),
        "contractor",
    ),
)
EXTRA_VENDOR_A = _words("Northwind Blue Quantum Bright Iron Silver Rapid Clear Summit Vertex")
EXTRA_VENDOR_B = _words("Systems Data Networks Software Consulting Labs Cloud Logic")
EXEC_STAFF = ("Chief of Staff", "Executive Assistant", "Executive Assistant", "Strategy Analyst")


@dataclass(slots=True)
class Unit:
    id: str
    name: str
    kind: str
    parent: str
    dept: str
    size: int = 0
    members: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Person:
    idx: int
    pid: str
    name: str
    title: str
    unit: str
    level: str
    email: str
    dept: str
    kind: str
    manager: int = -1
    reports: list[int] = field(default_factory=list)


@dataclass
class Org:
    units: list[Unit]
    people: list[Person]
    by_id: dict[str, int]
    unit_by_id: dict[str, Unit]
    exec_boss: dict[str, str]


def allocate(pool: int) -> dict[str, int]:
    """Split `pool` people over departments by share, honouring caps and a minimum of 10."""
    fixed: dict[str, int] = {}
    while True:
        free = [d for d in DEPTS if d[0] not in fixed]
        rest = pool - sum(fixed.values())
        total = sum(d[3] for d in free)
        raw = {d[0]: rest * d[3] / total for d in free}
        over = {d[0]: d[4] for d in free if d[4] and raw[d[0]] > d[4]}
        under = {d[0]: 10 for d in free if raw[d[0]] < 10}
        if not over and not under:
            break
        fixed.update(over or under)
    sizes = {k: int(v) for k, v in raw.items()}
    short = rest - sum(sizes.values())
    for k in sorted(raw, key=lambda k: (sizes[k] - raw[k], k))[:short]:
        sizes[k] += 1
    sizes.update(fixed)
    return sizes


class _Builder:
    def __init__(self, n_people: int, rng: random.Random) -> None:
        self.rng = rng
        self.people: list[Person] = []
        self.used: set[str] = set()
        self.counter = 0
        # five digits, more only when the number needs them (p123456): the planted ids
        # (p00013-p00019) are the same at every head count, 1,000,000 people included
        self.width = 5
        self.full = False   # one-initial names used up (see name())

    def name(self) -> tuple[str, str]:
        rng = self.rng
        for attempt in range(0 if self.full else 10_000):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            if attempt < 2:
                name, local = f"{first} {last}", f"{first}.{last}"
            else:
                mid = chr(65 + rng.randrange(26))
                name, local = f"{first} {mid}. {last}", f"{first}.{mid}.{last}"
            if name not in self.used:
                self.used.add(name)
                return name, local.lower()
        # The names with one initial (about 267,000) are used up: from here on, two
        # initials (6.7 million more). Smaller orgs never get here, so their output is
        # unchanged.
        self.full = True
        for _ in range(10_000):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            m1, m2 = chr(65 + rng.randrange(26)), chr(65 + rng.randrange(26))
            name, local = f"{first} {m1}. {m2}. {last}", f"{first}.{m1}.{m2}.{last}"
            if name not in self.used:
                self.used.add(name)
                return name, local.lower()
        raise RuntimeError("name pool exhausted")

    def add(self, unit: Unit, level: str, title: str, pid: str = "", domain: str = DOMAIN) -> int:
        if not pid:
            self.counter += 1
            pid = f"p{self.counter:0{self.width}d}"
        name, local = self.name()
        no_mail = level in ("contractor", "vendor_contact") and self.rng.random() < 0.3
        email = "" if no_mail else f"{local}@{domain}"
        idx = len(self.people)
        self.people.append(
            Person(idx, pid, name, title, unit.id, level, email, unit.dept, unit.kind)
        )
        unit.members.append(idx)
        return idx


def build_org(n_people: int, seed: int) -> Org:
    """Build the organisation: about `n_people` people (exactly, for n_people >= 200)."""
    if n_people < 200:
        raise ValueError("--people must be at least 200")
    rng = random.Random(f"acme-org:{seed}")
    b = _Builder(n_people, rng)
    units: list[Unit] = [Unit("exec", "Executive Office", "business", "", "exec", 10)]
    n_extra_vendors = n_people // 2000
    vend_sizes = [len(v[3]) for v in VENDORS] + [2 + k % 4 for k in range(n_extra_vendors)]
    sizes = allocate(n_people - 10 - sum(vend_sizes))
    dept_units: dict[str, list[Unit]] = {}
    for dept_id, dname, kind, *_ in DEPTS:
        parent = "exec" if dept_id in ("it-office",) or kind == "business" else "it-office"
        size = sizes[dept_id]
        if size <= 60:
            us = [Unit(dept_id, dname, kind, parent, dept_id, size)]
        else:
            k = math.ceil((size - 12) / 45)
            us = [Unit(dept_id, dname, kind, parent, dept_id, 12)]
            for i in range(k):
                region = REGIONS_L[i % len(REGIONS_L)] + (
                    "" if i < len(REGIONS_L) else f" {i // len(REGIONS_L) + 1}"
                )
                sub = (size - 12) // k + (1 if i < (size - 12) % k else 0)
                us.append(
                    Unit(
                        f"{dept_id}-{i + 1:03d}", f"{dname} - {region}", kind, dept_id, dept_id, sub
                    )
                )
        dept_units[dept_id] = us
        units.extend(us)
    vendor_units: list[tuple[Unit, str, tuple[str, ...], str]] = []
    for vid, vname, domain, roles, lvl in VENDORS:
        vendor_units.append((Unit(vid, vname, "vendor", "", vid, len(roles)), domain, roles, lvl))
    for k in range(n_extra_vendors):
        a, c = EXTRA_VENDOR_A[k % 10], EXTRA_VENDOR_B[(k // 10) % 8]
        suffix = "" if k < 80 else f" {k // 80 + 1}"
        vid = f"v-ext{k + 1:03d}"
        roles = ("Account Manager",) + ("Consultant",) * (vend_sizes[len(VENDORS) + k] - 1)
        vendor_units.append(
            (
                Unit(vid, f"{a} {c}{suffix}", "vendor", "", vid, len(roles)),
                f"{a}{c}{k + 1}.example".lower(),
                roles,
                "vendor_contact",
            )
        )
    units.extend(v[0] for v in vendor_units)
    ub = {u.id: u for u in units}

    # 1. executives (named ids), 2. directors p00001.., 3. planted people, 4. vendors, 5. the rest
    ex = ub["exec"]
    for eid in EXEC_IDS:
        b.add(ex, "executive", EXEC_TITLES[eid], eid)
    b.add(ub["it-office"], "executive", EXEC_TITLES["cio"], "cio")
    heads: dict[str, int] = {}
    for d in DEPTS[1:]:
        heads[d[0]] = b.add(ub[d[0]], "director", d[6])
    pre: dict[str, list[tuple[int, str]]] = {}
    for pid, dept, level, title in PLANTED.values():
        idx = b.add(ub[dept], level, title, "")
        assert b.people[idx].pid == pid, (pid, b.people[idx].pid)
        pre.setdefault(dept, []).append((idx, level))
    for vu, domain, roles, lvl in vendor_units[: len(VENDORS)]:
        for i, role in enumerate(roles):
            b.add(vu, "vendor_contact" if i == 0 else lvl, role, domain=domain)
    # exec office staff
    for title in EXEC_STAFF:
        b.add(ex, "staff", title)
    ceo = 0
    people = b.people
    csuite = [b.people[i].idx for i in range(1, 6)]
    people[ceo].reports = [*csuite, 6, *ex.members[6:]]
    for i in people[ceo].reports:
        people[i].manager = ceo
    exec_boss = {d[0]: d[5] for d in DEPTS}
    by_pid = {p.pid: p.idx for p in people}
    heads["it-office"] = by_pid["cio"]

    specs = {d[0]: d for d in DEPTS}
    for dept_id, us in dept_units.items():
        spec = specs[dept_id]
        contractor_rate = 0.12 if spec[2] == "it" else (0.06 if dept_id == "bu-ops" else 0.0)
        director = heads[dept_id]
        if people[director].manager < 0:
            people[director].manager = by_pid[exec_boss[dept_id]]
            people[people[director].manager].reports.append(director)
        for ui, u in enumerate(us):
            if ui == 0:
                head = director
            else:
                head = b.add(u, "manager", f"Head of {u.name}")
                people[head].manager = director
                people[director].reports.append(head)
            n_mgr = max(1, round((u.size - 1) / 7))
            planted = pre.get(dept_id, []) if ui == 0 else []
            mgrs = [i for i, lvl in planted if lvl == "manager"]
            staff = [i for i, lvl in planted if lvl == "staff"]
            while len(mgrs) < n_mgr:
                mgrs.append(b.add(u, "manager", rng.choice(spec[7])))
            while len(u.members) < u.size:
                title = rng.choice(spec[8])
                if rng.random() < contractor_rate:
                    staff.append(b.add(u, "contractor", f"Contract {title}"))
                else:
                    staff.append(b.add(u, "staff", title))
            for m in mgrs:
                people[m].manager = head
                people[head].reports.append(m)
            for j, s in enumerate(staff):
                m = mgrs[j % len(mgrs)]
                people[s].manager = m
                people[m].reports.append(s)
    for vu, domain, roles, _lvl in vendor_units[len(VENDORS) :]:
        for role in roles:
            b.add(vu, "vendor_contact", role, domain=domain)
    return Org(units, people, {p.pid: p.idx for p in people}, ub, exec_boss)
