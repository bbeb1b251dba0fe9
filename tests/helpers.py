"""Shared test helpers: run tripplan in-process through its one error boundary, with an
injected environment (fixed width, no colour, a fixed clock), and the fixture paths."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

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


def tripplan(
    *args: str | Path, stdin: bytes | BinaryIO = b"", width: int = WIDTH, color: bool = False
) -> Result:
    """Run one command line in-process: fixed width, no colour (unless asked), a fixed clock."""
    out, err = io.StringIO(), io.StringIO()
    env = Environment(
        stdout=out,
        stderr=err,
        stdin=io.BytesIO(stdin) if isinstance(stdin, bytes) else stdin,
        color=color,
        width=width,
        now=lambda: datetime(2026, 11, 25, 12, 0, tzinfo=UTC),
    )
    code = run([str(a) for a in args], env)
    return Result(code, out.getvalue(), err.getvalue())


def good_trip_files() -> list[Path]:
    """Every trip that must load: the samples and every fixture outside bad/."""
    fixtures = sorted(p for p in TRIPS.rglob("*.toml") if "bad" not in p.relative_to(TRIPS).parts)
    return [SAMPLE, CONFLICTS, *fixtures]


def assert_one_clean_line(err: str) -> str:
    """Standard error holds exactly one printable line: no traceback, no terminal codes."""
    assert err.endswith("\n"), repr(err)
    line = err[:-1]
    assert "\n" not in line, repr(err)
    assert line.isprintable(), repr(err)
    assert "Traceback" not in line
    assert line.startswith("tripplan: ")
    return line
