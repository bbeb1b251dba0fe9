"""The one error family of tripplan, and the exit statuses the CLI maps it to."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """shared/spec/cli.md, "Exit status"."""

    SUCCESS = 0
    FINDINGS = 1  # `check` or an edit found an error-severity finding
    CHANGED = 1  # `diff` found a change
    REFUSED = 1  # `export` refused an entry that cannot be written
    ERROR = 2  # bad usage, or an invalid, unreadable or unwritable file
    INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT
    BROKEN_PIPE = 141  # standard output closed early (`| head`): 128 + SIGPIPE


class TripError(Exception):
    """Anything tripplan refuses; the CLI prints `str(err)` as one line and exits 2."""

    exit_status = ExitStatus.ERROR


class TripFileError(TripError):
    """A trip file that cannot be read or is not a valid trip.

    `entry` names the entry as a reader finds it (`events[3] "la-mou"`), `line` is the
    1-based line of the offending key where the TOML parser reports one.
    """

    def __init__(
        self, file: str, message: str, *, entry: str | None = None, line: int | None = None
    ) -> None:
        self.file = file
        self.message = message
        self.entry = entry
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        parts = [where, self.entry, self.message] if self.entry else [where, self.message]
        return ": ".join(parts)


class UsageError(TripError):
    """A command-line value that makes no sense (an unknown `--who`, a bad `--tz`)."""
