"""where, reach, diff: the staff questions (tripplan.staff answers them, render.staff_*
shows them). Heavy modules are imported inside the commands, as in show.py."""

from __future__ import annotations

from datetime import UTC
from typing import TYPE_CHECKING, Annotated

import typer

from tripplan.cli.common import JsonOpt, WhoOpt, environment, load, parse_range
from tripplan.cli.completion import complete_zones
from tripplan.errors import ExitStatus, UsageError

if TYPE_CHECKING:
    from tripplan.cli.env import Environment
    from tripplan.model import Trip

FilesArg = Annotated[
    list[str],
    typer.Argument(
        metavar="FILE...",
        help="Trip files (TOML), or - for standard input; a traveller named the same in"
        " several files is one person.",
        show_default=False,
    ),
]
FileArg = Annotated[
    str,
    typer.Argument(
        metavar="FILE", help="The trip file (TOML), or - for standard input.", show_default=False
    ),
]
VersionArg = Annotated[
    str,
    typer.Argument(help="A path, - for standard input, or git:REV:PATH.", show_default=False),
]
AtOpt = Annotated[
    str | None,
    typer.Option(
        "--at",
        metavar="TIME",
        help="The instant: a wall time (2010-11-18 14:00) in --tz, or with an offset"
        " (...-06:00, ...Z). Default: now.",
    ),
]
WhereTzOpt = Annotated[
    str | None,
    typer.Option(
        "--tz",
        metavar="ZONE",
        help="The zone --at is read in and the instant shown in: an IANA name, a place id,"
        " or home (the default).",
        autocompletion=complete_zones,
    ),
]
HoursOpt = Annotated[
    str,
    typer.Option(
        "--hours", metavar="HH:MM-HH:MM", help="Working hours on the traveller's own clock."
    ),
]
HomeHoursOpt = Annotated[
    str,
    typer.Option("--home-hours", metavar="HH:MM-HH:MM", help="Working hours on the home clock."),
]
DayOpt = Annotated[
    str | None,
    typer.Option("--day", metavar="DATE", help="Only this date of the traveller's clock."),
]
FromOpt = Annotated[
    str | None, typer.Option("--from", metavar="DATE", help="Only dates on or after DATE.")
]
ToOpt = Annotated[
    str | None, typer.Option("--to", metavar="DATE", help="Only dates on or before DATE.")
]
MinOpt = Annotated[
    str, typer.Option("--min", metavar="DURATION", help="The shortest window worth a call.")
]


def _once(files: list[str]) -> list[str]:
    """The files, each once however it is named (`trip.toml`, `./trip.toml`, a link):
    a traveller is not double-booked against their own file."""
    from pathlib import Path

    seen: set[object] = set()
    kept = []
    for file in files:
        try:
            stat = Path(file).stat() if file != "-" else None
            identity: object = (stat.st_dev, stat.st_ino) if stat else file
        except OSError:
            identity = file  # the loader says why it cannot be read
        if identity not in seen:
            seen.add(identity)
            kept.append(file)
    return kept


def load_all(env: Environment, files: list[str]) -> list[Trip]:
    """Each file once (a path given twice is read once; `-` may be given once). Every
    refused file is reported, each with all its errors."""
    from tripplan.errors import TripErrors, TripFileError

    if files.count("-") > 1:
        raise UsageError("FILE: standard input (-) can be read only once")
    trips, failed = [], []
    for file in _once(files):
        try:
            trips.append(load(env, file))
        except TripFileError as err:
            failed.append(err)
    if failed:
        raise failed[0] if len(failed) == 1 else TripErrors(failed)
    return trips


def where(
    ctx: typer.Context,
    files: FilesArg,
    at: AtOpt = None,
    tz: WhereTzOpt = None,
    who: WhoOpt = None,
    json: JsonOpt = False,
) -> int:
    """Where each traveller is at an instant, and what next.

    Their place (or the leg they are on) and local time, what they are doing, their next
    entry and how long until it, and the home clock."""
    from tripplan.options import select_zone
    from tripplan.staff.where import parse_instant
    from tripplan.staff.where import where as whereabouts

    env = environment(ctx)
    trips = load_all(env, files)
    first = trips[0]
    zone = select_zone(first, tz) if tz else (first.home.zone if first.home else None)
    moment = parse_instant(at, zone) if at is not None else env.now().astimezone(UTC)
    rows = whereabouts(trips, moment, who)
    if json:
        from tripplan.render.json import write
        from tripplan.render.staff_json import where_json

        write(env.stdout, where_json(moment, rows))
    else:
        from zoneinfo import ZoneInfo

        from tripplan.cli.show import _printer, _today
        from tripplan.render.staff_table import print_where

        print_where(moment, rows, _printer(env), _today(env, first), zone or ZoneInfo("UTC"))
    return ExitStatus.SUCCESS


def reach(
    ctx: typer.Context,
    file: FileArg,
    who: WhoOpt = None,
    hours: HoursOpt = "09:00-18:00",
    home_hours: HomeHoursOpt = "09:00-18:00",
    day: DayOpt = None,
    since: FromOpt = None,
    until: ToOpt = None,
    least: MinOpt = "30m",
    json: JsonOpt = False,
) -> int:
    """When each traveller can be called in both sides' working hours.

    Windows free of their entries (legs included), inside --hours on their own clock and
    --home-hours on the home clock, at least --min long; each day at a place, in both
    clocks, or why it has none."""
    from tripplan.staff.reach import Hours
    from tripplan.staff.reach import reach as windows
    from tripplan.timing import parse_duration

    env = environment(ctx)
    first, last = parse_range(day, since, until)
    try:
        shortest = parse_duration(least)
    except ValueError as err:
        raise UsageError(f"--min: {err}") from None
    work = Hours.parse(hours, "--hours")
    home_work = Hours.parse(home_hours, "--home-hours")
    trip = load(env, file)
    view = windows(trip, who, work, home_work, shortest, first, last)
    if view.cut:
        from tripplan.render.staff_table import reach_cut

        env.stderr.write(f"tripplan: note: {reach_cut(view)}\n")
    if json:
        from tripplan.render.json import write
        from tripplan.render.staff_json import reach_json

        write(env.stdout, reach_json(view))
    else:
        from tripplan.cli.show import _printer, _today
        from tripplan.render.staff_table import print_reach

        print_reach(view, _printer(env), _today(env, trip))
    return ExitStatus.SUCCESS


def diff(ctx: typer.Context, old: VersionArg, new: VersionArg, json: JsonOpt = False) -> int:
    """What changed between two versions; exit 1 when anything did.

    Entries matched by id: added, cancelled, moved (with the shift in absolute time,
    flagged when only a place or zone moved it), other fields changed, and the findings
    the new version adds or clears. OLD and NEW: a path, -, or git:REV:PATH."""
    from tripplan.staff.diff import diff_trips
    from tripplan.staff.versions import read_version

    env = environment(ctx)
    if old == new == "-":
        raise UsageError("OLD and NEW cannot both be standard input (-)")
    before = read_version(old, env.stdin)
    after = read_version(new, env.stdin)
    changes = diff_trips(before, after)
    if json:
        from tripplan.render.json import write
        from tripplan.render.staff_json import diff_json

        write(env.stdout, diff_json(changes))
    else:
        from tripplan.cli.show import _printer, _today
        from tripplan.render.staff_diff import print_diff

        print_diff(changes, _printer(env), _today(env, after))
    return ExitStatus.CHANGED if changes.any else ExitStatus.SUCCESS


def register(app: typer.Typer) -> None:
    for command in (where, reach, diff):
        app.command()(command)
