"""Shared helpers: run the CLI in-process through its one error boundary."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from tripplan.cli import run
from tripplan.cli.env import Environment

TRIPS = Path(__file__).parent / "trips"


@dataclass
class Result:
    code: int
    out: str
    err: str


def run_cli(args: list[str], stdin: bytes | BinaryIO = b"", width: int = 100) -> Result:
    out, err = io.StringIO(), io.StringIO()
    stream = io.BytesIO(stdin) if isinstance(stdin, bytes) else stdin
    env = Environment(out, err, stream, color=False, width=width)
    code = run(args, env)
    return Result(code, out.getvalue(), err.getvalue())


def assert_one_clean_line(err: str) -> str:
    """Standard error holds exactly one printable line: no traceback, no terminal codes."""
    assert err.endswith("\n"), repr(err)
    line = err[:-1]
    assert "\n" not in line, repr(err)
    assert line.isprintable(), repr(err)
    assert "Traceback" not in line
    assert line.startswith("tripplan: ")
    return line
