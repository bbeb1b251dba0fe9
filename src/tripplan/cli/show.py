"""itinerary, agenda, check, validate: read a trip, build a view, render it.

Heavy modules (the loader's TOML parser, Rich's tables) are imported inside the commands,
so `--help` and the JSON paths load only what they use.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import typer

from tripplan.cli.common import (
    DayOpt,
    FileArg,
    JsonOpt,
    TzOpt,
    WhoOpt,
    environment,
    load,
    parse_day,
)
from tripplan.errors import ExitStatus

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from tripplan.cli.env import Environment
    from tripplan.model import Trip
    from tripplan.views import Filters


def _filters(trip: Trip, tz: str | None, day: str | None, who: str | None) -> Filters:
    from tripplan.views import Filters, select_zone

    return Filters(zone=select_zone(trip, tz), day=parse_day(day), who=who)


def _print_json(env: Environment, document: dict[str, Any]) -> None:
    from tripplan.render.json import write

    write(env.stdout, document)


def _console(env: Environment) -> Console:
    from tripplan.render.table import make_console

    return make_console(env.stdout, width=env.width, color=env.color)


def _print_tables(console: Console, renderables: Iterable[RenderableType]) -> None:
    """Print one after another, a blank line between, each as soon as it is made."""
    for i, renderable in enumerate(renderables):
        if i:
            console.print()
        console.print(renderable)


def itinerary(
    ctx: typer.Context,
    file: FileArg,
    json: JsonOpt = False,
    tz: TzOpt = None,
    day: DayOpt = None,
    who: WhoOpt = None,
) -> int:
    """Every entry in time order, with the home clock.

    Local time and zone of each entry, the home clock beside it, travel legs with their
    departure and arrival times and day shift (+1, -1), and a marker where the
    traveller's clock changes."""
    from tripplan import views

    env = environment(ctx)
    trip = load(env, file)
    view = views.itinerary(trip, _filters(trip, tz, day, who), clock_changes=not json)
    if json:
        from tripplan.render.json import itinerary_json

        _print_json(env, itinerary_json(view))
    else:
        from tripplan.render.table import itinerary_table

        console = _console(env)
        _print_tables(console, [itinerary_table(view, console.width)])
    return ExitStatus.SUCCESS


def agenda(
    ctx: typer.Context,
    file: FileArg,
    json: JsonOpt = False,
    tz: TzOpt = None,
    day: DayOpt = None,
    who: WhoOpt = None,
) -> int:
    """One table per traveller's local day.

    Each day is headed by its date, the place and its UTC offset, and the home date and
    time; a date lived twice (over the date line) gets two tables."""
    from tripplan import views

    env = environment(ctx)
    trip = load(env, file)
    view = views.agenda(trip, _filters(trip, tz, day, who))
    if json:
        from tripplan.render.json import agenda_json

        _print_json(env, agenda_json(view))
    else:
        from tripplan.render.table import agenda_tables

        console = _console(env)
        if view.days:
            _print_tables(console, agenda_tables(view, console.width))
        else:
            env.stderr.write("tripplan: no entries match\n")
    return ExitStatus.SUCCESS


def _load_or_report(env: Environment, file: str, json: bool) -> Trip:
    """The trip; for an invalid file under `--json`, first every error of it as one
    document on stdout (cli.md, "Machine output"), then the error boundary's lines and
    exit 2 as without `--json`."""
    from tripplan.errors import TripFileError

    try:
        return load(env, file)
    except TripFileError as err:
        if json:
            errors = (
                {"file": e.file, "line": e.line, "entry": e.entry, "message": e.message}
                for e in err.errors
            )
            _print_json(env, {"valid": False, "errors": errors})
        raise


def check(ctx: typer.Context, file: FileArg, json: JsonOpt = False) -> int:
    """The findings of the checks; exit 1 on an error.

    Overlaps, wrong places, broken travel chains, tight gaps, DST gaps and folds, offset
    mismatches, entries outside the trip (docs/checks.md)."""
    from tripplan.checks import check_trip, has_errors

    env = environment(ctx)
    trip = _load_or_report(env, file, json)
    findings = check_trip(trip)
    if json:
        from tripplan.render.json import findings_json

        _print_json(env, findings_json(findings))
    else:
        from rich.text import Text

        from tripplan.render.table import findings_summary, findings_table
        from tripplan.text import visible

        console = _console(env)
        if findings:
            table = findings_table(trip, findings, console.width)
            _print_tables(console, [table, findings_summary(findings)])
        else:
            _print_tables(console, [Text(f"{visible(trip.title)}: no findings.")])
    return ExitStatus.FINDINGS if has_errors(findings) else ExitStatus.SUCCESS


def validate(ctx: typer.Context, file: FileArg, json: JsonOpt = False) -> int:
    """Parse and resolve only; exit 0 when valid."""
    from tripplan.model import Travel
    from tripplan.text import visible

    env = environment(ctx)
    trip = _load_or_report(env, file, json)
    legs = sum(isinstance(e, Travel) for e in trip.entries)
    counts = {"places": len(trip.places), "events": len(trip.entries) - legs, "travel": legs}
    if json:
        _print_json(env, {"valid": True, "file": trip.file, **counts})
    else:
        summary = ", ".join(f"{n} {k}" for k, n in counts.items())
        env.stdout.write(f"{visible(trip.file)}: valid ({summary})\n")
    return ExitStatus.SUCCESS


def register(app: typer.Typer) -> None:
    for command in (itinerary, agenda, check, validate):
        app.command()(command)
