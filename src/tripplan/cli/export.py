"""export ics: the trip as an RFC 5545 calendar, to a file (atomically) or stdout;
export vdir: the trip as a folder of one-event calendars (vdirsyncer, khal)."""

from __future__ import annotations

from typing import Annotated

import typer

from tripplan.cli.common import (
    DayOpt,
    FileArg,
    FromOpt,
    MachineLangOpt,
    OutputOpt,
    ToOpt,
    WhoOpt,
    argument,
    deliver,
    environment,
    load_and_speak,
    parse_range,
    speak,
)
from tripplan.errors import ExitStatus

export_app = typer.Typer(
    name="export", help="Write the trip in another format.", no_args_is_help=True
)


@export_app.command("ics")
def ics(
    ctx: typer.Context,
    file: FileArg,
    output: OutputOpt = "-",
    day: DayOpt = None,
    since: FromOpt = None,
    until: ToOpt = None,
    who: WhoOpt = None,
    lang: MachineLangOpt = None,
) -> int:
    """An RFC 5545 calendar of the trip.

    Every event in its place's IANA zone, legs from the departure zone to the arrival
    zone, all-day events as dates: every calendar client reads the same instants. An
    entry that ends at or before it starts is refused (exit 1), and nothing is written."""
    from tripplan.render.ics import refusals, trip_calendar
    from tripplan.text import visible
    from tripplan.views import entries_between

    env = environment(ctx)
    trip = load_and_speak(env, file, lang, human=False)  # a calendar is the same in every language
    chosen = entries_between(trip, who, *parse_range(day, since, until))
    refused = refusals(trip, chosen)
    if refused:  # before anything is written: no calendar at all, not a partial one
        env.stderr.write("".join(f"tripplan: {visible(line)}\n" for line in refused))
        return ExitStatus.REFUSED
    from tripplan.cli.progress import progress

    # the calendar's pieces: its head, an event each, its end
    pieces = len(chosen) + 2
    with progress(env, pieces, "export ics", size=len(chosen), writes_stdout=output == "-") as bar:
        deliver(env, file, output, bar.ticking(trip_calendar(trip, chosen, env.now())))
    return ExitStatus.SUCCESS


FolderArg = Annotated[
    str,
    argument("DIR", "The vdir: a folder of .ics files, made if missing; other files in it stay."),
]


@export_app.command("vdir")
def vdir(
    ctx: typer.Context,
    file: FileArg,
    folder: FolderArg,
    day: DayOpt = None,
    since: FromOpt = None,
    until: ToOpt = None,
    who: WhoOpt = None,
    lang: MachineLangOpt = None,
) -> int:
    """A vdir of the trip: one <uid>.ics per entry, for vdirsyncer and khal.

    Each file is written atomically, and only when its event changed; the files of this
    trip's entries that are gone (or not chosen) are removed, every other file stays. An
    entry that ends at or before it starts is refused (exit 1), and nothing is written."""
    from tripplan.lang import _
    from tripplan.render.vdir import sync_vdir
    from tripplan.text import visible
    from tripplan.views import entries_between

    env = environment(ctx)
    # the files (and refusals) are the same in every language
    trip = load_and_speak(env, file, lang, human=False)
    chosen = entries_between(trip, who, *parse_range(day, since, until))
    from tripplan.cli.progress import progress

    with progress(env, None, "export vdir", size=len(chosen)):
        done = sync_vdir(trip, chosen, folder, env.now(), inputs=[file])
    speak(env, lang, trip)  # the report is for people
    said = _("wrote {written}, unchanged {unchanged}, removed {removed}").format(
        written=len(done.written), unchanged=len(done.unchanged), removed=len(done.removed)
    )
    env.stderr.write(f"tripplan: {visible(folder)}: {said}\n")
    return ExitStatus.SUCCESS


def register(app: typer.Typer) -> None:
    app.add_typer(export_app)
