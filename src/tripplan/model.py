"""The trip as immutable data. No I/O here, and no naive datetimes.

Every timed instant is stored in UTC: comparing or subtracting two aware datetimes that
share a tzinfo uses wall-clock time and ignores `fold`, which is wrong across a clock change.
Local times are derived with `local()`, for display only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Literal
from zoneinfo import ZoneInfo


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    name: str
    tz: str  # the IANA name as written in the file
    zone: ZoneInfo = field(compare=False, repr=False)


class TimeNote(Enum):
    """How a local time of the file was read (see timing.resolve_local)."""

    GAP = "dst-gap"  # did not exist; read with the offset in force before the gap
    FOLD = "dst-fold"  # existed twice; read as the first occurrence
    OFFSET_MISMATCH = "offset-mismatch"  # explicit offset is not the place's own


@dataclass(frozen=True, slots=True)
class TimeRemark:
    """A remark the loader made while resolving one time field of an entry."""

    key: str  # the TOML key: start, end, depart, arrive
    note: TimeNote
    written: str  # the value as the file wrote it
    resolved: datetime  # the instant it now stands for (UTC)


@dataclass(frozen=True, slots=True)
class Entry:
    """What events and travel legs share: identity, text, attendees, where in the file."""

    id: str
    title: str
    who: tuple[str, ...]  # resolved: every traveller of the trip when the file names none
    table: str  # "events" or "travel"
    index: int  # position in that array of tables, from 0
    notes: str | None
    venue: str | None
    remarks: tuple[TimeRemark, ...]


@dataclass(frozen=True, slots=True)
class Event(Entry):
    place: Place
    # Timed: aware UTC datetimes. All-day: local dates, `end` inclusive.
    start: datetime | date
    end: datetime | date
    kind: str | None
    type: Literal["event"] = "event"

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def start_place(self) -> Place:
        return self.place

    @property
    def end_place(self) -> Place:
        return self.place


@dataclass(frozen=True, slots=True)
class Travel(Entry):
    origin: Place  # `from` in the file
    destination: Place  # `to` in the file
    start: datetime  # departure, UTC
    end: datetime  # arrival, UTC
    mode: str | None
    type: Literal["travel"] = "travel"

    all_day = False

    @property
    def start_place(self) -> Place:
        return self.origin

    @property
    def end_place(self) -> Place:
        return self.destination


AnyEntry = Event | Travel


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


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: Literal["error", "warning"]
    entries: tuple[AnyEntry, ...]
    message: str
    who: tuple[str, ...] = ()

    @property
    def entry_ids(self) -> tuple[str, ...]:
        return tuple(e.id for e in self.entries)
