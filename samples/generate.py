"""Deterministic generator for the "Acme Components" sample organisation.

    python samples/generate.py --out samples/acme
    python samples/generate.py --out samples/acme-next-month --extra-month

Writes units.csv, people.csv and interactions.csv (or *.jsonl with --format jsonl).
Stdlib only; same arguments give byte-identical output.  See samples/README.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

try:
    from acme_activity import Sim
    from acme_org import Org, build_org
    from acme_plan import write_plan
except ImportError:  # imported as samples.generate
    from samples.acme_activity import Sim
    from samples.acme_org import Org, build_org
    from samples.acme_plan import write_plan

COLUMNS = {
    "units": ("id", "name", "kind", "parent"),
    "people": ("id", "name", "title", "unit", "level", "email"),
    "interactions": (
        "id",
        "source",
        "targets",
        "timestamp",
        "channel",
        "weight",
        "duration_minutes",
    ),
}
OPTIONAL = {"parent", "email", "weight", "duration_minutes"}


@contextmanager
def table(out: Path, name: str, fmt: str) -> Iterator[Callable[[tuple[str, ...]], None]]:
    """Open out/name.{csv,jsonl}; yield a function writing one row of string values."""
    cols = COLUMNS[name]
    with open(out / f"{name}.{fmt}", "w", encoding="utf-8", newline="") as fh:
        if fmt == "csv":
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(cols)
            yield w.writerow
        else:
            yield lambda row: _jsonl(fh, cols, row)


def _jsonl(fh: IO[str], cols: tuple[str, ...], row: tuple[str, ...]) -> None:
    obj: dict[str, Any] = {
        c: (v or None) if c in OPTIONAL else v for c, v in zip(cols, row, strict=True)
    }
    if "targets" in obj:
        obj["targets"] = obj["targets"].split(";")
        obj["weight"] = float(obj["weight"]) if obj["weight"] else None
        dur = obj["duration_minutes"]
        obj["duration_minutes"] = int(dur) if dur else None
    fh.write(json.dumps(obj, ensure_ascii=False) + "\n")


def calibrate(org: Org, args: argparse.Namespace) -> tuple[float, float]:
    """Dry-run every 9th day (short periods: every day) to scale structural/ad-hoc activity to --interactions records."""
    sim = Sim(org, random.Random(f"acme-calibrate:{args.seed}"), args.months, args.extra_month)
    counts = [0, 0, 0]
    step = 9 if len(sim.days) > 62 else 1
    for _, recs in sim.run(step):
        for r in recs:
            counts[r[7]] += 1
    fixed, struct, adhoc = counts
    target = args.interactions * len(range(0, len(sim.days), step)) / len(sim.days)
    if target >= fixed + struct + adhoc:
        return 1.0, (target - fixed - struct) / max(adhoc, 1)
    f = max(0.01, (target - fixed) / max(struct + adhoc, 1))
    return f, f


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--out", type=Path, required=True, help="output directory")
    ap.add_argument("--people", type=int, default=360, help="head count (>= 200)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument(
        "--months", type=int, default=6, help="length of the main period from 2026-05-01"
    )
    ap.add_argument(
        "--interactions", type=int, default=0, help="approximate number of records wanted"
    )
    ap.add_argument(
        "--extra-month", action="store_true", help="write only the month after the main period"
    )
    ap.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    ap.add_argument(
        "--utc-offset", default="+00:00", help="offset written in timestamps (local times)"
    )
    args = ap.parse_args(argv)
    off = args.utc_offset
    if len(off) != 6 or off[0] not in "+-" or off[3] != ":" or not (off[1:3] + off[4:]).isdigit():
        ap.error("--utc-offset must look like +02:00")
    if not 1 <= args.months <= 24:
        ap.error("--months must be between 1 and 24")
    org = build_org(args.people, args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    if not args.extra_month:
        with table(args.out, "units", args.format) as row:
            for u in org.units:
                row((u.id, u.name, u.kind, u.parent))
        with table(args.out, "people", args.format) as row:
            for p in org.people:
                row((p.pid, p.name, p.title, p.unit, p.level, p.email))
    struct, adhoc = calibrate(org, args) if args.interactions > 0 else (1.0, 1.0)
    rng = random.Random(f"acme-activity:{args.seed}:{'extra' if args.extra_month else 'main'}")
    sim = Sim(org, rng, args.months, args.extra_month, struct, adhoc)
    if not args.extra_month:
        write_plan(args.out, org, sim)  # the relationship plan (samples/README.md)
    pid = [p.pid for p in org.people]
    hhmm = [f"T{m // 60:02d}:{m % 60:02d}:00{off}" for m in range(1440)]
    prefix, n = ("n" if args.extra_month else "i"), 0
    with table(args.out, "interactions", args.format) as row:
        for d, recs in sim.run():
            day = d.isoformat()
            for m, src, tgts, ch, w, dur, _tag, _cls in recs:
                n += 1
                row(
                    (
                        f"{prefix}{n:07d}",
                        pid[src],
                        ";".join([pid[t] for t in tgts]),
                        day + hhmm[m],
                        ch,
                        w,
                        dur,
                    )
                )
    print(
        f"generate.py: {len(org.people)} people, {len(org.units)} units, {n} interactions "
        f"({sim.days[0]}..{sim.days[-1]}) -> {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
