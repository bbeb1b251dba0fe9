"""The timeline picture: a row per traveller across absolute time, as SVG.

x is UTC: one instant is one x in every row, so travellers' days line up whatever their
clocks say. Each row has its entries as bars coloured by place (a leg shades from where
it leaves to where it lands, an all-day event is a thin band over its local dates), and
under them the traveller's own clock: the local date at each local midnight, the hour
every six hours, and a line where the clock changes (a landing, or a daylight-time
change), so a date lived twice over the date line is seen twice. The home clock runs
along the top as a second axis, and each finding is a mark on the rows it concerns
(docs/pictures.md says what every mark means).

The layout (every x, y and label) is computed here (the rows' clocks in `render.svg_clock`,
the parts in `render.picture`); `templates/timeline.svg.j2` only draws it. The booklet
shows the same picture cut into strips a page wide (`strips`, at most `MOST_STRIPS`).
Both draw what a `tripplan.booklet.Selection` chose, within its caps (`MOST_DAYS`,
`FAR_DAYS`, named here too), and `Selection.note` says what they leave out.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from tripplan import words
from tripplan.booklet import FAR_DAYS, MOST_DAYS, Selection, meets
from tripplan.checks import TIGHT_GAP
from tripplan.lang import N_, _
from tripplan.model import AllDayEvent, AnyEntry, Finding, Place, Travel, Trip
from tripplan.render.picture import (
    FILLS,
    FONT,
    LINES,
    PRINTED,
    QUARTER,
    SEVERITY_COLOURS,
    STANDALONE,
    Bar,
    Gradient,
    Key,
    Mark,
    Panel,
    Picture,
    Row,
    Scale,
    Size,
    Swatch,
    clip,
    fit,
    label_width,
)
from tripplan.render.svg_clock import (
    bands,
    changes,
    clock_segments,
    drawn_clock,
    drawn_midnights,
    ticks,
)
from tripplan.render.svg_labels import Group, name_bars, notes, number_groups
from tripplan.timeline import Timeline

__all__ = [
    "FAR_DAYS",
    "MOST_DAYS",
    "MOST_STRIPS",
    "PAGE_WIDTH",
    "STRIP_DAYS",
    "Selection",
    "strips",
    "timeline_svg",
]

# Strips of the booklet's picture: about two pages of them (MOST_DAYS in 16 strips: 23
# days a strip).
MOST_STRIPS = 16
# The standalone picture is as wide as an A4 landscape page inside 10 mm margins (277 mm
# at 96 pixels an inch), and draws at most STRIP_DAYS in that width: a longer trip is
# drawn in strips, one under the other, each with its own home-clock axis.
PAGE_WIDTH = 1047.0
STRIP_DAYS = 14


# -- the picture -----------------------------------------------------------------------


def timeline_svg(selection: Selection) -> Iterator[str]:
    """The standalone picture (`tripplan timeline`): one SVG file, in pieces as they are
    made, PAGE_WIDTH wide, in as few strips of equal length as hold at most STRIP_DAYS
    each (a year: 27 strips)."""
    from tripplan.render.markup import render_pieces

    start, end = selection.start, selection.end
    plot = PAGE_WIDTH - STANDALONE.label_width - 2 * STANDALONE.margin
    hours = -(-(end - start).total_seconds() // 3600)
    count = max(1, int(-(-hours // (STRIP_DAYS * 24))))
    length = -(-hours // count)
    # in hundredths, as the file writes it (data-hour-width), so its readers' x are ours
    hour = int(plot / length * 100) / 100
    spans = [
        (start + timedelta(hours=n * length), min(start + timedelta(hours=(n + 1) * length), end))
        for n in range(count)
    ]
    picture = layout(selection, spans, hour, STANDALONE, PAGE_WIDTH)
    return render_pieces("timeline.svg.j2", {"p": picture, "standalone": True})


def strips(selection: Selection, width: float, least_hour: float = 5.0) -> Iterator[str]:
    """The picture for a page `width` pixels wide: cut into strips of equal length, each
    at least `least_hour` pixels an hour (at most MOST_STRIPS of them: a season of travel
    gets fewer pixels an hour, and its booklet's first page stays an overview), each an
    inline SVG element with the list of its numbered bars."""
    start, end = selection.start, selection.end
    plot = width - PRINTED.label_width - 2 * PRINTED.margin
    hours = (end - start).total_seconds() / 3600
    count = min(max(1, int(-(-hours * least_hour // plot))), MOST_STRIPS)
    length = timedelta(hours=-(-hours // count))
    hour = plot / (length.total_seconds() / 3600)
    spans = [
        (start + n * length, min(start + (n + 1) * length, end) if n < count - 1 else end)
        for n in range(count)
    ]
    # Which entries and findings each strip shows, found once for all of them.
    chosen, concerning = _by_strip(selection, spans), _concerning(selection)
    for n, span in enumerate(spans):  # each laid out as the booklet reaches it, then let go
        mine = {name: [strips[n]] for name, strips in chosen.items()}
        picture = layout(selection, [span], hour, PRINTED, width, (mine, concerning))
        yield render_picture(picture, standalone=False)


def render_picture(picture: Picture, *, standalone: bool) -> str:
    from tripplan.render.markup import render

    return render("timeline.svg.j2", {"p": picture, "standalone": standalone})


def layout(
    selection: Selection,
    spans: list[tuple[datetime, datetime]],
    hour: float,
    size: Size,
    width: float,
    found: _Found | None = None,
) -> Picture:
    """The picture of `selection` in a strip for each of `spans`, one under the other
    (`found`: each traveller's entries in each of the spans and the findings that concern
    them, when the caller has them already)."""
    trip = selection.trip
    colours = _place_colours(trip)
    gradients: dict[tuple[str, str], Gradient] = {}
    y = size.margin + size.font * 1.5 + size.font * 1.4  # title and subtitle
    panels: list[Panel] = []
    numbers = [1]  # the next number of the picture's list
    digits = len(str(sum(map(len, selection.entries.values())) or 1))
    chosen, concerning = found or (_by_strip(selection, spans), _concerning(selection))
    for index, (low, high) in enumerate(spans):
        scale = Scale(low, high, size.margin + size.label_width, hour)
        mine = {name: (strips[index], concerning[name]) for name, strips in chosen.items()}
        panel, y = _panel(
            selection, mine, index, scale, y, size, width, (colours, gradients), numbers, digits
        )
        panels.append(panel)
    legend_y = y + size.font
    legend = _legend(trip, colours, width, legend_y, size)
    key_y = (legend[-1].y if legend else legend_y) + size.font * 1.7
    height = key_y + size.font * 1.5 + size.margin
    edge = width - 2 * size.margin
    return Picture(
        title=fit(trip.title, edge, size.font * 1.25, bold=True),
        subtitle=fit(_subtitle(trip, selection.start, selection.end), edge, size.font),
        width=round(width, 2),
        height=round(height, 2),
        size=size,
        font_family=FONT,
        panels=panels,
        gradients=list(gradients.values()),
        legend=legend,
        legend_y=legend_y,
        key_y=key_y,
        key=_key(size),
        severity_colours=SEVERITY_COLOURS,
        empty=selection.span is None,
    )


# Each traveller's entries in each strip, and the findings that concern each (by name).
_Found = tuple[dict[str, list[list[AnyEntry]]], dict[str, list[tuple[datetime, Finding]]]]


def _by_strip(
    selection: Selection, spans: list[tuple[datetime, datetime]]
) -> dict[str, list[list[AnyEntry]]]:
    """Each traveller's entries in each strip they meet (in time order), found without
    asking every strip about every entry."""
    starts = [low for low, _high in spans]
    out: dict[str, list[list[AnyEntry]]] = {}
    for name, entries in selection.entries.items():
        strips: list[list[AnyEntry]] = [[] for _span in spans]
        for entry in entries:
            n = max(bisect_right(starts, entry.begins) - 1, 0)
            while n < len(spans) and spans[n][0] < entry.ends:
                if meets(entry, *spans[n]):
                    strips[n].append(entry)
                n += 1
        out[name] = strips
    return out


def _panel(
    selection: Selection,
    chosen: dict[str, tuple[list[AnyEntry], list[tuple[datetime, Finding]]]],
    index: int,
    scale: Scale,
    top: float,
    size: Size,
    width: float,
    paints: tuple[dict[str, int], dict[tuple[str, str], Gradient]],
    numbers: list[int],
    digits: int,
) -> tuple[Panel, float]:
    """One strip: its home-clock axis, a row per traveller and the list of the bars
    numbered in it; the y under it."""
    trip = selection.trip
    home = trip.home
    axis_zone = home.zone if home else ZoneInfo("UTC")
    axis_label = fit(
        words.home_clock(home.name) if home else "UTC", size.label_width - 6, size.font, bold=True
    )
    axis_ticks = ticks(scale, [(scale.start, scale.end + QUARTER, axis_zone)], size)
    y = top + size.axis
    rows, named, entries = [], [], {}
    for name, line in selection.lines.items():
        row, groups, mine = _row(
            selection, name, chosen[name], line, scale, y, size, paints, digits
        )
        named.append((row, groups))
        entries.update(mine)
        rows.append(row)
        y += row.height + size.gap
    first = numbers[0]
    keyed = number_groups(named, first)
    numbers[0] += len(keyed)
    said = [
        (number, _note(entries[entry]), entry)
        for number, ids in enumerate(keyed, start=first)
        for entry in ids
    ]
    listed, y = notes(said, size.margin, width - size.margin, y, size.font * 0.8)
    panel = Panel(index, scale, axis_label, axis_ticks, top, rows, listed)
    return panel, y + size.gap


def _legend(
    trip: Trip, colours: dict[str, int], width: float, top: float, size: Size
) -> list[Swatch]:
    """Each place's colour, as many a line as the picture's width holds."""
    step = size.font * 16
    per_line = max(1, int((width - 2 * size.margin) // step))
    room = step - size.font * 1.8
    return [
        Swatch(
            x=size.margin + (n % per_line) * step,
            y=top + (n // per_line) * size.font * 1.5,
            width=room,
            name=fit(place.name, room - size.font * 0.3, size.font * 0.85),
            fill=FILLS[colours[place.id]],
            line=LINES[colours[place.id]],
        )
        for n, place in enumerate(trip.places.values())
    ]


# The key's signs and words, where English puts them (in font sizes from the margin: the
# sign, its words), as the template draws them; longer words push the signs after them.
_KEY = (
    (0.0, 2.0, N_("travel leg")),
    (8.0, 8.5, N_("clock change")),
    (16.0, 17.3, N_("error")),
    (21.0, 22.3, N_("warning")),
    (27.0, 27.0, N_("x is absolute time: one instant is one x in every row")),
)


def _key(size: Size) -> list[Key]:
    """The key's words in the language speaking, each sign at least a font size right
    of the words before it (English's are: none is pushed)."""
    key: list[Key] = []
    ends = 0.0  # where the words before end
    for sign, at, message in _KEY:
        said = _(message)
        push = max(key[-1].push, ends + size.font - sign * size.font) if key else 0.0
        key.append(Key(said, push))
        ends = at * size.font + push + label_width(said, size.font * 0.8)
    return key


def _subtitle(trip: Trip, start: datetime, end: datetime) -> str:
    zone = trip.home.zone if trip.home else UTC
    first, last = start.astimezone(zone), end.astimezone(zone)
    clock = words.home_clock(trip.home.name) if trip.home else "UTC"
    return _("{first} to {last}, {clock}").format(
        first=words.day_time(first, year=True), last=words.day_time(last, year=True), clock=clock
    )


def _place_colours(trip: Trip) -> dict[str, int]:
    return {place_id: n % len(FILLS) for n, place_id in enumerate(trip.places)}


def _row(
    selection: Selection,
    name: str,
    chosen: tuple[list[AnyEntry], list[tuple[datetime, Finding]]],
    line: Timeline,
    scale: Scale,
    top: float,
    size: Size,
    paints: tuple[dict[str, int], dict[tuple[str, str], Gradient]],
    digits: int,
) -> tuple[Row, list[Group], dict[str, AnyEntry]]:
    """A traveller's row of a strip: the all-day events' lanes, then the others', the
    clock under them; every bar named (`svg_labels`): the groups of bars to be numbered
    returned, with the row's entries by id."""
    colours, gradients = paints
    entries, found = chosen
    all_day = [e for e in entries if e.all_day]
    timed = [e for e in entries if not e.all_day]
    y = top
    said = words.who([name])
    row = Row(name, fit(said, size.label_width - 6, size.font, bold=True), said, top, 0.0)
    lanes: list[list[Bar]] = []
    for kind, height, step in (
        (all_day, size.band, size.band + 2),
        (timed, size.lane - 3, size.lane),
    ):
        lane_of = _lanes(kind)
        count = max(lane_of, default=-1) + 1
        lanes.extend([] for _lane in range(count))
        for entry, lane in zip(kind, lane_of, strict=True):
            bar = _bar(entry, scale, y + lane * step, height, colours, gradients, size)
            row.bars.append(bar)
            lanes[len(lanes) - count + lane].append(bar)
        y += count * step
    y = max(y, top + size.lane)
    row.strip_y = y
    if line.timed:
        row.changes = changes(line, scale, size)
        blocked = [c.x for c in row.changes]
        row.bands = bands(line, scale, colours, size, blocked)
        row.ticks = ticks(scale, clock_segments(line, scale), size, blocked)
    row.marks = _marks(found, scale, top)
    by_id = {e.id: e for e in entries}
    titles = {e.id: words.title(e) for e in entries}
    groups = name_bars(row, lanes, titles, (scale.x0, scale.x1), digits)
    row.height = y + size.strip - top
    row.midnights = drawn_midnights(row.ticks, top, top + row.height)
    row.clock = drawn_clock(row.ticks, row.strip_y + size.font * 1.2, size.font)
    return row, groups, by_id


def _note(entry: AnyEntry) -> str:
    """A numbered bar in the list: when it starts on its local clock, and its title."""
    if isinstance(entry, AllDayEvent):
        first, last = entry.dates
        when = words.day(first, year=False)
        if last != first:
            when = _("{first} to {last}").format(first=when, last=words.day(last, year=False))
    else:
        when = words.day_time(entry.start.astimezone(entry.start_place.zone))
    return f"{when} {words.title(entry)}"


def _lanes(entries: Sequence[AnyEntry]) -> list[int]:
    """A lane for each entry, the first whose last bar has ended (entries in time order):
    overlapping entries are drawn one under the other."""
    ends: list[datetime] = []
    lanes = []
    for entry in entries:
        begins, finishes = entry.begins, max(entry.ends, entry.begins)
        lane = next((n for n, end in enumerate(ends) if end <= begins), len(ends))
        if lane == len(ends):
            ends.append(finishes)
        else:
            ends[lane] = finishes
        lanes.append(lane)
    return lanes


def _bar(
    entry: AnyEntry,
    scale: Scale,
    y: float,
    height: float,
    colours: dict[str, int],
    gradients: dict[tuple[str, str], Gradient],
    size: Size,
) -> Bar:
    start, end = entry.begins, entry.ends
    x, width = clip(scale, start, end)
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
        label="",
        label_x=2.0,
        font=round(font, 2),
        tooltip=_tooltip(entry),
        start_utc=words.utc(start),
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
    if isinstance(entry, AllDayEvent):
        first, last = entry.dates
        when = f"{words.day(first, year=True)} {' '.join(words.all_day(first, last))}"
    else:
        start = entry.start.astimezone(entry.start_place.zone)
        end = entry.end.astimezone(entry.end_place.zone)
        days = (end.date() - start.date()).days
        shown = " ".join(words.times(start, end, days, leg=isinstance(entry, Travel)))
        when = f"{words.day(start, year=True)} {shown}"
    return f"{words.title(entry)} · {when} · {words.place(entry)}"


def _concerning(selection: Selection) -> dict[str, list[tuple[datetime, Finding]]]:
    """The findings that concern each traveller (those naming them, or about an entry of
    theirs with no one named), each with where it is marked, in time order."""
    out = {}
    for name, entries in selection.entries.items():
        mine = {e.id for e in entries}
        found = [
            (finding_instant(finding), finding)
            for finding in selection.findings
            if (not finding.who or name in finding.who)
            and any(e.id in mine for e in finding.entries)
        ]
        out[name] = sorted(found, key=lambda pair: pair[0])
    return out


def _marks(found: list[tuple[datetime, Finding]], scale: Scale, top: float) -> list[Mark]:
    """The findings of a traveller within the strip, each where it happens."""
    first = bisect_left(found, scale.start, key=lambda pair: pair[0])
    last = bisect_right(found, scale.end, key=lambda pair: pair[0])
    marks = []
    for at, finding in found[first:last]:
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
        return finding.entries[0].ends
    return max(e.begins for e in finding.entries)
