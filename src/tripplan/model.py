"""The trip as immutable data. No I/O here, and no naive datetimes.

Every timed instant is stored in UTC: comparing or subtracting two aware datetimes that
share a tzinfo uses wall-clock time and ignores `fold`, which is wrong across a clock change.
Local times are derived with `local()`, for display only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import ClassVar, Literal
from zoneinfo import ZoneInfo

from tripplan.timing import TimeNote, local_end_date, local_midnight

__all__ = [
    "AllDayEvent",
    "AnyEntry",
    "Entry",
    "Event",
    "Finding",
    "Lodging",
    "Person",
    "Place",
    "Spanned",
    "TimeNote",
    "TimeRemark",
    "Timed",
    "TimedEvent",
    "Travel",
    "Trip",
    "sort_key",
]


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    name: str
    tz: str  # the IANA name: as written in the file, or its airport's (format 1.1)
    zone: ZoneInfo = field(compare=False, repr=False)
    airport: str | None = None  # `airport`: an IATA code (format 1.1)


@dataclass(frozen=True, slots=True)
class TimeRemark:
    """A remark the loader made while resolving one time field of an entry."""

    key: str  # the TOML key: start, end, depart, arrive
    note: TimeNote
    written: str  # the value as the file wrote it
    resolved: datetime  # the instant it now stands for (UTC)


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """What every kind of entry shares: identity, text, attendees, where in the file.

    Each kind answers its own times (`begins`, `ends`: instants; `dates`: local dates), so
    no reader asks which kind it holds to know when it is.
    """

    id: str
    title: str
    who: tuple[str, ...]  # resolved: every traveller of the trip when the file names none
    table: str  # "events", "travel" or "lodging"
    index: int  # position in that array of tables, from 0
    notes: str | None
    remarks: tuple[TimeRemark, ...]
    venue: str | None = None  # the site within the place (events and travel)
    # Format 1.1, what calendars know it by: the invitation's UID, the revision, the
    # DTSTAMP of the invitation last applied (UTC), a reminder before the start; and a
    # booking reference.
    uid: str | None = None
    sequence: int | None = None
    stamp: datetime | None = None
    alarm: timedelta | None = None
    confirmation: str | None = None
    # The values of keys fields.py declares without an attribute of their own (`Key.attr`
    # None), by key name: a new key is read, written as JSON and compared by diff before
    # any code knows it.
    extra: tuple[tuple[str, object], ...] = ()

    all_day: ClassVar[bool] = False
    # Whether it is on the traveller's timeline: where they are and what keeps them busy
    # (overlap, tight-gap, outside-trip, reach, where). A lodging is not: a night's booking
    # does not put anyone anywhere, nor make them busy.
    occupies: ClassVar[bool] = True

    def value(self, key: str) -> object:
        """The value of a key kept in `extra` (None when the file does not give it)."""
        return next((value for name, value in self.extra if name == key), None)


class _OnePlace:
    """A kind at one place (an event, a lodging): it starts and ends there."""

    __slots__ = ()
    place: Place

    @property
    def start_place(self) -> Place:
        return self.place

    @property
    def end_place(self) -> Place:
        return self.place


@dataclass(frozen=True, slots=True, kw_only=True)
class Event(Entry, _OnePlace):
    """What every event has: one place, whose zone reads its local times, and a kind."""

    place: Place
    kind: str | None
    type: ClassVar[Literal["event"]] = "event"


class _Instants:
    """The times of a kind whose start and end are instants: a timed event, a leg."""

    __slots__ = ()
    start: datetime  # UTC
    end: datetime  # UTC

    @property
    def start_place(self) -> Place:  # each kind's own: where it starts
        raise NotImplementedError

    @property
    def end_place(self) -> Place:  # and where it ends
        raise NotImplementedError

    @property
    def begins(self) -> datetime:
        return self.start

    @property
    def ends(self) -> datetime:
        return self.end

    @property
    def dates(self) -> tuple[date, date]:
        """The local date it begins on at its start place, and ends on at its end place;
        one that ends at midnight sharp ends the day before."""
        first = self.start.astimezone(self.start_place.zone).date()
        last = local_end_date(self.end, self.end_place.zone) if self.end > self.start else first
        return first, max(first, last)


@dataclass(frozen=True, slots=True, kw_only=True)
class TimedEvent(Event, _Instants):
    start: datetime  # UTC
    end: datetime  # UTC


@dataclass(frozen=True, slots=True, kw_only=True)
class AllDayEvent(Event):
    start: date  # local dates at the place
    end: date  # inclusive

    all_day: ClassVar[bool] = True

    @property
    def begins(self) -> datetime:
        """Its place's local midnight that begins its first date."""
        return local_midnight(self.start, self.place.zone)

    @property
    def ends(self) -> datetime:
        """The local midnight that ends its last date."""
        return local_midnight(self.end + timedelta(days=1), self.place.zone)

    @property
    def dates(self) -> tuple[date, date]:
        return self.start, self.end


@dataclass(frozen=True, slots=True, kw_only=True)
class Travel(Entry, _Instants):
    origin: Place  # `from` in the file
    destination: Place  # `to` in the file
    start: datetime  # departure, UTC
    end: datetime  # arrival, UTC
    mode: str | None
    type: ClassVar[Literal["travel"]] = "travel"

    @property
    def start_place(self) -> Place:
        return self.origin

    @property
    def end_place(self) -> Place:
        return self.destination


@dataclass(frozen=True, slots=True, kw_only=True)
class Lodging(Entry, _OnePlace, _Instants):
    """Where a traveller sleeps (`[[lodging]]`, format 1.1): a place, check-in and
    check-out (instants), and an address. Not on the timeline (`occupies`)."""

    place: Place
    start: datetime  # check-in, UTC
    end: datetime  # check-out, UTC
    address: str | None = None
    type: ClassVar[Literal["lodging"]] = "lodging"
    occupies: ClassVar[bool] = False


AnyEntry = TimedEvent | AllDayEvent | Travel | Lodging
# The entries with instants for times on a timeline (what reach, where and the overlap
# checks read).
Timed = TimedEvent | Travel
# Every entry whose times are instants (what `move` and `set` of a time change).
Spanned = TimedEvent | Travel | Lodging


def sort_key(entry: AnyEntry) -> tuple[datetime, int, str, int]:
    """Time order: by start instant; all-day events first among equals; then file order."""
    return (entry.begins, 0 if entry.all_day else 1, entry.table, entry.index)


@dataclass(frozen=True, slots=True)
class Person:
    """A traveller's details (`[people.ID]`, format 1.1): `who` names them by `id`."""

    id: str
    name: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class Trip:
    title: str
    file: str  # the name errors and findings use: a path, or "<stdin>"
    places: dict[str, Place]
    entries: tuple[AnyEntry, ...]  # in time order (timing.sort_key)
    home: Place | None = None
    start: date | None = None
    end: date | None = None
    travellers: tuple[str, ...] = ()
    buffer: timedelta | None = None
    id: str | None = None  # `[trip] id`: the trip's stable identity (ICS UIDs)
    people: dict[str, Person] = field(default_factory=dict)  # by traveller id (format 1.1)
    lang: str | None = None  # `[trip] lang`: the language its people read (format 1.1)


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: Literal["error", "warning"]
    entries: tuple[AnyEntry, ...]
    message: str
    who: tuple[str, ...] = ()
    # A finding about places (`fixed-zone`) names them here and no entries.
    places: tuple[Place, ...] = ()

    @property
    def entry_ids(self) -> tuple[str, ...]:
        return tuple(e.id for e in self.entries)

    @property
    def place_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.places)
