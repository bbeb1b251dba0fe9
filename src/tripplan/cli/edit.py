"""new, add, move, cancel, set: the commands that write trip files (import: imports.py).

The editing itself is tripplan.edit's (imported inside each command: tomlkit, tomli-w,
pendulum and icalendar cost start-up time that reading commands never pay). Standard
output carries only the `--dry-run` diff (or `new -`'s file); what was done, notes and
the findings an edit introduced go to standard error, in the language chosen once the
file is read (`--lang`, TRIPPLAN_LANG, the trip's `lang`, the locale); the file written and
the diff are the same in every language, and so are the errors of bad input (English).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from tripplan.cli.common import (
    DestinationOpt,
    EditFileArg,
    LangOpt,
    OriginOpt,
    TakingPartOpt,
    TypedTzOpt,
    environment,
    parse_day,
    speak,
)
from tripplan.cli.completion import (
    complete_entries,
    complete_leaving,
    complete_places,
    complete_set_targets,
)
from tripplan.errors import ExitStatus, TripError

if TYPE_CHECKING:
    from tripplan.cli.env import Environment
    from tripplan.edit import Edit, Editor

EntryId = Annotated[
    str,
    typer.Argument(
        metavar="ID", help="The entry's id.", show_default=False, autocompletion=complete_entries
    ),
]
DryRun = Annotated[
    bool,
    typer.Option("--dry-run", help="Print the unified diff of the edit; write nothing."),
]
Notes = Annotated[str | None, typer.Option("--notes", metavar="TEXT", help="Free text.")]
NewId = Annotated[
    str | None,
    typer.Option("--id", metavar="ID", help="The entry's id (default: made from the title)."),
]
Title = Annotated[str, typer.Option("--title", metavar="TEXT", help="What it is.")]
NewFileArg = Annotated[
    str,
    typer.Argument(metavar="FILE", help="The file to write, or - for stdout.", show_default=False),
]
HomeOpt = Annotated[str | None, typer.Option("--home", metavar="ID", help="The home place's id.")]
HomeTzOpt = Annotated[
    str | None, typer.Option("--home-tz", metavar="ZONE", help="The home place's IANA zone.")
]
StartDateOpt = Annotated[
    str | None, typer.Option("--start", metavar="DATE", help="The trip's first day.")
]
EndDateOpt = Annotated[
    str | None, typer.Option("--end", metavar="DATE", help="The trip's last day.")
]
TravellersOpt = Annotated[
    list[str] | None,
    typer.Option("--traveller", metavar="NAME", help="A traveller (repeat for several)."),
]
TripIdOpt = Annotated[
    str | None,
    typer.Option("--id", metavar="ID", help="The trip's id (default: 12 random hex digits)."),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")]
ForceEdit = Annotated[
    bool, typer.Option("--force", help="Write the edit even if it adds an error-severity finding.")
]

add_app = typer.Typer(
    name="add",
    help="Add a place, an event, a travel leg, a lodging or a traveller.",
    no_args_is_help=True,
)
TRAVELLER = "traveller"  # `cancel traveller FILE NAME`: the word before FILE


@contextmanager
def _editing(ctx: typer.Context, file: str, dry_run: bool, lang: str | None) -> Iterator[Editor]:
    """An Editor of the file, which no other tripplan edits until the block (the edits,
    their checks and _finish's write) ends. A dry run writes nothing: it takes no lock,
    and so never waits for another edit (edit.editing says what it reads then). The
    language the edit's report speaks is chosen once the trip is read (its `lang`)."""
    from tripplan.edit import Editor, editing

    with editing(file, lock=not dry_run) as source:
        editor = Editor(source)
        speak(environment(ctx), lang, editor.trip)
        yield editor


def _finish(env: Environment, edit: Edit, dry_run: bool, force: bool = False) -> int:
    """Write (or show) the edit, say what was done, and the findings it introduced. An
    edit that introduces an error is not written unless forced (edit.guard)."""
    from tripplan.edit import unified_diff, write_edit
    from tripplan.edit.guard import judge, report
    from tripplan.lang import _
    from tripplan.text import visible

    verdict = judge(edit, force=force)
    if dry_run:
        env.stdout.write(unified_diff(edit))
    elif edit.changed and verdict.written:
        write_edit(edit)
    for line in report(edit, verdict, dry_run=dry_run):
        env.stderr.write(f"{line}\n")
    if not verdict.written and not dry_run:
        refusal = _("nothing written: the edit adds an error (--force writes it)")
        env.stderr.write(f"tripplan: {visible(edit.source.path)}: {refusal}\n")
    return ExitStatus.FINDINGS if verdict.errors else ExitStatus.SUCCESS


def new(
    ctx: typer.Context,
    file: NewFileArg,
    title: Title,
    home: HomeOpt = None,
    home_tz: HomeTzOpt = None,
    start: StartDateOpt = None,
    end: EndDateOpt = None,
    traveller: TravellersOpt = None,
    ident: TripIdOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
) -> int:
    """Write a fresh trip file: title, id, home place, dates, travellers."""
    from pathlib import Path

    from tripplan.edit.newfile import NewTrip, new_trip
    from tripplan.lang import _

    env = environment(ctx)
    speak(env, lang)
    first, last = parse_day(start, "--start"), parse_day(end, "--end")
    spec = NewTrip(title, ident, home, home_tz, first, last, tuple(traveller or ()))
    if file != "-" and Path(file).exists() and not force:
        raise _exists(file)  # said before the trip is made; write_new holds it against a race
    data = new_trip(spec, file if file != "-" else "<stdout>")
    if file == "-":
        env.stdout.write(data.decode("utf-8"))
        return ExitStatus.SUCCESS
    _write_new(file, data, force)
    written = _("written")
    env.stderr.write(f"tripplan: {file}: {written}\n")
    return ExitStatus.SUCCESS


def _exists(file: str) -> TripError:
    return TripError(f"{file}: exists; nothing written (--force replaces it)")


def _write_new(file: str, data: bytes, force: bool) -> None:
    """The new file, atomically: over an existing one only when forced, else only if no
    other process made one meanwhile."""
    from tripplan.fileio import write_atomically, write_new

    if force:
        write_atomically(file, [data])
        return
    try:
        write_new(file, [data])
    except FileExistsError:
        raise _exists(file) from None


@add_app.command("place")
def add_place(
    ctx: typer.Context,
    file: EditFileArg,
    place_id: Annotated[
        str, typer.Argument(metavar="ID", help="The place's id.", show_default=False)
    ],
    tz: Annotated[
        str | None,
        typer.Option("--tz", metavar="ZONE", help="Its IANA time zone (or give --airport)."),
    ] = None,
    airport: Annotated[
        str | None,
        typer.Option(
            "--airport", metavar="CODE", help="Its airport's IATA code: zone and name from it."
        ),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option(
            "--name", metavar="TEXT", help="Its name (default: the id, or the airport's)."
        ),
    ] = None,
    dry_run: DryRun = False,
    force: ForceEdit = False,
    lang: LangOpt = None,
) -> int:
    """Add a place: a city, one clock (its zone, or its airport's)."""
    with _editing(ctx, file, dry_run, lang) as editor:
        editor.add_place(place_id, tz, name, airport)
        return _finish(environment(ctx), editor.result(), dry_run, force)


@add_app.command("event")
def add_event(
    ctx: typer.Context,
    file: EditFileArg,
    title: Title,
    place: Annotated[
        str,
        typer.Option(
            "--place", metavar="ID", help="Where: a place id.", autocompletion=complete_places
        ),
    ],
    start: Annotated[
        str,
        typer.Option(
            "--start", metavar="TIME", help="2010-11-18 14:00 (the place's time), or a date."
        ),
    ],
    end: Annotated[str | None, typer.Option("--end", metavar="TIME", help="When it ends.")] = None,
    duration: Annotated[
        str | None, typer.Option("--duration", metavar="DUR", help="Or how long: 90m, 1h30m.")
    ] = None,
    ident: NewId = None,
    venue: Annotated[
        str | None, typer.Option("--venue", metavar="TEXT", help="The site within the place.")
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", metavar="TEXT", help="meeting, speech, ...")
    ] = None,
    who: TakingPartOpt = None,
    notes: Notes = None,
    tz: TypedTzOpt = None,
    dry_run: DryRun = False,
    force: ForceEdit = False,
    lang: LangOpt = None,
) -> int:
    """Add an event after the file's last event."""
    with _editing(ctx, file, dry_run, lang) as editor:
        extra = {"venue": venue, "kind": kind, "who": list(who or ()), "notes": notes}
        editor.add_event(
            title=title, place=place, start=start, end=end, duration=duration, ident=ident, tz=tz,
            extra=extra,
        )  # fmt: skip
        return _finish(environment(ctx), editor.result(), dry_run, force)


@add_app.command("travel")
def add_travel(
    ctx: typer.Context,
    file: EditFileArg,
    title: Title,
    origin: OriginOpt,
    destination: DestinationOpt,
    depart: Annotated[
        str, typer.Option("--depart", metavar="TIME", help="Departure, local time at --from.")
    ],
    arrive: Annotated[
        str, typer.Option("--arrive", metavar="TIME", help="Arrival, local time at --to.")
    ],
    ident: NewId = None,
    mode: Annotated[
        str | None, typer.Option("--mode", metavar="TEXT", help="flight, train, ...")
    ] = None,
    who: TakingPartOpt = None,
    notes: Notes = None,
    tz: TypedTzOpt = None,
    dry_run: DryRun = False,
    force: ForceEdit = False,
    lang: LangOpt = None,
) -> int:
    """Add a travel leg after the file's last leg."""
    with _editing(ctx, file, dry_run, lang) as editor:
        extra = {"mode": mode, "who": list(who or ()), "notes": notes}
        editor.add_travel(
            title=title, origin=origin, destination=destination, depart=depart, arrive=arrive,
            ident=ident, tz=tz, extra=extra,
        )  # fmt: skip
        return _finish(environment(ctx), editor.result(), dry_run, force)


@add_app.command("lodging")
def add_lodging(
    ctx: typer.Context,
    file: EditFileArg,
    title: Title,
    place: Annotated[
        str,
        typer.Option(
            "--place", metavar="ID", help="Where: a place id.", autocompletion=complete_places
        ),
    ],
    check_in: Annotated[
        str,
        typer.Option(
            "--check-in", metavar="TIME", help="2010-11-16 15:00 (the place's time); a date: 15:00."
        ),
    ],
    check_out: Annotated[
        str,
        typer.Option(
            "--check-out", metavar="TIME", help="2010-11-18 11:00, +2 11:00; a date: 11:00."
        ),
    ],
    address: Annotated[
        str | None, typer.Option("--address", metavar="TEXT", help="The street address.")
    ] = None,
    who: TakingPartOpt = None,
    confirmation: Annotated[
        str | None,
        typer.Option("--confirmation", metavar="TEXT", help="The booking reference."),
    ] = None,
    ident: NewId = None,
    notes: Notes = None,
    tz: TypedTzOpt = None,
    dry_run: DryRun = False,
    force: ForceEdit = False,
    lang: LangOpt = None,
) -> int:
    """Add a lodging (where travellers sleep) after the file's last lodging."""
    with _editing(ctx, file, dry_run, lang) as editor:
        extra = {
            "address": address, "who": list(who or ()), "confirmation": confirmation,
            "notes": notes,
        }  # fmt: skip
        editor.add_lodging(
            title=title, place=place, check_in=check_in, check_out=check_out, ident=ident,
            tz=tz, extra=extra,
        )  # fmt: skip
        return _finish(environment(ctx), editor.result(), dry_run, force)


@add_app.command("traveller")
def add_traveller(
    ctx: typer.Context,
    file: EditFileArg,
    name: Annotated[
        str, typer.Argument(metavar="ID", help="The name entries use in --who.", show_default=False)
    ],
    full_name: Annotated[
        str | None, typer.Option("--name", metavar="TEXT", help="Their full name ([people]).")
    ] = None,
    email: Annotated[
        str | None,
        typer.Option("--email", metavar="ADDR", help="Their e-mail address (matches invitations)."),
    ] = None,
    dry_run: DryRun = False,
    force: ForceEdit = False,
    lang: LangOpt = None,
) -> int:
    """Add a traveller, with their name and e-mail address in [people]."""
    with _editing(ctx, file, dry_run, lang) as editor:
        editor.add_traveller(name, full_name, email)
        return _finish(environment(ctx), editor.result(), dry_run, force)


def move(
    ctx: typer.Context,
    file: EditFileArg,
    ident: EntryId,
    to: Annotated[
        str | None, typer.Option("--to", metavar="TIME", help="The new start (departure).")
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", metavar="DURATION", help="Shift on the wall clock: 1h, 1d, -30m."),
    ] = None,
    tz: TypedTzOpt = None,
    dry_run: DryRun = False,
    force: ForceEdit = False,
    lang: LangOpt = None,
) -> int:
    """Move an entry, keeping its length; a leg's departure and arrival move together."""
    with _editing(ctx, file, dry_run, lang) as editor:
        editor.move(ident, to, by, tz)
        return _finish(environment(ctx), editor.result(), dry_run, force)


def cancel(
    ctx: typer.Context,
    file: EditFileArg,
    ident: EntryId,
    traveller: Annotated[
        str | None,
        typer.Argument(
            metavar="[NAME]",
            help="With `cancel traveller FILE NAME`: the traveller to take out.",
            show_default=False,
            autocompletion=complete_leaving,
        ),
    ] = None,
    dry_run: DryRun = False,
    force: ForceEdit = False,
    lang: LangOpt = None,
) -> int:
    """Remove an entry's lines (cancel traveller FILE NAME: a traveller).

    An entry's lines go, and only them; `cancel traveller FILE NAME` takes a traveller out
    of the trip and of the entries they share (refused while an entry names them alone)."""
    if traveller is not None and file != TRAVELLER:
        raise typer.BadParameter(f"got an extra argument {traveller!r}: cancel FILE ID")
    target = ident if traveller is None else traveller
    with _editing(ctx, ident if traveller is not None else file, dry_run, lang) as editor:
        if traveller is None:
            editor.cancel(target)
        else:
            editor.cancel_traveller(target)
        return _finish(environment(ctx), editor.result(), dry_run, force)


def set_(
    ctx: typer.Context,
    file: EditFileArg,
    ident: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="An entry's id, a place's id, or trip.",
            show_default=False,
            autocompletion=complete_set_targets,
        ),
    ],
    key: Annotated[
        str,
        typer.Argument(
            metavar="KEY", help="title, start, end, duration, arrive, who, ...", show_default=False
        ),
    ],
    value: Annotated[
        str,
        typer.Argument(
            metavar="VALUE",
            help="The new value: text, a time (9:30, 9am, 2010-11-18 14:00, +1 05:40 for an"
            " arrival), a length (2h); '' removes an optional key.",
            show_default=False,
        ),
    ],
    tz: TypedTzOpt = None,
    dry_run: DryRun = False,
    force: ForceEdit = False,
    lang: LangOpt = None,
) -> int:
    """Change one key of an entry (times and lengths too), a place or the trip."""
    with _editing(ctx, file, dry_run, lang) as editor:
        editor.set_value(ident, key, value, tz)
        return _finish(environment(ctx), editor.result(), dry_run, force)


def register(app: typer.Typer) -> None:
    app.command()(new)
    app.add_typer(add_app)
    app.command()(move)
    app.command()(cancel)
    app.command("set")(set_)
