"""The one injectable environment: streams, colour, width and clock, so tests need no
monkeypatching (after httpie's `Environment`)."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import BinaryIO, TextIO

from tripplan.errors import TripError, TripFileError
from tripplan.fileio import ReaderGone


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Environment:
    stdout: TextIO
    stderr: TextIO
    stdin: BinaryIO
    color: bool = False
    width: int | None = None  # None: the terminal's, else 80; at most cli.common.MOST_COLUMNS
    now: Callable[[], datetime] = field(default=_utc_now)
    # The variables that choose the language (TRIPPLAN_LANG, LC_ALL, LC_MESSAGES, LANG):
    # the process's own, or none (English) for an environment made by hand.
    environ: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_system(cls) -> Environment:
        """The process's standard streams, made fit for any shell: UTF-8 whatever the
        locale, a closed descriptor kept closed, write errors told in one line.

        Takes over `sys.stdout` and `sys.stderr` too, so Typer's help and usage text go
        the same way. Call once, first: a closed descriptor must be held before anything
        opens a file, or the file would get its number (and stderr's messages)."""
        _hold_closed_descriptors()
        stdout = _Output(_raw(1, "wb"), encoding="utf-8", line_buffering=os.isatty(1))
        stderr = _Diagnostics(
            _raw(2, "wb"), encoding="utf-8", errors="backslashreplace", line_buffering=True
        )
        sys.stdout, sys.stderr = stdout, stderr
        tty = stdout.isatty()
        wants_color = tty and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
        stdin = _Input(io.FileIO(0, "rb", closefd=False))
        return cls(stdout, stderr, stdin, color=wants_color, environ=os.environ)


def _hold_closed_descriptors() -> None:
    """Open /dev/null on each closed standard descriptor (`<&-`, `>&-`, `2>&-`), the wrong
    way round: reading standard input, or writing standard output or error, then fails
    with EBADF as on the closed descriptor, while no file opened later can take its
    number (with 2 closed, a trip file opened as 2 would receive the error messages)."""
    for descriptor, flags in ((0, os.O_WRONLY), (1, os.O_RDONLY), (2, os.O_RDONLY)):
        try:
            os.fstat(descriptor)
        except OSError:
            null = os.open(os.devnull, flags)
            if null != descriptor:
                os.dup2(null, descriptor)
                os.close(null)


def _raw(descriptor: int, mode: str) -> io.BufferedWriter:
    return io.BufferedWriter(io.FileIO(descriptor, mode, closefd=False))


def _silence(descriptor: int) -> None:
    """Point `descriptor` at /dev/null, so what is still buffered for it is dropped when
    Python flushes at exit, instead of failing again ("Exception ignored ... EPIPE")."""
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, descriptor)
    os.close(null)


class _Output(io.TextIOWrapper):
    """Standard output. A reader gone (EPIPE) raises ReaderGone, which the CLI ends
    quietly with 141; any other failure (ENOSPC on /dev/full, EBADF when closed, EIO)
    raises TripError naming standard output, exit 2. Either way, nothing more is written."""

    def write(self, text: str) -> int:
        try:
            return super().write(text)
        except OSError as err:
            raise self._failed(err) from None

    def flush(self) -> None:
        try:
            super().flush()
        except OSError as err:
            raise self._failed(err) from None

    def _failed(self, err: OSError) -> Exception:
        _silence(self.fileno())
        if isinstance(err, BrokenPipeError):
            return ReaderGone("<stdout>")
        return TripError(f"<stdout>: cannot write: {err.strerror or err}")


class _Diagnostics(io.TextIOWrapper):
    """Standard error: a message that cannot be written (closed, full, a reader gone) is
    dropped; there is nowhere else to say so, and the exit status still tells."""

    def write(self, text: str) -> int:
        try:
            return super().write(text)
        except OSError:
            _silence(self.fileno())
            return len(text)

    def flush(self) -> None:
        try:
            super().flush()
        except OSError:
            _silence(self.fileno())


class _Input(io.BufferedReader):
    """Standard input, whose read errors (closed, a folder) are a trip file's errors."""

    def read(self, size: int | None = -1) -> bytes:
        try:
            return super().read(size)
        except OSError as err:
            raise TripFileError("<stdin>", f"cannot read: {err.strerror or err}") from None
