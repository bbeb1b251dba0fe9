"""Shared helpers: run tripplan in-process with an injected environment."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tripplan.cli import run
from tripplan.cli.env import Environment

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "trips" / "seoul-americas-2010.toml"
CONFLICTS = ROOT / "trips" / "examples" / "conflicts.toml"
TRIPS = Path(__file__).resolve().parent / "trips"
GOLDEN = Path(__file__).resolve().parent / "golden"
WIDTH = 100


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def tripplan(*args: str | Path, stdin: bytes = b"", width: int = WIDTH) -> Result:
    """Run one command line in-process: fixed width, no colour, a fixed clock."""
    out, err = io.StringIO(), io.StringIO()
    env = Environment(
        stdout=out,
        stderr=err,
        stdin=io.BytesIO(stdin),
        color=False,
        width=width,
        now=lambda: datetime(2026, 11, 25, 12, 0, tzinfo=UTC),
    )
    code = run([str(a) for a in args], env)
    return Result(code, out.getvalue(), err.getvalue())


def good_trip_files() -> list[Path]:
    """Every trip that must load: the samples and every fixture outside bad/."""
    fixtures = sorted(p for p in TRIPS.rglob("*.toml") if "bad" not in p.relative_to(TRIPS).parts)
    return [SAMPLE, CONFLICTS, *fixtures]


@pytest.fixture
def write_trip(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write TOML text to a file and return its path."""

    def write(text: str, name: str = "trip.toml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
