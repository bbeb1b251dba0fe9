"""`move`: an entry to a new start, or shifted on the wall clock, keeping its length."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from tripplan import fields, words
from tripplan.edit.result import Done, Notes, said
from tripplan.edit.revision import raise_sequence
from tripplan.edit.times import Around, clock, parse_shift, parse_time, shift_wall, write_like
from tripplan.edit.tripfile import TripFile, toml_value
from tripplan.errors import OptionError, UsageError
from tripplan.lang import _
from tripplan.load import FIRST_YEAR, LAST_YEAR
from tripplan.model import AllDayEvent, AnyEntry
from tripplan.options import select_zone

if TYPE_CHECKING:
    from tomlkit.items import Table

    from tripplan.model import Spanned


def move(file: TripFile, ident: str, to: str | None, by: str | None, tz: str | None) -> Done:
    """Move an entry to `to` (a time, or a date for an all-day event; typed in zone `tz`
    or its own) or by `by` (a duration on the wall clock), keeping its length."""
    try:
        return _move(file, ident, to, by, tz)
    except OverflowError:  # past what a date can hold: the years 1 and 9999
        raise UsageError(
            f"move: {ident!r} would leave the years a trip may hold ({FIRST_YEAR}-{LAST_YEAR})"
        ) from None


def _move(file: TripFile, ident: str, to: str | None, by: str | None, tz: str | None) -> Done:
    entry = file.entry(ident)
    if to is not None and by is None:
        if isinstance(entry, AllDayEvent):
            return _move_days(file, entry, _days_to(entry, to))
        return _move_to(file, entry, to, tz)
    if by is not None and to is None:
        if isinstance(entry, AllDayEvent):
            return _move_days(file, entry, _days_by(entry, by))
        return _move_by(file, entry, by)
    raise UsageError("move: give a new start or a shift, one of the two").naming(
        "move: give ", "to", " TIME or ", "by", " DURATION"
    )


def _move_to(file: TripFile, entry: Spanned, to: str, tz: str | None) -> Done:
    zone = select_zone(file.trip, tz) or entry.start_place.zone
    now = entry.start.astimezone(zone)  # `9:00` keeps its date, a date its time of day
    typed = parse_time(to, "to", zone, Around(day=now.date(), clock=now.time()))
    if isinstance(typed, date):  # not met: with a clock around it, a date keeps its time
        raise OptionError("to", f"{to!r} is a date; a timed entry moves to a date and time")
    start = typed.at
    done = retime(file, entry, start, start + (entry.end - entry.start))
    return Done(done.said, (*_some(typed.note), *done.notes))


def _move_by(file: TripFile, entry: Spanned, by: str) -> Done:
    zone = entry.start_place.zone
    shift = parse_shift(by)
    start, note = shift_wall(entry.start, shift, zone)
    notes = Notes()
    notes.add(note)
    elapsed = start - entry.start
    if elapsed != shift:
        worded = _(
            "moved by {by}: {wall} of wall time in {zone}, {elapsed} elapsed across the"
            " clock change"
        )
        notes.append(
            worded.format(
                by=by,
                wall=words.human_length(shift),
                zone=zone.key,
                elapsed=words.human_length(elapsed),
            )
        )
    done = retime(file, entry, start, start + (entry.end - entry.start))
    return Done(done.said, (*notes, *done.notes))


def retime(file: TripFile, entry: AnyEntry, start: datetime, end: datetime) -> Done:
    """Give a timed entry new instants, each value in its own form; an event with a
    `duration` keeps it (the length is elapsed time)."""
    first, last = fields.entry_table(entry.table).times
    zones = (entry.start_place.zone, entry.end_place.zone)
    notes = Notes()

    def change(item: Table) -> None:
        for key, instant, zone in ((first, start, zones[0]), (last, end, zones[1])):
            if key not in item:
                continue  # `duration` instead of `end`
            text, note = write_like(item[key], instant, zone)
            notes.add(note)
            item[key] = toml_value(text)
        if (start, end) != (entry.begins, entry.ends):
            raise_sequence(item)

    file.edit_table(file.locate_entry(entry), change)
    moved = _("moved {entry} to {when}").format(entry=said(entry), when=clock(start, zones[0]))
    return Done(moved, tuple(notes))


def _days_to(entry: AllDayEvent, to: str) -> timedelta:
    typed = parse_time(to, "to", entry.place.zone)
    if not isinstance(typed, date):
        raise OptionError("to", f"{entry.id!r} is an all-day event: give a date")
    return typed - entry.start


def _days_by(entry: AllDayEvent, by: str) -> timedelta:
    shift = parse_shift(by)
    if shift % timedelta(days=1):
        raise OptionError("by", f"{entry.id!r} is an all-day event: move it by whole days")
    return timedelta(days=shift.days)


def _move_days(file: TripFile, entry: AllDayEvent, days: timedelta) -> Done:
    def change(item: Table) -> None:
        for key in ("start", "end"):
            if key in item:
                item[key] = toml_value((item[key] + days).isoformat())
        if days:
            raise_sequence(item)

    file.edit_table(file.locate_entry(entry), change)
    start = entry.start + days
    if entry.end == entry.start:
        return Done(_("moved {entry} to {when}").format(entry=said(entry), when=start))
    through = _("moved {entry} to {first} through {last}")
    return Done(through.format(entry=said(entry), first=start, last=entry.end + days))


def _some(note: str | None) -> tuple[str, ...]:
    return () if note is None else (note,)
