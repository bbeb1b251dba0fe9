"""The clocks in a timeline picture: along each row, the traveller's own (a band per
stay, the date at each local midnight, the hour every six hours, a line where it changes);
along the top, the home clock (`ticks`)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tripplan import words
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


def ticks(scale: Scale, segments: Iterable[Segment], size: Size) -> list[Tick]:
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
    return spaced(ticks, size.font, scale.x1 + size.margin)


def spaced(ticks: Iterable[tuple[float, str, bool]], font: float, right: float) -> list[Tick]:
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


def clock_segments(line: Timeline, scale: Scale) -> list[Segment]:
    """Where the traveller's clock is each place's, within the picture: from each
    arrival to the next (in the air they keep the clock of the place they left)."""
    out = []
    stays = line.stays
    for n, stay in enumerate(stays):
        since = max(stay.since or scale.start, scale.start)
        until = (stays[n + 1].since if n + 1 < len(stays) else None) or scale.end
        until = min(until, scale.end + QUARTER)
        if since < until:
            out.append((since, until, stay.place.zone))
    return out


def bands(line: Timeline, scale: Scale, colours: dict[str, int], size: Size) -> list[Band]:
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
        x, width = clip(scale, max(since, scale.start), min(until, scale.end))
        label = fit(stay.place.name, width - 4, size.font * 0.8)
        bands.append(Band(x, width, FILLS[colours[stay.place.id]], label))
    return bands


def changes(line: Timeline, scale: Scale, size: Size) -> list[Change]:
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
    shown = spaced(((x, label, True) for x, label, _ in marks), size.font * 0.85, right)
    return [
        Change(tick.x, tick.label, tooltip, tick.shown, tick.anchor)
        for tick, (_, _, tooltip) in zip(shown, marks, strict=True)
    ]
