"""new, add, move, cancel, set: the commands that write trip files (import: imports.py).

The editing itself is tripplan.edit's (imported inside each command: tomlkit, tomli-w,
pendulum and icalendar cost start-up time that reading commands never pay). Standard
output carries only the `--dry-run` diff (or `new -`'s file); what was done, notes and
the findings an edit introduced go to standard error, in the language chosen once the
file is read (`--lang`, TRIPPLAN_LANG, the trip's `lang`, the locale); the file written and
the diff are the same in every language, and so are the errors of bad input (English).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

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
from tripplan.cli.editoptions import (
    AddressOpt,
    AirportOpt,
    ArriveOpt,
    CheckInOpt,
    CheckOutOpt,
    ConfirmationOpt,
    DepartOpt,
    DryRun,
    DurationOpt,
    EmailOpt,
    EndDateOpt,
    EntryId,
    EventEndOpt,
    EventStartOpt,
    ForceEdit,
    ForceOpt,
    FullNameOpt,
    HomeOpt,
    HomeTzOpt,
    KeyArg,
    KindOpt,
    LeavingArg,
    ModeOpt,
    NewFileArg,
    NewId,
    NewStartOpt,
    Notes,
    PlaceIdArg,
    PlaceNameOpt,
    PlaceZoneOpt,
    SetTargetArg,
    ShiftOpt,
    StartDateOpt,
    Title,
    TravellerIdArg,
    TravellersOpt,
    TripIdOpt,
    ValueArg,
    VenueOpt,
    WherePlaceOpt,
)
from tripplan.errors import ExitStatus, TripError

if TYPE_CHECKING:
    from tripplan.cli.env import Environment
    from tripplan.edit import Edit, Editor

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


def _edit(
    ctx: typer.Context,
    file: str,
    dry_run: bool,
    force: bool,
    lang: str | None,
    change: Callable[[Editor], object],
) -> int:
    """What every edit command does around its own change: the file opened for editing
    (_editing), the change made, and the edit written or shown (_finish)."""
    with _editing(ctx, file, dry_run, lang) as editor:
        change(editor)
        return _finish(environment(ctx), editor.result(), dry_run, force)


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
    place_id: PlaceIdArg,
    tz: PlaceZoneOpt = None,
    airport: AirportOpt = None,
    name: PlaceNameOpt = None,
    dry_run: DryRun = False,
    force: ForceEdit = False,
    lang: LangOpt = None,
) -> int:
    """Add a place: a city, one clock (its zone, or its airport's)."""

    def add(editor: Editor) -> None:
        editor.add_place(place_id, tz, name, airport)

    return _edit(ctx, file, dry_run, force, lang, add)


@add_app.command("event")
def add_event(
    ctx: typer.Context,
    file: EditFileArg,
    title: Title,
    place: WherePlaceOpt,
    start: EventStartOpt,
    end: EventEndOpt = None,
    duration: DurationOpt = None,
    ident: NewId = None,
    venue: VenueOpt = None,
    kind: KindOpt = None,
    who: TakingPartOpt = None,
    notes: Notes = None,
    tz: TypedTzOpt = None,
    dry_run: DryRun = False,
    force: ForceEdit = False,
    lang: LangOpt = None,
) -> int:
    """Add an event after the file's last event."""
    extra = {"venue": venue, "kind": kind, "who": list(who or ()), "notes": notes}

    def add(editor: Editor) -> None:
        editor.add_event(
            title=title, place=place, start=start, end=end, duration=duration, ident=ident, tz=tz,
            extra=extra,
        )  # fmt: skip

    return _edit(ctx, file, dry_run, force, lang, add)


@add_app.command("travel")
def add_travel(
    ctx: typer.Context,
    file: EditFileArg,
    title: Title,
    origin: OriginOpt,
    destination: DestinationOpt,
    depart: DepartOpt,
    arrive: ArriveOpt,
    ident: NewId = None,
    mode: ModeOpt = None,
    who: TakingPartOpt = None,
    notes: Notes = None,
    tz: TypedTzOpt = None,
    dry_run: DryRun = False,
    force: ForceEdit = False,
    lang: LangOpt = None,
) -> int:
    """Add a travel leg after the file's last leg."""
    extra = {"mode": mode, "who": list(who or ()), "notes": notes}

    def add(editor: Editor) -> None:
        editor.add_travel(
            title=title, origin=origin, destination=destination, depart=depart, arrive=arrive,
            ident=ident, tz=tz, extra=extra,
        )  # fmt: skip

    return _edit(ctx, file, dry_run, force, lang, add)


@add_app.command("lodging")
def add_lodging(
    ctx: typer.Context,
    file: EditFileArg,
    title: Title,
    place: WherePlaceOpt,
    check_in: CheckInOpt,
    check_out: CheckOutOpt,
    address: AddressOpt = None,
    who: TakingPartOpt = None,
    confirmation: ConfirmationOpt = None,
    ident: NewId = None,
    notes: Notes = None,
    tz: TypedTzOpt = None,
    dry_run: DryRun = False,
    force: ForceEdit = False,
    lang: LangOpt = None,
) -> int:
    """Add a lodging (where travellers sleep) after the file's last lodging."""
    extra = {
        "address": address, "who": list(who or ()), "confirmation": confirmation, "notes": notes,
    }  # fmt: skip

    def add(editor: Editor) -> None:
        editor.add_lodging(
            title=title, place=place, check_in=check_in, check_out=check_out, ident=ident,
            tz=tz, extra=extra,
        )  # fmt: skip

    return _edit(ctx, file, dry_run, force, lang, add)


@add_app.command("traveller")
def add_traveller(
    ctx: typer.Context,
    file: EditFileArg,
    name: TravellerIdArg,
    full_name: FullNameOpt = None,
    email: EmailOpt = None,
    dry_run: DryRun = False,
    force: ForceEdit = False,
    lang: LangOpt = None,
) -> int:
    """Add a traveller, with their name and e-mail address in [people]."""
    return _edit(
        ctx, file, dry_run, force, lang, lambda editor: editor.add_traveller(name, full_name, email)
    )


def move(
    ctx: typer.Context,
    file: EditFileArg,
    ident: EntryId,
    to: NewStartOpt = None,
    by: ShiftOpt = None,
    tz: TypedTzOpt = None,
    dry_run: DryRun = False,
    force: ForceEdit = False,
    lang: LangOpt = None,
) -> int:
    """Move an entry, keeping its length; a leg's departure and arrival move together."""
    return _edit(ctx, file, dry_run, force, lang, lambda editor: editor.move(ident, to, by, tz))


def cancel(
    ctx: typer.Context,
    file: EditFileArg,
    ident: EntryId,
    traveller: LeavingArg = None,
    dry_run: DryRun = False,
    force: ForceEdit = False,
    lang: LangOpt = None,
) -> int:
    """Remove an entry's lines (cancel traveller FILE NAME: a traveller).

    An entry's lines go, and only them; `cancel traveller FILE NAME` takes a traveller out
    of the trip and of the entries they share (refused while an entry names them alone)."""
    if traveller is not None and file != TRAVELLER:
        raise typer.BadParameter(f"got an extra argument {traveller!r}: cancel FILE ID")
    if traveller is None:
        return _edit(ctx, file, dry_run, force, lang, lambda editor: editor.cancel(ident))
    return _edit(  # `cancel traveller FILE NAME`: its FILE is the ID argument
        ctx, ident, dry_run, force, lang, lambda editor: editor.cancel_traveller(traveller)
    )


def set_(
    ctx: typer.Context,
    file: EditFileArg,
    ident: SetTargetArg,
    key: KeyArg,
    value: ValueArg,
    tz: TypedTzOpt = None,
    dry_run: DryRun = False,
    force: ForceEdit = False,
    lang: LangOpt = None,
) -> int:
    """Change one key of an entry (times and lengths too), a place or the trip."""
    return _edit(
        ctx, file, dry_run, force, lang, lambda editor: editor.set_value(ident, key, value, tz)
    )


def register(app: typer.Typer) -> None:
    app.command()(new)
    app.add_typer(add_app)
    app.command()(move)
    app.command()(cancel)
    app.command("set")(set_)
