"""`set ID start|end|duration|depart|arrive VALUE`: one time (or the length) of an entry
changed, the others kept as the file writes them (`move` shifts a whole entry).

An event that writes `duration` keeps it when its start is set (the end moves with the
start); setting its `end` writes `end` in the duration's place, and setting the
`duration` of one that writes `end` writes `duration` in the end's place. A time typed
without a date keeps the value's date, a date alone its time of day, and `+1 05:40` for
an arrival is 05:40 on the day after the departure's local date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from tripplan import fields
from tripplan.edit.result import Done, Notes, said, set_said
from tripplan.edit.revision import raise_sequence
from tripplan.edit.times import Around, clock, parse_time, write_like
from tripplan.edit.tripfile import TripFile, toml_value
from tripplan.errors import OptionError
from tripplan.lang import _
from tripplan.model import AllDayEvent
from tripplan.options import select_zone
from tripplan.timing import parse_duration
from tripplan.words import human_length

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from tomlkit.items import Table

    from tripplan import fields
    from tripplan.model import AnyEntry, Spanned

TIME_KEYS = frozenset({"duration", *(key for t in fields.ENTRY_TABLES for key in t.times)})
OTHER = {"end": "duration", "duration": "end"}  # an event writes one of the two


def set_time(file: TripFile, entry: AnyEntry, key: fields.Key, value: str, tz: str | None) -> Done:
    """Set the time `key` of `entry` to `value` (typed in zone `tz`, or the key's own),
    keeping its other times."""
    if isinstance(entry, AllDayEvent):
        return _set_date(file, entry, key.name, value)
    if key.name == "duration":
        return _set_length(file, entry, value)
    own = _zone_of(entry, key.name)
    typed = select_zone(file.trip, tz) or own
    now = _now(entry, key.name)
    here = now.astimezone(typed)
    left = entry.start.astimezone(select_zone(file.trip, tz) or entry.start_place.zone).date()
    ends = key.name in ("arrive", "check_out")  # an end that may fall on another date
    around = Around(here.date(), here.time(), left if ends else None)
    read = parse_time(value, key.name, typed, around)
    if isinstance(read, date):  # not met: with a clock around it, a date keeps its time
        raise OptionError(key.name, f"{value!r} is a date; give a date and time")
    notes = Notes()
    notes.add(read.note)

    def written(old: Any) -> Any:
        """The instant in the form the old value has (local, an offset, `Z`)."""
        text, note = write_like(old, read.at, own)
        notes.add(note)
        return toml_value(text)

    _change(file, entry, key.name, written, read.at != now)
    return Done(set_said(key.name, said(entry), clock(read.at, own)), tuple(notes))


def _set_length(file: TripFile, entry: Spanned, value: str) -> Done:
    import tomlkit

    try:
        length = parse_duration(value.strip())
    except ValueError as err:
        raise OptionError("duration", str(err)) from None
    text = tomlkit.string(value.strip())
    _change(file, entry, "duration", lambda old: text, length != entry.end - entry.start)
    ends = clock(entry.start + length, entry.end_place.zone)
    worded = _("set duration of {entry} to {length}: it ends {when}")
    return Done(worded.format(entry=said(entry), length=human_length(length), when=ends))


def _set_date(file: TripFile, entry: AllDayEvent, key: str, value: str) -> Done:
    if key == "duration":
        raise file.refuse("an all-day event has no `duration`: set its `end` date")
    read = parse_time(value, key, entry.place.zone)
    if not isinstance(read, date):
        raise OptionError(key, f"{value!r} has a time; an all-day event is set to a date")
    day = toml_value(read.isoformat())
    _change(file, entry, key, lambda old: day, read != getattr(entry, key))
    return Done(set_said(key, said(entry), str(read)))


def _change(
    file: TripFile, entry: AnyEntry, key: str, made: Callable[[Any], Any], changed: bool
) -> None:
    """Write `key` as `made` makes it from the old value (in the place of the other of
    end/duration, where the file writes that one) and raise the entry's sequence if the
    time changed."""

    def change(item: Table) -> None:
        other = OTHER.get(key)
        if other is not None and other in item and key not in item:
            item.value._replace(other, key, made(None))  # in its place, with its comment
        else:
            item[key] = made(item.get(key))
        if changed:
            raise_sequence(item)

    file.edit_table(file.locate_entry(entry), change)


def _zone_of(entry: Spanned, key: str) -> ZoneInfo:
    """The zone a key's local time is read in: a leg's departure at `from`, else `to`."""
    return entry.start_place.zone if fields.starts(key) else entry.end_place.zone


def _now(entry: Spanned, key: str) -> datetime:
    """The instant a key holds now."""
    return entry.start if fields.starts(key) else entry.end
