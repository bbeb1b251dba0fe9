"""`add place`, `add event`, `add travel`, `add lodging`: a new table after the last of
its kind."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from tripplan.edit.ids import ID_RULE, check_id, new_id, valid_id
from tripplan.edit.result import Done, Notes
from tripplan.edit.times import LOCAL, NOTHING, Around, clock, parse_time, write_time
from tripplan.edit.tripfile import TripFile, toml_value
from tripplan.errors import OptionError, UsageError
from tripplan.lang import _
from tripplan.options import select_zone
from tripplan.timing import parse_duration

# A hotel's usual hours: what a date alone means for check-in and check-out.
CHECK_IN, CHECK_OUT = time(15, 0), time(11, 0)

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from tripplan.airports import Airport


def add_place(
    file: TripFile, place_id: str, tz: str | None, name: str | None, airport: str | None = None
) -> Done:
    """A [places.ID] table: its zone `tz` (an IANA name) and its name; or its `airport`
    (an IATA code), whose zone the loader takes when `tz` is not given."""
    from tripplan.zones import lookup_zone, zone_hint

    if place_id in file.trip.places:
        raise file.refuse(f"the place {place_id!r} exists already")
    if not valid_id(place_id):
        raise UsageError(f"{place_id!r} is not a place id tripplan writes ({ID_RULE})").naming(
            f"{place_id!r} is not a place id tripplan writes (as ", "id", ")"
        )
    if tz is None and airport is None:
        raise UsageError("add place: give its zone, or an airport").naming(
            "add place: give ", "tz", " ZONE, or ", "airport", " CODE"
        )
    if tz is not None and lookup_zone(tz) is None:  # worded as ever, the loader's hint
        hint = zone_hint(tz) or " (e.g. America/Chicago)"
        raise OptionError("tz", f"{tz!r} is not an IANA time zone{hint}")
    spec: dict[str, Any] = {"name": name} if name else {}
    if tz is not None:
        spec["tz"] = tz
    if airport is None:
        file.insert_named("places", place_id, spec)
        return Done(_("added place {place} ({tz})").format(place=repr(place_id), tz=tz))
    found = known_airport(airport, "airport")
    spec["airport"] = found.code
    file.insert_named("places", place_id, spec)
    worded = _("added place {place}: {name}, airport {code} ({tz})")
    shown = file.trip.places[place_id].name
    return Done(worded.format(place=repr(place_id), name=shown, code=found.code, tz=tz or found.tz))


def known_airport(code: str, option: str) -> Airport:
    """The airport of an IATA code, from the database (airports.py), with its zone."""
    from tripplan.airports import airport, well_formed

    if not well_formed(code):
        raise OptionError(option, f"{code!r} is not an IATA airport code (three letters: LAX)")
    found = airport(code)
    if found is None:
        raise OptionError(option, f"{code.upper()!r} is not in the airport database")
    if not found.tz:
        raise OptionError(
            option, f"{found.code!r} has no zone in the airport database: give its zone"
        )
    return found


def add_event(
    file: TripFile,
    *,
    title: str,
    place: str,
    start: str,
    end: str | None,
    duration: str | None,
    ident: str | None = None,
    tz: str | None = None,
    extra: Mapping[str, Any] | None = None,
) -> Done:
    """A timed or all-day event. `extra`: venue, kind, who, notes (empty ones left out)."""
    where = file.place(place, "place")
    typed_zone = select_zone(file.trip, tz) or where.zone
    first = parse_time(start, "start", typed_zone)
    notes = Notes()
    spec: dict[str, Any] = {"id": _new_id(file, ident, title, "event"), "title": title}
    spec["place"] = place
    if isinstance(first, date):
        spec.update(_all_day(first, end, duration, typed_zone))
        when = str(first)
    else:
        notes.add(first.note)
        spec["start"] = _local(first.at, where.zone, notes)
        day = first.at.astimezone(typed_zone).date()  # a time of day alone for the end
        spec.update(_timed_end(end, duration, typed_zone, where.zone, notes, Around(day=day)))
        when = clock(first.at, where.zone)
    spec.update({k: v for k, v in (extra or {}).items() if v})
    file.insert_entry("events", spec)
    said = _("added event {id}: {title} at {place}, {when}").format(
        id=repr(spec["id"]), title=repr(title), place=where.name, when=when
    )
    return Done(said, tuple(notes), str(spec["id"]))


def _timed_end(
    end: str | None,
    duration: str | None,
    typed: ZoneInfo,
    zone: ZoneInfo,
    notes: Notes,
    around: Around,
) -> dict[str, Any]:
    """A timed event's `end` (typed in zone `typed`, written in its place's `zone`; a
    time of day alone on the start's date) or its `duration`."""
    if end is not None and duration is None:
        last = parse_time(end, "end", typed, around)
        if isinstance(last, date):
            raise OptionError("end", f"{end!r} is a date; the start has a time").naming(
                "", "end", f": {end!r} is a date; ", "start", " has a time"
            )
        notes.add(last.note)
        return {"end": _local(last.at, zone, notes)}
    if duration is not None and end is None:
        return {"duration": _duration_text(duration)}
    raise UsageError("add event: give an end or a duration, one of the two").naming(
        "add event: give ", "end", " TIME or ", "duration", " DURATION (one)"
    )


def _all_day(day: date, end: str | None, duration: str | None, zone: ZoneInfo) -> dict[str, Any]:
    if duration is not None:
        raise OptionError(
            "duration", "an all-day event (a date for the start) takes an end date"
        ).naming(
            "", "duration", ": an all-day event (a date ", "start", ") takes an ", "end", " date"
        )
    if end is None:
        return {"start": toml_value(day.isoformat())}
    last = parse_time(end, "end", zone)
    if not isinstance(last, date):
        raise OptionError("end", f"{end!r} has a time; an all-day event ends on a date")
    return {"start": toml_value(day.isoformat()), "end": toml_value(last.isoformat())}


def add_travel(
    file: TripFile,
    *,
    title: str,
    origin: str,
    destination: str,
    depart: str,
    arrive: str,
    ident: str | None = None,
    tz: str | None = None,
    extra: Mapping[str, Any] | None = None,
) -> Done:
    """A travel leg from `origin` to `destination`. `extra`: mode, who, notes."""
    leaving, reaching = file.place(origin, "from"), file.place(destination, "to")
    typed = select_zone(file.trip, tz)
    notes = Notes()
    departs = _instant(depart, "depart", typed or leaving.zone, notes)
    left = departs.astimezone(typed or leaving.zone).date()  # `05:40`, `+1 05:40` count from it
    arrives = _instant(arrive, "arrive", typed or reaching.zone, notes, Around(left, None, left))
    spec: dict[str, Any] = {"id": _new_id(file, ident, title, "travel"), "title": title}
    spec.update({"from": origin, "to": destination})
    spec["depart"] = _local(departs, leaving.zone, notes)
    spec["arrive"] = _local(arrives, reaching.zone, notes)
    spec.update({k: v for k, v in (extra or {}).items() if v})
    file.insert_entry("travel", spec)
    said = _("added travel {id}: {title}, {departs} to {arrives}").format(
        id=repr(spec["id"]),
        title=repr(title),
        departs=clock(departs, leaving.zone),
        arrives=clock(arrives, reaching.zone),
    )
    return Done(said, tuple(notes), str(spec["id"]))


def add_lodging(
    file: TripFile,
    *,
    title: str,
    place: str,
    check_in: str,
    check_out: str,
    ident: str | None = None,
    tz: str | None = None,
    extra: Mapping[str, Any] | None = None,
) -> Done:
    """A lodging at `place` from check-in to check-out, written as local times there (a
    check-out's `+1 11:00` counts days from the check-in's date; a date alone is
    CHECK_IN's or CHECK_OUT's time of day, a hotel's usual hours). `extra`: address, who,
    confirmation, notes (empty ones left out)."""
    where = file.place(place, "place")
    typed = select_zone(file.trip, tz) or where.zone
    notes = Notes()
    arrives = _instant(check_in, "check_in", typed, notes, Around(clock=CHECK_IN))
    day = arrives.astimezone(typed).date()
    leaves = _instant(check_out, "check_out", typed, notes, Around(None, CHECK_OUT, day))
    spec: dict[str, Any] = {"id": _new_id(file, ident, title, "lodging"), "title": title}
    spec["place"] = place
    spec["check_in"] = _local(arrives, where.zone, notes)
    spec["check_out"] = _local(leaves, where.zone, notes)
    spec.update({k: v for k, v in (extra or {}).items() if v})
    file.insert_entry("lodging", spec)
    said = _("added lodging {id}: {title} at {place}, {check_in} to {check_out}").format(
        id=repr(spec["id"]),
        title=repr(title),
        place=where.name,
        check_in=clock(arrives, where.zone),
        check_out=clock(leaves, where.zone),
    )
    return Done(said, tuple(notes), str(spec["id"]))


def _instant(
    written: str, option: str, zone: ZoneInfo, notes: Notes, around: Around = NOTHING
) -> datetime:
    """A leg's time: a date and time, typed for the parameter `option`."""
    value = parse_time(written, option, zone, around)
    if isinstance(value, date):
        raise OptionError(option, f"{written!r} is a date; a leg needs a date and time")
    notes.add(value.note)
    return value.at


def _new_id(file: TripFile, ident: str | None, title: str, kind: str) -> str:
    """The id given (if tripplan writes it and no entry has it), or one from the title."""
    if ident is None:
        return new_id(title, kind, file.ids())
    if file.taken(check_id(ident)):
        raise file.refuse(f"the id {ident!r} is already used")
    return ident


def _local(instant: datetime, zone: ZoneInfo, notes: Notes) -> Any:
    """An instant written as a local time of `zone` (with its offset where a local time
    would be read as another instant)."""
    text, note = write_time(instant, zone, LOCAL)
    notes.add(note)
    return toml_value(text)


def _duration_text(text: str) -> str:
    try:
        parse_duration(text)
    except ValueError as err:
        raise OptionError("duration", str(err)) from None
    return text.strip()
