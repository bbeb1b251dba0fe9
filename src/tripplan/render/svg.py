"""The timeline picture: a row per traveller across absolute time, as SVG.

x is UTC: one instant is one x in every row, so travellers' days line up whatever their
clocks say. Each row has its entries as bars coloured by place (a leg shades from where
it leaves to where it lands, an all-day event is a thin band over its local dates), and
under them the traveller's own clock: the local date at each local midnight, the hour
every six hours, and a line where the clock changes (a landing, or a daylight-time
change), so a date lived twice over the date line is seen twice. The home clock runs
along the top as a second axis, and each finding is a mark on the rows it concerns
(docs/pictures.md says what every mark means).

The layout (every x, y and label) is computed here; `templates/timeline.svg.j2` only
draws it. The booklet shows the same picture cut into strips a page wide (`strips`).
Both draw what `Selection` chooses, within the caps kept together below (`MOST_DAYS`,
`FAR_DAYS`, `MOST_STRIPS`), and `Selection.note` says what they leave out.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from tripplan import words
from tripplan.checks import TIGHT_GAP, check_trip
from tripplan.model import AnyEntry, Event, Finding, Place, Travel, Trip
from tripplan.text import visible
from tripplan.timeline import Timeline, on_dates, timelines
from tripplan.timing import local_midnight, resolve_local

# Light fills with a darker outline of the same hue (Tableau 10): told apart in colour,
# and by their outlines when printed in grey.
FILLS = (
    "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5",
    "#c49c94", "#f7b6d2", "#c7c7c7", "#dbdb8d", "#9edae5",
)  # fmt: skip
LINES = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
)  # fmt: skip
SEVERITY_COLOURS = {"error": "#c0392b", "warning": "#d68910"}
FONT = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"

_QUARTER = timedelta(minutes=15)  # every zone's offset is a whole number of quarter hours
_PAD = timedelta(hours=2)  # before the first entry and after the last


@dataclass(frozen=True, slots=True)
class Size:
    """The picture's proportions (CSS pixels): the standalone picture, or a booklet strip."""

    font: float = 11.0
    label_width: float = 130.0  # the column of travellers' names
    lane: float = 22.0  # one lane of bars
    band: float = 10.0  # the lane of all-day events
    strip: float = 40.0  # the traveller's clock under their bars
    axis: float = 38.0  # the home clock along the top
    gap: float = 12.0  # between rows
    margin: float = 8.0


STANDALONE = Size()
PRINTED = Size(font=8.5, label_width=78.0, lane=17.0, band=8.0, strip=31.0, axis=30.0, gap=8.0)


@dataclass(frozen=True, slots=True)
class Scale:
    """UTC instants to x: `x0` is `start`, each hour `hour` pixels to the right."""

    start: datetime
    end: datetime
    x0: float
    hour: float

    def x(self, at: datetime) -> float:
        return self.x0 + (at - self.start).total_seconds() / 3600 * self.hour

    @property
    def x1(self) -> float:
        return self.x(self.end)


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str
    major: bool  # a local midnight (a date), else an hour
    shown: bool  # False: no room for its label beside its neighbours
    anchor: str = "start"  # the label's side of the tick: "end" at the right edge


@dataclass(frozen=True, slots=True)
class Band:
    """A stretch of a row's clock strip on one place's clock."""

    x: float
    width: float
    fill: str
    label: str


@dataclass(frozen=True, slots=True)
class Change:
    """A clock change: a line through the row, and what the clock now reads."""

    x: float
    label: str
    tooltip: str
    shown: bool
    anchor: str


@dataclass(frozen=True, slots=True)
class Bar:
    entry: str  # the entry's id
    kind: str  # event, travel or all-day
    x: float
    y: float
    width: float
    height: float
    fill: str
    stroke: str
    label: str  # as much of the title as fits
    tooltip: str  # the title, times and place in full
    start_utc: str  # where the bar starts, for readers of the file (ISO 8601)


@dataclass(frozen=True, slots=True)
class Mark:
    code: str
    severity: str
    x: float
    y: float
    colour: str
    tooltip: str


@dataclass(slots=True)
class Row:
    who: str  # the traveller's name as the file writes it ("" for a trip naming none)
    label: str
    y: float
    height: float
    bars: list[Bar] = field(default_factory=list)
    bands: list[Band] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    strip_y: float = 0.0


@dataclass(frozen=True, slots=True)
class Gradient:
    id: str
    start: str
    end: str


@dataclass(frozen=True, slots=True)
class Swatch:
    x: float
    y: float
    width: float  # for the name
    name: str
    fill: str
    line: str


@dataclass(frozen=True, slots=True)
class Picture:
    title: str
    subtitle: str
    width: float
    height: float
    size: Size
    font_family: str
    scale: Scale
    axis_label: str
    axis_ticks: list[Tick]
    axis_y: float
    rows: list[Row]
    gradients: list[Gradient]
    legend: list[Swatch]  # a place's colour
    legend_y: float
    key_y: float  # the line that says what the marks mean
    severity_colours: dict[str, str]
    empty: bool


# -- what is shown ------------------------------------------------------------------------


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
# Strips of the booklet's picture: about two pages of them (MOST_DAYS in 16 strips: 23
# days a strip).
MOST_STRIPS = 16


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
        left_out = [e for e in every if not _meets(e, start, end)]
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
            named.append(f"{count - _NAMED:,} more")
        dates = str(low) if low == high else f"{low} to {high}"
        entries = "1 entry" if count == 1 else f"{count:,} entries"
        return f"drawn {dates}; {entries} outside it not drawn: {', '.join(named)}"

    def _named(self, entry: AnyEntry) -> str:
        far = " (far outside the trip's dates)" if _far(self.trip, entry) else ""
        return f"{visible(entry.id)!r} on {entry.dates[0]}{far}"


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
    high = min(max(map(end_instant, entries)), low + _MOST)
    # Chosen dates bound the span (a congress of five days is on the chosen one):
    # from the first of them to the end of the last, on any of the trip's clocks.
    zones = {place.zone for place in trip.places.values()}
    if first is not None:
        low = max(low, min(local_midnight(first, zone) for zone in zones))
    if last is not None:
        end = last + timedelta(days=1)
        high = min(high, max(local_midnight(end, zone) for zone in zones))
    return low, high


def _meets(entry: AnyEntry, start: datetime, end: datetime) -> bool:
    return entry.begins < end and end_instant(entry) > start


def end_instant(entry: AnyEntry) -> datetime:
    """When an entry ends, in UTC; an all-day event at the midnight after its last date."""
    if isinstance(entry.end, datetime):
        return entry.end
    assert isinstance(entry, Event)
    return local_midnight(entry.end + timedelta(days=1), entry.place.zone)


def window(span: tuple[datetime, datetime] | None) -> tuple[datetime, datetime]:
    """The UTC hours the picture spans: the entries' span, padded, in whole hours."""
    if span is None:
        now = datetime(2000, 1, 1, tzinfo=UTC)
        return now, now + timedelta(hours=24)
    first, last = span
    start = (first - _PAD).replace(minute=0, second=0, microsecond=0)
    end = (last + _PAD).replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    return start, end


# -- the picture -----------------------------------------------------------------------


def timeline_svg(selection: Selection) -> Iterator[str]:
    """The standalone picture (`tripplan timeline`): one SVG file, in pieces as they are
    made, ten pixels an hour (fewer for a trip of more than seven weeks, so that it stays
    under 12,000 wide: at MOST_DAYS, 1.36 pixels an hour)."""
    from tripplan.render.markup import render_pieces

    start, end = selection.start, selection.end
    # in hundredths, as the file writes it (data-hour-width), so its readers' x are ours
    hour = min(1000, 1_200_000 // ((end - start).total_seconds() / 3600)) / 100
    picture = layout(selection, start, end, hour, STANDALONE)
    return render_pieces("timeline.svg.j2", {"p": picture, "standalone": True})


def strips(selection: Selection, width: float, least_hour: float = 5.0) -> Iterator[str]:
    """The picture for a page `width` pixels wide: cut into strips of equal length, each
    at least `least_hour` pixels an hour (at most MOST_STRIPS of them: a season of travel
    gets fewer pixels an hour, and its booklet's first page stays an overview), each an
    inline SVG element."""
    start, end = selection.start, selection.end
    plot = width - PRINTED.label_width - 2 * PRINTED.margin
    hours = (end - start).total_seconds() / 3600
    count = min(max(1, int(-(-hours * least_hour // plot))), MOST_STRIPS)
    length = timedelta(hours=-(-hours // count))
    for n in range(count):  # each laid out as the booklet reaches it, then let go
        low = start + n * length
        high = min(low + length, end) if n < count - 1 else end
        picture = layout(selection, low, high, plot / (length.total_seconds() / 3600), PRINTED)
        yield render_picture(picture, standalone=False)


def render_picture(picture: Picture, *, standalone: bool) -> str:
    from tripplan.render.markup import render

    return render("timeline.svg.j2", {"p": picture, "standalone": standalone})


def layout(
    selection: Selection, start: datetime, end: datetime, hour: float, size: Size
) -> Picture:
    trip = selection.trip
    scale = Scale(start, end, size.margin + size.label_width, hour)
    colours = _place_colours(trip)
    gradients: dict[tuple[str, str], Gradient] = {}
    y = size.margin + size.font * 1.5 + size.font * 1.4  # title and subtitle
    axis_y = y
    home = trip.home
    axis_zone = home.zone if home else ZoneInfo("UTC")
    axis_label = words.home_clock(home.name) if home else "UTC"
    axis_ticks = _ticks(scale, [(start, end + _QUARTER, axis_zone)], size)
    y += size.axis
    rows = []
    for name, line in selection.lines.items():
        row = _row(selection, name, line, scale, y, size, colours, gradients)
        rows.append(row)
        y += row.height + size.gap
    legend_y = y + size.font
    legend = _legend(trip, colours, scale, legend_y, size)
    key_y = (legend[-1].y if legend else legend_y) + size.font * 1.7
    height = key_y + size.font * 1.5 + size.margin
    return Picture(
        title=trip.title,
        subtitle=_subtitle(trip, start, end),
        width=round(scale.x1 + size.margin, 2),
        height=round(height, 2),
        size=size,
        font_family=FONT,
        scale=scale,
        axis_label=axis_label,
        axis_ticks=axis_ticks,
        axis_y=axis_y,
        rows=rows,
        gradients=list(gradients.values()),
        legend=legend,
        legend_y=legend_y,
        key_y=key_y,
        severity_colours=SEVERITY_COLOURS,
        empty=selection.span is None,
    )


def _legend(
    trip: Trip, colours: dict[str, int], scale: Scale, top: float, size: Size
) -> list[Swatch]:
    """Each place's colour, as many a line as the picture's width holds."""
    step = size.font * 16
    per_line = max(1, int((scale.x1 - size.margin) // step))
    return [
        Swatch(
            x=size.margin + (n % per_line) * step,
            y=top + (n // per_line) * size.font * 1.5,
            width=step - size.font * 1.8,
            name=place.name,
            fill=FILLS[colours[place.id]],
            line=LINES[colours[place.id]],
        )
        for n, place in enumerate(trip.places.values())
    ]


def _subtitle(trip: Trip, start: datetime, end: datetime) -> str:
    zone = trip.home.zone if trip.home else UTC
    first, last = start.astimezone(zone), end.astimezone(zone)
    clock = words.home_clock(trip.home.name) if trip.home else "UTC"
    return f"{words.day_time(first, year=True)} to {words.day_time(last, year=True)}, {clock}"


def _place_colours(trip: Trip) -> dict[str, int]:
    return {place_id: n % len(FILLS) for n, place_id in enumerate(trip.places)}


def _row(
    selection: Selection,
    name: str,
    line: Timeline,
    scale: Scale,
    top: float,
    size: Size,
    colours: dict[str, int],
    gradients: dict[tuple[str, str], Gradient],
) -> Row:
    entries = selection.entries[name]
    all_day = [e for e in entries if e.all_day and _meets(e, scale.start, scale.end)]
    timed = [e for e in entries if not e.all_day and _meets(e, scale.start, scale.end)]
    y = top
    row = Row(name, words.who([name]), top, 0.0)
    if all_day:
        for entry in all_day:
            row.bars.append(_bar(entry, scale, y, size.band, colours, gradients, size))
        y += size.band + 2
    lanes = _lanes(timed)
    for entry, lane in zip(timed, lanes, strict=True):
        bar_y = y + lane * size.lane
        row.bars.append(_bar(entry, scale, bar_y, size.lane - 3, colours, gradients, size))
    y += max(lanes, default=0) * size.lane + size.lane
    row.strip_y = y
    if line.timed:
        row.bands = _bands(line, scale, colours, size)
        row.ticks = _ticks(scale, _clock_segments(line, scale), size)
        row.changes = _changes(line, scale, size)
    row.marks = _marks(selection, name, scale, top, size)
    row.height = y + size.strip - top
    return row


def _lanes(entries: Sequence[AnyEntry]) -> list[int]:
    """A lane for each entry, the first whose last bar has ended (entries in time order):
    overlapping entries are drawn one under the other."""
    ends: list[datetime] = []
    lanes = []
    for entry in entries:
        begins, finishes = entry.begins, max(end_instant(entry), entry.begins)
        lane = next((n for n, end in enumerate(ends) if end <= begins), len(ends))
        if lane == len(ends):
            ends.append(finishes)
        else:
            ends[lane] = finishes
        lanes.append(lane)
    return lanes


def _clip(scale: Scale, start: datetime, end: datetime) -> tuple[float, float]:
    """An interval's x and width within the strip (at least a hairline wide)."""
    x0 = max(scale.x(start), scale.x0)
    x1 = min(max(scale.x(end), scale.x(start)), scale.x1)
    return round(x0, 2), round(max(x1 - x0, 1.5), 2)


def _bar(
    entry: AnyEntry,
    scale: Scale,
    y: float,
    height: float,
    colours: dict[str, int],
    gradients: dict[tuple[str, str], Gradient],
    size: Size,
) -> Bar:
    start, end = entry.begins, end_instant(entry)
    x, width = _clip(scale, start, end)
    if isinstance(entry, Travel):
        kind = "travel"
        fill = _leg_fill(entry.origin, entry.destination, colours, gradients)
        stroke = "#444444"
    else:
        kind = "all-day" if entry.all_day else "event"
        fill = FILLS[colours[entry.place.id]]
        stroke = LINES[colours[entry.place.id]]
    font = size.font * (0.8 if entry.all_day else 0.9)
    return Bar(
        entry=entry.id,
        kind=kind,
        x=x,
        y=round(y, 2),
        width=width,
        height=height,
        fill=fill,
        stroke=stroke,
        label=fit(words.title(entry), width - 4, font),
        tooltip=_tooltip(entry),
        start_utc=start.strftime("%Y-%m-%dT%H:%M:%SZ"),
    )


def _leg_fill(
    origin: Place,
    destination: Place,
    colours: dict[str, int],
    gradients: dict[tuple[str, str], Gradient],
) -> str:
    one, other = FILLS[colours[origin.id]], FILLS[colours[destination.id]]
    if one == other:
        return one
    key = (origin.id, destination.id)
    if key not in gradients:
        # Named by the colours' positions: the same name means the same shading in every
        # strip of the booklet, which holds them all in one document.
        name = f"tripplan-leg-{colours[origin.id]}-{colours[destination.id]}"
        gradients[key] = Gradient(name, one, other)
    return f"url(#{gradients[key].id})"


def _tooltip(entry: AnyEntry) -> str:
    """The entry in full where the bar has no room: title, local times, place."""
    if isinstance(entry.start, datetime) and isinstance(entry.end, datetime):
        start = entry.start.astimezone(entry.start_place.zone)
        end = entry.end.astimezone(entry.end_place.zone)
        days = (end.date() - start.date()).days
        shown = " ".join(words.times(start, end, days, leg=entry.type == "travel"))
        when = f"{words.day(start, year=True)} {shown}"
    else:
        assert isinstance(entry.start, date) and isinstance(entry.end, date)
        when = (
            f"{words.day(entry.start, year=True)} {' '.join(words.all_day(entry.start, entry.end))}"
        )
    return f"{words.title(entry)} · {when} · {words.place(entry)}"


def fit(text: str, width: float, font: float) -> str:
    """As much of `text` as fits `width` pixels (a generous estimate of its glyphs'
    widths: wide characters count double), with … where it was cut."""
    room = width / (font * 0.62)
    if room < 2:
        return ""
    used = 0.0
    for n, ch in enumerate(text):
        used += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used > room:
            return text[: max(n - 1, 0)] + "…" if n > 1 else ""
    return text


Segment = tuple[datetime, datetime, ZoneInfo]  # from, until: the clock kept


def _ticks(scale: Scale, segments: Iterable[Segment], size: Size) -> list[Tick]:
    """Each local midnight (the date) and, where there is room, each sixth hour (the hour)
    of a clock that may change along the way (`segments`), and the date where the
    picture begins, with the labels that have room shown."""
    hours = (0, 6, 12, 18) if scale.hour * 6 >= size.font * 2 else (0,)
    ticks = []
    for since, until, zone in segments:
        if since == scale.start:
            first = since.astimezone(zone)
            if (first.hour, first.minute) != (0, 0):
                ticks.append((scale.x0, words.day(first, year=False), True))
        day = since.astimezone(zone).date()
        while day <= until.astimezone(zone).date():
            for hour in hours:
                wall = datetime(day.year, day.month, day.day, hour)
                at = resolve_local(wall, zone).instant
                if not since <= at < until or (hour and at.astimezone(zone).hour != hour):
                    continue  # outside the segment, or an hour the clock skipped
                label = words.day(day, year=False) if hour == 0 else words.hour_mark(wall)
                ticks.append((scale.x(at), label, hour == 0))
            day += timedelta(days=1)
    ticks.sort()
    return _spaced(ticks, size.font, scale.x1 + size.margin)


def _spaced(ticks: Iterable[tuple[float, str, bool]], font: float, right: float) -> list[Tick]:
    """Dates first, then hours: a label is shown where it does not run into one shown
    before it; one that would pass the `right` edge is written to the left of its tick."""
    ticks = list(ticks)
    taken: list[tuple[float, float]] = []  # the shown labels' spans: apart, so in order
    shown = set()
    anchors = {}
    for major in (True, False):
        for n, (x, label, is_major) in enumerate(ticks):
            if is_major != major:
                continue
            wide = label_width(label, font)
            span, anchor = (x + 1, x + 3 + wide), "start"
            if span[1] > right:
                span, anchor = (x - 3 - wide, x - 1), "end"
            i = bisect_left(taken, span)
            if (i == 0 or taken[i - 1][1] + 3 < span[0]) and (
                i == len(taken) or span[1] + 3 < taken[i][0]
            ):
                taken.insert(i, span)
                shown.add(n)
                anchors[n] = anchor
    return [
        Tick(round(x, 2), label, major, n in shown, anchors.get(n, "start"))
        for n, (x, label, major) in enumerate(ticks)
    ]


def _clock_segments(line: Timeline, scale: Scale) -> list[Segment]:
    """Where the traveller's clock is each place's, within the picture: from each
    arrival to the next (in the air they keep the clock of the place they left)."""
    out = []
    stays = line.stays
    for n, stay in enumerate(stays):
        since = max(stay.since or scale.start, scale.start)
        until = (stays[n + 1].since if n + 1 < len(stays) else None) or scale.end
        until = min(until, scale.end + _QUARTER)
        if since < until:
            out.append((since, until, stay.place.zone))
    return out


def label_width(text: str, font: float) -> float:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text) * font * 0.62


def _bands(line: Timeline, scale: Scale, colours: dict[str, int], size: Size) -> list[Band]:
    """The traveller's clock along the row: a band per stay, from the arrival that began
    it (their clock changes there) to the next arrival."""
    bands = []
    stays = line.stays
    for n, stay in enumerate(stays):
        since = stay.since or scale.start
        until = stays[n + 1].since if n + 1 < len(stays) else None
        until = until or scale.end
        if until <= scale.start or since >= scale.end:
            continue
        x, width = _clip(scale, max(since, scale.start), min(until, scale.end))
        label = fit(stay.place.name, width - 4, size.font * 0.8)
        bands.append(Band(x, width, FILLS[colours[stay.place.id]], label))
    return bands


def _changes(line: Timeline, scale: Scale, size: Size) -> list[Change]:
    marks = []
    for change in line.changes:
        if not scale.start <= change.at <= scale.end:
            continue
        shift = words.shift(change.offset_before, change.offset_after)
        label = f"{shift} {words.day_time(change.after)}"
        reason = words.change_reason(
            change.cause, change.place.name, change.offset_before, change.offset_after
        )
        tooltip = f"{reason}: {words.clock_change(change.before, change.after)}"
        marks.append((scale.x(change.at), label, tooltip))
    right = scale.x1 + size.margin
    shown = _spaced(((x, label, True) for x, label, _ in marks), size.font * 0.85, right)
    return [
        Change(tick.x, tick.label, tooltip, tick.shown, tick.anchor)
        for tick, (_, _, tooltip) in zip(shown, marks, strict=True)
    ]


def _marks(selection: Selection, name: str, scale: Scale, top: float, size: Size) -> list[Mark]:
    """The findings that concern this traveller, each where it happens."""
    mine = {e.id for e in selection.entries[name]}
    marks = []
    for finding in selection.findings:
        if finding.who and name not in finding.who:
            continue
        if not any(e.id in mine for e in finding.entries):
            continue
        at = finding_instant(finding)
        if not scale.start <= at <= scale.end:
            continue
        tooltip = words.finding(finding.severity, finding.code, finding.message)
        colour = SEVERITY_COLOURS[finding.severity]
        marks.append(
            Mark(finding.code, finding.severity, round(scale.x(at), 2), top, colour, tooltip)
        )
    return marks


def finding_instant(finding: Finding) -> datetime:
    """Where a finding is marked: where a tight gap begins, else where its last entry
    starts (where an overlap begins)."""
    if finding.code == TIGHT_GAP:
        return end_instant(finding.entries[0])
    return max(e.begins for e in finding.entries)
