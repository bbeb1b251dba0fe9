"""`reach`: the windows in which each traveller can be called, free and inside both their
own and the home clock's working hours, day by day as they live them (shared/spec/cli.md,
"Staff questions")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from typing import Literal
from zoneinfo import ZoneInfo

from tripplan.errors import OptionError
from tripplan.model import Place, TimedEvent, Trip
from tripplan.options import check_who, date_range
from tripplan.staff.intervals import Span, intersect, merge, subtract
from tripplan.timeline import Timeline, timelines
from tripplan.timing import local_end_date, local_midnight, parse_duration, transitions

_DAY = timedelta(days=1)


MINUTES_A_DAY = 24 * 60
_HOURS = re.compile(r"(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})")


@dataclass(frozen=True, slots=True)
class Hours:
    """Working hours on a wall clock, as minutes after local midnight; `end` exclusive and
    up to 24:00. An end before the start runs over midnight (22:00-06:00)."""

    start: int
    end: int

    @classmethod
    def parse(cls, text: str | Hours, option: str = "hours") -> Hours:
        """`09:00-18:00` (or Hours themselves); `option` is the parameter errors name.

        >>> print(Hours.parse("22:00-06:00"))
        22:00-06:00
        >>> Hours.parse("9-18", "home_hours")
        Traceback (most recent call last):
        tripplan.errors.OptionError: home_hours: '9-18' is not hours like 09:00-18:00
        """
        if isinstance(text, Hours):
            return text
        match = _HOURS.fullmatch(text.strip()) if isinstance(text, str) else None
        if match is None:
            raise OptionError(option, f"{text!r} is not hours like 09:00-18:00")
        h0, m0, h1, m1 = (int(g) for g in match.groups())
        start, end = h0 * 60 + m0, h1 * 60 + m1
        if m0 > 59 or m1 > 59 or start >= MINUTES_A_DAY or end > MINUTES_A_DAY:
            raise OptionError(option, f"{text!r} is not a time of day (00:00 to 24:00)")
        if start == end:
            raise OptionError(option, f"{text!r} is empty (00:00-24:00 is the whole day)")
        return cls(start, end)

    def __str__(self) -> str:
        """As the option writes them: 09:00-18:00."""
        return (
            f"{self.start // 60:02d}:{self.start % 60:02d}-{self.end // 60:02d}:{self.end % 60:02d}"
        )

    def ranges(self) -> list[tuple[int, int]]:
        """The ranges of one local date they cover."""
        if self.start < self.end:
            return [(self.start, self.end)]
        return (
            [(0, self.end), (self.start, MINUTES_A_DAY)]
            if self.end
            else [(self.start, MINUTES_A_DAY)]
        )


OFFICE_HOURS = Hours(9 * 60, 18 * 60)
LEAST_WINDOW = timedelta(minutes=30)


@dataclass(frozen=True, slots=True)
class Window:
    """A time in which a traveller can be called: free, inside both working hours."""

    who: str
    start: datetime  # UTC
    end: datetime
    place: Place  # where they are (their clock)
    home: Place | None

    @property
    def local_start(self) -> datetime:
        return self.start.astimezone(self.place.zone)

    @property
    def local_end(self) -> datetime:
        return self.end.astimezone(self.place.zone)

    @property
    def home_start(self) -> datetime | None:
        return self.start.astimezone(self.home.zone) if self.home else None

    @property
    def home_end(self) -> datetime | None:
        return self.end.astimezone(self.home.zone) if self.home else None

    @property
    def length(self) -> timedelta:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class ReachDay:
    """A traveller's local date at a place (their clock's date; a date lived twice, over
    the date line, is two days), with the windows that begin in it."""

    who: str
    date: date
    place: Place
    begins: datetime  # UTC: the first instant of the date they spend at the place
    windows: tuple[Window, ...]
    reason: Reason | None = None  # why it has no window (None: it has one)

    @property
    def hours_meet(self) -> bool:
        """Whether both working hours share a window's length of the date at the place."""
        return self.reason != "hours-do-not-meet"


# Why a day has no window (`ReachDay.reason`), read over the time both working hours share
# on that local date at that place (`shared`): none of it at least `least` long; or most
# of it spent in their entries while there, on a leg, or elsewhere (not yet arrived, or
# already left). Ties go in that order.
Reason = Literal["hours-do-not-meet", "busy", "in-transit", "not-there"]


# The days reach computes for one traveller, and for all of them. A trip is days, a season
# of trips a year, and ten years is more than any file of plans covers; but a typo (year 2
# for 2010) made a trip of two entries span ten thousand years: 2.9 million days, past a
# minute and a gigabyte of output. A hundred traveller-years in all bounds a file of
# thousands of travellers each a year apart. The days past either are left out, and said
# (`Reach.cut`); --from and --to reach them.
MOST_DAYS = 3660
MOST_DAYS_IN_ALL = 36_600


@dataclass(frozen=True, slots=True)
class Cut:
    """The days of a traveller that reach left out: `days` dates from `since` on."""

    who: str
    since: date
    days: int


@dataclass(frozen=True, slots=True)
class Reach:
    trip: Trip
    hours: Hours
    home_hours: Hours
    least: timedelta
    days: list[ReachDay]  # traveller by traveller (the trip's order), each in the order lived
    cut: list[Cut] = field(default_factory=list)  # travellers with days past MOST_DAYS

    @property
    def windows(self) -> list[Window]:
        return [window for day in self.days for window in day.windows]


def parse_least(value: timedelta | str, option: str = "least") -> timedelta:
    """The shortest window worth a call (`least`, `--min`): a duration of the format
    (`30m`, `1h30m`) or a timedelta.

    >>> parse_least("1h30m")
    datetime.timedelta(seconds=5400)
    """
    if isinstance(value, timedelta):
        return value
    if not isinstance(value, str):
        raise OptionError(option, f"{value!r} is not a duration (a timedelta, or 30m, 1h30m)")
    try:
        return parse_duration(value)
    except ValueError as err:
        raise OptionError(option, str(err)) from None


def reach(
    trip: Trip,
    who: str | None = None,
    hours: Hours | str = OFFICE_HOURS,
    home_hours: Hours | str = OFFICE_HOURS,
    least: timedelta | str = LEAST_WINDOW,
    first: date | str | None = None,
    last: date | str | None = None,
) -> Reach:
    """The windows in which each traveller (or `who`) can be called: not in a timed entry
    of theirs (legs included), their own clock inside `hours` and the home clock inside
    `home_hours` (no home place: their own clock only), at least `least` long, between
    the local midnight that begins the date of their first timed entry and the one that
    ends the date of their last. Days are the traveller's local dates at each place they
    stay (`ReachDay`); `first`..`last` keeps the days of those dates. At most MOST_DAYS
    dates of each traveller are computed, from the first kept, and MOST_DAYS_IN_ALL of
    all of them; the dates past them are `cut`. Hours, the length and the dates may be
    given as the command line writes them (`"07:00-18:00"`, `"1h"`, `"2010-11-18"`)."""
    check_who(trip, who)
    hours, home_hours = Hours.parse(hours, "hours"), Hours.parse(home_hours, "home_hours")
    least = parse_least(least)
    first, last = date_range(first=first, last=last)
    days: list[ReachDay] = []
    cut: list[Cut] = []
    left = MOST_DAYS_IN_ALL
    for line in timelines(trip, who).values():
        if line.first is None or line.last is None:
            continue
        begin, end = _bounds(line, line.first, line.last)
        if end <= begin:
            continue
        since, until = _dates(line, begin, end)
        since, until = max(since, first or since), min(until, last or until)
        # Flown west over the date line, a traveller lives dates before their first.
        low, high = since - _SLACK, until + _SLACK
        low, high = max(low, first or low), min(high, last or high)
        most = min(MOST_DAYS, left)
        if (until - since).days >= most:
            stop = since + timedelta(days=most)
            cut.append(Cut(line.traveller, stop, (until - stop).days + 1))
            if not most:
                continue
            until = high = stop - _DAY
        left -= max(0, (until - since).days + 1)
        if low > high:
            continue
        begin, end = max(begin, _before(low)), min(end, _after(high))
        for day in _reach_days(line, trip.home, hours, home_hours, least, begin, end):
            if low <= day.date <= high:
                days.append(day)
    return Reach(trip, hours, home_hours, least, days, cut)


# No zone is more than 14 hours off UTC, so a local date lies inside the UTC dates before
# and after it, and a traveller's dates stray at most two from the way from their first
# to their last. Days are computed with these margins around the dates asked for, so
# that each of those is whole, and only those are kept.
_MARGIN = _SLACK = 2 * _DAY


def _before(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC) - _MARGIN


def _after(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + _DAY + _MARGIN


def _dates(line: Timeline, begin: datetime, end: datetime) -> tuple[date, date]:
    """The dates of `begin` and of the last instant before `end` on the clock the
    traveller keeps then."""
    start_place, end_place = line.clock(begin), line.clock(end)
    assert start_place is not None and end_place is not None
    until = (end - timedelta(microseconds=1)).astimezone(end_place.zone).date()
    return begin.astimezone(start_place.zone).date(), until


def _reach_days(
    line: Timeline,
    home: Place | None,
    hours: Hours,
    home_hours: Hours,
    least: timedelta,
    begin: datetime,
    end: datetime,
) -> list[ReachDay]:
    """The days between `begin` and `end` (UTC), with their windows."""
    at_places: list[tuple[Place, Span]] = []  # where they stay, not in transit
    own: list[Span] = []
    for n, stay in enumerate(line.stays):
        since = max(stay.since, begin) if stay.since else begin
        until = min(stay.until, end) if stay.until else end
        following = line.stays[n + 1].since if n + 1 < len(line.stays) else None
        clock_until = min(following, end) if following else end  # their clock, transit too
        if since < until:
            at_places.append((stay.place, (since, until)))
        if since < clock_until:
            own.extend(working(stay.place.zone, hours, since, clock_until))
    both = intersect(own, working(home.zone, home_hours, begin, end) if home else [(begin, end)])
    busy = merge((e.start, e.end) for e in line.timed if e.end > e.start)
    free = [span for span in subtract(both, busy) if span[1] - span[0] >= least]
    days = _group(line, home, at_places, free)
    if all(day.windows for day in days):
        return days
    why = _Why(line, home, hours, home_hours, least)
    return [day if day.windows else replace(day, reason=why(day)) for day in days]


class _Why:
    """Why a traveller's day has no window (`Reason`), from their timeline alone: what
    they do during the time both working hours share on that date at that place."""

    def __init__(
        self, line: Timeline, home: Place | None, hours: Hours, home_hours: Hours, least: timedelta
    ) -> None:
        self.home, self.hours, self.home_hours, self.least = home, hours, home_hours, least
        self.stays = line.stays
        self.legs = merge((leg.start, leg.end) for leg in line.legs if leg.end > leg.start)
        self.events = merge(
            (e.start, e.end) for e in line.timed if isinstance(e, TimedEvent) and e.end > e.start
        )

    def __call__(self, day: ReachDay) -> Reason:
        zone = day.place.zone
        low, high = local_midnight(day.date, zone), local_midnight(day.date + _DAY, zone)
        home = self.home
        shared = intersect(
            working(zone, self.hours, low, high),
            working(home.zone, self.home_hours, low, high) if home else [(low, high)],
        )
        if not any(end - start >= self.least for start, end in shared):
            return "hours-do-not-meet"
        there = intersect(
            shared,
            merge(
                (stay.since or low, stay.until or high)
                for stay in self.stays
                if stay.place.id == day.place.id
            ),
        )
        away = subtract(shared, there)
        moving = intersect(away, self.legs)
        lengths: dict[Reason, timedelta] = {
            "busy": _length(intersect(there, self.events)),
            "in-transit": _length(moving),
            "not-there": _length(subtract(away, moving)),
        }
        return max(lengths, key=lambda reason: lengths[reason])  # the first of equals


def _length(spans: list[Span]) -> timedelta:
    return sum((end - start for start, end in spans), timedelta(0))


def _bounds(line: Timeline, first: datetime, last: datetime) -> Span:
    """From the local midnight that begins the date of their first timed entry to the
    one that ends the date of their last, each on the clock they keep then."""
    start_place, end_place = line.clock(first), line.clock(last)
    assert start_place is not None and end_place is not None
    zone = start_place.zone
    begin = local_midnight(first.astimezone(zone).date(), zone)
    zone = end_place.zone
    return begin, local_midnight(local_end_date(last, zone) + _DAY, zone)


def _group(
    line: Timeline,
    home: Place | None,
    at_places: list[tuple[Place, Span]],
    free: list[Span],
) -> list[ReachDay]:
    """The days (local date, place) they stay at, in the order lived, with their windows."""
    spans: dict[tuple[date, str], list[Span]] = {}
    places: dict[tuple[date, str], Place] = {}
    for place, (since, until) in at_places:
        zone = place.zone
        when = since.astimezone(zone).date()
        while True:
            midnight = local_midnight(when + _DAY, zone)
            key = (when, place.id)
            if since < min(until, midnight):  # a date the zone skipped has no time at all
                spans.setdefault(key, []).append((since, min(until, midnight)))
                places[key] = place
            if midnight >= until:
                break
            since, when = midnight, when + _DAY
    windows: dict[tuple[date, str], list[Window]] = {}
    for start, end in free:
        clock = line.clock(start)
        assert clock is not None
        key = (start.astimezone(clock.zone).date(), clock.id)
        windows.setdefault(key, []).append(Window(line.traveller, start, end, clock, home))
        if key not in spans:  # not at a place: cannot happen while legs are busy time
            spans[key], places[key] = [(start, end)], clock
    days = [
        ReachDay(
            line.traveller,
            key[0],
            places[key],
            min(s for s, _ in spans[key]),
            tuple(windows.get(key, ())),
        )
        for key in spans
    ]
    days.sort(key=lambda day: day.begins)
    return days


def working(zone: ZoneInfo, hours: Hours, start: datetime, end: datetime) -> list[Span]:
    """The instants in [start, end) at which `zone`'s wall clock reads inside `hours`.

    Hours are wall-clock hours: on a day the clock changes, 09:00-18:00 still runs from
    09:00 to 18:00 on the wall (a fall-back day's working hours last as long, a change
    inside them makes them an hour longer or shorter). Exact at any change: the range is
    split where the zone's offset changes and read with each piece's own offset.
    """
    cuts = [start, *transitions(zone, start, end), end]
    found: list[Span] = []
    for low, high in pairwise(cuts):
        if low >= high:
            continue
        offset = low.astimezone(zone).utcoffset() or timedelta(0)
        first = (low + offset).date()
        last = (high - timedelta(microseconds=1) + offset).date()
        day = first
        while day <= last:
            midnight = datetime(day.year, day.month, day.day, tzinfo=UTC) - offset
            for a, b in hours.ranges():
                span = (
                    max(low, midnight + timedelta(minutes=a)),
                    min(high, midnight + timedelta(minutes=b)),
                )
                if span[0] < span[1]:
                    found.append(span)
            day += _DAY
    return merge(found)
