"""Nights: where each traveller sleeps, and what the lodging checks find of it.

A night is read at 03:00 local (shared/spec/trip-format.md, 1.1): the night of a date is
the one whose 03:00 falls on the next date, so a check-in on 16 Nov at 15:00 and a
check-out on 17 Nov at 07:00 cover the night of 16 Nov. Where the traveller is at that
instant comes from their timeline (travel legs and events; lodging puts nobody anywhere).

- `no-lodging`: a night away from home, not in transit, covered by no lodging of theirs.
- `wrong-place`: a lodging whose place is not where its traveller is at 03:00 of a night
  it covers (in transit that night is no contradiction).

Home is `trip.home`; a trip that names none has its travellers at home where each starts,
before their first leg (the place their first leg leaves). Nights are counted from a
traveller's first timed entry to their last, within the trip's dates when it has them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import NamedTuple

from tripplan.model import Lodging, Place, Trip
from tripplan.timeline import Stay, Timeline
from tripplan.timing import local_midnight, night_of

__all__ = ["Night", "nights_away", "wrong_places"]

_DAY = timedelta(days=1)


class Night(NamedTuple):
    """A night a traveller spends away from home: the date it begins on (local), where,
    the instant it is read at (03:00 of the next date, UTC), and the stay it is in."""

    date: date
    place: Place
    at: datetime
    stay: Stay


def _bounds(trip: Trip, line: Timeline) -> tuple[datetime, datetime] | None:
    if line.first is None or line.last is None:
        return None
    begin, end = line.first, line.last
    zone = trip.home.zone if trip.home else line.stays[0].place.zone
    if trip.start is not None:
        begin = max(begin, local_midnight(trip.start, zone))
    if trip.end is not None:
        end = min(end, local_midnight(trip.end + _DAY, zone))
    return (begin, end) if begin < end else None


def nights_away(trip: Trip, line: Timeline) -> Iterator[Night]:
    """The nights a traveller spends away from home, in order."""
    bounds = _bounds(trip, line)
    if bounds is None:
        return
    home = trip.home or line.stays[0].place
    for stay in line.stays:
        if stay.place == home:
            continue
        begin = max(bounds[0], stay.since or bounds[0])
        end = min(bounds[1], stay.until or bounds[1])
        if begin >= end:
            continue
        zone = stay.place.zone
        day = begin.astimezone(zone).date() - _DAY
        while (at := night_of(day, zone)) < end:
            if at >= begin:
                yield Night(day, stay.place, at, stay)
            day += _DAY


def wrong_places(line: Timeline) -> Iterator[tuple[Lodging, Night]]:
    """Each lodging of the traveller at a place they are not at, with the first night it
    covers where they are elsewhere."""
    for lodging in line.lodging:
        place = lodging.place
        day = lodging.start.astimezone(place.zone).date() - _DAY
        while (at := night_of(day, place.zone)) < lodging.end:
            there = line.place_at(at) if at >= lodging.start else place
            if there is not None and there != place:
                stay = line.stays[0]  # where they are is what the message says
                yield lodging, Night(day, there, at, stay)
                break
            day += _DAY
