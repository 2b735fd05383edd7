"""What a map renderer reports about the file it wrote."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class MapInfo(BaseModel):
    """One written map."""

    kind: Literal["person", "unit", "ego"]
    path: str
    title: str
    nodes: int = Field(description="nodes drawn")
    edges: int = Field(description="edges drawn")
    total: int = Field(description="nodes in scope before the cut (people or units)")
    left_out: int = Field(0, description="people not drawn because of --max-nodes")
    hidden_units: int = Field(0, description="units hidden by --min-group-size")
    bytes: int = 0
