"""The clocks in a timeline picture: along each row, the traveller's own (a band per
stay, the date at each local midnight, the hour every six hours, a line where it changes);
along the top, the home clock (`ticks`)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from tripplan import words
from tripplan.lang import _
from tripplan.render.picture import (
    FILLS,
    QUARTER,
    Band,
    Change,
    Scale,
    Size,
    Tick,
    clip,
    fit,
    label_width,
)
from tripplan.timeline import Timeline
from tripplan.timing import resolve_local

Segment = tuple[datetime, datetime, ZoneInfo]  # from, until: the clock kept


def ticks(
    scale: Scale, segments: Iterable[Segment], size: Size, blocked: Sequence[float] = ()
) -> list[Tick]:
    """Each local midnight (the date) and, where there is room, each sixth hour (the hour)
    of a clock that may change along the way (`segments`), and the date where the
    picture begins, with the labels that have room shown (none across a `blocked` x: the
    lines of the clock changes)."""
    hours = (0, 6, 12, 18) if scale.hour * 6 >= size.font * 2 else (0,)
    ticks = []
    for since, until, zone in segments:
        if since == scale.start:
            first = since.astimezone(zone)
            if (first.hour, first.minute) != (0, 0):
                ticks.append((scale.x0, words.day(first, year=False), True, str(first.day), 1))
        day = since.astimezone(zone).date()
        while day <= until.astimezone(zone).date():
            for hour in hours:
                wall = datetime(day.year, day.month, day.day, hour)
                at = resolve_local(wall, zone).instant
                if not since <= at < until or (hour and at.astimezone(zone).hour != hour):
                    continue  # outside the segment, or an hour the clock skipped
                label = words.day(day, year=False) if hour == 0 else words.hour_mark(wall)
                short = str(day.day) if hour == 0 else ""
                ticks.append((scale.x(at), label, hour == 0, short, 0 if hour == 0 else 2))
            day += timedelta(days=1)
    ticks.sort()
    return spaced(ticks, (size.font * 0.9, size.font * 0.75), scale.x1, blocked)


def spaced(
    ticks: Iterable[tuple[float, str, bool, str, int]],
    fonts: tuple[float, float],
    right: float,
    blocked: Sequence[float] = (),
    bold: bool = True,
) -> list[Tick]:
    """Dates first (in `fonts[0]`, bold), the date where the picture begins next, then
    hours (`fonts[1]`), as each tick's rank says: a label is shown where
    it does not run into one shown before it nor across a `blocked` x (a line drawn
    through it), else its short form (a date's day of the month) where that does; one
    that would pass the `right` edge is written to the left of its tick."""
    ticks = list(ticks)
    lines = sorted(blocked)
    taken: list[tuple[float, float]] = []  # the shown labels' spans: apart, so in order
    shown: dict[int, tuple[str, str]] = {}  # the label and anchor of each shown
    for rank in (0, 1, 2):
        for n, (x, label, major, short, its_rank) in enumerate(ticks):
            if its_rank != rank:
                continue
            for said in (label, short) if short else (label,):
                wide = label_width(said, fonts[0] if major else fonts[1], bold=bold and major)
                span, anchor = (x + 1, x + 3 + wide), "start"
                if span[1] > right:
                    span, anchor = (x - 3 - wide, x - 1), "end"
                i = bisect_left(taken, span)
                # the text's box is a pixel inside its span; a line 1.2 wide, a pixel clear
                crossed = bisect_right(lines, span[0]) < bisect_left(lines, span[1])
                if (
                    not crossed
                    and (i == 0 or taken[i - 1][1] + 3 < span[0])
                    and (i == len(taken) or span[1] + 3 < taken[i][0])
                ):
                    taken.insert(i, span)
                    shown[n] = (said, anchor)
                    break
    out = []
    for n, (x, label, major, _short, _rank) in enumerate(ticks):
        said, anchor = shown.get(n, (label, "start"))
        out.append(Tick(round(x, 2), said, major, n in shown, anchor))
    return out


_DAWN = datetime.min.replace(tzinfo=UTC)


def _meeting(line: Timeline, scale: Scale) -> range:
    """The indexes of the stays within the picture's strip (each from its arrival to
    the next's), found by bisection: a season is many strips of many stays."""
    stays = line.stays
    first = bisect_right(stays, scale.start, key=lambda stay: stay.since or _DAWN) - 1
    last = bisect_left(stays, scale.end + QUARTER, key=lambda stay: stay.since or _DAWN)
    return range(max(first, 0), last)


def clock_segments(line: Timeline, scale: Scale) -> list[Segment]:
    """Where the traveller's clock is each place's, within the picture: from each
    arrival to the next (in the air they keep the clock of the place they left)."""
    out = []
    stays = line.stays
    for n in _meeting(line, scale):
        stay = stays[n]
        since = max(stay.since or scale.start, scale.start)
        until = (stays[n + 1].since if n + 1 < len(stays) else None) or scale.end
        until = min(until, scale.end + QUARTER)
        if since < until:
            out.append((since, until, stay.place.zone))
    return out


def bands(
    line: Timeline, scale: Scale, colours: dict[str, int], size: Size, blocked: Sequence[float]
) -> list[Band]:
    """The traveller's clock along the row: a band per stay, from the arrival that began
    it (their clock changes there) to the next arrival, named as far as the first line
    through it (`blocked`: a daylight-time change mid-stay)."""
    bands = []
    stays = line.stays
    for n in _meeting(line, scale):
        stay = stays[n]
        since = stay.since or scale.start
        until = stays[n + 1].since if n + 1 < len(stays) else None
        until = until or scale.end
        if until <= scale.start or since >= scale.end:
            continue
        x, width = clip(scale, max(since, scale.start), min(until, scale.end))
        room = min([b for b in blocked if b > x + 1] + [x + width]) - x
        label = fit(stay.place.name, room - 4, size.font * 0.8)
        bands.append(Band(x, width, FILLS[colours[stay.place.id]], label))
    return bands


def changes(line: Timeline, scale: Scale, size: Size) -> list[Change]:
    marks = []
    every = line.changes
    first = bisect_left(every, scale.start, key=lambda change: change.at)
    last = bisect_right(every, scale.end, key=lambda change: change.at)
    for change in every[first:last]:
        label = change_label(change.before, change.after, change.offset_before, change.offset_after)
        reason = words.change_reason(
            change.cause, change.place.name, change.offset_before, change.offset_after
        )
        tooltip = f"{reason}: {words.clock_change(change.before, change.after)}"
        # where the whole has no room (the next change's line runs through it), the jump
        # and the new time alone: -17h 09:10
        short = (
            f"{words.shift(change.offset_before, change.offset_after)} {words.wall(change.after)}"
        )
        marks.append((scale.x(change.at), label, tooltip, short))
    font = size.font * 0.8
    lines = [x for x, _label, _tooltip, _short in marks]
    shown = spaced(
        ((x, label, True, short, 0) for x, label, _tooltip, short in marks),
        (font, font),
        scale.x1,
        lines,
        False,
    )
    return [
        Change(tick.x, tick.label, tooltip, tick.shown, tick.anchor)
        for tick, (_x, _label, tooltip, _short) in zip(shown, marks, strict=True)
    ]


def change_label(
    before: datetime, after: datetime, offset_before: timedelta, offset_after: timedelta
) -> str:
    """What a clock change's line says: the jump and the new local date and time, that
    date said to come again where the clock went back past midnight (-17h Tue 16 Nov
    09:10 again: the row's last date was Wed 17 Nov), so that no date reads as if the
    row ran backwards."""
    shift = words.shift(offset_before, offset_after)
    if after.date() < before.date():
        return _("{shift} {when} again").format(shift=shift, when=words.day_time(after))
    return f"{shift} {words.day_time(after)}"


def _n(value: float) -> str:
    """A position as the template writes one (render.markup: to a hundredth)."""
    return str(round(value, 2))


def drawn_midnights(ticks: Iterable[Tick], top: float, bottom: float) -> str:
    """The grey line through a row at each local midnight, as SVG (made here in one
    piece, not element by element in the template: a season has thousands)."""
    low, high = _n(top), _n(bottom)
    return "".join(
        f'<line class="midnight" x1="{t.x}" x2="{t.x}" y1="{low}" y2="{high}"'
        ' stroke="#c8c8c8" stroke-width="0.6"/>\n'
        for t in ticks
        if t.major
    )


def drawn_clock(ticks: Iterable[Tick], top: float, font: float) -> str:
    """A row's clock ticks and their labels (the dates and hours, escaped), as SVG from
    the top of the ticks (`top`: under the band of the stays)."""
    from markupsafe import escape

    base, text_y = _n(top), _n(top + font * 0.95)
    ends = {True: _n(top + font), False: _n(top + 4)}
    sizes = {True: _n(font * 0.85), False: _n(font * 0.75)}
    out = []
    for t in ticks:
        width = "1" if t.major else "0.6"
        out.append(
            f'<line x1="{t.x}" x2="{t.x}" y1="{base}" y2="{ends[t.major]}"'
            f' stroke="#333333" stroke-width="{width}"/>\n'
        )
        if t.shown:
            x = _n(t.x + (2 if t.anchor == "start" else -2))
            bold = ' font-weight="bold"' if t.major else ""
            out.append(
                f'<text x="{x}" text-anchor="{t.anchor}" y="{text_y}"'
                f' font-size="{sizes[t.major]}"{bold}>{escape(t.label)}</text>\n'
            )
    return "".join(out)
