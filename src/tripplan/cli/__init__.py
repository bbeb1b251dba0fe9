"""The command line: parse options, call the library, render, exit. Typer lives only here."""

from __future__ import annotations

import contextvars
import os
import signal
import sys
from collections.abc import Iterator, MutableMapping, Sequence
from functools import cache
from importlib import import_module
from typing import Any

import typer
from typer.core import TyperGroup

from tripplan.cli.env import Environment
from tripplan.errors import ExitStatus, OptionError, TripError
from tripplan.fileio import ENDING_SIGNALS, ReaderGone, Signalled
from tripplan.version import __version__

# Each command, the module of `tripplan.cli` that defines it and the first paragraph of
# its help (tests/test_views.py holds it to the command's own), in the order `--help`
# lists them. Typer turns a command's signature into Click's when the command line is
# parsed, half a millisecond to a millisecond each; only the module of the command asked
# for is loaded and turned (all of them took 13 ms, a sixth of start-up).
COMMANDS = {
    "itinerary": ("show", "Every entry in time order, with the home clock."),
    "agenda": ("show", "One table per traveller's local day at a place."),
    "check": ("show", "The findings of the checks; exit 1 on an error."),
    "validate": ("show", "Parse and resolve only; exit 0 when valid."),
    "search": ("search", "Find entries by id, title, venue, notes or confirmation."),
    "where": ("staff", "Where each traveller is at an instant, and what next."),
    "reach": ("staff", "When each traveller can be called in both sides' working hours."),
    "diff": ("staff", "What changed between two versions; exit 1 when anything did."),
    "export": ("export", "Write the trip in another format."),
    "push": ("push", "Make a CalDAV calendar hold exactly the trip's events."),
    "booklet": ("pictures", "A printable day book: a page per traveller's day."),
    "timeline": ("pictures", "A picture of everyone's days (SVG)."),
    "new": ("edit", "Write a fresh trip file: title, id, home place, dates, travellers."),
    "add": ("edit", "Add a place, an event, a travel leg, a lodging or a traveller."),
    "move": (
        "edit",
        "Move an entry, keeping its length; a leg's departure and arrival move together.",
    ),
    "cancel": ("edit", "Remove an entry's lines (cancel traveller FILE NAME: a traveller)."),
    "set": ("edit", "Change one key of an entry (times and lengths too), a place or the trip."),
    "import": ("imports", "Add entries from another format."),
    "edit": ("editfile", "Edit by hand in $VISUAL or $EDITOR; written only if valid."),
}
SETTINGS: dict[str, Any] = {
    "pretty_exceptions_enable": False,
    "rich_markup_mode": None,  # plain help: Rich's help panels would double the start-up time
}


class _Commands(MutableMapping[str, Any]):
    """The root group's commands, each loaded when it is first asked for."""

    def __init__(self) -> None:
        self.added: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name in self.added:
            return self.added[name]
        return _command(name)

    def __setitem__(self, name: str, command: Any) -> None:
        self.added[name] = command

    def __delitem__(self, name: str) -> None:
        del self.added[name]

    def __iter__(self) -> Iterator[str]:
        return iter([*COMMANDS, *self.added])

    def __len__(self) -> int:
        return len(COMMANDS) + len(self.added)


class _LazyGroup(TyperGroup):
    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _Commands()

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """`--help`'s list of commands, from COMMANDS: no command is loaded for it."""
        from typer._click.utils import make_default_short_help  # as Click shortens help

        limit = formatter.width - 6 - max(map(len, COMMANDS))
        rows = [
            (name, make_default_short_help(summary, limit))
            for name, (_, summary) in COMMANDS.items()
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@cache
def _command(name: str) -> Any:
    """The Click command `name`, turned from its module's Typer command alone."""
    sub = typer.Typer(**SETTINGS)
    import_module(f"tripplan.cli.{COMMANDS[name][0]}").register(sub)
    sub.registered_commands = [c for c in sub.registered_commands if _name(c) == name]
    sub.registered_groups = [
        g for g in sub.registered_groups if g.typer_instance and g.typer_instance.info.name == name
    ]
    sub.callback()(lambda: None)  # a group even for one command: its commands by name
    group = typer.main.get_command(sub)
    if not isinstance(group, TyperGroup):
        raise TypeError(f"{name}: Typer made {group!r}, not a group")
    return group.commands[name]


def _name(command: Any) -> str:
    """A registered Typer command's name: given, or its function's (as Typer names it)."""
    return str(command.name or command.callback.__name__.replace("_", "-"))


app = typer.Typer(
    name="tripplan",
    cls=_LazyGroup,
    help="Plan official trips across time zones, from a TOML trip file.",
    no_args_is_help=True,
    add_completion=True,  # Typer's own: --install-completion, --show-completion
    context_settings={"help_option_names": ["-h", "--help"]},
    **SETTINGS,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tripplan {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Plan official trips across time zones, from a TOML trip file."""


# The flags whose names are not the library's parameter's (`zone` is --tz, the range
# `first`..`last` is --from/--to, reach's `least` window is --min); every other parameter
# is its flag: `who` is --who, `home_hours` is --home-hours.
_FLAGS = {"zone": "--tz", "first": "--from", "last": "--to", "least": "--min"}


def flag_of(option: str) -> str:
    """The command-line flag of a library parameter, as errors name it.

    >>> flag_of("zone"), flag_of("who"), flag_of("home_hours"), flag_of("first")
    ('--tz', '--who', '--home-hours', '--from')
    """
    return _FLAGS.get(option) or "--" + option.replace("_", "-")


def flagged(err: TripError) -> str:
    """An error whose command-line wording names flags (TripError.flagged), said so.

    >>> from tripplan.errors import UsageError
    >>> flagged(UsageError("move: give a new start or a shift").naming(
    ...     "move: give ", "to", " TIME or ", "by", " DURATION"))
    'move: give --to TIME or --by DURATION'
    """
    return "".join(flag_of(part) if odd else part for odd, part in _alternating(err.flagged))


def _alternating(parts: Sequence[str]) -> Iterator[tuple[bool, str]]:
    return ((index % 2 == 1, part) for index, part in enumerate(parts))


def worded(err: OptionError) -> str:
    """A library's OptionError as the command line says it: `FLAG: message`, and the few
    whose wording names other flags (tripplan.options) from their values.

    >>> from tripplan.options import date_range
    >>> try:
    ...     date_range(first="2010-11-18", last="2010-11-17")
    ... except OptionError as err:
    ...     print(worded(err))
    --to 2010-11-17 is before --from 2010-11-18
    """
    from tripplan.options import DayAndRange, NeedsZone, ReversedRange

    if err.flagged:
        return flagged(err)
    flag = flag_of(err.option)
    if isinstance(err, ReversedRange):
        return f"{flag} {err.last} is before {flag_of('first')} {err.first}"
    if isinstance(err, DayAndRange):
        return f"{flag}: give {flag}, or {flag_of('first')}/{flag_of('last')}, not both"
    if isinstance(err, NeedsZone):
        return (
            f"{flag}: {err.text!r} has no offset and the trip has no home place:"
            f" give {flag_of('zone')} ZONE"
        )
    return f"{flag}: {err.message}"


def run(args: Sequence[str], env: Environment) -> int:
    """Run one command line; return its exit status. The one error boundary of tripplan:
    every failure becomes one line on standard error and a status, never a traceback."""
    try:
        # In a context of its own: the language a command speaks ends with it.
        result = contextvars.copy_context().run(
            app, args=list(args), prog_name="tripplan", obj=env, standalone_mode=False
        )
        env.stdout.flush()  # inside the boundary: a full disk or a closed pipe shows here
    except OptionError as err:  # the library names its parameter; the CLI, its flag
        _say(env, worded(err))
        return int(err.exit_status)
    except TripError as err:
        # A refused trip file gives one line per error (TripFileErrors.lines).
        for line in [flagged(err)] if err.flagged else err.lines():
            _say(env, line)
        return int(err.exit_status)
    except typer.Exit as done:
        return int(done.exit_code)
    except typer.TyperException as err:  # usage errors: the parser's message, exit 2
        _usage(env, err)
        return int(err.exit_code)
    except typer.Abort:
        _say(env, "aborted")
        return int(ExitStatus.ERROR)
    except ReaderGone:  # the reader went away (`| head`): stop quietly, as coreutils
        return int(ExitStatus.BROKEN_PIPE)
    except KeyboardInterrupt:  # a caller that kept Python's own SIGINT handler
        return int(ExitStatus.INTERRUPTED)
    except Signalled as signalled:  # during a write, whose temporary file is gone
        return 128 + signalled.signum
    return int(result) if isinstance(result, int) else int(ExitStatus.SUCCESS)


def _say(env: Environment, message: str) -> None:
    from tripplan.text import visible

    # Messages quote the file's own text (keys, ids, a file name): keep them one line.
    env.stderr.write(f"tripplan: {visible(message)}\n")


def _usage(env: Environment, err: typer.TyperException) -> None:
    """The parser's usage and message, each line made visible: the message may quote an
    argument (`No such option: ...`) holding terminal codes."""
    import io

    from tripplan.text import visible

    show = getattr(err, "show", None)
    if show is None:
        _say(env, err.format_message())
        return
    shown = io.StringIO()
    show(file=shown)
    lines = shown.getvalue().removesuffix("\n").split("\n")  # not splitlines: \x85 is text
    env.stderr.write("".join(f"{visible(line)}\n" for line in lines))


def main() -> None:
    """The `tripplan` command: the process's own streams, then its death by the signal
    that interrupted a write (so a shell sees 130 and stops a loop), or its exit status."""
    status = run(sys.argv[1:], Environment.from_system())
    if status - 128 in ENDING_SIGNALS:
        signal.signal(status - 128, signal.SIG_DFL)
        os.kill(os.getpid(), status - 128)
    sys.exit(status)
