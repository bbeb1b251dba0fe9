"""`where`: each traveller at an instant, their entries of several files made one timeline
(shared/spec/cli.md, "Staff questions"), and `--at` read as that instant."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal, NamedTuple
from zoneinfo import ZoneInfo

from tripplan.errors import OptionError
from tripplan.load import FIRST_YEAR, LAST_YEAR
from tripplan.model import AnyEntry, Lodging, Place, Timed, TimedEvent, Travel, Trip, sort_key
from tripplan.options import NeedsZone, check_traveller
from tripplan.timeline import Timeline, timelines
from tripplan.timing import resolve_local


def parse_instant(at: str | datetime, zone: ZoneInfo | None) -> datetime:
    """An instant (`at`, `--at`): a wall time in `zone` (`2010-11-18 14:00`, or a naive
    datetime, read by RFC 5545's gap and fold rule), or an instant with an offset
    (`...-06:00`, `...Z`, an aware datetime). UTC."""
    if isinstance(at, datetime):
        moment = at
    else:
        try:
            moment = datetime.fromisoformat(str(at).strip())
        except ValueError:
            raise OptionError(
                "at", f"{at!r} is not a time like 2010-11-18 14:00 or 2010-11-18T14:00-06:00"
            ) from None
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise OptionError("at", f"year {moment.year} is out of range ({FIRST_YEAR}-{LAST_YEAR})")
    if moment.tzinfo is not None:
        return moment.astimezone(UTC)
    if zone is None:
        raise NeedsZone("at", at)
    return resolve_local(moment, zone).instant


State = Literal["before", "during", "after", "nowhere"]


class Filed(NamedTuple):
    """An entry of a traveller's, with the file it is in (ids are unique in a file only)."""

    entry: AnyEntry
    file: str


class Booked(NamedTuple):
    """A lodging of a traveller's, with the file it is in."""

    lodging: Lodging
    file: str


@dataclass(frozen=True, slots=True)
class Whereabouts:
    """One traveller at one instant."""

    who: str  # "" for the one traveller of a trip that names none
    trip: Trip  # the file that places them (see `where`)
    at: datetime  # UTC
    clock: Place | None  # whose clock they keep (in transit: the place they left)
    place: Place | None  # None in transit, or with no timed entry
    now: TimedEvent | None  # the event under way (the latest to start, if several)
    leg: Travel | None  # the leg they are on
    next: Timed | None  # their next timed entry to start
    state: State  # before their first timed entry, during the trip, after the last; or none
    home: Place | None  # `trip`'s home, else that of the first of their files that has one
    # The lodging of theirs that covers the instant (check-in <= at < check-out), if any: a
    # booking puts nobody anywhere, so it is said beside where the timeline puts them.
    lodging: Booked | None = None
    # Every timed entry under way at the instant (events and legs, in time order), when
    # there are two or more: they are double-booked. Empty otherwise.
    double_booked: tuple[Filed, ...] = ()

    @property
    def local(self) -> datetime | None:
        """The instant on their own clock."""
        return self.at.astimezone(self.clock.zone) if self.clock else None

    @property
    def home_local(self) -> datetime | None:
        return self.at.astimezone(self.home.zone) if self.home else None

    @property
    def until_next(self) -> timedelta | None:
        return self.next.start - self.at if self.next is not None else None


def where(trips: Sequence[Trip], at: datetime | str, who: str | None = None) -> list[Whereabouts]:
    """Each traveller of the trips at the instant `at`, in the order the files name them;
    `at` without an offset (`"2010-11-16 21:00"`, a naive datetime) is read on the first
    trip's home clock (`parse_instant`). A traveller named the same in several files is
    one person: their entries of every file make one timeline, and `trip` is the file of
    the entry they are in or on (the event under way, else the leg), else the first file
    whose trip is under way for them (between their first and last timed entry in it),
    else the first file that names them. The one unnamed traveller of a file that names
    none is that file's alone."""
    first = trips[0] if trips else None
    home = first.home.zone if first is not None and first.home else None
    moment = parse_instant(at, home)
    return [_whereabouts(person, moment) for person in _people(trips, who)]


@dataclass(frozen=True, slots=True)
class _Person:
    name: str
    line: Timeline  # their entries of every file
    files: dict[int, Trip]  # id() of each entry -> its file
    named_in: Trip  # the first file that names them
    home: Place | None  # the home of the first of their files that has one
    # For each of their files, in the order given: from the start of their first timed
    # entry in it to the end of their last (the trip under way for them).
    spans: tuple[tuple[datetime, datetime, Trip], ...] = ()

    def file_at(self, at: datetime, entry: AnyEntry | None) -> Trip:
        """The file that labels them at an instant: that of the entry they are in or on,
        else the first whose trip is under way for them, else the first naming them."""
        if entry is not None:
            return self.files.get(id(entry), self.named_in)
        return next((t for low, high, t in self.spans if low <= at < high), self.named_in)


def _spans(
    trips: Sequence[Trip], line: Timeline, files: dict[int, Trip]
) -> tuple[tuple[datetime, datetime, Trip], ...]:
    index = {id(trip): n for n, trip in enumerate(trips)}
    bounds: dict[int, tuple[datetime, datetime]] = {}
    for entry in line.timed:
        n = index[id(files[id(entry)])]
        low, high = bounds.get(n, (entry.start, entry.end))
        bounds[n] = (min(low, entry.start), max(high, entry.end))
    return tuple((*bounds[n], trips[n]) for n in sorted(bounds))


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
        check_traveller(named, who, "the trips name none")
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
        spans = _spans(trips, line, files) if len(trips) > 1 else ()
        people.append(_Person(name, line, files, trips[n], next(homes, None), spans))
    return people


def _merged_key(file_index: int, entry: AnyEntry) -> tuple[object, ...]:
    at, timed, table, index = sort_key(entry)
    return (at, timed, file_index, table, index)


def _whereabouts(person: _Person, at: datetime) -> Whereabouts:
    name, line = person.name, person.line
    stay = line.lodging_at(at)
    lodging = Booked(stay, _filed(person, stay).file) if stay is not None else None
    if not line.timed or line.first is None or line.last is None:
        return Whereabouts(
            name,
            person.named_in,
            at,
            None,
            None,
            None,
            None,
            None,
            "nowhere",
            person.home,
            lodging,
        )
    starts = [e.start for e in line.timed]
    begun = bisect_right(starts, at)  # entries that started at or before `at`
    under_way = [e for e in line.timed[:begun] if at < e.end and e.end > e.start]
    events = [e for e in under_way if isinstance(e, TimedEvent)]
    now = events[-1] if events else None
    leg = line.in_transit(at)
    upcoming = line.timed[begun] if begun < len(line.timed) else None
    state: State = "before" if at < line.first else "after" if at >= line.last else "during"
    trip = person.file_at(at, now or leg)
    double = tuple(_filed(person, e) for e in under_way) if len(under_way) > 1 else ()
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
        lodging,
        double,
    )


def _filed(person: _Person, entry: AnyEntry) -> Filed:
    return Filed(entry, person.files.get(id(entry), person.named_in).file)
