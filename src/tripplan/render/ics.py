"""A trip as an RFC 5545 calendar, built with icalendar (never written by hand).

What shapes what is written (docs/ics.md):
- Each VTIMEZONE holds the tz database's own transitions near the times written in its zone
  (`tripplan.tzrules`), each onset as RFC 5545 reads it: a wall time in TZOFFSETFROM.
  icalendar's `Timezone.from_tzinfo` strides 64 days through the zone (short episodes,
  Fiji 2020-21, vanish), writes a forward change at the wall time after it (an hour late),
  and costs every year between the first and last event.
- ical.js (Thunderbird) reads only the first value of a multi-valued RDATE, and ignores an
  observance's DTSTART once it has any RDATE: an observance with several onsets lists
  every one, its DTSTART too, as an RDATE of its own.
- In a fold RFC 5545 says a wall time means its first occurrence, ical.js takes the second,
  and the second pass cannot be written as a wall time at all: instants in a fold are
  written in UTC.
- An entry that ends at or before it starts cannot be a VEVENT (3.6.1): the export refuses.
- Text holds no control characters RFC 5545 TEXT cannot carry: they become U+FFFD.
- Every VEVENT says whose it is (X-TRIPPLAN-TRIP, the trip's UID domain), so a calendar
  that holds several trips' events (a CalDAV collection, a vdir) tells ours from the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from functools import lru_cache, partial
from zoneinfo import ZoneInfo

from icalendar import (
    Alarm,
    Calendar,
    Component,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCategory,
    vDatetime,
    vDDDTypes,
    vDuration,
    vInt,
    vText,
)
from icalendar.parser import Contentline

from tripplan.errors import ExitStatus, TripError
from tripplan.model import AllDayEvent, AnyEntry, Lodging, Travel, Trip
from tripplan.tzrules import LocalTime, Transition, zone_rules
from tripplan.uids import uid_domain
from tripplan.version import __version__

# Each VTIMEZONE holds every transition within a year (and a day) of each time written in
# its zone, and the one in force at the start of that span: a client that reads the times,
# or lets the user move an event within the year, finds the zone's rules there. A trip in
# years 2 and 9997 gets two short spans per zone, not the 10,000 years between.
MARGIN = timedelta(days=366)
_EARLIEST = datetime(1, 1, 2, tzinfo=UTC)  # a day inside what datetime holds, for offsets
_LATEST = datetime(9999, 12, 30, tzinfo=UTC)


def ics_time(instant: datetime, zone: ZoneInfo) -> datetime:
    """How one instant is written: the wall time in its zone (DTSTART;TZID=...), or UTC
    where clients would read that wall time differently:
    - in a fold, where RFC 5545 means the first pass, ical.js the second, and the second
      cannot be written as a wall time at all;
    - where the zone's offset is not a whole minute (a local mean time: Monrovia's
      -00:44:30 until 1972), whose seconds ical.js drops from TZOFFSETFROM/TO.

    A time the loader read inside a gap was resolved to the wall time after the jump
    (02:30 became 03:30 CDT), so writing the instant's wall time writes 03:30.
    """
    local = instant.astimezone(zone)
    offset = local.utcoffset()
    other_pass = local.replace(fold=1 - local.fold)
    if other_pass.utcoffset() != offset or offset is None or offset % timedelta(minutes=1):
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


# The property that marks an event as one of a trip's (shared/spec/cli.md, "Calendars that
# stay in sync"): its value is the trip's UID domain, what follows `@` in its UIDs.
TRIP_PROPERTY = "X-TRIPPLAN-TRIP"


def entry_calendars(
    trip: Trip, entries: Iterable[AnyEntry], now: datetime
) -> Iterator[tuple[str, Calendar]]:
    """One calendar per entry, for a place that holds each event as a resource of its own
    (a vdir file, a CalDAV object): `(uid, calendar)`, in the order of `entries`. Each
    calendar holds the VTIMEZONEs of that entry's own times (as `export ics` builds them,
    for those times alone) and its VEVENT exactly as `export ics` makes it, marked with the
    trip (TRIP_PROPERTY); no METHOD (RFC 4791 4.1: a stored calendar object has none) and
    no X-WR-CALNAME (the collection has its own name). Calendars whose entries need the
    same VTIMEZONE share that component: change none of them.

    Raises RefusedEntries, before anything is made, when any of `entries` cannot be an
    event (`refusals`)."""
    zones: dict[tuple[str, tuple[Transition, ...]], Timezone] = {}
    for event, needed in _entry_events(trip, entries, now):
        calendar = _calendar(trip, [], stored=True)
        for zone in needed:
            if zone not in zones:
                zones[zone] = _timezone(*zone)
            calendar.add_component(zones[zone])
        calendar.add_component(event)
        yield str(event["UID"]), calendar


def entry_ics(
    trip: Trip, entries: Iterable[AnyEntry], now: datetime
) -> Iterator[tuple[str, bytes]]:
    """`(uid, ics_bytes(calendar))` for each of `entry_calendars`, byte for byte, made
    faster: each distinct VTIMEZONE is written once and its lines reused."""
    bare = _calendar(trip, [], stored=True)
    piece = _piece_writer(bare)
    *opening, closing = bare.property_items(sorted=False)
    head, end = piece(opening, bare), piece([closing], bare)
    zones: dict[tuple[str, tuple[Transition, ...]], bytes] = {}
    for event, needed in _entry_events(trip, entries, now):
        parts = [head]
        for zone in needed:
            if zone not in zones:
                component = _timezone(*zone)
                zones[zone] = piece(component.property_items(sorted=False), component)
            parts.append(zones[zone])
        parts += [piece(event.property_items(sorted=False), event), end]
        yield str(event["UID"]), b"".join(parts)


def _entry_events(
    trip: Trip, entries: Iterable[AnyEntry], now: datetime
) -> Iterator[tuple[Event, list[tuple[str, tuple[Transition, ...]]]]]:
    """Each entry's VEVENT and the VTIMEZONEs it needs (zone, onsets); RefusedEntries
    before the first when any entry cannot be an event."""
    chosen = list(entries)
    refused = refusals(trip, chosen)
    if refused:
        raise RefusedEntries(refused)
    make = _EventMaker(trip, now)
    for entry in chosen:
        needed = [(key, zone_onsets(key, times)) for key, times in _times_by_zone([entry])]
        yield make(entry), needed


def trip_of(component: Component) -> str | None:
    """Whose `component` is: the trip (its UID domain) a VEVENT's TRIP_PROPERTY names, or,
    for a VCALENDAR, the one all its VEVENTs name; None for anything else (a foreign
    event, a calendar without events or with events of several trips or none)."""
    if component.name == "VEVENT":
        value = component.get(TRIP_PROPERTY)
        return str(value) if value is not None else None
    trips = {trip_of(event) for event in component.walk("VEVENT")}
    return trips.pop() if len(trips) == 1 else None


def ics_bytes(calendar: Calendar) -> bytes:
    """`calendar` as `export ics` writes it: `calendar.to_ical(sorted=False)`, byte for
    byte, made by `serialize`. (icalendar's `to_ical()` sorts the properties by name.)"""
    return b"".join(serialize(calendar))


class RefusedEntries(TripError):
    """Entries no VEVENT can hold (`refusals`): one line each, exit 1, nothing written."""

    exit_status = ExitStatus.REFUSED

    def __init__(self, refused: list[str]) -> None:
        super().__init__("; ".join(refused))
        self.refused = refused

    def lines(self) -> list[str]:
        return list(self.refused)


def refusals(trip: Trip, entries: Iterable[AnyEntry]) -> list[str]:
    """A line for each entry no VEVENT can hold (RFC 5545 3.6.1 and 3.8.2.2: DTEND after
    DTSTART): a timed entry that ends at or before it starts, an all-day event whose last
    day is before its first. One such entry would make clients refuse the whole file."""
    from tripplan.checks import negative_message  # the one wording of this fact

    refused = [entry for entry in entries if entry.ends <= entry.begins]
    return [
        f"{trip.file}: {entry.table}[{entry.index}] {_quoted(entry.id)}:"
        f" {negative_message(entry)}; nothing exported (an ICS event must end after it starts)"
        for entry in sorted(refused, key=lambda e: (e.table, e.index))  # the file's order
    ]


def _quoted(text: str) -> str:
    return '"' + "".join(ch if ch.isprintable() else "?" for ch in text) + '"'


def _calendar(trip: Trip, entries: list[AnyEntry], *, stored: bool = False) -> Calendar:
    """The calendar's own properties and a VTIMEZONE for each zone `entries` use; a
    `stored` one (an object of a collection) without METHOD and X-WR-CALNAME."""
    calendar = Calendar()
    calendar.add("PRODID", f"-//tripplan//tripplan {__version__}//EN")
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    if not stored:
        calendar.add("METHOD", "PUBLISH")
        calendar.add("X-WR-CALNAME", vText(ics_text(trip.title)))  # an X- property: TEXT
    for key, instants in _times_by_zone(entries):
        calendar.add_component(vtimezone(key, instants))
    return calendar


class _EventMaker:
    """Makes the VEVENTs of one export, each value as the icalendar type `Event.add`
    would infer for it. Values recur from event to event (the stamp, the places, the
    travellers, the kinds): each of those is made once and shared."""

    def __init__(self, trip: Trip, now: datetime) -> None:
        self.domain = uid_domain(trip)
        self.trip = vText(ics_text(self.domain))
        self.stamp = vDDDTypes(now.astimezone(UTC).replace(microsecond=0))
        self.text = lru_cache(maxsize=SHARED)(lambda text: vText(ics_text(text)))
        self.category = lru_cache(maxsize=SHARED)(lambda name: vCategory([ics_text(name)]))

    def __call__(self, entry: AnyEntry) -> Event:
        event = Event()
        # An invitation's own UID, so the calendar that holds it updates it (format 1.1).
        event["UID"] = vText(ics_text(entry.uid or f"{entry.id}@{self.domain}"))
        event["DTSTAMP"] = self.stamp
        event["SEQUENCE"] = vInt(entry.sequence or 0)
        event["SUMMARY"] = vText(ics_text(entry.title))
        if not isinstance(entry, AllDayEvent):
            event["DTSTART"] = vDatetime(ics_time(entry.start, _zoneinfo(entry.start_place.zone)))
            event["DTEND"] = vDatetime(ics_time(entry.end, _zoneinfo(entry.end_place.zone)))
            if isinstance(entry, Lodging):  # a night's booking never shows anyone busy
                event["TRANSP"] = self.text("TRANSPARENT")
        else:
            event["DTSTART"] = vDDDTypes(entry.start)
            event["DTEND"] = vDDDTypes(entry.end + timedelta(days=1))  # RFC 5545: exclusive
            event["TRANSP"] = self.text("TRANSPARENT")  # a congress week does not block time
        event["LOCATION"] = self.text(_location(entry))
        description = _description(entry)
        if description:
            event["DESCRIPTION"] = self.text(description)
        category = _category(entry)
        if category:
            event["CATEGORIES"] = self.category(category)
        event[TRIP_PROPERTY] = self.trip
        if entry.alarm is not None:
            event.add_component(self._alarm(entry.alarm, entry.title))  # last in the VEVENT
        return event

    def _alarm(self, before: timedelta, title: str) -> Alarm:
        """A reminder `before` the start: RFC 5545's display alarm, which needs its text."""
        alarm = Alarm()
        alarm["ACTION"] = self.text("DISPLAY")
        alarm["DESCRIPTION"] = self.text(title)
        alarm["TRIGGER"] = vDuration(-before)
        return alarm


# What RFC 5545 TEXT (3.3.11) cannot carry: the controls of 3.1 (C0 but tab, and DEL; line
# breaks are written as the `\n` escape), the C1 controls, which have no meaning in text
# and include the terminal's CSI (U+009B), and the explicit bidirectional embeddings,
# overrides and isolates, which reorder the text around them (the contract: never raw in
# ICS), and U+FEFF, a byte-order mark that readers drop (icalendar's among them), so a
# title of it would read back empty. Right-to-left letters and the implicit marks (LRM,
# RLM, ALM) stay as written.
MARK = "\ufffd"
_UNWRITABLE = dict.fromkeys(
    [
        *(c for c in range(0x20) if chr(c) not in "\t\n"),
        *range(0x7F, 0xA0),
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
        0xFEFF,
        0xFFFE,  # noncharacters: TEXT, but no XML 1.0 carries them, so no CalDAV
        0xFFFF,  # server can give back an event holding one (Radicale stores, then fails)
    ],
    MARK,
)


def ics_text(text: str) -> str:
    """Free text as an ICS export writes it: a carriage return (alone or before a line
    feed) a line break, every character TEXT cannot carry the replacement mark U+FFFD."""
    if text.isprintable():
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_UNWRITABLE)


# How many recurring values (and lines) an export keeps to share: a trip has far fewer
# places, venues and kinds; a trip with more just shares less.
SHARED = 4096
# Properties whose lines recur across the events of one export: the same stamp, places,
# travellers and kinds. BEGIN and END are the components' own lines.
RECURRING = frozenset(
    {"BEGIN", "END", "DTSTAMP", "TRANSP", "LOCATION", "DESCRIPTION", "CATEGORIES", TRIP_PROPERTY}
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
    piece = _piece_writer(calendar)
    *head, end = calendar.property_items(sorted=False)  # its END comes after the events
    yield piece(head, calendar)
    for event in events:
        yield piece(event.property_items(sorted=False), event)
    yield piece([end], calendar)


def _piece_writer(calendar: Calendar) -> Callable[[Iterable[tuple[str, object]], Component], bytes]:
    """What writes a component's lines (`serialize`), each recurring line made once."""
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

    return piece


def _line(component: Component, name: str, value: object) -> bytes:
    """One property as icalendar writes it: its content line, folded if it is long."""
    content: Contentline = component.content_line(name, value, sorted=False)
    if len(content) <= FOLD_AT and content.isascii():
        return content.encode("ascii")
    return bytes(content.to_ical())  # type: ignore[no-untyped-call]  # unannotated upstream


def _category(entry: AnyEntry) -> str | None:
    if isinstance(entry, Travel):
        return entry.mode
    return None if isinstance(entry, Lodging) else entry.kind


def _location(entry: AnyEntry) -> str:
    if isinstance(entry, Travel):
        where = f"{entry.origin.name} → {entry.destination.name}"
    else:
        where = entry.place.name
    if isinstance(entry, Lodging):  # the street address, then the place
        return f"{entry.address}, {where}" if entry.address else where
    if not entry.venue or entry.venue == where:
        return where
    # A venue an invitation gave with its city ("Burj Al Arab, Dubai") is not followed by
    # the city again.
    return entry.venue if entry.venue.endswith(f", {where}") else f"{entry.venue}, {where}"


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


def _times_by_zone(entries: list[AnyEntry]) -> list[tuple[str, list[datetime]]]:
    """Each zone a timed entry's DTSTART or DTEND names, with the instants written in it,
    in a stable order."""
    times: dict[str, list[datetime]] = {}
    for entry in entries:
        if not isinstance(entry, AllDayEvent):
            times.setdefault(entry.start_place.zone.key, []).append(entry.start)
            times.setdefault(entry.end_place.zone.key, []).append(entry.end)
    return sorted(times.items())


def vtimezone(key: str, instants: Iterable[datetime]) -> Timezone:
    """The VTIMEZONE of zone `key` for times written at `instants`: the transition in
    force at the start of each span around them (MARGIN on each side, overlapping spans
    merged), and every transition in each span, from the tz database's own table.

    Transitions between the same two local times share an observance: its DTSTART is the
    first onset, and when there are more, each onset (the first too) is an RDATE of its
    own. Before a zone's first transition there is none to write: the span's own start
    is the onset of its local mean time (TZOFFSETFROM = TZOFFSETTO).
    """
    return _timezone(key, zone_onsets(key, instants))


def zone_onsets(key: str, instants: Iterable[datetime]) -> tuple[Transition, ...]:
    """The transitions the VTIMEZONE of `key` for `instants` writes, in order: all that
    decides it (so a VTIMEZONE made once serves every entry whose onsets are the same)."""
    try:
        rules = zone_rules(key)
    except (OSError, ImportError, ValueError) as err:  # zoneinfo read it; this should too
        raise TripError(f"{key}: cannot read the zone's transitions: {err}") from None
    onsets: dict[datetime, Transition] = {}
    for start, end in _spans(instants):
        in_force = rules.last_change(start)
        if in_force is None:
            clock = rules.local_time(start)
            in_force = Transition(start, clock, clock)
        for change in (in_force, *rules.transitions(start, end)):
            onsets[change.at] = change
    return tuple(onsets[at] for at in sorted(onsets))


def _timezone(key: str, onsets: tuple[Transition, ...]) -> Timezone:
    observances: dict[tuple[timedelta, LocalTime], list[Transition]] = {}
    for change in onsets:
        observances.setdefault((change.before.offset, change.after), []).append(change)
    zone = Timezone()
    zone.add("TZID", key)
    for (offset_from, after), changes in observances.items():
        observance = TimezoneDaylight() if after.is_dst else TimezoneStandard()
        observance.add("DTSTART", changes[0].onset)
        observance.add("TZOFFSETFROM", offset_from)
        observance.add("TZOFFSETTO", after.offset)
        observance.add("TZNAME", after.abbreviation)
        if len(changes) > 1:
            for change in changes:
                observance.add("RDATE", change.onset)
        zone.add_component(observance)
    return zone


def _spans(instants: Iterable[datetime]) -> Iterator[tuple[datetime, datetime]]:
    """MARGIN either side of each instant, overlapping spans merged, in order."""
    start = end = None
    for instant in sorted(instants):
        low = max(instant, _EARLIEST + MARGIN) - MARGIN
        high = min(instant, _LATEST - MARGIN) + MARGIN
        if end is not None and low <= end:
            end = max(end, high)
            continue
        if start is not None and end is not None:
            yield start, end
        start, end = low, high
    if start is not None and end is not None:
        yield start, end


def _zoneinfo(zone: ZoneInfo) -> ZoneInfo:
    """A plain ZoneInfo, whichever subclass the loader used."""
    return zone if type(zone) is ZoneInfo else ZoneInfo(zone.key)
