"""export ics: the trip as an RFC 5545 calendar, to a file (atomically) or stdout."""

from __future__ import annotations

from typing import Annotated

import typer

from tripplan.cli.common import DayOpt, FileArg, WhoOpt, environment, load, parse_day
from tripplan.errors import ExitStatus, UsageError

export_app = typer.Typer(
    name="export", help="Write the trip in another format.", no_args_is_help=True
)

OutputOpt = Annotated[
    str,
    typer.Option(
        "-o", "--output", metavar="PATH", help="Write to PATH (atomically), or - for stdout."
    ),
]
FromOpt = Annotated[
    str | None, typer.Option("--from", metavar="DATE", help="Only entries on or after DATE.")
]
ToOpt = Annotated[
    str | None, typer.Option("--to", metavar="DATE", help="Only entries on or before DATE.")
]


@export_app.command("ics")
def ics(
    ctx: typer.Context,
    file: FileArg,
    output: OutputOpt = "-",
    day: DayOpt = None,
    since: FromOpt = None,
    until: ToOpt = None,
    who: WhoOpt = None,
) -> int:
    """An RFC 5545 calendar of the trip.

    Every event in its place's IANA zone, legs from the departure zone to the arrival
    zone, all-day events as dates: every calendar client reads the same instants."""
    from tripplan.fileio import in_blocks, write_atomically
    from tripplan.render.ics import trip_calendar
    from tripplan.views import entries_between

    env = environment(ctx)
    trip = load(env, file)
    if day is not None and (since is not None or until is not None):
        raise UsageError("--day: give --day, or --from/--to, not both")
    first = parse_day(day or since, "--day" if day else "--from")
    last = parse_day(day or until, "--day" if day else "--to")
    if first and last and last < first:
        raise UsageError(f"--to {last} is before --from {first}")
    pieces = trip_calendar(trip, entries_between(trip, who, first, last), env.now())
    if output == "-":
        for block in in_blocks(pieces, b""):
            env.stdout.write(block.decode("utf-8"))
    else:
        write_atomically(output, pieces, inputs=[file])
    return ExitStatus.SUCCESS
