"""A tiny hand-made organisation written as input files (used by several tests)."""

from __future__ import annotations

from pathlib import Path

UNITS = """id,name,kind,parent
it,IT,it,
fin,Finance,business,
v1,Vendor One,vendor,
"""
PEOPLE = """id,name,title,unit,level,email
ann,Ann Lee,CIO,it,executive,ann@example.com
bob,Bob Roy,CFO,fin,executive,
cy,Cy Dunn,Analyst,fin,staff,
dee,Dee Park,Engineer,it,staff,
val,Val Ortiz,Account manager,v1,vendor_contact,
"""
INTERACTIONS = """id,source,targets,timestamp,channel,weight,duration_minutes
i1,ann,bob;cy,2026-05-04T09:30:00+00:00,meeting,,30
i2,bob,ann,2026-05-05T10:00:00+02:00,email,,
i3,dee,val,2026-05-06T11:00:00,call,2,15
,cy,dee,2026-05-07T12:00:00+00:00,ticket,,
"""


def write_org(root: Path, interactions: str = INTERACTIONS, people: str = PEOPLE,
              units: str = UNITS) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "units.csv").write_text(units, encoding="utf-8")
    (root / "people.csv").write_text(people, encoding="utf-8")
    (root / "interactions.csv").write_text(interactions, encoding="utf-8")
    return root
