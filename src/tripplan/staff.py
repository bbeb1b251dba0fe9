"""The staff questions, answered from the traveller timelines (shared/spec/cli.md, "Staff
questions"): where everyone is at an instant (`where`), when each traveller can be called
inside both sides' working hours (`reach`), and what changed between two versions of a
trip (`diff_trips`). Data only: no Typer, no Rich; the renderers format it.

Where a traveller is and whose clock they keep is `tripplan.timeline`'s answer, never
worked out again here. docs/staff.md says what these questions decide where the contract
is silent.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from typing import BinaryIO, Literal
from zoneinfo import ZoneInfo

from tripplan.checks import check_trip
from tripplan.errors import TripFileError, UsageError
from tripplan.load import FIRST_YEAR, LAST_YEAR
from tripplan.model import AnyEntry, Event, Finding, Place, Travel, Trip
from tripplan.timeline import Timeline, timelines
from tripplan.timing import local_end_date, local_midnight, resolve_local, sort_key, transitions

_DAY = timedelta(days=1)


def parse_instant(text: str, zone: ZoneInfo | None) -> datetime:
    """`--at`: a wall time in `zone` (`2010-11-18 14:00`, read by RFC 5545's gap and fold
    rule), or an instant with an offset (`...-06:00`, `...Z`). UTC."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            f"--at: {text!r} is not a time like 2010-11-18 14:00 or 2010-11-18T14:00-06:00"
        ) from None
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise UsageError(f"--at: year {moment.year} is out of range ({FIRST_YEAR}-{LAST_YEAR})")
    if moment.tzinfo is not None:
        return moment.astimezone(UTC)
    if zone is None:
        raise UsageError(
            f"--at: {text!r} has no offset and the trip has no home place: give --tz ZONE"
        )
    return resolve_local(moment, zone).instant


# -- where ------------------------------------------------------------------------------

State = Literal["before", "during", "after", "nowhere"]


@dataclass(frozen=True, slots=True)
class Whereabouts:
    """One traveller at one instant."""

    who: str  # "" for the one traveller of a trip that names none
    trip: Trip  # the file that places them (see `where`)
    at: datetime  # UTC
    clock: Place | None  # whose clock they keep (in transit: the place they left)
    place: Place | None  # None in transit, or with no timed entry
    now: Event | None  # the event under way (the latest to start, if several)
    leg: Travel | None  # the leg they are on
    next: AnyEntry | None  # their next timed entry to start
    state: State  # before their first timed entry, during the trip, after the last; or none
    home: Place | None  # `trip`'s home, else that of the first of their files that has one

    @property
    def local(self) -> datetime | None:
        """The instant on their own clock."""
        return self.at.astimezone(self.clock.zone) if self.clock else None

    @property
    def home_local(self) -> datetime | None:
        return self.at.astimezone(self.home.zone) if self.home else None

    @property
    def until_next(self) -> timedelta | None:
        return _start(self.next) - self.at if self.next is not None else None


def where(trips: Sequence[Trip], at: datetime, who: str | None = None) -> list[Whereabouts]:
    """Each traveller of the trips at the instant `at` (UTC), in the order the files name
    them. A traveller named the same in several files is one person: their entries of
    every file make one timeline, and `trip` is the file of the entry they are in or on,
    else of their latest entry begun (before their first: of that first one). The one
    unnamed traveller of a file that names none is that file's alone."""
    return [_whereabouts(person, at) for person in _people(trips, who)]


@dataclass(frozen=True, slots=True)
class _Person:
    name: str
    line: Timeline  # their entries of every file
    files: dict[int, Trip]  # id() of each entry -> its file
    named_in: Trip  # the first file that names them
    home: Place | None  # the home of the first of their files that has one


def _people(trips: Sequence[Trip], who: str | None) -> list[_Person]:
    """Each person of the trips, in the order the files name them."""
    named: dict[str, list[tuple[int, AnyEntry]]] = {}
    order: list[tuple[str, int]] = []  # (name, file index) in first-seen order
    for n, trip in enumerate(trips):
        if not trip.travellers:
            order.append(("", n))
            continue
        for name in trip.travellers:
            if name not in named:
                named[name] = []
                order.append((name, n))
        for entry in trip.entries:
            for name in entry.who:
                named[name].append((n, entry))
    if who is not None:
        if who not in named:
            known = ", ".join(named) or "the trips name none"
            raise UsageError(f"--who: unknown traveller {who!r} (travellers: {known})")
        order = [(who, next(n for name, n in order if name == who))]
    people = []
    for name, n in order:
        if name == "":
            line = timelines(trips[n])[""]
            files = {id(entry): trips[n] for entry in trips[n].entries}
        else:
            pairs = sorted(named[name], key=lambda pair: _merged_key(*pair))
            line = Timeline(name, (entry for _, entry in pairs))
            files = {id(entry): trips[i] for i, entry in pairs}
        homes = (t.home for t in (trips[n], *files.values()) if t.home is not None)
        people.append(_Person(name, line, files, trips[n], next(homes, None)))
    return people


def _merged_key(file_index: int, entry: AnyEntry) -> tuple[object, ...]:
    at, timed, table, index = sort_key(entry)
    return (at, timed, file_index, table, index)


def _start(entry: AnyEntry) -> datetime:
    assert isinstance(entry.start, datetime)
    return entry.start


def _end(entry: AnyEntry) -> datetime:
    assert isinstance(entry.end, datetime)
    return entry.end


def _whereabouts(person: _Person, at: datetime) -> Whereabouts:
    name, line = person.name, person.line
    if not line.timed or line.first is None or line.last is None:
        return Whereabouts(
            name, person.named_in, at, None, None, None, None, None, "nowhere", person.home
        )
    starts = [_start(e) for e in line.timed]
    begun = bisect_right(starts, at)  # entries that started at or before `at`
    under_way = [
        e
        for e in line.timed[:begun]
        if isinstance(e, Event) and at < _end(e) and _end(e) > _start(e)
    ]
    now = under_way[-1] if under_way else None
    leg = line.in_transit(at)
    upcoming = line.timed[begun] if begun < len(line.timed) else None
    state: State = "before" if at < line.first else "after" if at >= line.last else "during"
    placing = now or leg or (line.timed[begun - 1] if begun else line.timed[0])
    trip = person.files.get(id(placing), person.named_in)
    return Whereabouts(
        name,
        trip,
        at,
        line.clock(at),
        line.place_at(at),
        now,
        leg,
        upcoming,
        state,
        trip.home or person.home,
    )


# -- reach ------------------------------------------------------------------------------

MINUTES_A_DAY = 24 * 60
_HOURS = re.compile(r"(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})")


@dataclass(frozen=True, slots=True)
class Hours:
    """Working hours on a wall clock, as minutes after local midnight; `end` exclusive and
    up to 24:00. An end before the start runs over midnight (22:00-06:00)."""

    start: int
    end: int

    @classmethod
    def parse(cls, text: str, option: str = "--hours") -> Hours:
        match = _HOURS.fullmatch(text.strip())
        if match is None:
            raise UsageError(f"{option}: {text!r} is not hours like 09:00-18:00")
        h0, m0, h1, m1 = (int(g) for g in match.groups())
        start, end = h0 * 60 + m0, h1 * 60 + m1
        if m0 > 59 or m1 > 59 or start >= MINUTES_A_DAY or end > MINUTES_A_DAY:
            raise UsageError(f"{option}: {text!r} is not a time of day (00:00 to 24:00)")
        if start == end:
            raise UsageError(f"{option}: {text!r} is empty (00:00-24:00 is the whole day)")
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

Span = tuple[datetime, datetime]  # [start, end) in UTC


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
    hours_meet: bool  # whether both working hours share any time while they are there


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


def reach(
    trip: Trip,
    who: str | None = None,
    hours: Hours = OFFICE_HOURS,
    home_hours: Hours = OFFICE_HOURS,
    least: timedelta = LEAST_WINDOW,
    first: date | None = None,
    last: date | None = None,
) -> Reach:
    """The windows in which each traveller (or `who`) can be called: not in a timed entry
    of theirs (legs included), their own clock inside `hours` and the home clock inside
    `home_hours` (no home place: their own clock only), at least `least` long, between
    the local midnight that begins the date of their first timed entry and the one that
    ends the date of their last. Days are the traveller's local dates at each place they
    stay (`ReachDay`); `first`..`last` keeps the days of those dates. At most MOST_DAYS
    dates of each traveller are computed, from the first kept, and MOST_DAYS_IN_ALL of
    all of them; the dates past them are `cut`."""
    if who is not None and who not in trip.travellers:
        known = ", ".join(trip.travellers) or "the trip names none"
        raise UsageError(f"--who: unknown traveller {who!r} (travellers: {known})")
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
    busy = merge((_start(e), _end(e)) for e in line.timed if _end(e) > _start(e))
    free = [span for span in subtract(both, busy) if span[1] - span[0] >= least]
    return _group(line, home, at_places, both, free)


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
    both: list[Span],
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
    ends = [end for _, end in both]  # for bisection: a season has thousands of days
    days = [
        ReachDay(
            line.traveller,
            key[0],
            places[key],
            min(s for s, _ in spans[key]),
            tuple(windows.get(key, ())),
            any(_meets(both, ends, span) for span in spans[key]),
        )
        for key in spans
    ]
    days.sort(key=lambda day: day.begins)
    return days


def _meets(spans: list[Span], ends: list[datetime], span: Span) -> bool:
    """Whether sorted, disjoint `spans` (whose ends are `ends`) share time with `span`."""
    n = bisect_right(ends, span[0])  # the first that ends after the span starts
    return n < len(spans) and spans[n][0] < span[1]


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


def merge(spans: Iterable[Span]) -> list[Span]:
    """Spans sorted, with those that touch or overlap joined."""
    out: list[Span] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def intersect(one: list[Span], other: list[Span]) -> list[Span]:
    """The time both sorted, disjoint lists of spans cover."""
    out: list[Span] = []
    i = j = 0
    while i < len(one) and j < len(other):
        start = max(one[i][0], other[j][0])
        end = min(one[i][1], other[j][1])
        if start < end:
            out.append((start, end))
        if one[i][1] < other[j][1]:
            i += 1
        else:
            j += 1
    return out


def subtract(spans: list[Span], taken: list[Span]) -> list[Span]:
    """The time of sorted, disjoint `spans` outside sorted, disjoint `taken`."""
    out: list[Span] = []
    j = 0
    for start, end in spans:
        while j < len(taken) and taken[j][1] <= start:
            j += 1
        k = j
        while start < end:
            if k >= len(taken) or taken[k][0] >= end:
                out.append((start, end))
                break
            if taken[k][0] > start:
                out.append((start, taken[k][0]))
            start = max(start, taken[k][1])
            k += 1
    return out


# -- diff -------------------------------------------------------------------------------


def read_version(source: str, stdin: BinaryIO | None = None) -> Trip:
    """A version of a trip: a path, `-` for standard input, or `git:REV:PATH`, the file
    PATH of the commit REV in the repository of the current directory (PATH from the
    repository's root, or `./` for the current directory, as git takes it)."""
    from tripplan.load import loads_trip, read_source

    if not source.startswith("git:"):
        data, name = read_source(source, stdin)
        return loads_trip(data, name)
    return loads_trip(_git_blob(source), source)


# What git is read in: a trip file is at most load.MAX_FILE_BYTES, read this much at a time.
_GIT_CHUNK = 1 << 20


def _git_blob(source: str) -> bytes:
    """The bytes of `git:REV:PATH`. REV never reaches git as an option: it is refused if
    it starts with `-` and given only after --end-of-options, to be resolved to a commit;
    the file is then named by the object id git found, its size checked before it is read,
    and read in chunks up to the loader's limit."""
    from tripplan.load import MAX_FILE_BYTES

    rev, colon, path = source[len("git:") :].partition(":")
    if not colon or not rev or not path:
        raise UsageError(f"{source!r}: write a git version as git:REV:PATH")
    if rev.startswith("-"):
        raise TripFileError(source, f"{rev!r} is no revision (it starts with -)")
    commit = _git(
        source, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"
    )
    if commit is None:
        raise TripFileError(source, f"no commit {rev!r} in the git repository here")
    blob = _git(source, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{commit}:{path}")
    if blob is None:
        raise TripFileError(source, f"no {path!r} in commit {rev!r}")
    kind = _git(source, "cat-file", "-t", blob)
    if kind != "blob":
        raise TripFileError(source, f"{path!r} in commit {rev!r} is a {kind}, not a file")
    size = int(_git(source, "cat-file", "-s", blob) or 0)
    if size > MAX_FILE_BYTES:
        raise TripFileError(source, f"larger than {MAX_FILE_BYTES // 2**20} MiB")
    return _git_read(source, blob, MAX_FILE_BYTES)


def _git(source: str, *args: str) -> str | None:
    """What a short git command prints, stripped; None when it fails with no more than
    an error (--quiet: no such object; a tree where a commit is asked for). A fatal one
    (no repository here) is git's last line."""
    import subprocess

    try:
        done = subprocess.run(
            ["git", *args], capture_output=True, check=False, stdin=subprocess.DEVNULL
        )
    except OSError as err:
        raise TripFileError(source, f"cannot run git: {err.strerror or err}") from None
    if done.returncode == 0:
        return done.stdout.decode("utf-8", "replace").strip()
    said = done.stderr.decode("utf-8", "replace").strip().splitlines()
    if said and said[-1].startswith("fatal: "):
        raise TripFileError(source, said[-1].removeprefix("fatal: "))
    return None


def _git_read(source: str, blob: str, limit: int) -> bytes:
    """The blob's bytes, read a chunk at a time; past `limit` (the file changed under us,
    or git lied about its size) git is stopped and the file refused."""
    import subprocess

    chunks: list[bytes] = []
    read = 0
    with subprocess.Popen(
        ["git", "cat-file", "blob", blob],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    ) as git:
        assert git.stdout is not None
        while chunk := git.stdout.read(min(_GIT_CHUNK, limit + 1 - read)):
            chunks.append(chunk)
            read += len(chunk)
            if read > limit:
                git.kill()
                raise TripFileError(source, f"larger than {limit // 2**20} MiB")
    if git.returncode != 0:
        raise TripFileError(source, f"git cat-file exited {git.returncode}")
    return b"".join(chunks)


@dataclass(frozen=True, slots=True)
class Moved:
    """An entry whose times changed: its start or end instant (or dates, all-day)."""

    old: AnyEntry
    new: AnyEntry

    @property
    def shift(self) -> timedelta | None:
        """How far the start moved in absolute time (None unless both are timed)."""
        if isinstance(self.old.start, datetime) and isinstance(self.new.start, datetime):
            return self.new.start - self.old.start
        return None

    @property
    def end_shift(self) -> timedelta | None:
        """How far the end moved in absolute time (None unless both are timed)."""
        if isinstance(self.old.end, datetime) and isinstance(self.new.end, datetime):
            return self.new.end - self.old.end
        return None

    @property
    def shift_days(self) -> int | None:
        """How many dates an all-day event moved (None unless both are all-day)."""
        if self.old.all_day and self.new.all_day:
            assert isinstance(self.old.start, date) and isinstance(self.new.start, date)
            return (self.new.start - self.old.start).days
        return None

    @property
    def zone_only(self) -> bool:
        """The wall times are as they were: only a change of place, or of a place's zone,
        moved the instant."""
        if self.old.all_day or self.new.all_day:
            return False
        return _walls(self.old) == _walls(self.new)


def _walls(entry: AnyEntry) -> tuple[datetime, datetime]:
    start = _start(entry).astimezone(entry.start_place.zone).replace(tzinfo=None)
    end = _end(entry).astimezone(entry.end_place.zone).replace(tzinfo=None)
    return start, end


@dataclass(frozen=True, slots=True)
class Changed:
    old: AnyEntry
    new: AnyEntry
    fields: dict[str, tuple[object, object]]  # the file's key: (old value, new value)


@dataclass(frozen=True, slots=True)
class TripDiff:
    old: Trip
    new: Trip
    added: list[AnyEntry]  # in the new version's time order
    cancelled: list[AnyEntry]  # in the old version's time order
    moved: list[Moved]
    changed: list[Changed]
    findings_added: list[Finding]
    findings_cleared: list[Finding]
    trip: dict[str, tuple[object, object]] = field(default_factory=dict)  # [trip] keys
    places_added: list[Place] = field(default_factory=list)
    places_removed: list[Place] = field(default_factory=list)
    places_changed: list[tuple[str, dict[str, tuple[object, object]]]] = field(default_factory=list)

    @property
    def any(self) -> bool:
        """Whether anything changed (the exit status of `diff`)."""
        return any(
            (
                self.added,
                self.cancelled,
                self.moved,
                self.changed,
                self.findings_added,
                self.findings_cleared,
                self.trip,
                self.places_added,
                self.places_removed,
                self.places_changed,
            )
        )


def _findings(
    old: Trip,
    new: Trip,
    moved: list[Moved],
    changed: list[Changed],
    before: dict[str, AnyEntry],
    after: dict[str, AnyEntry],
) -> tuple[list[Finding], list[Finding]]:
    """The findings of both versions that can differ: those of the entries added,
    cancelled, moved or changed, and of their travellers (a traveller's checks read only
    their own entries). The others are the same in both, so they are not looked for;
    when the trip's own fields change (dates, buffer, travellers), every one is."""
    if _trip_fields(old) != _trip_fields(new):
        return check_trip(old), check_trip(new)
    touched = {e.id for e in new.entries if e.id not in before}
    touched |= {e.id for e in old.entries if e.id not in after}
    touched |= {m.new.id for m in moved} | {c.new.id for c in changed}
    names = {
        name or ""
        for ident in touched
        for entry in (before.get(ident), after.get(ident))
        if entry is not None
        for name in (entry.who or ("",))
    }
    return (
        check_trip(old, entry_ids=touched, travellers=names),
        check_trip(new, entry_ids=touched, travellers=names),
    )


def diff_trips(old: Trip, new: Trip) -> TripDiff:
    """What changed from `old` to `new`, entries matched by id (an entry with no `id` in
    its file has one made from its title and start as written: a new title is a new
    entry). A change of place or zone that moves an entry's instant is a move (flagged
    `zone_only` when its wall times stayed); the findings compared by code and entry ids."""
    before = {entry.id: entry for entry in old.entries}
    after = {entry.id: entry for entry in new.entries}
    moved, changed = [], []
    for entry in new.entries:
        was = before.get(entry.id)
        if was is None or was == entry:  # most entries of a day's revision are as they were
            continue
        if _times(was) != _times(entry):
            moved.append(Moved(was, entry))
        fields = _changes(_fields(was), _fields(entry))
        if fields:
            changed.append(Changed(was, entry, fields))
    old_findings, new_findings = _findings(old, new, moved, changed, before, after)
    old_keys = {_finding_key(f) for f in old_findings}
    new_keys = {_finding_key(f) for f in new_findings}
    places_changed = [
        (pid, fields)
        for pid, place in new.places.items()
        if pid in old.places
        and (fields := _changes(_place_fields(old.places[pid]), _place_fields(place)))
    ]
    return TripDiff(
        old,
        new,
        added=[e for e in new.entries if e.id not in before],
        cancelled=[e for e in old.entries if e.id not in after],
        moved=moved,
        changed=changed,
        findings_added=[f for f in new_findings if _finding_key(f) not in old_keys],
        findings_cleared=[f for f in old_findings if _finding_key(f) not in new_keys],
        trip=_changes(_trip_fields(old), _trip_fields(new)),
        places_added=[p for pid, p in new.places.items() if pid not in old.places],
        places_removed=[p for pid, p in old.places.items() if pid not in new.places],
        places_changed=places_changed,
    )


def _times(entry: AnyEntry) -> tuple[object, object]:
    return entry.start, entry.end


def _fields(entry: AnyEntry) -> dict[str, object]:
    """An entry's keys other than its times, as the file names them."""
    common: dict[str, object] = {
        "type": entry.type,
        "title": entry.title,
        "who": list(entry.who),
        "venue": entry.venue,
        "notes": entry.notes,
    }
    if isinstance(entry, Event):
        return {**common, "place": entry.place.id, "kind": entry.kind}
    return {**common, "from": entry.origin.id, "to": entry.destination.id, "mode": entry.mode}


def _trip_fields(trip: Trip) -> dict[str, object]:
    return {
        "title": trip.title,
        "id": trip.id,
        "home": trip.home.id if trip.home else None,
        "start": trip.start.isoformat() if trip.start else None,
        "end": trip.end.isoformat() if trip.end else None,
        "travellers": list(trip.travellers),
        "buffer": trip.buffer,
    }


def _place_fields(place: Place) -> dict[str, object]:
    return {"name": place.name, "tz": place.tz}


def _changes(old: dict[str, object], new: dict[str, object]) -> dict[str, tuple[object, object]]:
    keys = [*old, *(k for k in new if k not in old)]
    return {k: (old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k)}


def _finding_key(finding: Finding) -> tuple[str, tuple[str, ...]]:
    return finding.code, finding.entry_ids
