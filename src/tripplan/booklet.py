"""What the booklet and the timeline picture show, computed once, before anything is drawn.

`Selection` is what a picture shows: the travellers and entries chosen (--who, --day,
--from/--to), their timelines and findings, and the stretch of time drawn, within the caps
kept together here (`MOST_DAYS`, `FAR_DAYS`), with `Selection.note` saying what they leave
out. `Booklet` adds what the rest shows: a `Section` for each local date at each place
(every chosen traveller's agenda days there merged into one, each entry once), the
places' clocks over the booklet's dates, and each entry's findings. `render.svg` draws a
selection, `render.html` a booklet; neither computes what it draws.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone
from typing import TYPE_CHECKING

from tripplan.checks import check_trip
from tripplan.lang import _, ngettext
from tripplan.model import AnyEntry, Finding, Lodging, Place, Trip
from tripplan.text import visible
from tripplan.timeline import ClockChange, Day, Timeline, on_dates, timelines
from tripplan.timing import local_midnight, transitions

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

_PAD = timedelta(hours=2)  # before the first entry and after the last


# The longest stretch a picture draws: a year, as long as the longest entry the loader
# accepts (timing.MAX_DURATION), so one entry always fits whole, and still 33 pixels a day
# in the 12,000-pixel-wide picture. A picture's cost grows with its span (a tick a day, or
# four, on every row), not with its entries: two events 8,000 years apart drew for 10
# minutes into 1.3 GB, and one event typed into 2110 made the sample trip's picture 18 MB.
MOST_DAYS = 366
_MOST = timedelta(days=MOST_DAYS)
# An entry more days than this outside the trip's dates is taken for a slip of the keys
# (2110 for 2010): not drawn, so that it cannot squeeze the trip into a corner, and named.
FAR_DAYS = 60
_NAMED = 3  # the entries left out that the note names; the rest are counted


@dataclass(frozen=True, slots=True)
class Selection:
    """The travellers and entries a picture shows (--who, --day, --from/--to), and the
    stretch of time it draws (`start`..`end`): all of them, unless they span more than
    MOST_DAYS or some are far outside the trip's dates (`left_out`, `note`)."""

    trip: Trip
    who: str | None
    lines: dict[str, Timeline]
    entries: dict[str, list[AnyEntry]]  # each traveller's entries on the chosen dates
    findings: list[Finding]
    first: date | None
    last: date | None
    start: datetime  # the picture's window: UTC, in whole hours
    end: datetime
    span: tuple[datetime, datetime] | None  # what is drawn of the entries (None: none)
    left_out: list[AnyEntry]  # chosen, but wholly outside the window (in time order)
    lodging: list[Lodging]  # the travellers' lodging on the chosen dates, by check-in

    @classmethod
    def of(
        cls, trip: Trip, who: str | None, first: date | None = None, last: date | None = None
    ) -> Selection:
        from tripplan.options import check_who

        check_who(trip, who)
        lines = timelines(trip, who)
        entries = {
            name: [e for e in line.entries if on_dates(e, first, last)]
            for name, line in lines.items()
        }
        shown = {e.id: e for chosen in entries.values() for e in chosen}
        # and their lodging on those dates: the findings about it are the booklet's too
        stays = {
            e.id: e for line in lines.values() for e in line.lodging if on_dates(e, first, last)
        }
        lodging = sorted(stays.values(), key=lambda stay: (stay.start, stay.index))
        findings = [
            f for f in check_trip(trip) if any(e.id in shown or e.id in stays for e in f.entries)
        ]
        every = sorted(shown.values(), key=lambda e: e.begins)
        span = _span(trip, _drawn(trip, every), first, last)
        start, end = window(span)
        left_out = [e for e in every if not meets(e, start, end)]
        return cls(
            trip, who, lines, entries, findings, first, last, start, end, span, left_out, lodging
        )

    def note(self) -> str | None:
        """What the picture leaves out, in one line (None: nothing): the dates it draws,
        then the entries outside them, the first few named (and those far outside the
        trip's dates said to be)."""
        if not self.left_out or self.span is None:
            return None
        zone = self.trip.home.zone if self.trip.home else UTC  # the picture's top axis
        low, high = (moment.astimezone(zone).date() for moment in self.span)
        count = len(self.left_out)
        named = [self._named(entry) for entry in self.left_out[:_NAMED]]
        if count > _NAMED:
            more = count - _NAMED
            named.append(ngettext("{n} more", "{n} more", more).format(n=f"{more:,}"))
        # the dates as --from and --to take them
        dates = str(low) if low == high else _("{first} to {last}").format(first=low, last=high)
        entries = ngettext("{n} entry", "{n} entries", count).format(n=f"{count:,}")
        return _("drawn {dates}; {entries} outside it not drawn: {named}").format(
            dates=dates, entries=entries, named=", ".join(named)
        )

    def _named(self, entry: AnyEntry) -> str:
        shown, first = repr(visible(entry.id)), entry.dates[0]
        if _far(self.trip, entry):
            return _("{id} on {date} (far outside the trip's dates)").format(id=shown, date=first)
        return _("{id} on {date}").format(id=shown, date=first)


def _drawn(trip: Trip, every: list[AnyEntry]) -> list[AnyEntry]:
    """The entries the window is made to hold: of those not far outside the trip's dates
    (all of them, if every one is), the first MOST_DAYS that hold at least half as many
    as the busiest MOST_DAYS do. A season is drawn from its first entry, and a stray one
    before a trip without dates is passed over. `every` is in time order."""
    near = [e for e in every if not _far(trip, e)] or every
    starts = [e.begins for e in near]
    ends, j = [], 0  # ends[i]: past the last entry that starts within MOST_DAYS of i's start
    for begins in starts:
        while j < len(starts) and starts[j] < begins + _MOST:
            j += 1
        ends.append(j)
    busiest = max((end - i for i, end in enumerate(ends)), default=0)
    first = next((i for i, end in enumerate(ends) if 2 * (end - i) >= busiest), 0)
    return near[first : ends[first]] if near else []


def _far(trip: Trip, entry: AnyEntry) -> bool:
    """Whether an entry is more than FAR_DAYS outside the trip's dates (local dates, as
    the checks read them)."""
    first, last = entry.dates
    before = trip.start is not None and (trip.start - last).days > FAR_DAYS
    return before or (trip.end is not None and (first - trip.end).days > FAR_DAYS)


def _span(
    trip: Trip, entries: list[AnyEntry], first: date | None, last: date | None
) -> tuple[datetime, datetime] | None:
    """The first instant and the last of `entries` (all-day events from their first
    local midnight to the one after their last date), at most MOST_DAYS long."""
    if not entries:
        return None
    low = min(e.begins for e in entries)
    high = min(max(e.ends for e in entries), low + _MOST)
    # Chosen dates bound the span (a congress of five days is on the chosen one):
    # from the first of them to the end of the last, on any of the trip's clocks.
    zones = {place.zone for place in trip.places.values()}
    if first is not None:
        low = max(low, min(local_midnight(first, zone) for zone in zones))
    if last is not None:
        end = last + timedelta(days=1)
        high = min(high, max(local_midnight(end, zone) for zone in zones))
    return low, high


def meets(entry: AnyEntry, start: datetime, end: datetime) -> bool:
    return entry.begins < end and entry.ends > start


def window(span: tuple[datetime, datetime] | None) -> tuple[datetime, datetime]:
    """The UTC hours the picture spans: the entries' span, padded, in whole hours."""
    if span is None:
        now = datetime(2000, 1, 1, tzinfo=UTC)
        return now, now + timedelta(hours=24)
    first, last = span
    start = (first - _PAD).replace(minute=0, second=0, microsecond=0)
    end = (last + _PAD).replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    return start, end


@dataclass(frozen=True, slots=True)
class Section:
    """One local date at one place, once: every chosen traveller's entries of it, each
    entry once (its own `who` says whose it is), the clock changes lived there that date
    and the findings that touch it."""

    date: date
    place: Place | None  # None under a --tz zone
    zone: ZoneInfo
    begins: datetime  # UTC: the earliest that any traveller's day here begins
    travellers: tuple[str, ...]  # who is here that date, in the trip's order
    repeat: bool  # someone's day here begins at a local time they have already lived
    entries: tuple[AnyEntry, ...]  # all-day ones first, then in time order
    changes: tuple[tuple[ClockChange, tuple[str, ...]], ...]  # each change, and whose
    findings: tuple[Finding, ...]
    nights: tuple[tuple[Lodging, tuple[str, ...]], ...] = ()  # where they sleep here, whose


@dataclass(frozen=True, slots=True)
class PlaceClock:
    """A place's clock over the booklet's dates: what it reads at the first instant, and
    each change of its UTC offset (the instant on the old clock, and on the new)."""

    place: Place
    first: datetime  # aware, in the place's zone
    changes: tuple[tuple[datetime, datetime], ...]


@dataclass(frozen=True, slots=True)
class Booklet:
    """What a booklet shows: its selection (the cover's facts and picture), the places
    and their clocks, a section for each local date at each place, and the findings."""

    selection: Selection
    sections: list[Section]
    clocks: list[PlaceClock]
    findings: dict[str, list[Finding]]  # each entry's findings, of the entries shown
    lodging: list[Lodging]  # the chosen travellers' lodging on the chosen dates, by check-in

    @property
    def trip(self) -> Trip:
        return self.selection.trip


def booklet(
    trip: Trip, who: str | None = None, first: date | None = None, last: date | None = None
) -> Booklet:
    """The booklet of `who`'s days (everyone's when None) from `first` to `last`."""
    return of_selection(Selection.of(trip, who, first, last))


def of_selection(selection: Selection) -> Booklet:
    """The booklet of a selection: its travellers' days on its dates, a section for each
    date and place, and the places' clocks over those dates."""
    from tripplan import views

    first, last = selection.first, selection.last
    agenda = views.agenda(selection.trip, views.Filters(who=selection.who))
    days = [
        day
        for day in agenda.days
        if (first is None or day.date >= first) and (last is None or day.date <= last)
    ]
    by_entry = _findings_by_entry(selection.findings)
    order = {name: n for n, name in enumerate(selection.lines)}
    sections = [
        _with_nights(_section(group, by_entry, order), group, by_entry)
        for group in _by_date_and_place(days)
    ]
    clocks = _clocks(selection, sections)
    return Booklet(selection, sections, clocks, by_entry, selection.lodging)


def _with_nights(section: Section, days: list[Day], by_entry: dict[str, list[Finding]]) -> Section:
    """The section with the lodging its travellers sleep in at its place the night of its
    date (each day's `night`: 03:00 the next morning, as the checks read a night; one
    elsewhere, after a leg out, is that place's), bookings of one title and address
    together, and those lodgings' findings."""
    if section.place is None:
        return section
    nights: dict[tuple[str, str | None], tuple[Lodging, list[str]]] = {}
    stays = {}
    for day in days:
        stay = day.night
        if stay is not None and stay.place.id == section.place.id:
            stays[stay.id] = stay
            # two bookings at one hotel (one per group) are one night there
            names = nights.setdefault((stay.title, stay.address), (stay, []))[1]
            if day.traveller not in names:
                names.append(day.traveller)
    if not nights:
        return section
    more = [f for stay in stays.values() for f in by_entry.get(stay.id, ())]
    return replace(
        section,
        nights=tuple((stay, tuple(names)) for stay, names in nights.values()),
        findings=tuple({id(f): f for f in (*section.findings, *more)}.values()),
    )


def _by_date_and_place(days: list[Day]) -> list[list[Day]]:
    """The days grouped by local date and place, in the order the first of each begins
    (the agenda's order)."""
    groups: dict[tuple[date, str], list[Day]] = {}
    for day in days:
        key = (day.date, day.place.id if day.place else day.zone.key)
        groups.setdefault(key, []).append(day)
    return list(groups.values())


def _section(days: list[Day], by_entry: dict[str, list[Finding]], order: dict[str, int]) -> Section:
    first = min(days, key=lambda day: day.begins)
    travellers = tuple(sorted({day.traveller for day in days}, key=lambda n: order.get(n, 0)))
    entries = {entry.id: entry for day in days for entry in day.entries}
    ordered = sorted(entries.values(), key=lambda e: (not e.all_day, e.begins, e.table, e.index))
    changes: dict[tuple[object, ...], tuple[ClockChange, list[str]]] = {}
    for day in days:
        for change in day.changes:
            leg = change.entry.id if change.entry else None
            key = (change.at, change.place.id, change.offset_before, change.offset_after, leg)
            changes.setdefault(key, (change, []))[1].append(day.traveller)
    here = set(travellers)
    touching = {
        id(f): f
        for entry in ordered
        for f in by_entry.get(entry.id, ())
        if not f.who or here.intersection(f.who)
    }
    return Section(
        date=first.date,
        place=first.place,
        zone=first.zone,
        begins=first.begins,
        travellers=travellers,
        repeat=any(day.repeat for day in days),
        entries=tuple(ordered),
        changes=tuple(
            (change, tuple(sorted(set(names), key=lambda n: order.get(n, 0))))
            for change, names in sorted(changes.values(), key=lambda c: c[0].at)
        ),
        findings=tuple(touching.values()),
    )


def _clocks(selection: Selection, sections: list[Section]) -> list[PlaceClock]:
    """The home place and each place of a section, with its clock's readings over the
    booklet's dates (those chosen, else the trip's, else its sections')."""
    trip = selection.trip
    dates = [section.date for section in sections]
    low = selection.first or trip.start or min(dates, default=None)
    high = selection.last or trip.end or max(dates, default=None)
    places = {section.place.id: section.place for section in sections if section.place}
    if trip.home is not None:
        places = {trip.home.id: trip.home, **places}
    if low is None or high is None:
        return []
    clocks = []
    for place in places.values():
        start = local_midnight(low, place.zone)
        end = local_midnight(high + timedelta(days=1), place.zone)
        changes = tuple(_change(at, place.zone) for at in transitions(place.zone, start, end))
        clocks.append(PlaceClock(place, start.astimezone(place.zone), changes))
    return clocks


def _change(at: datetime, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The instant a zone's offset changes, as its old clock read it (named as it was
    named: CEST) and as the new one reads it."""
    earlier = (at - timedelta(seconds=1)).astimezone(zone)
    offset, name = earlier.utcoffset() or timedelta(0), earlier.tzname()
    return at.astimezone(timezone(offset, name) if name else timezone(offset)), at.astimezone(zone)


def _findings_by_entry(findings: list[Finding]) -> dict[str, list[Finding]]:
    """Each entry's findings, so that a section finds its own without a look at the others."""
    by_entry: dict[str, list[Finding]] = {}
    for finding in findings:
        for entry in finding.entries:
            by_entry.setdefault(entry.id, []).append(finding)
    return by_entry
