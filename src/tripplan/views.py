"""Model -> what the itinerary and the agenda show; the table and JSON renderers share it.

Rows hold facts (aware datetimes, places), never formatted text: each renderer formats
(with `tripplan.words`). Where a traveller is and what "on day D" means come from
`tripplan.timeline`.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from typing import Literal, NamedTuple
from zoneinfo import ZoneInfo

from tripplan.model import AllDayEvent, AnyEntry, Lodging, Trip
from tripplan.options import DateLike, ZoneLike, check_who, date_range, view_options
from tripplan.timeline import ClockChange, Day, Timeline, entry_dates, on_dates, timelines


class Filters(NamedTuple):
    """What a view shows, as a caller gives it (the CLI's --tz, --day, --who, --from, --to):
    a zone by its name, a place id or "home", or the ZoneInfo; dates as dates or ISO text.
    The views resolve them once (tripplan.options), refusing a bad one with an OptionError."""

    zone: ZoneLike = None  # show every time in this zone instead of the local one
    day: DateLike = None  # one date; or
    who: str | None = None
    first: DateLike = None  # the first and last dates of a range, either one open
    last: DateLike = None


EVERYTHING = Filters()  # every entry, on its own clocks


class _Shown(NamedTuple):
    """Filters resolved against the trip."""

    zone: ZoneInfo | None
    first: date | None
    last: date | None
    who: str | None

    def on(self, when: date) -> bool:
        return (self.first is None or self.first <= when) and (
            self.last is None or when <= self.last
        )

    @property
    def all_dates(self) -> bool:
        return self.first is None and self.last is None


def _resolve(trip: Trip, filters: Filters) -> _Shown:
    zone, _ = view_options(trip, filters.zone, None, filters.who)
    dates = date_range(filters.day, filters.first, filters.last)
    return _Shown(zone, dates.first, dates.last, filters.who)


class Row(NamedTuple):
    """One entry as shown: local (or --tz) times, the home clock, the day shift."""

    entry: AnyEntry
    start: datetime | date  # aware, in the zone shown; a date for an all-day event
    end: datetime | date
    day_shift: int  # shown end date minus shown start date: +1 overnight, -1 over the date line
    home: ZoneInfo | None  # the home clock's zone; its times are derived when shown
    # A lodging's itinerary rows: "check-in" (at its start) or "check-out" (at its end),
    # each an instant (start == end); None: the whole entry.
    part: Part | None = None

    @property
    def home_start(self) -> datetime | None:
        """The start on the home clock (None for an all-day event or a trip with no home)."""
        return self._at_home(self.entry.ends if self.part == "check-out" else self.entry.begins)

    @property
    def home_end(self) -> datetime | None:
        return self._at_home(self.entry.begins if self.part == "check-in" else self.entry.ends)

    @property
    def duration(self) -> timedelta | None:
        """Elapsed time (None for an all-day event)."""
        return None if self.entry.all_day else self.entry.ends - self.entry.begins

    def _at_home(self, moment: datetime) -> datetime | None:
        if self.home is None or self.entry.all_day:
            return None
        return moment.astimezone(self.home)


Part = Literal["check-in", "check-out"]


class ClockRow(NamedTuple):
    """A clock change as the itinerary shows it: one row for every traveller it is the
    same change for."""

    who: tuple[str, ...]
    change: ClockChange  # the first traveller's (the others' differ only in `who`)
    shown: datetime  # the instant on the clock shown: the new one, or the --tz zone's
    home: ZoneInfo | None

    @property
    def home_at(self) -> datetime | None:
        return self.change.at.astimezone(self.home) if self.home else None


class Itinerary(NamedTuple):
    trip: Trip
    items: list[Row | ClockRow]  # in time order
    zone: ZoneInfo | None
    changes: list[ClockChange]  # one per traveller and change, in time order

    @property
    def rows(self) -> Iterator[Row]:
        return (item for item in self.items if isinstance(item, Row))


class Agenda(NamedTuple):
    trip: Trip
    days: list[Day]  # one per traveller and day, in the order they are lived
    zone: ZoneInfo | None

    def rows(self, day: Day) -> list[Row]:
        return [make_row(self.trip, entry, self.zone) for entry in day.entries]

    def shared(self) -> Iterator[tuple[tuple[str, ...], Day]]:
        """The days, with travellers whose day is the same (date, place, entries, clock
        changes) together: one table serves them all."""
        group: list[tuple[list[str], Day]] = []
        for day in self.days:
            if group and _when_where(group[0][1]) != _when_where(day):
                yield from ((tuple(names), first) for names, first in group)
                group = []
            same = next((g for g in group if _same_day(g[1], day)), None)
            if same is None:
                group.append(([day.traveller], day))
            else:
                same[0].append(day.traveller)
        yield from ((tuple(names), first) for names, first in group)


def _when_where(day: Day) -> tuple[datetime, date, str | None]:
    return day.begins, day.date, day.place.id if day.place else None


def _same_day(one: Day, other: Day) -> bool:
    return (
        one.repeat == other.repeat
        and (one.night and one.night.id) == (other.night and other.night.id)
        and [e.id for e in one.entries] == [e.id for e in other.entries]
        and [_change_key(c) for c in one.changes] == [_change_key(c) for c in other.changes]
    )


def _change_key(change: ClockChange) -> tuple[object, ...]:
    """What makes two travellers' clock changes the same change."""
    entry = change.entry.id if change.entry else None
    return (change.at, change.place.id, change.before, change.after, change.cause, entry)


def make_row(trip: Trip, entry: AnyEntry, zone: ZoneInfo | None) -> Row:
    home = trip.home.zone if trip.home else None
    if isinstance(entry, AllDayEvent):
        return Row(entry, entry.start, entry.end, (entry.end - entry.start).days, home)
    start = entry.start.astimezone(zone or entry.start_place.zone)
    end = entry.end.astimezone(zone or entry.end_place.zone)
    return Row(entry, start, end, (end.date() - start.date()).days, home)


def _selected(trip: Trip, who: str | None) -> Iterable[AnyEntry]:
    check_who(trip, who)
    if who is None:
        return trip.entries
    return (entry for entry in trip.entries if who in entry.who)


def entries_between(
    trip: Trip, who: str | None, first: date | None, last: date | None
) -> list[AnyEntry]:
    """The entries of `who` (everyone's when None) on a date in first..last (see
    `timeline.entry_days`)."""
    return [entry for entry in _selected(trip, who) if on_dates(entry, first, last)]


def itinerary(trip: Trip, filters: Filters = EVERYTHING) -> Itinerary:
    """The entries in time order, with a row at each instant a traveller's clock changes."""
    shown = _resolve(trip, filters)
    lines = timelines(trip, shown.who)
    changes = _changes(trip, lines)
    clock_rows = _clock_rows(trip, changes, shown)
    if not shown.all_dates:
        changes = [c for c in changes if shown.on(_shown(c, shown.zone).date())]
    items: list[Row | ClockRow] = []
    pending = iter(clock_rows)
    upcoming = next(pending, None)
    for at, row in _rows(trip, shown):
        while upcoming is not None and upcoming.change.at <= at:
            items.append(upcoming)
            upcoming = next(pending, None)
        items.append(row)
    if upcoming is not None:
        items.append(upcoming)
        items.extend(pending)
    return Itinerary(trip, items, shown.zone, changes)


def _rows(trip: Trip, shown: _Shown) -> Iterator[tuple[datetime, Row]]:
    """The itinerary's rows of entries by the instant each is at, in time order: an entry
    at its start; a lodging as two, its check-in and its check-out (each on its own
    date), the check-outs merged in where they fall."""
    turn = itertools.count()
    check_outs: list[tuple[datetime, int, Row]] = []  # a heap, by the instant, then in turn
    parts: tuple[tuple[Part, str], ...] = (("check-in", "start"), ("check-out", "end"))
    for entry in _selected(trip, shown.who):
        while check_outs and check_outs[0][0] <= entry.begins:
            instant, _turn, row = heapq.heappop(check_outs)
            yield instant, row
        if isinstance(entry, Lodging):
            for part, key in parts:
                moment: datetime = getattr(entry, key)
                local = moment.astimezone(shown.zone or entry.place.zone)
                if not shown.on(local.date()):
                    continue
                row = Row(entry, local, local, 0, trip.home.zone if trip.home else None, part)
                if part == "check-in":
                    yield moment, row
                else:
                    heapq.heappush(check_outs, (moment, next(turn), row))
            continue
        if not shown.all_dates and not any(map(shown.on, entry_dates(entry, shown.zone))):
            continue
        yield entry.begins, make_row(trip, entry, shown.zone)
    while check_outs:
        instant, _turn, row = heapq.heappop(check_outs)
        yield instant, row


def _changes(trip: Trip, lines: dict[str, Timeline]) -> list[ClockChange]:
    """Every traveller's clock changes, in time order (travellers in the trip's order)."""
    order = {name: i for i, name in enumerate(lines)}
    every = (change for line in lines.values() for change in line.changes)
    return sorted(every, key=lambda c: (c.at, order[c.who]))


def _clock_rows(trip: Trip, changes: list[ClockChange], filters: _Shown) -> list[ClockRow]:
    """One row per distinct change, naming every traveller it is the same change for."""
    home = trip.home.zone if trip.home else None
    rows: dict[tuple[object, ...], tuple[list[str], ClockChange]] = {}
    for change in changes:
        shown = _shown(change, filters.zone)
        if not filters.on(shown.date()):
            continue
        rows.setdefault(_change_key(change), ([], change))[0].append(change.who)
    return [
        ClockRow(tuple(who), change, _shown(change, filters.zone), home)
        for who, change in rows.values()
    ]


def _shown(change: ClockChange, zone: ZoneInfo | None) -> datetime:
    return change.at.astimezone(zone) if zone is not None else change.after


def agenda(trip: Trip, filters: Filters = EVERYTHING) -> Agenda:
    """Each traveller's days, in the order they are lived (by the instant each begins)."""
    shown = _resolve(trip, filters)
    lines = timelines(trip, shown.who)
    order = {name: i for i, name in enumerate(lines)}
    days = [day for line in lines.values() for day in line.days(shown.zone) if shown.on(day.date)]
    days.sort(key=lambda d: (d.begins, d.date, d.place.id if d.place else "", order[d.traveller]))
    return Agenda(trip, days, shown.zone)
