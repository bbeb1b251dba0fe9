"""What every command shares: the trip-file argument, the view options, and the helpers
that turn them into an environment, a loaded trip and a date."""

from __future__ import annotations

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


def environment(ctx: typer.Context) -> Environment:
    from tripplan.cli.env import Environment

    env = ctx.obj
    assert isinstance(env, Environment)
    return env


def load(env: Environment, file: str) -> Trip:
    from tripplan.load import load_trip

    return load_trip(file, stdin=env.stdin)


def parse_day(text: str | None, option: str = "--day") -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not a date like 2010-11-16", param_hint=option
        ) from None
