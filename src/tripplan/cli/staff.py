"""where, reach, diff: the staff questions (tripplan.staff answers them, render.staff_*
shows them). Heavy modules are imported inside the commands, as in show.py."""

from __future__ import annotations

from datetime import UTC
from typing import Annotated

import typer

from tripplan.cli.common import (
    AtTzOpt,
    DayOpt,
    FileArg,
    FilesArg,
    FromOpt,
    JsonOpt,
    LangOpt,
    ToOpt,
    WhoOpt,
    environment,
    load_all,
    load_and_speak,
    parse_range,
    printer,
    speak,
    today,
)
from tripplan.errors import ExitStatus, UsageError

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
MinOpt = Annotated[
    str, typer.Option("--min", metavar="DURATION", help="The shortest window worth a call.")
]


def where(
    ctx: typer.Context,
    files: FilesArg,
    at: AtOpt = None,
    tz: AtTzOpt = None,
    who: WhoOpt = None,
    json: JsonOpt = False,
    lang: LangOpt = None,
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
    speak(env, lang, first, human=not json)
    zone = select_zone(first, tz) if tz else (first.home.zone if first.home else None)
    moment = parse_instant(at, zone) if at is not None else env.now().astimezone(UTC)
    rows = whereabouts(trips, moment, who)
    if json:
        from tripplan.render.json import write
        from tripplan.render.staff_json import where_json

        write(env.stdout, where_json(moment, rows))
    else:
        from zoneinfo import ZoneInfo

        from tripplan.render.staff_table import print_where

        print_where(moment, rows, printer(env), today(env, first), zone or ZoneInfo("UTC"))
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
    lang: LangOpt = None,
) -> int:
    """When each traveller can be called in both sides' working hours.

    Windows free of their entries (legs included), inside --hours on their own clock and
    --home-hours on the home clock, at least --min long; each day at a place, in both
    clocks, or why it has none."""
    from tripplan.staff.reach import Hours, parse_least
    from tripplan.staff.reach import reach as windows

    env = environment(ctx)
    first, last = parse_range(day, since, until)  # each option read before the file is
    shortest = parse_least(least)
    work, home_work = Hours.parse(hours, "hours"), Hours.parse(home_hours, "home_hours")
    trip = load_and_speak(env, file, lang, human=not json)
    view = windows(trip, who, work, home_work, shortest, first, last)
    if view.cut:
        from tripplan.render.staff_table import reach_cut

        env.stderr.write(f"tripplan: note: {reach_cut(view)}\n")
    if json:
        from tripplan.render.json import write
        from tripplan.render.staff_json import reach_json

        write(env.stdout, reach_json(view))
    else:
        from tripplan.render.staff_table import print_reach

        print_reach(view, printer(env), today(env, trip))
    return ExitStatus.SUCCESS


def diff(
    ctx: typer.Context,
    old: VersionArg,
    new: VersionArg,
    json: JsonOpt = False,
    lang: LangOpt = None,
) -> int:
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
    speak(env, lang, after, human=not json)  # the new version's lang: what it is now
    changes = diff_trips(before, after)
    if json:
        from tripplan.render.json import write
        from tripplan.render.staff_json import diff_json

        write(env.stdout, diff_json(changes))
    else:
        from tripplan.render.staff_diff import print_diff

        print_diff(changes, printer(env), today(env, after))
    return ExitStatus.CHANGED if changes.any else ExitStatus.SUCCESS


def register(app: typer.Typer) -> None:
    for command in (where, reach, diff):
        app.command()(command)
