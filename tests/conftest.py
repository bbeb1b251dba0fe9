"""Fixtures, and the hypothesis profile CI runs with (shared helpers are in helpers.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# In CI the property tests replay the same examples every run, so main stays reproducibly
# green; on a developer's machine they explore new ones each time.
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")


@pytest.fixture
def write_trip(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write TOML text to a file and return its path."""

    def write(text: str, name: str = "trip.toml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
