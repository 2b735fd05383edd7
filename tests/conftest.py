"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest
from orgdata import write_org


@pytest.fixture
def org_dir(tmp_path: Path) -> Path:
    return write_org(tmp_path / "org")


@pytest.fixture
def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent
