"""Self-check of the generated sample data: file contract and planted patterns (stdlib only).

    python samples/check_patterns.py samples/acme --next samples/acme-next-month

Exits 1 if any check fails.  Betweenness is computed exactly up to 1,500 people and
from a deterministic sample of source nodes above that (see --sources).
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections import Counter, deque
from datetime import datetime
from pathlib import Path

CHANNELS = {"meeting", "email", "chat", "call", "ticket", "project", "other"}
LEVELS = {"executive", "director", "manager", "staff", "contractor", "vendor_contact"}
E, B, X, L, S, K, D = "p00014", "p00015", "p00016", "p00017", "p00018", "p00019", "p00013"
CSUITE = ("cfo", "coo", "cmo", "chro", "gc", "cio")
failures: list[str] = []


def check(ok: bool, what: str) -> None:
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load_interactions(
    path: Path, people: set[str]
) -> list[tuple[str, str, list[str], datetime, str]]:
    rows = read(path)
    out = []
    bad = 0
    for r in rows:
        tg = r["targets"].split(";")
        ts = datetime.fromisoformat(r["timestamp"])
        w, dur = r["weight"], r["duration_minutes"]
        if (
            r["source"] not in people
            or r["source"] in tg
            or not set(tg) <= people
            or len(set(tg)) != len(tg)
            or r["channel"] not in CHANNELS
            or ts.tzinfo is None
            or (w and float(w) <= 0)
            or (dur and float(dur) < 0)
        ):
            bad += 1
        out.append((r["id"], r["source"], tg, ts, r["channel"]))
    check(bad == 0, f"{path}: {len(rows)} records, all valid (bad: {bad})")
    check(len({r[0] for r in out}) == len(out), f"{path}: ids unique")
    keys = [(r[3], r[0]) for r in out]
    check(keys == sorted(keys), f"{path}: sorted by timestamp then id")
    return out


def betweenness(adj: dict[str, set[str]], sources: list[str]) -> dict[str, float]:
    """Brandes' algorithm on an unweighted undirected graph (from the given sources)."""
    bc = dict.fromkeys(adj, 0.0)
    for s in sources:
        order, preds = [], {s: []}
        sigma, dist = {s: 1}, {s: 0}
        q = deque([s])
        while q:
            v = q.popleft()
            order.append(v)
            for w in adj[v]:
                if w not in dist:
                    dist[w] = dist[v] + 1
                    sigma[w], preds[w] = 0, []
                    q.append(w)
                if dist[w] == dist[v] + 1:
                    sigma[w] += sigma[v]
                    preds[w].append(v)
        delta = dict.fromkeys(order, 0.0)
        for w in reversed(order):
            for v in preds[w]:
                delta[v] += sigma[v] / sigma[w] * (1 + delta[w])
            if w != s:
                bc[w] += delta[w]
    return bc


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("org", type=Path)
    ap.add_argument("--next", type=Path, help="directory holding the extra month")
    ap.add_argument(
        "--sources",
        type=int,
        default=100,
        help="betweenness sample above 1,500 people (0: skip betweenness)",
    )
    args = ap.parse_args()
    units = {u["id"]: u for u in read(args.org / "units.csv")}
    people = {p["id"]: p for p in read(args.org / "people.csv")}
    check(
        all(u["kind"] in ("it", "business", "vendor") for u in units.values()), "unit kinds valid"
    )
    check(
        all(not u["parent"] or u["parent"] in units for u in units.values()), "unit parents exist"
    )
    check(all(p["unit"] in units and p["level"] in LEVELS for p in people.values()), "people valid")
    size = Counter(p["unit"] for p in people.values())
    odd = [u for u, v in units.items() if v["kind"] != "vendor" and not 10 <= size[u] <= 60]
    check(
        not odd,
        f"{len(people)} people, {len(units)} units; non-vendor units hold 10-60 people {odd}",
    )
    unit_of = {pid: p["unit"] for pid, p in people.items()}
    kind_of = {pid: units[u]["kind"] for pid, u in unit_of.items()}
    dept = {
        pid: u if units[u]["parent"] in ("", "exec", "it-office") else units[u]["parent"]
        for pid, u in unit_of.items()
    }
    recs = load_interactions(args.org / "interactions.csv", set(people))
    check(
        recs[0][3].date().isoformat() >= "2026-05-01"
        and recs[-1][3].date().isoformat() <= "2026-10-31",
        "main period within 2026-05-01..2026-10-31",
    )
    chans = Counter(r[4] for r in recs)
    check(set(chans) == CHANNELS, f"all 7 channels used: {dict(chans.most_common())}")
    weekend = sum(r[3].weekday() >= 5 for r in recs)
    check(weekend < 0.03 * len(recs), f"weekend records rare ({weekend})")

    def parts(r: tuple) -> list[str]:
        return [r[1], *r[2]]

    def common(recs: list, label: str, data_open: bool, legal_sec_ok: str | None) -> None:
        cmo_it = [
            r[0] for r in recs if "cmo" in parts(r) and any(kind_of[p] == "it" for p in parts(r))
        ]
        check(not cmo_it, f"{label} 1. cmo never with an IT person (violations {len(cmo_it)})")
        cloud = [r for r in recs if any(unit_of[p] == "v-cloudco" for p in parts(r))]
        others = {frozenset(p for p in parts(r) if unit_of[p] != "v-cloudco") for r in cloud}
        check(
            others == {frozenset({E})}, f"{label} 3. v-cloudco records ({len(cloud)}) only via {E}"
        )
        late = [r for r in recs if D in parts(r) and r[3].date().isoformat() >= "2026-08-03"]
        check(not late, f"{label} 6. {D} has no interaction from 2026-08-03 on ({len(late)})")
        xc = [r for r in recs if set(parts(r)) >= {X, "coo"}]
        from_x = sum(r[1] == X for r in xc)
        check(from_x > 0.9 * len(xc), f"{label} 7. {X}->coo one-sided: {from_x}/{len(xc)} from {X}")
        coo_it = [r for r in recs if r[1] == "coo" and any(kind_of[p] == "it" for p in r[2])]
        check(
            len(coo_it) <= 0.1 * max(1, len(xc)),
            f"{label} 7. coo rarely initiates to IT ({len(coo_it)})",
        )
        data_out = [
            r
            for r in recs
            if any(unit_of[p] == "it-data" for p in parts(r))
            and any(unit_of[p] != "it-data" for p in parts(r))
        ]
        if data_open:
            check(
                len(data_out) > 10,
                f"{label} 2'. it-data opened up ({len(data_out)} records with others)",
            )
        else:
            inside = sum(unit_of[r[1]] == "it-data" for r in recs)
            check(
                not data_out and inside > 20 * size["it-data"],
                f"{label} 2. it-data is a busy silo ({inside} internal, {len(data_out)} outside)",
            )
        ls = [
            r
            for r in recs
            if any(dept[p] == "bu-legal" for p in parts(r))
            and any(dept[p] == "it-sec" for p in parts(r))
        ]
        if legal_sec_ok:
            check(
                ls
                and all(
                    legal_sec_ok in parts(r) and sum(dept[p] == "bu-legal" for p in parts(r)) == 1
                    for r in ls
                ),
                f"{label} new bridge: {len(ls)} bu-legal/it-sec records, all via {L}",
            )
        else:
            check(not ls, f"{label} bu-legal and it-sec never interact ({len(ls)})")

    common(recs, "main", False, None)
    for v in ("v-erpsoft", "v-netsec", "v-outsource"):
        reach = {p for r in recs for p in parts(r) if kind_of[p] == "it"} & {
            p for r in recs if any(unit_of[q] == v for q in parts(r)) for p in parts(r)
        }
        check(len(reach) >= 3, f"main 3. {v} reached by {len(reach)} IT people")
    months = Counter(r[3].month for r in recs if set(parts(r)) == {"cio", "cfo"})
    may_jul = (months[5] + months[6] + months[7]) / 3
    check(
        months[10] <= 0.15 * may_jul and months[8] < may_jul,
        f"main 5. cio<->cfo per month decays: {[months[m] for m in range(5, 11)]}",
    )
    check(any(D in parts(r) for r in recs), f"main 6. {D} is active before the last 90 days")
    cmo_with = {unit_of[p] for r in recs if "cmo" in parts(r) for p in parts(r)}
    check(
        {"exec", "bu-marketing", "bu-sales"} <= cmo_with,
        f"main 1. cmo talks to exec, marketing and sales ({sorted(cmo_with)})",
    )
    for c in CSUITE:
        check(any({"ceo", c} <= set(parts(r)) for r in recs), f"main 8. ceo talks to {c}")
    # 4. the relationship manager bridges IT and business
    adj: dict[str, set[str]] = {p: set() for p in people}
    for r in recs:
        for t in r[2]:
            adj[r[1]].add(t)
            adj[t].add(r[1])
    b_units = {unit_of[p] for p in adj[B]}
    b_depts = {d for d in (dept[p] for p in adj[B])}
    check(
        sum(units[u]["kind"] == "business" for u in {dept[p] for p in adj[B]}) >= 6
        and sum(units[u]["kind"] == "it" for u in b_depts) >= 5,
        f"main 4. {B} touches {len(b_units)} units / {len(b_depts)} departments",
    )
    nodes = sorted(adj)
    if args.sources:
        srcs = nodes if len(nodes) <= 1500 else random.Random(0).sample(nodes, args.sources)
        bc = betweenness(adj, srcs)
        top = sorted(bc, key=lambda p: -bc[p])
        print("     top betweenness:", ", ".join(f"{p}({unit_of[p]})" for p in top[:8]))
        check(top.index(B) < 3, f"main 4. {B} betweenness rank {top.index(B) + 1}")
    biz_it = Counter()
    for r in recs:
        for t in r[2]:
            a, b = kind_of[r[1]], kind_of[t]
            if {a, b} == {"it", "business"}:
                biz_it[dept[r[1]] if a == "business" else dept[t], B in (r[1], t)] += 1
    print(
        "     business<->IT edge records by department (without B / with B):",
        {d: (biz_it[d, False], biz_it[d, True]) for d in sorted({k[0] for k in biz_it})},
    )
    if args.next:
        nxt = load_interactions(args.next / "interactions.csv", set(people))
        check(
            nxt[0][3].date().isoformat() >= "2026-11-01"
            and nxt[-1][3].date().isoformat() <= "2026-11-30",
            "next month within 2026-11",
        )
        check(not {r[0] for r in nxt} & {r[0] for r in recs}, "next month ids do not collide")
        common(nxt, "next", True, L)
    print(f"{len(failures)} failed" if failures else "all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
