"""The one injectable environment: streams, colour, width and clock, so tests need no
monkeypatching (after httpie's `Environment`)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import BinaryIO, TextIO


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Environment:
    stdout: TextIO
    stderr: TextIO
    stdin: BinaryIO
    color: bool = False
    width: int | None = None  # None: the terminal's, or Rich's 80 when not a terminal
    now: Callable[[], datetime] = field(default=_utc_now)

    @classmethod
    def from_system(cls) -> Environment:
        tty = sys.stdout.isatty()
        wants_color = tty and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
        return cls(sys.stdout, sys.stderr, sys.stdin.buffer, color=wants_color)
