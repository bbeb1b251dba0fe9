"""The one error family of tripplan, and the exit statuses the CLI maps it to."""

from __future__ import annotations

from collections.abc import Sequence
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
    """Anything tripplan refuses; the CLI prints each of `lines()` and exits 2.

    `flagged` is the message as the command line says it, where it names other
    parameters than the one at fault: its items are text and, at odd positions, the
    library names of the parameters whose flags the CLI puts there (`move: give `, `to`,
    ` TIME or `, `by`, ` DURATION`). A library caller reads `str(err)`, in words.
    """

    exit_status = ExitStatus.ERROR
    flagged: tuple[str, ...] = ()

    def naming(self, *flagged: str) -> TripError:
        """This error, with its command-line wording (see `flagged`)."""
        self.flagged = flagged
        return self

    def lines(self) -> list[str]:
        """What the CLI prints, one line each (after `tripplan: `)."""
        return [str(self)]


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

    @property
    def errors(self) -> tuple[TripFileError, ...]:
        """Every error of the file: this one alone (see TripFileErrors)."""
        return (self,)


# A file with more errors than this prints the first ones and "and N more errors";
# `check --json` and `validate --json` list them all.
MAX_ERROR_LINES = 20


class TripFileErrors(TripFileError):
    """Every error found in one trip file, sorted by line (errors without one first).

    Its own `file`, `message`, `entry` and `line` are the first error's, so a caller that
    reads one error still reads the first; `errors` holds them all.
    """

    def __init__(self, errors: Sequence[TripFileError]) -> None:
        if not errors:
            raise ValueError("TripFileErrors needs at least one error")
        ordered = tuple(sorted(errors, key=lambda error: error.line or 0))
        first = ordered[0]
        super().__init__(first.file, first.message, entry=first.entry, line=first.line)
        self._errors = ordered

    @property
    def errors(self) -> tuple[TripFileError, ...]:
        return self._errors

    def lines(self) -> list[str]:
        shown = [str(error) for error in self._errors[:MAX_ERROR_LINES]]
        more = len(self._errors) - len(shown)
        if more:
            shown.append(f"{self.file}: and {more} more error{'s' if more > 1 else ''}")
        return shown


class TripErrors(TripError):
    """Several refused files (`check FILE...`): each file's lines, in the order given."""

    def __init__(self, failures: Sequence[TripError]) -> None:
        super().__init__("; ".join(str(failure) for failure in failures))
        self.failures = tuple(failures)

    def lines(self) -> list[str]:
        return [line for failure in self.failures for line in failure.lines()]


class UsageError(TripError):
    """A command-line value that makes no sense (an unknown `--who`, a bad `--tz`)."""


class OptionError(UsageError):
    """A value given for one parameter of a call that makes no sense (an unknown
    traveller for `who`, a zone no one knows for `zone`).

    `option` is the library's name for the parameter (`zone`, `who`, `at`, `by`, ...) and
    `message` says what is wrong with the value, naming no command-line flag: a library
    caller reads `zone: unknown time zone 'Asia/Seol'`, and the CLI words the same error
    with its own flag (`--tz: unknown time zone ...`, tripplan.cli.flag_of).
    """

    def __init__(self, option: str, message: str) -> None:
        self.option = option
        self.message = message
        super().__init__(f"{option}: {message}")
