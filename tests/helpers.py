"""Shared test helpers: run tripplan in-process through its one error boundary, with an
injected environment (fixed width, no colour, a fixed clock), and the fixture paths."""

from __future__ import annotations

import io
import json
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO

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


def tripplan(
    *args: str | Path,
    stdin: bytes | BinaryIO = b"",
    width: int = WIDTH,
    color: bool = False,
    environ: Mapping[str, str] | None = None,
) -> Result:
    """Run one command line in-process: fixed width, no colour (unless asked), a fixed clock,
    and the language variables of `environ` (none: English)."""
    out, err = io.StringIO(), io.StringIO()
    env = Environment(
        stdout=out,
        stderr=err,
        stdin=io.BytesIO(stdin) if isinstance(stdin, bytes) else stdin,
        color=color,
        width=width,
        now=lambda: datetime(2026, 11, 25, 12, 0, tzinfo=UTC),
        environ=environ or {},
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


def need(tool: str, package: str) -> str:
    """A tool's path; its absence skips the test, saying the package, and fails it in CI."""
    found = shutil.which(tool)
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must have {tool} (apt-get install {package})")
    pytest.skip(f"no {tool} (apt-get install {package})")


def utc_text(value: date | datetime) -> str:
    """A calendar's DTSTART or DTEND as `itinerary --json` writes it: an instant in UTC with
    `Z`, or a date."""
    if isinstance(value, datetime):
        assert value.tzinfo is not None, "a floating time in a calendar"
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return value.isoformat()


def itinerary_instants(path: Path, *filters: str) -> dict[str, tuple[str, str]]:
    """uid-less entry id -> (start, end) as the itinerary's JSON states them, in UTC; for
    an all-day event its dates, the end made exclusive as RFC 5545 writes it."""
    document = tripplan("itinerary", "--json", path, *filters).json()
    instants = {}
    for entry in document["entries"]:
        if entry["all_day"]:
            end = date.fromisoformat(entry["end"]) + timedelta(days=1)
            instants[entry["id"]] = (entry["start"], end.isoformat())
        else:
            instants[entry["id"]] = (entry["start_utc"], entry["end_utc"])
    return instants
