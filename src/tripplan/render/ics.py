"""A trip as an RFC 5545 calendar, built with icalendar (never written by hand).

Two client disagreements shape what is written (docs/ics.md):
- ical.js (Thunderbird) reads only the first value of a multi-valued RDATE, which is what
  icalendar's VTIMEZONE builder writes; each transition gets an RDATE of its own here.
- In a fold RFC 5545 says a wall time means its first occurrence, ical.js takes the second,
  and the second pass cannot be written as a wall time at all: instants in a fold are
  written in UTC.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, vDDDTypes, vText

from tripplan import __version__
from tripplan.model import AnyEntry, Travel, Trip
from tripplan.text import slug
from tripplan.timing import start_instant

# VTIMEZONEs cover the trip's years and one on each side: enough for every observance a
# client needs near the trip's dates, far less than icalendar's default 1970-2038.
MARGIN_YEARS = 1
# icalendar steps through the zone from `first` with offsets applied: keep clear of the
# years Python cannot hold (the loader refuses trips outside 2..9997).
FIRST_YEAR, LAST_YEAR = 2, 9999


def ics_time(instant: datetime, zone: ZoneInfo) -> datetime:
    """How one instant is written: the wall time in its zone (DTSTART;TZID=...), or UTC
    when that wall time is in a fold, where clients disagree or cannot say which pass.

    A time the loader read inside a gap was resolved to the wall time after the jump
    (02:30 became 03:30 CDT), so writing the instant's wall time writes 03:30.
    """
    local = instant.astimezone(zone)
    other_pass = local.replace(fold=1 - local.fold)
    if other_pass.utcoffset() != local.utcoffset():
        return instant.astimezone(UTC)
    return local


def trip_calendar(trip: Trip, entries: Iterable[AnyEntry], now: datetime) -> bytes:
    """The calendar of `entries` (the trip's, or a filtered subset), as bytes."""
    calendar = Calendar()
    calendar.add("PRODID", f"-//tripplan//tripplan {__version__}//EN")
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    calendar.add("X-WR-CALNAME", vText(trip.title))  # an X- property: say it is TEXT
    domain = f"{slug(trip.title, 48) or 'trip'}.tripplan"
    stamp = vDDDTypes(now.astimezone(UTC).replace(microsecond=0))  # encoded once, shared
    chosen = list(entries)
    for zone in _zones_used(chosen):
        calendar.add_component(_vtimezone(zone, chosen))
    for entry in chosen:
        calendar.add_component(_vevent(entry, domain, stamp))
    ical: bytes = calendar.to_ical(sorted=False)  # our order is already deterministic
    return ical


def _vevent(entry: AnyEntry, domain: str, stamp: vDDDTypes) -> Event:
    event = Event()
    event.add("UID", f"{entry.id}@{domain}")
    event.add("DTSTAMP", stamp)
    event.add("SUMMARY", entry.title)
    if isinstance(entry.start, datetime):
        assert isinstance(entry.end, datetime)
        event.add("DTSTART", ics_time(entry.start, _zoneinfo(entry.start_place.zone)))
        event.add("DTEND", ics_time(entry.end, _zoneinfo(entry.end_place.zone)))
    else:
        assert isinstance(entry.end, date)
        event.add("DTSTART", entry.start)
        event.add("DTEND", entry.end + timedelta(days=1))  # RFC 5545: DTEND is exclusive
        event.add("TRANSP", "TRANSPARENT")  # a congress week does not block the calendar
    event.add("LOCATION", _location(entry))
    description = _description(entry)
    if description:
        event.add("DESCRIPTION", description)
    category = entry.mode if isinstance(entry, Travel) else entry.kind
    if category:
        event.add("CATEGORIES", [category])
    return event


def _location(entry: AnyEntry) -> str:
    if isinstance(entry, Travel):
        where = f"{entry.origin.name} → {entry.destination.name}"
    else:
        where = entry.place.name
    return f"{entry.venue}, {where}" if entry.venue else where


def _description(entry: AnyEntry) -> str:
    lines = []
    if entry.notes:
        lines.append(entry.notes)
    if entry.who:
        lines.append(f"Travellers: {', '.join(entry.who)}")
    if isinstance(entry, Travel):
        lines.append(f"Travel: {entry.origin.name} → {entry.destination.name}")
        if entry.mode:
            lines.append(f"Mode: {entry.mode}")
    return "\n".join(lines)


def _zones_used(entries: list[AnyEntry]) -> list[ZoneInfo]:
    """Every zone a timed entry's DTSTART or DTEND names, once, in a stable order."""
    zones: dict[str, ZoneInfo] = {}
    for entry in entries:
        if entry.all_day:
            continue
        for place in (entry.start_place, entry.end_place):
            zones.setdefault(place.tz, _zoneinfo(place.zone))
    return [zones[name] for name in sorted(zones)]


def _vtimezone(zone: ZoneInfo, entries: list[AnyEntry]) -> Timezone:
    """icalendar's VTIMEZONE for the trip's years, one RDATE property per transition."""
    years = [start_instant(e).year for e in entries] + [
        e.end.year for e in entries if isinstance(e.end, datetime)
    ]
    first = date(max(min(years) - MARGIN_YEARS, FIRST_YEAR), 1, 1)
    last = date(min(max(years) + MARGIN_YEARS + 1, LAST_YEAR), 1, 1)
    vtimezone = Timezone.from_tzinfo(zone, tzid=zone.key, first_date=first, last_date=last)
    for observance in vtimezone.subcomponents:
        onsets = observance.pop("RDATE", None)
        if onsets is None:
            continue
        for onset in _rdate_values(onsets):
            observance.add("RDATE", onset)
    return vtimezone


def _rdate_values(prop: Any) -> list[datetime]:
    """The datetimes of an RDATE property as icalendar holds it (one vDDDLists or a list)."""
    lists = prop if isinstance(prop, list) else [prop]
    return [value.dt for item in lists for value in item.dts]


def _zoneinfo(zone: ZoneInfo) -> ZoneInfo:
    """A plain ZoneInfo for icalendar, whichever subclass the loader used."""
    return zone if type(zone) is ZoneInfo else ZoneInfo(zone.key)
