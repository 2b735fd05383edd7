"""Activity simulation for the "Acme Components" sample organisation (stdlib only).

`Sim` walks the period day by day and yields each day's interaction records, sorted
by time.  Generators add raw records; `Sim.admit` then enforces the planted patterns
(documented in samples/README.md) by dropping participants a record may not include.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

try:
    from acme_org import ISOLATED_DIRECTOR, PLANTED, Org
except ImportError:  # imported as samples.acme_activity
    from samples.acme_org import ISOLATED_DIRECTOR, PLANTED, Org

START = date(2026, 5, 1)
IT, CMO, DATA, LEGAL, SEC, CLOUD, SPECIAL = 1, 2, 4, 8, 16, 32, 64
RESTRICTED = CMO | DATA | LEGAL | SEC | CLOUD | SPECIAL
DECAY = (0.45, 0.22, 0.1)  # CIO<->CFO activity in the last three months (and after)
LEVEL_W = {"executive": 3.0, "director": 2.5, "manager": 1.8, "staff": 1.0, "contractor": 0.7}
DAY_END = 19 * 60 + 15
# minute-of-day profile of ad-hoc activity: 07:30-19:00, dips at lunch
PROFILE = [
    m
    for m in range(450, 1140)
    for _ in range(1 + (m // 30 in (18, 19, 20, 21, 28, 29, 30, 31)) * 2 - (m // 60 == 12))
]
SLOTS = [h * 60 + m for h in range(8, 17) for m in (30, 0) if (h, m) != (8, 0) and h != 12]
# A raw record: minute of day, source, targets, channel, weight, duration, tag (exempts the
# record from one pattern rule), class (0 fixed/planted, 1 recurring meeting, 2 ad hoc).
Raw = tuple[int, int, tuple[int, ...], str, str, str, str, int]


def month_end(d: date) -> date:
    return (d.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    return d.replace(year=d.year + y, month=m + 1, day=1)


class Sim:
    """Day-by-day activity simulation; `run` yields each day's admitted records sorted."""

    def __init__(
        self,
        org: Org,
        rng: random.Random,
        months: int,
        extra: bool,
        struct: float = 1.0,
        adhoc: float = 1.0,
    ) -> None:
        self.org, self.rng, self.extra = org, rng, extra
        self.struct, self.adhoc = struct, adhoc
        main_end = month_end(add_months(START, months - 1))
        first = main_end + timedelta(days=1) if extra else START
        last = month_end(first) if extra else main_end
        self.days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        self.monday0 = first - timedelta(days=first.weekday())
        self.isolated_from = main_end - timedelta(days=96)
        self.pending: dict[int, list[Raw]] = {}
        P = org.people
        idx = org.by_id
        self.cio, self.cfo, self.coo, self.cmo, self.ceo = (
            idx[x] for x in ("cio", "cfo", "coo", "cmo", "ceo")
        )
        self.E, self.B, self.X, self.L, self.S, self.K = (idx[PLANTED[k][0]] for k in PLANTED)
        self.D = idx[ISOLATED_DIRECTOR]
        self.flag = [0] * len(P)
        for p in P:
            f = IT if p.kind == "it" else 0
            f |= DATA if p.dept == "it-data" else 0
            f |= LEGAL if p.dept == "bu-legal" else 0
            f |= SEC if p.dept == "it-sec" else 0
            f |= CLOUD if p.dept == "v-cloudco" else 0
            self.flag[p.idx] = f
        self.flag[self.cmo] |= CMO
        for s in (self.cio, self.cfo, self.coo, self.X, self.D):
            self.flag[s] |= SPECIAL
        org_people = [p.idx for p in P if p.kind != "vendor"]
        self.org_people = org_people
        self.team = {p.idx: [p.idx, *p.reports] for p in P if p.reports}
        self.up = [self.team.get(p.manager, [p.idx]) for p in P]
        unit_m = {u.id: u.members for u in org.units}
        dept_m: dict[str, list[int]] = {}
        for p in P:
            dept_m.setdefault(p.dept, []).append(p.idx)
        self.unit_l = [unit_m[p.unit] for p in P]
        self.dept_l = [dept_m[p.dept] for p in P]
        self.data = dept_m["it-data"]
        lead = ("executive", "director")
        biz = [i for i in org_people if P[i].kind == "business"]
        it = [i for i in org_people if P[i].kind == "it" and not self.flag[i] & DATA]
        self.biz, self.it = biz, it
        self.biz_staff = [i for i in biz if P[i].level not in lead]
        biz_leads = [i for i in biz if P[i].reports]
        it_leads = [i for i in it if P[i].reports or P[i].level in lead]
        front = [i for i in it if P[i].dept in ("it-desk", "it-apps")]
        self.side = [biz if P[i].kind == "business" else it for i in range(len(P))]
        self.lead_side = [biz_leads if P[i].kind == "business" else it_leads for i in range(len(P))]
        self.cross = [front if P[i].kind == "business" else self.biz_staff for i in range(len(P))]
        self.is_lead = [bool(p.reports) for p in P]
        self.desk = list(dept_m["it-desk"])
        self.resolvers = [
            i for i in it if P[i].dept in ("it-apps", "it-infra", "it-sec") and not P[i].reports
        ]
        w = [LEVEL_W.get(P[i].level, 1.0) for i in org_people]
        self.mail_cw = _cum(w)
        self.chat_cw = _cum([1.0 / x for x in w])
        self.biz_leads, self.it_leads = biz_leads, it_leads
        self._schedule(dept_m)

    # ---------------------------------------------------------------- set-up
    def _schedule(self, dept_m: dict[str, list[int]]) -> None:
        rng, P = self.rng, self.org.people
        self.weekly: list[list[tuple[int, int, tuple[int, ...], str, int, int]]] = [
            [] for _ in range(5)
        ]
        # (minute, src, targets, channel, duration, flags: 1 keep (exec) | 2 odd weeks | 4 even weeks)
        csuite = (self.cfo, self.coo, self.cmo, self.org.by_id["chro"], self.org.by_id["gc"])
        for m, members in self.team.items():
            reps = tuple(members[1:])
            keep = 1 if P[m].level == "executive" else 0
            if m == self.ceo:  # executive committee (the CIO is not a member)
                reps = (*csuite, P[m].reports[-4])
            elif m == self.cio:
                reps = (*reps, self.B)
            if len(reps) >= 2:
                self.weekly[rng.randrange(5)].append(
                    (rng.choice(SLOTS), m, reps, "meeting", rng.choice((30, 45, 60)), keep)
                )
            for r in members[1:]:  # bi-weekly 1:1s
                ch = "call" if rng.random() < 0.15 else "meeting"
                self.weekly[rng.randrange(5)].append(
                    (rng.choice(SLOTS), m, (r,), ch, 30, keep | (2 << rng.randrange(2)))
                )
        # projects mixing IT and business people
        self.projects: list[tuple[int, int, list[int]]] = []
        pms = [
            i
            for i in self.it_leads
            if P[i].dept in ("it-office", "it-apps") and P[i].level == "manager"
        ]
        it_pool = [i for i in self.it if P[i].dept in ("it-apps", "it-infra", "it-sec", "it-desk")]
        sponsors = [
            "bu-sales",
            "bu-finance",
            "bu-ops",
            "bu-hr",
            "bu-supply",
            "bu-legal",
            "bu-marketing",
        ]
        n_weeks = len(self.days) // 7 + 1
        for k in range(max(3, len(self.org_people) // 120)):
            dept = sponsors[k % len(sponsors)]
            pool = [i for i in it_pool if not (dept == "bu-legal" and self.flag[i] & SEC)]
            bpool = [i for i in dept_m[dept] if i != self.D]
            members = [
                rng.choice(pms),
                *rng.sample(pool, 3),
                *rng.sample(bpool, min(len(bpool), 3)),
            ]
            members = list(dict.fromkeys(members))
            start = rng.randrange(max(1, n_weeks - 8))
            self.projects.append((start, start + rng.randint(8, 20), members))
            self.weekly[rng.randrange(5)].append(
                (rng.choice(SLOTS), members[0], tuple(members[1:]), "meeting", 60, 8 + 16 * k)
            )
        # vendors: weekly status calls with their IT contacts (v-cloudco: planted, below)
        self.vendors: list[tuple[list[int], list[int]]] = []
        contact_depts = {
            "v-erpsoft": ("it-apps",),
            "v-netsec": ("it-sec",),
            "v-outsource": ("it-desk", "it-infra"),
        }
        for u in self.org.units:
            if u.kind != "vendor" or u.id == "v-cloudco":
                continue
            pool = [i for i in self.it if P[i].dept in contact_depts.get(u.id, (P[i].dept,))]
            contacts = rng.sample(pool, min(4, len(pool)))
            if u.id == "v-erpsoft":
                contacts[0] = self.X
            self.vendors.append((u.members, contacts))
            self.weekly[rng.randrange(5)].append(
                (rng.choice(SLOTS), u.members[0], (*u.members[1:2], *contacts[:3]), "call", 45, 0)
            )
        # vacations: one block of 5 or 10 weekdays in summer for most people
        self.vacations: list[tuple[int, int, int]] = []  # person, first day, day back
        summer = [
            i
            for i, d in enumerate(self.days)
            if d.weekday() == 0 and date(2026, 6, 15) <= d <= date(2026, 8, 31)
        ]
        planted = {
            self.ceo,
            self.cio,
            self.cfo,
            self.coo,
            self.cmo,
            self.E,
            self.B,
            self.X,
            self.D,
            self.K,
            self.L,
            self.S,
        }
        for i in self.org_people:
            if summer and i not in planted and rng.random() < 0.85:
                s = rng.choice(summer)
                self.vacations.append((i, s, s + rng.choice((5, 12))))
        self.away: set[int] = set()
        self._planted()

    def _planted(self) -> None:
        """Fixed-count events of the planted patterns (never scaled)."""
        rng = self.rng
        self.fixed: dict[int, list[Raw]] = {}
        wdays = [i for i, d in enumerate(self.days) if d.weekday() < 5]

        def put(di: int, src: int, tgts: tuple[int, ...], ch: str, tag: str, dur: str = "") -> None:
            slot = rng.choice(SLOTS) if ch == "meeting" else rng.choice(PROFILE)
            self.fixed.setdefault(di, []).append((slot, src, tgts, ch, "", dur, tag, 0))

        # 5. CIO <-> CFO: 18 per month, then 45%, 22%, 10% in the last three months
        months = sorted({(self.days[i].year, self.days[i].month) for i in wdays})
        for mi, ym in enumerate(months):
            back = len(months) - mi
            factor = (
                DECAY[-1]
                if self.extra
                else (DECAY[3 - back] if back <= 3 and len(months) > back else 1.0)
            )
            mdays = [i for i in wdays if (self.days[i].year, self.days[i].month) == ym]
            for di in sorted(rng.sample(mdays, min(len(mdays), round(18 * factor)))):
                a, b = (self.cio, self.cfo) if rng.random() < 0.5 else (self.cfo, self.cio)
                ch = rng.choice(("meeting", "meeting", "email", "email", "email", "call"))
                put(di, a, (b,), ch, "decay", "" if ch == "email" else str(rng.choice((30, 45))))
        # 7. one-sided: X e-mails the COO ~3 times a week; the COO answers ~4% of them
        sent = [di for di in wdays if rng.random() < 0.6]
        for di in sent:
            put(di, self.X, (self.coo,), "email", "onesided")
        for di in rng.sample(sent, round(len(sent) * 0.04)):
            put(di, self.coo, (self.X,), "email", "onesided")
        # 3. v-cloudco is reached only through the cloud engineer E
        cloud = self.org.unit_by_id["v-cloudco"].members
        am = cloud[0]
        for di in wdays:
            d = self.days[di]
            if d.weekday() == 1:
                put(di, am, (self.E, cloud[2]), "call", "cloud", "30")
            if d.weekday() == 3 and d.day <= 7:
                put(di, am, (self.E, *cloud[1:]), "meeting", "cloud", "60")
            if rng.random() < 0.35:
                v = rng.choice(cloud)
                put(
                    di,
                    *((self.E, (v,)) if rng.random() < 0.5 else (v, (self.E,))),
                    "email",
                    "cloud",
                )
        if not self.extra:
            return
        # extra month: it-data opens up to sales/finance, and a legal <-> security bridge appears
        P = self.org.people
        sales = [i for i in self.biz_leads if P[i].dept == "bu-sales"][:2]
        partners = [*sales, *[i for i in self.biz_leads if P[i].dept == "bu-finance"][:2]]
        data_staff = [i for i in self.data if i != self.K][:3]
        for di in wdays:
            wd = self.days[di].weekday()
            if wd == 2:
                put(di, self.K, (*data_staff[:2], *partners), "meeting", "open", "60")
            if wd == 3:
                put(
                    di, self.L, (self.S, self.org.people[self.S].manager), "meeting", "bridge", "45"
                )
            for _ in range(4):
                a, b = rng.choice(self.data), rng.choice(partners)
                put(
                    di,
                    *((a, (b,)) if rng.random() < 0.5 else (b, (a,))),
                    rng.choice(("email", "chat")),
                    "open",
                )
            if rng.random() < 0.6:
                put(
                    di,
                    *((self.L, (self.S,)) if rng.random() < 0.5 else (self.S, (self.L,))),
                    "email",
                    "bridge",
                )

    # ----------------------------------------------------------------- policy
    def admit(self, di: int, r: Raw) -> Raw | None:
        """Enforce the planted patterns: drop participants a record may not include."""
        _m, src, tgts, _ch, _w, _dur, tag, _c = r
        away, flag = self.away, self.flag
        if src in tgts:
            tgts = tuple(t for t in tgts if t != src)
        if len(tgts) > 1 and len(set(tgts)) != len(tgts):
            tgts = tuple(dict.fromkeys(tgts))
        if src in away or (away and any(t in away for t in tgts)):
            if src in away:
                return None
            tgts = tuple(t for t in tgts if t not in away)
        mask = flag[src]
        for t in tgts:
            mask |= flag[t]
        if mask & RESTRICTED:
            tgts = self._restrict(di, src, tgts, tag, mask)
            if tgts is None:
                return None
        if not tgts:
            return None
        return r if tgts is r[2] else (r[0], src, tgts, *r[3:])

    def _restrict(
        self, di: int, src: int, tgts: tuple[int, ...], tag: str, mask: int
    ) -> tuple[int, ...] | None:
        flag = self.flag
        ts = list(tgts)
        if (self.D in ts or src == self.D) and self.days[di] >= self.isolated_from:
            if src == self.D:
                return None
            ts.remove(self.D)
        if mask & CMO and mask & IT:
            if src == self.cmo:
                ts = [t for t in ts if not flag[t] & IT]
            else:
                ts = [t for t in ts if t != self.cmo]
        if mask & DATA and tag != "open":
            if flag[src] & DATA:
                ts = [t for t in ts if flag[t] & DATA]
            else:
                ts = [t for t in ts if not flag[t] & DATA]
        if mask & LEGAL and mask & SEC and tag != "bridge":
            drop = LEGAL if flag[src] & SEC else SEC
            ts = [t for t in ts if not flag[t] & drop]
        if mask & CLOUD and tag != "cloud":
            ts = [t for t in ts if not flag[t] & CLOUD]
        for a, b, ok in ((self.cio, self.cfo, "decay"), (self.X, self.coo, "onesided")):
            if tag != ok and (src == a or a in ts) and (src == b or b in ts):
                ts = [t for t in ts if t != (a if src == b else b)]
        if src == self.coo and tag != "onesided":  # the COO never initiates towards IT
            ts = [t for t in ts if not flag[t] & IT]
        return tuple(ts)

    # --------------------------------------------------------------- activity
    def count(self, mean: float) -> int:
        r = self.rng.random
        return int(mean * (0.85 + 0.3 * r()) + r())

    def pick(self, p: int) -> int:
        rng = self.rng
        if self.flag[p] & DATA:
            return rng.choice(self.data)
        r = rng.random()
        if r < 0.45:
            lst = (
                self.team[p]
                if p in self.team and (rng.random() < 0.5 or len(self.up[p]) < 2)
                else self.up[p]
            )
        elif r < 0.70:
            lst = self.unit_l[p]
        elif r < 0.83:
            lst = self.dept_l[p]
        elif r < 0.985:
            lst = self.lead_side[p] if self.is_lead[p] and rng.random() < 0.6 else self.side[p]
        else:
            lst = self.cross[p]
        return rng.choice(lst)

    def pick_many(self, p: int, k: int) -> tuple[int, ...]:
        out: list[int] = []
        for _ in range(3 * k):
            t = self.pick(p)
            if t != p and t not in out:
                out.append(t)
                if len(out) == k:
                    break
        return tuple(out)

    def later(self, di: int, raw: list[Raw], r: Raw) -> None:
        if r[0] < DAY_END:
            raw.append(r)
            return
        nxt = di + 1
        while nxt < len(self.days) and self.days[nxt].weekday() >= 5:
            nxt += 1
        if nxt < len(self.days):
            self.pending.setdefault(nxt, []).append((480 + self.rng.randrange(90), *r[1:]))  # type: ignore[arg-type]

    def senders(self, n: int, chat: bool = False) -> list[int]:
        cw = self.chat_cw if chat else self.mail_cw
        return self.rng.choices(self.org_people, cum_weights=cw, k=n) if n > 0 else []

    def email(self, di: int, raw: list[Raw], p: int, k: int, cls: int = 2) -> None:
        rng = self.rng
        tg = self.pick_many(p, k)
        if not tg:
            return
        m = rng.choice(PROFILE)
        raw.append((m, p, tg, "email", "0.5" if len(tg) >= 4 else "", "", "", cls))
        if rng.random() < 0.5:
            q = tg[0]
            m2 = m + rng.choice((5, 15, 30, 45, 60, 90, 120, 240))
            back = (p, *tg[1:]) if rng.random() < 0.2 else (p,)
            self.later(di, raw, (m2, q, back, "email", "", "", "", cls))
            if rng.random() < 0.3:
                self.later(
                    di, raw, (m2 + rng.choice((10, 30, 60)), p, (q,), "email", "", "", "", cls)
                )

    def weekday(self, di: int, raw: list[Raw]) -> None:
        rng, a = self.rng, self.adhoc
        d = self.days[di]
        week = (d - self.monday0).days // 7
        for m, src, tgts, ch, dur, fl in self.weekly[d.weekday()]:
            if fl & 6 and not fl & (2 << (week % 2)):
                continue
            if fl >= 8:
                start, end, _ = self.projects[(fl - 8) // 16]
                if not start <= week < end:
                    continue
            if rng.random() < (0.05 if fl & 1 else 1 - 0.95 * self.struct):
                continue
            raw.append((m, src, tgts, ch, "", str(dur), "", 0 if fl & 1 else 1))
        n = len(self.org_people)
        for p in self.senders(self.count(0.33 * n * a)):
            r = rng.random()
            self.email(di, raw, p, 1 if r < 0.6 else 2 if r < 0.8 else rng.randint(3, 5))
        for p in self.senders(self.count(0.2 * n * a), chat=True):
            lst = (
                self.data
                if self.flag[p] & DATA
                else self.up[p]
                if rng.random() < 0.8
                else self.unit_l[p]
            )
            q = rng.choice(lst)
            if q == p:
                continue
            m, s = rng.choice(PROFILE), p
            for _ in range(1 + rng.choice((0, 1, 1, 2, 3))):
                raw.append((m, s, (q,), "chat", "", "", "", 2))
                s, q, m = q, s, m + rng.randint(1, 10)
        for p in self.senders(self.count(0.04 * n * a)):
            tg = self.pick_many(p, 1)
            if tg:
                raw.append(
                    (
                        rng.choice(PROFILE),
                        p,
                        tg,
                        "call",
                        "",
                        str(rng.choice((5, 10, 15, 20, 30, 45))),
                        "",
                        2,
                    )
                )
        for p in self.senders(self.count(0.015 * n * a)):
            tg = self.pick_many(p, rng.randint(2, 6))
            if tg:
                raw.append(
                    (rng.choice(SLOTS), p, tg, "other", "", rng.choice(("", "60", "90")), "", 2)
                )
        for pool, rate in ((self.biz_staff, 0.03), (self.it, 0.01)):
            for _ in range(self.count(rate * len(pool) * a)):
                self.ticket(di, raw, rng.choice(pool))
        for start, end, members in self.projects:
            if start <= week < end:
                for _ in range(self.count(0.25 * len(members) * a)):
                    p = rng.choice(members)
                    tg = tuple(t for t in rng.sample(members, rng.randint(1, 3)) if t != p)
                    if tg:
                        raw.append((rng.choice(PROFILE), p, tg, "project", "", "", "", 2))
        for vend, contacts in self.vendors:
            for _ in range(self.count(0.9 * a)):
                ch = rng.choice(("email", "email", "call", "meeting"))
                v, cs = (
                    rng.choice(vend),
                    tuple(rng.sample(contacts, 1 if ch != "meeting" else rng.randint(2, 3))),
                )
                if ch == "meeting":
                    src, tg = vend[0], (*cs, *(x for x in vend[1:2] if x != vend[0]))
                else:
                    src, tg = (v, cs) if rng.random() < 0.5 else (cs[0], (v,))
                raw.append(
                    (rng.choice(PROFILE), src, tg, ch, "", "" if ch == "email" else "45", "", 2)
                )
        self.brm(raw)
        ex = (
            self.ceo,
            self.cfo,
            self.coo,
            self.cmo,
            self.org.by_id["chro"],
            self.org.by_id["gc"],
            self.cio,
        )
        for _ in range(self.count(3)):
            p = rng.choice(ex)
            tg = tuple(x for x in rng.sample(ex, rng.randint(1, 3)) if x != p)
            if tg:
                raw.append(
                    (
                        rng.choice(PROFILE),
                        p,
                        tg,
                        rng.choice(("email", "email", "call", "chat")),
                        "",
                        "",
                        "",
                        0,
                    )
                )

    def ticket(self, di: int, raw: list[Raw], p: int) -> None:
        rng = self.rng
        agent = rng.choice(self.desk)
        m = rng.choice(PROFILE)
        raw.append((m, p, (agent,), "ticket", "2.0" if rng.random() < 0.08 else "", "", "", 2))
        if rng.random() < 0.7:
            self.later(di, raw, (m + rng.randint(20, 300), agent, (p,), "ticket", "", "", "", 2))
        if rng.random() < 0.25:
            res = rng.choice(self.resolvers)
            m2 = m + rng.randint(30, 200)
            self.later(di, raw, (m2, agent, (res,), "ticket", "", "", "", 2))
            if rng.random() < 0.5:
                self.later(
                    di, raw, (m2 + rng.randint(30, 300), res, (agent,), "ticket", "", "", "", 2)
                )

    def brm(self, raw: list[Raw]) -> None:
        """4. the relationship manager B talks to business leaders and IT leaders every day."""
        rng, B = self.rng, self.B
        for _ in range(self.count(5)):
            r = rng.random()
            if r < 0.55:
                other = (
                    rng.choice(self.biz_leads)
                    if rng.random() < 0.75
                    else rng.choice(self.biz_staff)
                )
            elif r < 0.95:
                other = rng.choice(self.it_leads)
            else:
                other = rng.choice(self.biz_leads)
            ch = rng.choice(("meeting", "meeting", "email", "email", "email", "call", "chat"))
            dur = "" if ch in ("email", "chat") else str(rng.choice((30, 45, 60)))
            if other == B:
                continue
            src, tg = (B, (other,)) if rng.random() < 0.65 else (other, (B,))
            if r >= 0.95:
                src, tg = B, tuple(dict.fromkeys((other, rng.choice(self.it_leads))))
            raw.append(
                (
                    rng.choice(SLOTS) if ch == "meeting" else rng.choice(PROFILE),
                    src,
                    tg,
                    ch,
                    "",
                    dur,
                    "",
                    0,
                )
            )

    def weekend(self, di: int, raw: list[Raw]) -> None:
        for p in self.senders(self.count(0.03 * len(self.org_people) * self.adhoc)):
            if self.is_lead[p]:
                self.email(di, raw, p, 1)

    def run(self, step: int = 1) -> Iterator[tuple[date, list[Raw]]]:
        """Simulate every day (or every `step`-th day, for calibration)."""
        for di in range(0, len(self.days), step):
            d = self.days[di]
            self.away = {p for p, a, b in self.vacations if a <= di < b}
            raw = self.pending.pop(di, [])
            for k in [k for k in self.pending if k < di]:  # only when sampling days
                raw.extend(self.pending.pop(k))
            raw.extend(self.fixed.get(di, ()))
            if d.weekday() < 5:
                self.weekday(di, raw)
            else:
                self.weekend(di, raw)
            out = [x for r in raw if (x := self.admit(di, r)) is not None]
            out.sort(key=lambda r: r[0])
            yield d, out


def _cum(w: list[float]) -> list[float]:
    acc, out = 0.0, []
    for x in w:
        acc += x
        out.append(acc)
    return out
