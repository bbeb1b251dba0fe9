"""A trip as an RFC 5545 calendar, built with icalendar (never written by hand).

Two client disagreements shape what is written (docs/ics.md):
- ical.js (Thunderbird) reads only the first value of a multi-valued RDATE, which is what
  icalendar's VTIMEZONE builder writes; each transition gets an RDATE of its own here.
- In a fold RFC 5545 says a wall time means its first occurrence, ical.js takes the second,
  and the second pass cannot be written as a wall time at all: instants in a fold are
  written in UTC.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache, partial
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar, Component, Event, Timezone, vCategory, vDatetime, vDDDTypes, vText
from icalendar.parser import Contentline

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


def trip_calendar(trip: Trip, entries: Iterable[AnyEntry], now: datetime) -> Iterator[bytes]:
    """The calendar of `entries` (the trip's, or a filtered subset), in pieces to write one
    after another: together exactly what `build_calendar(...).to_ical(sorted=False)`
    writes, each event made as its piece is asked for."""
    chosen = list(entries)
    return serialize(_calendar(trip, chosen), map(_EventMaker(trip, now), chosen))


def build_calendar(trip: Trip, entries: Iterable[AnyEntry], now: datetime) -> Calendar:
    """The calendar of `entries` as one icalendar tree, every VEVENT in it."""
    chosen = list(entries)
    calendar = _calendar(trip, chosen)
    for event in map(_EventMaker(trip, now), chosen):
        calendar.add_component(event)
    return calendar


def _calendar(trip: Trip, entries: list[AnyEntry]) -> Calendar:
    """The calendar's own properties and a VTIMEZONE for each zone `entries` use."""
    calendar = Calendar()
    calendar.add("PRODID", f"-//tripplan//tripplan {__version__}//EN")
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    calendar.add("X-WR-CALNAME", vText(trip.title))  # an X- property: say it is TEXT
    for zone in _zones_used(entries):
        calendar.add_component(_vtimezone(zone, entries))
    return calendar


class _EventMaker:
    """Makes the VEVENTs of one export, each value as the icalendar type `Event.add`
    would infer for it. Values recur from event to event (the stamp, the places, the
    travellers, the kinds): each of those is made once and shared."""

    def __init__(self, trip: Trip, now: datetime) -> None:
        self.domain = f"{slug(trip.title, 48) or 'trip'}.tripplan"
        self.stamp = vDDDTypes(now.astimezone(UTC).replace(microsecond=0))
        self.text = lru_cache(maxsize=SHARED)(vText)
        self.category = lru_cache(maxsize=SHARED)(lambda name: vCategory([name]))

    def __call__(self, entry: AnyEntry) -> Event:
        event = Event()
        event["UID"] = vText(f"{entry.id}@{self.domain}")
        event["DTSTAMP"] = self.stamp
        event["SUMMARY"] = vText(entry.title)
        if isinstance(entry.start, datetime):
            assert isinstance(entry.end, datetime)
            event["DTSTART"] = vDatetime(ics_time(entry.start, _zoneinfo(entry.start_place.zone)))
            event["DTEND"] = vDatetime(ics_time(entry.end, _zoneinfo(entry.end_place.zone)))
        else:
            assert isinstance(entry.end, date)
            event["DTSTART"] = vDDDTypes(entry.start)
            event["DTEND"] = vDDDTypes(entry.end + timedelta(days=1))  # RFC 5545: exclusive
            event["TRANSP"] = self.text("TRANSPARENT")  # a congress week does not block time
        event["LOCATION"] = self.text(_location(entry))
        description = _description(entry)
        if description:
            event["DESCRIPTION"] = self.text(description)
        category = entry.mode if isinstance(entry, Travel) else entry.kind
        if category:
            event["CATEGORIES"] = self.category(category)
        return event


# How many recurring values (and lines) an export keeps to share: a trip has far fewer
# places, venues and kinds; a trip with more just shares less.
SHARED = 4096
# Properties whose lines recur across the events of one export: the same stamp, places,
# travellers and kinds. BEGIN and END are the components' own lines.
RECURRING = frozenset(
    {"BEGIN", "END", "DTSTAMP", "TRANSP", "LOCATION", "DESCRIPTION", "CATEGORIES"}
)
# RFC 5545 folds lines longer than 75 octets; icalendar folds at 74 (a line of up to 74
# octets comes out of its `_foldline` as it went in).
FOLD_AT = 74


def serialize(calendar: Calendar, events: Iterable[Component] = ()) -> Iterator[bytes]:
    """`calendar`, with `events` added as its last components, as icalendar writes it
    (`Calendar.to_ical(sorted=False)`): byte for byte, in well under half the time, and in
    pieces, an event at a time, so a 100,000-event export never holds 100,000 components.

    icalendar spends some 8 microseconds on each content line: making it from the
    property's parts, then folding it character by character, even when it is too short
    to fold. Here each distinct recurring line (an event's DTSTAMP, BEGIN and END, a place,
    the travellers) is made once, and a line short enough not to fold skips the folding.
    Everything else is icalendar's own `content_line` and `Contentline.to_ical`;
    `tests/test_ics.py` holds the result to `Calendar.to_ical` on every fixture and on
    generated text.
    """
    # Any component's content_line writes any property: the calendar's serves them all.
    recurring = lru_cache(maxsize=SHARED, typed=True)(partial(_line, calendar))

    def piece(lines: Iterable[tuple[str, object]], component: Component) -> bytes:
        written = [
            recurring(name, value)
            if name in RECURRING and not getattr(value, "params", None)
            else _line(component, name, value)
            for name, value in lines
        ]
        return b"\r\n".join(written) + b"\r\n"

    *head, end = calendar.property_items(sorted=False)  # its END comes after the events
    yield piece(head, calendar)
    for event in events:
        yield piece(event.property_items(sorted=False), event)
    yield piece([end], calendar)


def _line(component: Component, name: str, value: object) -> bytes:
    """One property as icalendar writes it: its content line, folded if it is long."""
    content: Contentline = component.content_line(name, value, sorted=False)
    if len(content) <= FOLD_AT and content.isascii():
        return content.encode("ascii")
    return bytes(content.to_ical())  # type: ignore[no-untyped-call]  # unannotated upstream


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
