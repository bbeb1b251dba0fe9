"""Model -> rows for the itinerary and the agenda; the table and JSON renderers share them.

Rows hold facts (aware datetimes, places), never formatted text: each renderer formats.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from tripplan.errors import UsageError
from tripplan.model import AnyEntry, Event, Place, Travel, Trip
from tripplan.timing import local_dates, local_midnight


@dataclass(frozen=True, slots=True)
class Filters:
    """The shared options: --tz, --day, --who."""

    zone: ZoneInfo | None = None  # show every time in this zone instead of the local one
    day: date | None = None
    who: str | None = None


@dataclass(frozen=True, slots=True)
class Row:
    """One entry as shown: local (or --tz) times, the home clock, the day shift."""

    entry: AnyEntry
    start: datetime | date  # aware, in the zone shown; a date for an all-day event
    end: datetime | date
    day_shift: int  # shown end date minus shown start date: +1 overnight, -1 over the date line
    home: ZoneInfo | None  # the home clock's zone; its times are derived when shown

    @property
    def home_start(self) -> datetime | None:
        """The start on the home clock (None for an all-day event or a trip with no home)."""
        return _on(self.entry.start, self.home)

    @property
    def home_end(self) -> datetime | None:
        return _on(self.entry.end, self.home)


def _on(moment: datetime | date, zone: ZoneInfo | None) -> datetime | None:
    return moment.astimezone(zone) if zone and isinstance(moment, datetime) else None


@dataclass(frozen=True, slots=True)
class ClockChange:
    """The traveller's clock changes here: after a leg, or with daylight time in place."""

    before: datetime  # a moment on the old clock (aware, local)
    after: datetime  # the same or a later moment on the new clock
    place: Place

    @property
    def shift(self) -> timedelta:
        return (self.after.utcoffset() or timedelta(0)) - (self.before.utcoffset() or timedelta(0))


@dataclass(frozen=True, slots=True)
class Itinerary:
    trip: Trip
    items: list[Row | ClockChange]
    zone: ZoneInfo | None

    @property
    def rows(self) -> list[Row]:
        return [item for item in self.items if isinstance(item, Row)]


@dataclass(slots=True)
class Day:
    """One traveller's local day at one place: the date line can make a date come twice."""

    traveller: str  # "" when the trip names no travellers
    date: date
    place: Place | None  # None when every time is shown in one --tz zone
    zone: ZoneInfo
    begins: datetime  # local midnight, or the arrival that started this day here (UTC)
    repeat: bool  # this traveller has already lived this date elsewhere
    rows: list[Row] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Agenda:
    trip: Trip
    days: list[Day]
    zone: ZoneInfo | None


def select_zone(trip: Trip, name: str | None) -> ZoneInfo | None:
    """--tz: an IANA name, a place id of the trip, or `home`."""
    from tripplan.load import lookup_zone

    if name is None:
        return None
    if name == "home":
        if trip.home is None:
            raise UsageError("--tz home: the trip has no `home` place")
        return trip.home.zone
    if name in trip.places:
        return trip.places[name].zone
    zone = lookup_zone(name)
    if zone is None:
        raise UsageError(f"--tz: unknown time zone {name!r} (an IANA name, a place id or home)")
    return zone


def check_who(trip: Trip, who: str | None) -> None:
    if who is not None and who not in trip.travellers:
        known = ", ".join(trip.travellers) or "the trip names none"
        raise UsageError(f"--who: unknown traveller {who!r} (travellers: {known})")


def make_row(trip: Trip, entry: AnyEntry, zone: ZoneInfo | None) -> Row:
    home = trip.home.zone if trip.home else None
    if not isinstance(entry.start, datetime):
        assert isinstance(entry.end, date)
        return Row(entry, entry.start, entry.end, (entry.end - entry.start).days, home)
    assert isinstance(entry.end, datetime)
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
    """The entries of `who` (everyone's when None) with a local date in first..last."""
    chosen = []
    for entry in _selected(trip, who):
        begins, ends = local_dates(entry)
        if (first is None or ends >= first) and (last is None or begins <= last):
            chosen.append(entry)
    return chosen


def _covers(row: Row, day: date) -> bool:
    start = row.start if not isinstance(row.start, datetime) else row.start.date()
    end = row.end if not isinstance(row.end, datetime) else row.end.date()
    return start <= day <= max(start, end)


def itinerary(trip: Trip, filters: Filters, *, clock_changes: bool = True) -> Itinerary:
    """The entries in time order, with a ClockChange where a traveller's clock changes
    (left out with `clock_changes=False`, for renderers that do not show them)."""
    items: list[Row | ClockChange] = []
    # per traveller: where their previous timed entry ended, on that place's clock
    last: dict[str, tuple[Place, datetime]] = {}
    for entry in _selected(trip, filters.who):
        row = make_row(trip, entry, filters.zone)
        shown = filters.day is None or _covers(row, filters.day)
        if entry.all_day or not clock_changes:
            if shown:
                items.append(row)
            continue
        assert isinstance(entry.start, datetime) and isinstance(entry.end, datetime)
        # the traveller's own clock: the row's times unless --tz shows another zone
        begin = (
            row.start if filters.zone is None else entry.start.astimezone(entry.start_place.zone)
        )
        assert isinstance(begin, datetime)
        travellers = entry.who or ("",)
        before = [last[w] for w in travellers if w in last]
        if shown and any(p == entry.start_place and _changed(t, begin) for p, t in before):
            items.append(ClockChange(before[0][1], begin, entry.start_place))
        if shown:
            items.append(row)
        finish = row.end if filters.zone is None else entry.end.astimezone(entry.end_place.zone)
        assert isinstance(finish, datetime)
        if isinstance(entry, Travel) and _changed(begin, finish) and shown:
            items.append(ClockChange(begin, finish, entry.end_place))
        for w in travellers:
            last[w] = (entry.end_place, finish)
    return Itinerary(trip, items, filters.zone)


def _changed(before: datetime, after: datetime) -> bool:
    return before.utcoffset() != after.utcoffset()


def agenda(trip: Trip, filters: Filters) -> Agenda:
    check_who(trip, filters.who)
    travellers = [filters.who] if filters.who else list(trip.travellers or ("",))
    days: list[Day] = []
    for traveller in travellers:
        entries = [e for e in trip.entries if not traveller or traveller in e.who]
        days.extend(_traveller_days(trip, traveller, entries, filters.zone))
    if filters.day is not None:
        days = [day for day in days if day.date == filters.day]
    return Agenda(trip, days, filters.zone)


def _traveller_days(
    trip: Trip, traveller: str, entries: list[AnyEntry], zone: ZoneInfo | None
) -> list[Day]:
    """Cut one traveller's entries into local days: a new day at a new date or place.

    A day is a repeat when the traveller's clock went back over the date line, so that
    the day begins at a wall time of that date they have already lived (Seoul, then
    Los Angeles, on the same 16 November).
    """
    days: list[Day] = []
    lived: dict[date, datetime] = {}  # latest naive wall time lived on each date
    arrived: datetime | None = None
    for entry in entries:
        if entry.all_day:
            continue
        assert isinstance(entry.start, datetime) and isinstance(entry.end, datetime)
        place = None if zone else entry.start_place
        day_zone = zone or entry.start_place.zone
        local_start = entry.start.astimezone(day_zone)
        local_date = local_start.date()
        current = days[-1] if days else None
        if current is None or (current.date, current.place) != (local_date, place):
            midnight = local_midnight(local_date, day_zone)
            begins = max(midnight, arrived) if arrived and not zone else midnight
            first_wall = begins.astimezone(day_zone).replace(tzinfo=None)
            repeat = local_date in lived and first_wall < lived[local_date]
            current = Day(traveller, local_date, place, day_zone, begins, repeat)
            days.append(current)
        current.rows.append(make_row(trip, entry, zone))
        _note_lived(lived, local_start)
        if isinstance(entry, Travel):
            arrived = entry.end
        else:
            _note_lived(lived, entry.end.astimezone(day_zone))
    _add_all_day(trip, traveller, entries, days, zone)
    return days


def _note_lived(lived: dict[date, datetime], moment: datetime) -> None:
    wall = moment.replace(tzinfo=None)
    if wall > lived.get(wall.date(), datetime.min):
        lived[wall.date()] = wall


def _add_all_day(
    trip: Trip, traveller: str, entries: list[AnyEntry], days: list[Day], zone: ZoneInfo | None
) -> None:
    """An all-day event shows on each of its dates: in the traveller's day at its place if
    there is one, else in their first day of that date, else in a day of its own."""
    by_date: dict[date, list[Day]] = {}
    for day in days:
        by_date.setdefault(day.date, []).append(day)
    for entry in entries:
        if not isinstance(entry, Event) or not entry.all_day:
            continue
        assert isinstance(entry.start, date) and isinstance(entry.end, date)
        row = make_row(trip, entry, zone)
        when = entry.start
        while when <= entry.end:
            same_date = by_date.setdefault(when, [])
            here = [d for d in same_date if d.place == entry.place] or same_date
            if here:
                rows = here[0].rows
                rows.insert(sum(1 for r in rows if r.entry.all_day), row)
            else:
                day_zone = zone or entry.place.zone
                place = None if zone else entry.place
                day = Day(traveller, when, place, day_zone, local_midnight(when, day_zone), False)
                day.rows.append(row)
                days.append(day)
                same_date.append(day)
            when += timedelta(days=1)
    days.sort(key=lambda d: d.begins)
