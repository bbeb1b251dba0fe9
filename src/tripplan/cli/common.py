"""What every command shares: the trip-file argument, the view options, and the helpers
that turn them into an environment, a loaded trip and a date."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from tripplan.cli.completion import complete_travellers, complete_zones

if TYPE_CHECKING:
    from tripplan.cli.env import Environment
    from tripplan.model import Trip

FileArg = Annotated[
    str,
    typer.Argument(
        metavar="FILE", help="The trip file (TOML), or - for standard input.", show_default=False
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON document to stdout.")]
TzOpt = Annotated[
    str | None,
    typer.Option(
        "--tz",
        metavar="ZONE",
        help="Show every time in ZONE: an IANA name, a place id, or home.",
        autocompletion=complete_zones,
    ),
]
DayOpt = Annotated[
    str | None, typer.Option("--day", metavar="DATE", help="Only this local date (YYYY-MM-DD).")
]
WhoOpt = Annotated[
    str | None,
    typer.Option(
        "--who", metavar="NAME", help="Only this traveller.", autocompletion=complete_travellers
    ),
]
FromOpt = Annotated[
    str | None, typer.Option("--from", metavar="DATE", help="Only entries on or after DATE.")
]
ToOpt = Annotated[
    str | None, typer.Option("--to", metavar="DATE", help="Only entries on or before DATE.")
]
OutputOpt = Annotated[
    str,
    typer.Option(
        "-o", "--output", metavar="PATH", help="Write to PATH (atomically), or - for stdout."
    ),
]


def environment(ctx: typer.Context) -> Environment:
    from tripplan.cli.env import Environment

    env = ctx.obj
    assert isinstance(env, Environment)
    return env


def load(env: Environment, file: str) -> Trip:
    from tripplan.load import load_trip

    return load_trip(file, stdin=env.stdin)


def deliver(env: Environment, file: str, output: str, pieces: Iterable[bytes]) -> None:
    """What export, booklet and timeline write, UTF-8: to standard output, or atomically
    to `output` (never over the trip `file` being read), in blocks of a megabyte, so a
    season's calendar or booklet is never held whole."""
    from tripplan.fileio import in_blocks, write_atomically

    if output != "-":
        write_atomically(output, pieces, inputs=[file])
        return
    for block in in_blocks(pieces, b""):
        env.stdout.write(block.decode("utf-8"))


def parse_day(text: str | None, option: str = "--day") -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not a date like 2010-11-16", param_hint=option
        ) from None


def parse_range(
    day: str | None, since: str | None, until: str | None
) -> tuple[date | None, date | None]:
    """--day, or --from/--to: the first and last dates asked for (either end open)."""
    from tripplan.errors import UsageError

    if day is not None and (since is not None or until is not None):
        raise UsageError("--day: give --day, or --from/--to, not both")
    first = parse_day(day or since, "--day" if day else "--from")
    last = parse_day(day or until, "--day" if day else "--to")
    if first and last and last < first:
        raise UsageError(f"--to {last} is before --from {first}")
    return first, last
