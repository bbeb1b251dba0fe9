"""What the booklet and the timeline picture show, computed once, before anything is drawn.

`Selection` is what a picture shows: the travellers and entries chosen (--who, --day,
--from/--to), their timelines and findings, and the stretch of time drawn, within the caps
kept together here (`MOST_DAYS`, `FAR_DAYS`), with `Selection.note` saying what they leave
out. `Booklet` adds what the day pages show: the agenda's days on the chosen dates,
travellers whose day is the same sharing one, and each entry's findings. `render.svg`
draws a selection, `render.html` a booklet; neither computes what it draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from tripplan.checks import check_trip
from tripplan.lang import _, ngettext
from tripplan.model import AnyEntry, Finding, Trip
from tripplan.text import visible
from tripplan.timeline import Day, Timeline, on_dates, timelines
from tripplan.timing import local_midnight

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
        findings = [f for f in check_trip(trip) if any(e.id in shown for e in f.entries)]
        every = sorted(shown.values(), key=lambda e: e.begins)
        span = _span(trip, _drawn(trip, every), first, last)
        start, end = window(span)
        left_out = [e for e in every if not meets(e, start, end)]
        return cls(trip, who, lines, entries, findings, first, last, start, end, span, left_out)

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
class Booklet:
    """What a booklet shows: its selection (the first page's facts and picture), and a
    page for each traveller's day on the chosen dates, with the findings that touch it."""

    selection: Selection
    days: list[tuple[tuple[str, ...], Day]]  # travellers whose day is the same share one
    findings: dict[str, list[Finding]]  # each entry's findings, of the entries shown

    @property
    def trip(self) -> Trip:
        return self.selection.trip


def booklet(
    trip: Trip, who: str | None = None, first: date | None = None, last: date | None = None
) -> Booklet:
    """The booklet of `who`'s days (everyone's when None) from `first` to `last`."""
    return of_selection(Selection.of(trip, who, first, last))


def of_selection(selection: Selection) -> Booklet:
    """The booklet of a selection: its travellers, dates and findings."""
    from tripplan import views

    first, last = selection.first, selection.last
    agenda = views.agenda(selection.trip, views.Filters(who=selection.who))
    days = [
        (names, day)
        for names, day in agenda.shared()
        if (first is None or day.date >= first) and (last is None or day.date <= last)
    ]
    return Booklet(selection, days, _findings_by_entry(selection.findings))


def _findings_by_entry(findings: list[Finding]) -> dict[str, list[Finding]]:
    """Each entry's findings, so that a day finds its own without a look at the others."""
    by_entry: dict[str, list[Finding]] = {}
    for finding in findings:
        for entry in finding.entries:
            by_entry.setdefault(entry.id, []).append(finding)
    return by_entry
