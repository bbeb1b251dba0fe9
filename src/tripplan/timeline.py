"""Each traveller's timeline: where they are, whose clock they keep, when that clock
changes, and which local days they live (shared/spec/cli.md, "A traveller's clock" and
"Agenda days").

The checks, the itinerary, the agenda, the export's date filters and the staff questions
all read this module; what "on day D" means is decided here once (`entry_days`).

- Before their first leg arrives a traveller is where they start (the first leg's
  `from`, or the place of their first timed event if they have no legs); from a leg's
  arrival on, at its `to`; in transit they keep the clock of the place they left (where
  they were, which is the leg's `from` unless the chain is broken).
- Legs are taken in time order; a leg that departs before the previous one arrives (an
  overlap, reported by the checks) departs when that one arrives, and a leg that lands
  before it leaves lands as it leaves, so the timeline always moves forward.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable, Iterator
from datetime import date, datetime, timedelta, timezone
from itertools import accumulate
from typing import Literal, NamedTuple
from zoneinfo import ZoneInfo

from tripplan.model import (
    AllDayEvent,
    AnyEntry,
    Lodging,
    Place,
    Timed,
    TimedEvent,
    Travel,
    Trip,
)
from tripplan.timing import local_end_date, local_midnight, night_of, offset_at, transitions

Cause = Literal["travel", "clock"]
_SECOND = timedelta(seconds=1)


class Stay(NamedTuple):
    """A time at one place, between arriving and leaving (UTC; None: unbounded)."""

    place: Place
    since: datetime | None  # the arrival that began it; None where they start
    until: datetime | None  # the departure that ended it; None where they end
    arrival: Travel | None  # the leg that brought them here
    departure: Travel | None  # the leg that took them away


class ClockChange(NamedTuple):
    """An instant at which a traveller's clock (the UTC offset they live by) changes."""

    who: str  # "" when the trip names no travellers
    at: datetime  # UTC
    place: Place  # whose clock they keep from this instant
    before: datetime  # the instant on the clock they kept until now (aware)
    after: datetime  # the instant on the new clock (aware, in place.zone)
    cause: Cause  # "travel": a leg's arrival; "clock": the place's own clock changed
    entry: Travel | None  # the leg, for "travel"

    @property
    def offset_before(self) -> timedelta:
        return self.before.utcoffset() or timedelta(0)

    @property
    def offset_after(self) -> timedelta:
        return self.after.utcoffset() or timedelta(0)


class Day(NamedTuple):
    """One traveller's local day at one place (or, under --tz, one date of that zone)."""

    traveller: str
    date: date
    place: Place | None  # None under a --tz zone
    zone: ZoneInfo  # the clock the day is read in
    begins: datetime  # UTC: local midnight, or the arrival that begins the day here
    repeat: bool  # the day begins at a local time the traveller has already lived
    entries: tuple[AnyEntry, ...]  # all-day ones first, then in time order
    changes: tuple[ClockChange, ...]  # the traveller's clock changes within the day
    night: Lodging | None = None  # their lodging for the night of this date (timing.night_of)


class _Segment(NamedTuple):
    """From `since` on, until the next segment, the traveller keeps `clock`'s time,
    at a stay or in transit on a leg."""

    since: datetime | None
    clock: Place
    stay: Stay | None  # None in transit
    leg: Travel | None  # the leg in transit, or the leg whose arrival began the stay


class Timeline:
    """One traveller's entries, stays and clock changes."""

    def __init__(self, traveller: str, entries: Iterable[AnyEntry]) -> None:
        self.traveller = traveller
        given = tuple(entries)  # time order, as the trip's
        # Lodging is not on the timeline: it puts nobody anywhere (model.Entry.occupies).
        self.entries: tuple[AnyEntry, ...] = tuple(e for e in given if e.occupies)
        self.lodging: tuple[Lodging, ...] = tuple(e for e in given if isinstance(e, Lodging))
        self._checked_in: list[datetime] | None = None  # made by the first lodging_at
        self._out_by: list[datetime] = []
        self.timed: tuple[Timed, ...] = tuple(
            e for e in self.entries if isinstance(e, TimedEvent | Travel)
        )
        self.legs = tuple(e for e in self.timed if isinstance(e, Travel))
        self._segments = _segments(self.timed, self.legs)
        self._starts = [s.since for s in self._segments[1:] if s.since]  # all but the first
        self.stays = tuple(s.stay for s in self._segments if s.stay is not None)
        self._arrivals = [stay.since for stay in self.stays[1:] if stay.since]  # to bisect
        self._leg_index = {leg.id: i for i, leg in enumerate(self.legs)}  # stays[i] precedes it
        self.first: datetime | None = None  # the start of their first timed entry
        self.last: datetime | None = None  # the latest end of a timed entry
        if self.timed:
            self.first = min(e.start for e in self.timed)
            self.last = max(e.end for e in self.timed)
        self.changes = tuple(self._clock_changes())

    # -- where, and on whose clock --------------------------------------------------------

    def _segment(self, at: datetime) -> _Segment:
        return self._segments[bisect_right(self._starts, at)]

    def clock(self, at: datetime) -> Place | None:
        """The place whose clock the traveller keeps at an instant (None: no timed entry)."""
        return self._segment(at).clock if self._segments else None

    def place_at(self, at: datetime) -> Place | None:
        """Where the traveller is at an instant; None in transit (or with no timed entry)."""
        if not self._segments:
            return None
        stay = self._segment(at).stay
        return stay.place if stay else None

    def in_transit(self, at: datetime) -> Travel | None:
        """The leg the traveller is on at an instant, if any."""
        if not self._segments:
            return None
        segment = self._segment(at)
        return segment.leg if segment.stay is None else None

    def heading_to(self, at: datetime) -> Place:
        """Where the traveller is, or in transit where they are going (the place an
        entry at this instant must be at)."""
        leg = self.in_transit(at)
        if leg is not None:
            return leg.destination
        place = self.place_at(at)
        assert place is not None, "a traveller with no timed entry is nowhere"
        return place

    def lodging_at(self, at: datetime) -> Lodging | None:
        """The traveller's lodging that covers an instant, if any (the last to check in,
        when two do). By bisection: the lodging is in check-in order, and the latest
        check-out so far says when none before can cover the instant."""
        if not self.lodging:
            return None
        if self._checked_in is None:
            self._checked_in = [stay.start for stay in self.lodging]
            self._out_by = list(accumulate((stay.end for stay in self.lodging), max))
        i = bisect_right(self._checked_in, at) - 1
        while i >= 0 and self._out_by[i] > at:
            if self.lodging[i].end > at:
                return self.lodging[i]
            i -= 1
        return None

    def stay_before(self, leg: Travel) -> Stay:
        """The stay a leg leaves: where the traveller is when it departs."""
        return self.stays[self._leg_index[leg.id]]

    # -- clock changes ----------------------------------------------------------------------

    def _clock_changes(self) -> Iterator[ClockChange]:
        """Every instant in (first, last] at which the offset the traveller lives by changes:
        at a leg's arrival, or when the clock they keep changes by itself."""
        if self.first is None or self.last is None:
            return
        first, last = self.first, self.last
        for i, segment in enumerate(self._segments):
            since = segment.since
            until = self._segments[i + 1].since if i + 1 < len(self._segments) else None
            if since is not None and first < since <= last and segment.stay is not None:
                yield from self._change(since, segment, "travel")
            low = max(since, first) if since is not None else first
            high = min(until, last + _SECOND) if until is not None else last + _SECOND
            if low >= high:
                continue
            for moment in transitions(segment.clock.zone, low, high):
                if first < moment and (moment != since or segment.stay is None):
                    yield from self._change(moment, segment, "clock")

    def _change(self, at: datetime, segment: _Segment, cause: Cause) -> Iterator[ClockChange]:
        previous = self._segment(at - _SECOND).clock
        before_offset = offset_at(at - _SECOND, previous.zone)
        after = at.astimezone(segment.clock.zone)
        if after.utcoffset() == before_offset:
            return
        name = (at - _SECOND).astimezone(previous.zone).tzname()
        before = at.astimezone(timezone(before_offset, name) if name else timezone(before_offset))
        leg = segment.leg if cause == "travel" else None
        yield ClockChange(self.traveller, at, segment.clock, before, after, cause, leg)

    # -- days -------------------------------------------------------------------------------

    def days(self, zone: ZoneInfo | None = None) -> list[Day]:
        """The traveller's agenda days, in the order they live them (see `entry_days`);
        under a --tz `zone`, one day per date of that zone, none a repeat."""
        groups: dict[tuple[date, str | None], list[AnyEntry]] = {}
        places: dict[tuple[date, str | None], Place | None] = {}
        for entry in self.timed:
            for when, place in entry_days(entry, zone):
                key = (when, place.id if place else None)
                groups.setdefault(key, []).append(entry)
                places[key] = place
        begins = {key: self.begins(key[0], places[key], zone) for key in groups}
        changes = self._changes_by_day(groups, places, begins, zone)
        all_day = _place_all_day(self.entries, groups, places, begins, zone, self)
        order = sorted(groups, key=lambda k: (begins[k], k[0], k[1] or ""))
        lived = _Lived(self.stays) if zone is None else None
        days = []
        for key in order:
            when, place = key[0], places[key]
            day_zone = _day_zone(place, zone)
            start = begins[key]
            # a day at a place they are not at (an all-day event elsewhere) is no repeat
            repeat = (
                lived is not None and self.clock(start) == place and lived.repeats(start, day_zone)
            )
            entries = (*all_day.get(key, ()), *groups[key])
            day_changes = tuple(changes.get(key, ()))
            night = self.lodging_at(night_of(when, day_zone)) if self.lodging else None
            days.append(
                Day(
                    self.traveller,
                    when,
                    place,
                    day_zone,
                    start,
                    repeat,
                    entries,
                    day_changes,
                    night,
                )
            )
        return days

    def _changes_by_day(
        self,
        groups: dict[tuple[date, str | None], list[AnyEntry]],
        places: dict[tuple[date, str | None], Place | None],
        begins: dict[tuple[date, str | None], datetime],
        zone: ZoneInfo | None,
    ) -> dict[tuple[date, str | None], list[ClockChange]]:
        """Each clock change in the day `change_day` names; where the traveller has no such
        day, in their day of that date that began last before it (a change in the air, put
        in the day they land), else in a day of its own that holds only the change (a
        night at a place after the last entry of the evening before). Days it makes are
        added to `groups`, `places` and `begins`."""
        on_date: dict[date, list[tuple[date, str | None]]] = {}
        for key in sorted(groups, key=lambda k: begins[k]):
            on_date.setdefault(key[0], []).append(key)
        placed: dict[tuple[date, str | None], list[ClockChange]] = {}
        for change in self.changes:
            when, place = change_day(change, zone)
            key = (when, place.id if place else None)
            if key not in groups:
                same_date = on_date.get(when, [])
                begun = [k for k in same_date if begins[k] <= change.at]
                if same_date:
                    key = begun[-1] if begun else same_date[0]
                else:
                    groups[key], places[key] = [], place
                    begins[key] = self.begins(when, place, zone)
                    on_date[when] = [key]
            placed.setdefault(key, []).append(change)
        return placed

    def begins(self, when: date, place: Place | None, zone: ZoneInfo | None) -> datetime:
        """Local midnight, or the arrival that begins the day at a place they were not at
        when the date began."""
        midnight = local_midnight(when, _day_zone(place, zone))
        if zone is not None or place is None or self.clock(midnight) == place:
            return midnight
        end = local_midnight(when + timedelta(days=1), place.zone)
        first = bisect_left(self._arrivals, midnight)
        for stay in self.stays[first + 1 :]:
            assert stay.since is not None
            if stay.since >= end:
                break
            if stay.place == place:
                return stay.since
        return midnight


def _day_zone(place: Place | None, zone: ZoneInfo | None) -> ZoneInfo:
    """The clock a day is read in: the --tz zone, else its place's."""
    if zone is not None:
        return zone
    assert place is not None  # a day has a place unless a --tz zone reads it
    return place.zone


def _segments(timed: tuple[AnyEntry, ...], legs: tuple[Travel, ...]) -> list[_Segment]:
    """The traveller's stays and transits, in order, each from its own instant on."""
    if not timed:
        return []
    place = legs[0].origin if legs else timed[0].start_place
    segments: list[_Segment] = []
    since: datetime | None = None
    arrival: Travel | None = None
    for leg in legs:
        depart = leg.start if since is None else max(leg.start, since)
        stay = Stay(place, since, depart, arrival, leg)
        segments.append(_Segment(since, place, stay, arrival))
        segments.append(_Segment(depart, place, None, leg))  # in transit: the clock they left
        since, place, arrival = max(leg.end, depart), leg.destination, leg
    segments.append(_Segment(since, place, Stay(place, since, None, arrival, None), arrival))
    return segments


def entry_days(entry: AnyEntry, zone: ZoneInfo | None = None) -> list[tuple[date, Place | None]]:
    """The days an entry is on: each local date and the place whose clock reads it.

    An event: every local date it touches (one that ends at midnight ends the day before);
    a leg: its departure date at its `from` and its arrival date at its `to`; an all-day
    event: the dates it covers. Under a --tz `zone`, the dates of that zone, no place.
    """
    if isinstance(entry, Travel):
        origin, destination = entry.origin, entry.destination
        departs = entry.start.astimezone(zone or origin.zone).date()
        arrives = entry.end.astimezone(zone or destination.zone).date()
        if zone is not None:
            return [(departs, None)] if departs == arrives else [(departs, None), (arrives, None)]
        if (departs, origin) == (arrives, destination):
            return [(departs, origin)]
        return [(departs, origin), (arrives, destination)]
    place = None if zone is not None else entry.place
    if zone is None or isinstance(entry, AllDayEvent):
        first, last = entry.dates
    else:
        first, last = _dates_in(entry, zone)
    return [(first + timedelta(days=n), place) for n in range((last - first).days + 1)]


def _dates_in(entry: TimedEvent | Lodging, zone: ZoneInfo) -> tuple[date, date]:
    first = entry.start.astimezone(zone).date()
    last = local_end_date(entry.end, zone) if entry.end > entry.start else first
    return first, max(first, last)


def change_day(change: ClockChange, zone: ZoneInfo | None = None) -> tuple[date, Place | None]:
    """The day a clock change falls on: its date on the new clock, at the place whose clock
    that is (what the itinerary's `--day` reads); under a --tz `zone`, its date there, no
    place. The agenda puts each change in exactly one day of that date (`Timeline.days`)."""
    if zone is not None:
        return change.at.astimezone(zone).date(), None
    return change.after.date(), change.place


def entry_dates(entry: AnyEntry, zone: ZoneInfo | None = None) -> set[date]:
    """The dates an entry is on (every place's): what `--day` and `--from/--to` select."""
    return {when for when, _ in entry_days(entry, zone)}


def on_dates(
    entry: AnyEntry, first: date | None, last: date | None, zone: ZoneInfo | None = None
) -> bool:
    """Whether an entry is on a date in first..last (either end open)."""
    if first is None and last is None:
        return True
    return any(
        (first is None or when >= first) and (last is None or when <= last)
        for when in entry_dates(entry, zone)
    )


def _place_all_day(
    entries: tuple[AnyEntry, ...],
    groups: dict[tuple[date, str | None], list[AnyEntry]],
    places: dict[tuple[date, str | None], Place | None],
    begins: dict[tuple[date, str | None], datetime],
    zone: ZoneInfo | None,
    timeline: Timeline,
) -> dict[tuple[date, str | None], list[AnyEntry]]:
    """Put each all-day event on its dates: in the traveller's day at its place that date,
    else in their first day of that date, else in a day of its own at its place (created
    in `groups`). Returns the all-day entries of each day."""
    by_date: dict[date, list[tuple[date, str | None]]] = {}
    for key in sorted(groups, key=lambda k: begins[k]):
        by_date.setdefault(key[0], []).append(key)
    placed: dict[tuple[date, str | None], list[AnyEntry]] = {}
    for entry in entries:
        if not isinstance(entry, AllDayEvent):
            continue
        for when, place in entry_days(entry, zone):
            same_date = by_date.setdefault(when, [])
            here = (when, place.id if place else None)
            key = here if here in groups else (same_date[0] if same_date else here)
            if key not in groups:
                groups[key], places[key] = [], place
                begins[key] = timeline.begins(when, place, zone)
                same_date.append(key)
            placed.setdefault(key, []).append(entry)
    return placed


class _Lived:
    """The latest wall time a traveller has lived at a place (in transit does not count)
    before an instant: a day that begins at an earlier wall time is a repeat. Asked about
    instants in increasing order, it passes over each stay, and each of the zone's clock
    changes within it, once (a stay of decades holds a day at every clock change)."""

    def __init__(self, stays: tuple[Stay, ...]) -> None:
        self.stays = stays
        self.passed = 0  # stays that ended before the instants asked about
        self.latest: datetime | None = None  # the latest wall time of those stays
        self.scanned: datetime | None = None  # the current stay's setbacks seen up to here
        self.setback: datetime | None = None  # the latest wall time before one of them

    def repeats(self, begins: datetime, zone: ZoneInfo) -> bool:
        wall = begins.astimezone(zone).replace(tzinfo=None)
        latest = self.latest_before(begins)
        return latest is not None and wall < latest

    def latest_before(self, moment: datetime) -> datetime | None:
        while self.passed < len(self.stays):
            stay = self.stays[self.passed]
            if stay.until is None or stay.until > moment:
                break
            self.latest = _later(self.latest, self._lived_in(stay, stay.until))
            self.passed += 1
            self.scanned = self.setback = None
        latest = self.latest
        if self.passed < len(self.stays):
            stay = self.stays[self.passed]
            if stay.since is None or stay.since < moment:
                latest = _later(latest, self._lived_in(stay, moment))
        return latest

    def _lived_in(self, stay: Stay, end: datetime) -> datetime | None:
        """The latest wall time lived in the current stay before `end`: just before `end`,
        or just before the clock went back within it (those found since the last call)."""
        if stay.since is not None and end <= stay.since:
            return None
        zone = stay.place.zone
        low = stay.since if stay.since is not None else end - _LONGEST_SETBACK
        if self.scanned is not None:
            low = max(low, self.scanned)
        for moment in transitions(zone, low, end):
            if offset_at(moment, zone) < offset_at(moment - _SECOND, zone):
                wall = (moment - _SECOND).astimezone(zone).replace(tzinfo=None)
                self.setback = _later(self.setback, wall)
        self.scanned = max(end, self.scanned) if self.scanned is not None else end
        return _later(self.setback, (end - _SECOND).astimezone(zone).replace(tzinfo=None))


def _later(one: datetime | None, other: datetime | None) -> datetime | None:
    if one is None or other is None:
        return one or other
    return max(one, other)


# Before a traveller's first leg there is no arrival to look back to; no clock has ever
# gone back by as much as this, so a wall time lived earlier is never the latest.
_LONGEST_SETBACK = timedelta(days=2)


def timelines(
    trip: Trip, who: str | None = None, *, among: Collection[str] | None = None
) -> dict[str, Timeline]:
    """Each traveller's timeline (`""` for a trip that names none), or only `who`'s, or
    only those `among` the names given."""
    names = [who] if who is not None else list(trip.travellers or ("",))
    if among is not None:
        names = [name for name in names if name in among]
    wanted = set(names)
    entries: dict[str, list[AnyEntry]] = {name: [] for name in names}
    for entry in trip.entries:
        for name in entry.who or ("",):
            if name in wanted:
                entries[name].append(entry)
    return {name: Timeline(name, entries[name]) for name in names}
