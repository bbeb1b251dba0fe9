"""What the commands share: every option and argument type (each defined once, with its
help; a flag that means something else in another command is another type, beside it;
those of the edits alone are in cli.editoptions), the constructors of each kind of them
(`argument`, `zone_option`, `traveller_option`, `date_option`, `place_option`: one
metavar and completion for each kind), and the helpers that turn the command line into an
environment, loaded trips, dates and a table printer. The values themselves are resolved by
the library (tripplan.options)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tripplan.cli.completion import complete_places, complete_travellers, complete_zones
from tripplan.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Callable

    from tripplan.cli.env import Environment
    from tripplan.model import Trip
    from tripplan.options import Dates
    from tripplan.render.table import Printer

    Completion = Callable[[typer.Context, str], list[str]]


def argument(metavar: str, help: str, autocompletion: Completion | None = None) -> Any:
    """A positional argument, METAVAR in the usage line; it shows no default (an
    optional one's is None, which says nothing)."""
    return typer.Argument(
        metavar=metavar, help=help, show_default=False, autocompletion=autocompletion
    )


FileArg = Annotated[str, argument("FILE", "The trip file (TOML), or - for standard input.")]
FilesArg = Annotated[
    list[str],
    argument(
        "FILE...",
        "Trip files (TOML), or - for standard input; a traveller named the same in"
        " several files is one person.",
    ),
]
EditFileArg = Annotated[str, argument("FILE", "The trip file to edit.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON document to stdout.")]
LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="CODE",
        help="Word tables, headings and pictures in this language (ko, en, fr, ...); default:"
        " TRIPPLAN_LANG, the trip's lang, then the locale. Machine output is the same in all.",
    ),
]
# A command whose output is for machines takes --lang as the others do, so that one set of
# options serves a script's every call, and is the same in every language.
MachineLangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="CODE",
        help="Accepted as by the other commands; a calendar is the same in every language.",
    ),
]
OutputOpt = Annotated[
    str,
    typer.Option(
        "-o", "--output", metavar="PATH", help="Write to PATH (atomically), or - for stdout."
    ),
]


# --tz: the zone times are shown in (the views), the zone --at is read in and shown in
# (where), the zone typed times are read in (the edits).
def zone_option(help: str) -> Any:
    """--tz ZONE, completed from the trip's places and the IANA names."""
    return typer.Option("--tz", metavar="ZONE", help=help, autocompletion=complete_zones)


TzOpt = Annotated[
    str | None, zone_option("Show every time in ZONE: an IANA name, a place id, or home.")
]
AtTzOpt = Annotated[
    str | None,
    zone_option(
        "The zone --at is read in and the instant shown in: an IANA name, a place id,"
        " or home (the default)."
    ),
]
TypedTzOpt = Annotated[
    str | None,
    zone_option("Read typed times in ZONE (an IANA name, a place id, or home), not the entry's."),
]


# --who: one traveller the command is about; in an edit, the travellers taking part.
def traveller_option(help: str) -> Any:
    """--who NAME, completed from the trip's travellers."""
    return typer.Option("--who", metavar="NAME", help=help, autocompletion=complete_travellers)


WhoOpt = Annotated[str | None, traveller_option("Only this traveller.")]
TakingPartOpt = Annotated[
    list[str] | None, traveller_option("A traveller taking part (repeat for several).")
]


# --day, --from, --to: local dates (a traveller's own clock's). In `add travel`, --from
# and --to are the places a leg leaves and reaches.
def date_option(flag: str, help: str) -> Any:
    """A DATE option: YYYY-MM-DD, read by parse_day or parse_range."""
    return typer.Option(flag, metavar="DATE", help=help)


def place_option(flag: str, help: str) -> Any:
    """A place's ID, completed from the trip's places."""
    return typer.Option(flag, metavar="ID", help=help, autocompletion=complete_places)


DayOpt = Annotated[str | None, date_option("--day", "Only this local date (YYYY-MM-DD).")]
FromOpt = Annotated[str | None, date_option("--from", "Only dates on or after DATE.")]
ToOpt = Annotated[str | None, date_option("--to", "Only dates on or before DATE.")]
OriginOpt = Annotated[str, place_option("--from", "Where it departs.")]
DestinationOpt = Annotated[str, place_option("--to", "Where it arrives.")]


def environment(ctx: typer.Context) -> Environment:
    from tripplan.cli.env import Environment

    env = ctx.obj
    if not isinstance(env, Environment):
        raise TypeError(f"the command line runs in an Environment, not {env!r}")
    return env


def speak(
    env: Environment, flag: str | None, trip: Trip | None = None, *, human: bool = True
) -> None:
    """Word what the command shows people in the language asked for (`--lang`, else
    TRIPPLAN_LANG, the trip's `lang`, the locale: tripplan.lang.choose), from now until
    the command ends. Only on the way to human output (`human`): JSON, ICS and TOML are
    made in English whatever was asked, though a `--lang` that is no language is refused
    the same either way."""
    from tripplan import lang

    if flag is not None and not (lang.well_formed(flag) and lang.known(flag)):
        said = "not a language code" if not lang.well_formed(flag) else "not a language known"
        known = ", ".join(["en", *lang.catalogs()])
        raise typer.BadParameter(
            f"{flag!r} is {said} (tripplan's words: {known}; dates: any CLDR language)",
            param_hint="--lang",
        )
    if human:
        lang.speak(lang.choose(flag, env.environ, trip.lang if trip is not None else None))


def load(env: Environment, file: str) -> Trip:
    from tripplan.load import load_trip

    return load_trip(file, stdin=env.stdin)


def load_and_speak(env: Environment, file: str, lang: str | None, *, human: bool = True) -> Trip:
    """The trip in `file`, and the language the command speaks from then on: chosen once
    the trip is read, as its `lang` is one of the choices (speak)."""
    trip = load(env, file)
    speak(env, lang, trip, human=human)
    return trip


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


def parse_day(text: str | None, flag: str = "--day") -> date | None:
    """A date option, or the parser's usage error naming `flag` (as Click words a value
    it cannot read)."""
    from tripplan.options import NotADate, parse_date

    try:
        return parse_date(text)
    except NotADate as err:
        raise typer.BadParameter(err.message, param_hint=flag) from None


def parse_range(day: str | None, since: str | None, until: str | None) -> Dates:
    """--day, or --from/--to: the first and last dates asked for (either end open)."""
    from tripplan.options import NotADate, date_range

    try:
        return date_range(day, since, until)
    except NotADate as err:
        flag = {"day": "--day", "first": "--from", "last": "--to"}[err.option]
        raise typer.BadParameter(err.message, param_hint=flag) from None


# The widest table: more columns than a screen shows at a size one can read (a 4K screen,
# 3,840 pixels, in 4-pixel characters is 960). Wider, a table is only padding and rules
# (the sample's agenda at 10,000 columns is 507 KB), and COLUMNS=1000000000 was a
# MemoryError, COLUMNS=99999999999999999999 an OverflowError.
MOST_COLUMNS = 1000


def printer(env: Environment) -> Printer:
    from tripplan.render.table import Printer

    return Printer(env.stdout, width=_width(env), color=env.color)


def _width(env: Environment) -> int:
    """Tables at the terminal's width: the injected one (at most MOST_COLUMNS), else
    `COLUMNS` when it is a number from 1 to MOST_COLUMNS, else the terminal's, else 80.
    These are shutil's rules, which ignore a `COLUMNS` of 0 or junk; one wider than
    MOST_COLUMNS is ignored too, as absurd."""
    import shutil

    if env.width is not None and env.width > 0:
        return min(env.width, MOST_COLUMNS)
    width = shutil.get_terminal_size().columns
    if width > MOST_COLUMNS:  # COLUMNS (a terminal's own width is at most 65,535)
        try:
            width = os.get_terminal_size(1).columns or 80
        except OSError:  # not a terminal
            width = 80
    return max(1, min(width, MOST_COLUMNS))


def today(env: Environment, trip: Trip) -> date:
    """Today's date on the home clock (UTC for a trip with no home): dates in tables show
    the year when a view is not within this year."""
    now = env.now()
    return now.astimezone(trip.home.zone).date() if trip.home else now.date()
