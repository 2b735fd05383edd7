"""Property test (hypothesis): no input makes relgraph crash.

Generated organisations, with every field type pushed to its extremes (numbers: inf,
nan, 1e308, negative, subnormal; timestamps: years 1 to 9999, odd offsets, garbage;
text: control characters, ANSI/OSC escapes, Markdown and HTML payloads, formula
prefixes, astral-plane characters), are written as CSV or JSON Lines and fed through
``ingest --skip-invalid``, ``analyze``, ``audit`` and ``map``. Every command must end
with exit code 0, 1 (findings) or 2 (input or usage error): never 3 (an internal
error) and never a traceback; the terminal output carries no control character.

Bounded in time: a few examples per run (``max_examples``; more with
``RELGRAPH_HYPOTHESIS_EXAMPLES=200``), no deadline per example (a map takes a while on a
loaded machine), no example database written.
"""

from __future__ import annotations

import csv
import json
import os
import unicodedata
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from relgraph.cli import main

HOSTILE = st.sampled_from([
    "", " ", "\x1b]0;pwned\x07", "\x1b[2J", "\x9b31m", "=HYPERLINK(\"http://x\")", "+1", "@SUM",
    "`[x](https://evil.example)`", "<img src=x onerror=alert(1)>", "\u202egnp.exe", "a\nb",
    "a|b", "\U0001f600", "\x00", "\ud7ff", "x" * 600, "ñ", "Δ", "0", "-1", "nan", "inf",
])
TEXT = st.one_of(HOSTILE, st.text(max_size=30))
NUMBER = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 1e308, -1e308, 5e-324, 1e6, 1e6 + 1, 525600.0, 525601.0]),
    st.integers(min_value=-(10**20), max_value=10**20),
    TEXT,
)
TIMESTAMP = st.one_of(
    st.datetimes().map(lambda d: d.isoformat()),
    st.builds(lambda d, h: d.isoformat() + (f"+{h:02d}:00" if h >= 0 else f"-{-h:02d}:00"),
              st.datetimes(), st.integers(min_value=-23, max_value=23)),
    st.sampled_from(["9999-12-31T23:00:00-05:00", "0001-01-01T00:00:00+05:00",
                     "2026-05-04T09:30:00Z", "2026-05-04", "2026-02-30", "1900-01-01T00:00:00Z",
                     "2199-12-31T23:59:59Z", "2200-01-01T00:00:00Z", "1969-12-31T23:59:59Z"]),
    TEXT,
)
CHANNELS = st.sampled_from(["meeting", "email", "chat", "call", "ticket", "project", "other"])
CHANNEL = st.one_of(CHANNELS, CHANNELS, CHANNELS, TEXT)
PEOPLE_IDS = ["ann", "bob", "cy", "dee", "val", "eve"]
KNOWN = st.sampled_from(PEOPLE_IDS)
PERSON_REF = st.one_of(KNOWN, KNOWN, KNOWN, TEXT)  # mostly valid, so that records get through


@st.composite
def organisations(draw: st.DrawFn) -> dict[str, list[dict[str, object]]]:
    units = [{"id": "it", "name": draw(TEXT) or "IT", "kind": "it", "parent": ""},
             {"id": "fin", "name": draw(TEXT) or "Finance", "kind": "business", "parent": ""},
             {"id": "v1", "name": draw(TEXT) or "Vendor", "kind": "vendor", "parent": ""}]
    levels = ["executive", "director", "manager", "staff", "contractor", "vendor_contact"]
    people = [{"id": pid, "name": draw(TEXT) or pid, "title": draw(TEXT),
               "unit": draw(st.sampled_from(["it", "fin", "v1"])),
               "level": draw(st.sampled_from(levels)), "email": ""}
              for pid in PEOPLE_IDS]
    # a few ordinary records, so that every window has ties and every command has work
    interactions: list[dict[str, object]] = [
        {"id": f"ok{k}", "source": a, "targets": b, "timestamp": f"2026-06-0{k + 1}T10:00:00Z",
         "channel": "meeting", "weight": "", "duration_minutes": "30"}
        for k, (a, b) in enumerate([("ann", "bob"), ("bob", "cy"), ("cy", "dee"),
                                    ("dee", "val"), ("eve", "ann")])]
    for k in range(draw(st.integers(min_value=1, max_value=20))):
        targets = draw(st.lists(PERSON_REF, min_size=1, max_size=3))
        interactions.append({
            "id": draw(st.one_of(st.just(f"i{k}"), st.just(""), TEXT)),
            "source": draw(PERSON_REF),
            "targets": ";".join(str(t) for t in targets),
            "timestamp": draw(st.one_of(
                st.sampled_from(["2026-05-04T09:30:00Z", "2026-06-01T10:00:00+02:00"]),
                TIMESTAMP)),
            "channel": draw(CHANNEL),
            "weight": draw(st.one_of(st.just(""), st.just(""), NUMBER)),
            "duration_minutes": draw(st.one_of(st.just(""), st.just(""), NUMBER)),
        })
    return {"units": units, "people": people, "interactions": interactions}


def _write(root: Path, org: dict[str, list[dict[str, object]]], fmt: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for kind, rows in org.items():
        if fmt == "jsonl":
            text = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n"
            (root / f"{kind}.jsonl").write_text(text, encoding="utf-8", errors="surrogatepass")
        else:
            with open(root / f"{kind}.csv", "w", newline="", encoding="utf-8",
                      errors="surrogatepass") as f:
                w = csv.DictWriter(f, fieldnames=list(rows[0]))
                w.writeheader()
                for r in rows:
                    w.writerow({k: str(v).replace("\x00", "") for k, v in r.items()})
    return root


def _check(result, allowed: tuple[int, ...]) -> None:  # type: ignore[no-untyped-def]
    out = result.output
    assert result.exit_code in allowed, (result.exit_code, out[-2000:])
    assert "Traceback" not in out and "internal error" not in out, out[-2000:]
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    bad = [c for c in out if (unicodedata.category(c) == "Cc" and c != "\n")
           or "\u202a" <= c <= "\u202e" or "\u2066" <= c <= "\u2069"]
    assert not bad, repr(out[-500:])


@settings(max_examples=int(os.environ.get("RELGRAPH_HYPOTHESIS_EXAMPLES", "4")), deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large])
@given(org=organisations(), fmt=st.sampled_from(["csv", "jsonl"]))
def test_no_generated_input_crashes_any_command(tmp_path_factory, org, fmt) -> None:
    tmp = tmp_path_factory.mktemp("prop")
    src = _write(tmp / "org", org, fmt)
    db = str(tmp / "r.db")
    runner = CliRunner()
    r = runner.invoke(main, ["--store", db, "ingest", "--skip-invalid", "--rejects",
                             str(tmp / "rejects.csv"), str(src)])
    _check(r, (0, 2))
    event(f"ingest exit code {r.exit_code}")
    if r.exit_code != 0:
        return
    for args, allowed in (
        (["analyze", "--top", "0"], (0, 2)),
        # a window holding the common timestamps, so that the audit has ties to judge
        (["audit", "--as-of", "2026-06-30", "--fail-on", "info", "--min-group-size", "0",
          "--pseudonymize", "--out", str(tmp / "audit")], (0, 1, 2)),
        (["map", "--as-of", "2026-06-30", "--no-drill-down", "--out", str(tmp / "maps")], (0, 2)),
    ):
        res = runner.invoke(main, ["--store", db, *args])
        _check(res, allowed)
        event(f"{args[0]} exit code {res.exit_code}" + (": " + res.output.strip().splitlines()[-1][:70] if res.exit_code == 2 else ""))
