"""itinerary, agenda, check, validate: read a trip, build a view, render it.

Heavy modules (the loader's TOML parser, Rich's tables) are imported inside the commands,
so `--help` and the JSON paths load only what they use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from tripplan.cli.common import MOST_COLUMNS as MOST_COLUMNS  # where tests and docs look
from tripplan.cli.common import (
    DayOpt,
    FileArg,
    FilesArg,
    FromOpt,
    JsonOpt,
    LangOpt,
    ToOpt,
    TzOpt,
    WhoOpt,
    environment,
    load_all,
    load_and_speak,
    parse_range,
    printer,
    speak,
    today,
)
from tripplan.errors import ExitStatus

if TYPE_CHECKING:
    from tripplan.cli.env import Environment
    from tripplan.model import Trip
    from tripplan.render.marks import Marks
    from tripplan.views import Filters


def _filters(
    tz: str | None, day: str | None, who: str | None, since: str | None, until: str | None
) -> Filters:
    """The view's options as typed: the views resolve them (tripplan.options); only the
    dates are read here, so that a bad one is the parser's usage error."""
    from tripplan.views import Filters

    first, last = parse_range(day, since, until)
    if day is not None:
        return Filters(zone=tz, day=first, who=who)
    return Filters(zone=tz, who=who, first=first, last=last)


def _print_json(env: Environment, document: dict[str, Any]) -> None:
    from tripplan.render.json import write

    write(env.stdout, document)


def itinerary(
    ctx: typer.Context,
    file: FileArg,
    json: JsonOpt = False,
    tz: TzOpt = None,
    day: DayOpt = None,
    who: WhoOpt = None,
    since: FromOpt = None,
    until: ToOpt = None,
    lang: LangOpt = None,
) -> int:
    """Every entry in time order, with the home clock.

    Local time and zone of each entry, the home clock beside it, travel legs with their
    departure and arrival times and day shift (+1, -1), and a row at each instant a
    traveller's clock changes."""
    from tripplan import views

    env = environment(ctx)
    trip = load_and_speak(env, file, lang, human=not json)
    view = views.itinerary(trip, _filters(tz, day, who, since, until))
    if json:
        from tripplan.render.json import itinerary_json

        _print_json(env, itinerary_json(view))
    elif not view.items:
        _say_empty(env, day, since, until)
    else:
        from tripplan.render.table import print_itinerary

        print_itinerary(view, printer(env), today(env, trip), marks(trip))
    return ExitStatus.SUCCESS


def agenda(
    ctx: typer.Context,
    file: FileArg,
    json: JsonOpt = False,
    tz: TzOpt = None,
    day: DayOpt = None,
    who: WhoOpt = None,
    since: FromOpt = None,
    until: ToOpt = None,
    lang: LangOpt = None,
) -> int:
    """One table per traveller's local day at a place.

    Each day is headed by its date, the place, the clock when it begins, the home clock
    then and any clock change within it; a date lived twice (over the date line) gets two
    tables, and travellers whose day is the same share one."""
    from tripplan import views

    env = environment(ctx)
    trip = load_and_speak(env, file, lang, human=not json)
    view = views.agenda(trip, _filters(tz, day, who, since, until))
    if json:
        from tripplan.render.json import agenda_json

        _print_json(env, agenda_json(view))
    elif view.days:
        from tripplan.render.table import print_agenda

        print_agenda(view, printer(env), today(env, trip), marks(trip))
    else:
        _say_empty(env, day, since, until)
    return ExitStatus.SUCCESS


def marks(trip: Trip) -> Marks:
    """The marks of a table of the trip's entries: its findings, checked once."""
    from tripplan.checks import check_trip
    from tripplan.render.marks import Marks

    return Marks.of(check_trip(trip))


def _say_empty(env: Environment, day: str | None, since: str | None, until: str | None) -> None:
    """The one line an empty selection prints instead of a table (exit 0: nothing is
    wrong with the trip), its dates as they were typed."""
    from tripplan.lang import _

    first, last = parse_range(day, since, until)
    if day is not None:
        said = _("no entries on {date}").format(date=first)
    elif first is not None and last is not None:
        said = _("no entries from {first} to {last}").format(first=first, last=last)
    elif first is not None:
        said = _("no entries from {first} on").format(first=first)
    elif last is not None:
        said = _("no entries up to {last}").format(last=last)
    else:
        said = _("no entries")
    env.stdout.write(said + "\n")


def _load_or_report(env: Environment, files: list[str], json: bool) -> list[Trip]:
    """The trips; when a file is invalid, under `--json` first every error of every file
    as one document on stdout (cli.md, "Machine output"), then the error boundary's lines
    and exit 2 as without `--json`."""
    from tripplan.errors import TripErrors, TripFileError

    try:
        return load_all(env, files)
    except (TripFileError, TripErrors) as err:
        if json:
            failures = err.failures if isinstance(err, TripErrors) else (err,)
            errors = (
                {"file": e.file, "line": e.line, "entry": e.entry, "message": e.message}
                for failure in failures
                if isinstance(failure, TripFileError)
                for e in failure.errors
            )
            _print_json(env, {"valid": False, "errors": errors})
        raise


def check(ctx: typer.Context, files: FilesArg, json: JsonOpt = False, lang: LangOpt = None) -> int:
    """The findings of the checks; exit 1 on an error.

    Overlaps, wrong places, broken travel chains, tight gaps, DST gaps and folds, offset
    mismatches, entries outside the trip (docs/checks.md). Several files: a traveller
    named the same in two is one person, so their entries overlapping across files are
    found too."""
    from tripplan.checks import check_files, has_errors

    env = environment(ctx)
    trips = _load_or_report(env, files, json)
    speak(env, lang, trips[0], human=not json)
    from tripplan.cli.progress import progress

    with progress(env, None, "check", size=sum(len(trip.entries) for trip in trips)):
        found = check_files(trips)
    findings = [f.finding for f in found]
    if json:
        from tripplan.render.staff_json import filed_findings_json

        _print_json(env, filed_findings_json(found))
    elif len(trips) > 1:
        from tripplan.render.staff_table import print_filed_findings

        print_filed_findings(trips, found, printer(env))
    else:
        from tripplan.render.table import findings_summary, heading, print_findings
        from tripplan.text import visible

        trip, out = trips[0], printer(env)
        if findings:
            print_findings(trip, findings, out)
            out.blank()
            out.write(heading(out, [findings_summary(findings)]))
        else:
            from tripplan.lang import _

            said = _("{title}: no findings.").format(title=visible(trip.title))
            out.write(heading(out, [said]))
    return ExitStatus.FINDINGS if has_errors(findings) else ExitStatus.SUCCESS


def validate(ctx: typer.Context, file: FileArg, json: JsonOpt = False, lang: LangOpt = None) -> int:
    """Parse and resolve only; exit 0 when valid."""
    from tripplan.lang import _, ngettext
    from tripplan.model import Travel
    from tripplan.text import visible

    env = environment(ctx)
    (trip,) = _load_or_report(env, [file], json)
    speak(env, lang, trip, human=not json)
    legs = sum(isinstance(e, Travel) for e in trip.entries)
    stays = sum(not e.occupies for e in trip.entries)  # lodging (1.1)
    events = len(trip.entries) - legs - stays
    counts = {"places": len(trip.places), "events": events, "travel": legs, "lodging": stays}
    if json:
        _print_json(env, {"valid": True, "file": trip.file, **counts})
    else:
        parts = [
            ngettext("{n} place", "{n} places", counts["places"]).format(n=counts["places"]),
            ngettext("{n} event", "{n} events", counts["events"]).format(n=counts["events"]),
            _("{n} travel").format(n=counts["travel"]),
        ]
        if stays:  # said only of a trip that books lodging
            parts.append(_("{n} lodging").format(n=stays))
        summary = ", ".join(parts)
        said = _("{file}: valid ({summary})").format(file=visible(trip.file), summary=summary)
        env.stdout.write(said + "\n")
    return ExitStatus.SUCCESS


def register(app: typer.Typer) -> None:
    for command in (itinerary, agenda, check, validate):
        app.command()(command)
