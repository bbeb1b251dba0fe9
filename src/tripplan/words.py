"""How tripplan says things: a clock, an offset, a date, a place with its venue, a length of
time, a clock change. Every renderer (tables, headings, findings, ICS text) takes its words
from here, so one fact is written one way everywhere. No Rich here: plain strings."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from tripplan.model import AnyEntry, Place


def offset(delta: timedelta) -> str:
    """An offset as JSON and RFC 3339 write it: +09:00, -08:00, +05:45 (+HH:MM:SS where
    seconds exist, as in local mean time before 1900)."""
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")


def utc_offset(delta: timedelta) -> str:
    """An offset as people read it: UTC+09:00. Written with `UTC` so that it can never be
    read as a day shift (+1) or as a zone's numeric abbreviation (+08)."""
    return f"UTC{offset(delta)}"


def zone(moment: datetime) -> str:
    """The clock in force at a moment, without the time: PST UTC-08:00, or UTC+08:00."""
    return _zone(moment.tzname() or "", moment.utcoffset() or timedelta(0))


@lru_cache(maxsize=1024)  # a trip has a few clocks, said thousands of times
def _zone(name: str, delta: timedelta) -> str:
    letters = "" if name[:1] in "+-" or name[:1].isdigit() else name
    shown = utc_offset(delta)
    return f"{letters} {shown}" if letters else shown


def clock(moment: datetime) -> str:
    """A local time with its clock: 09:10 PST UTC-08:00."""
    return f"{wall(moment)} {zone(moment)}"


def wall(moment: datetime) -> str:
    """A wall-clock reading alone, without its zone: 09:10."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


# English names, whatever the machine's locale (strftime's %a and %b follow LC_TIME).
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day(moment: date, *, year: bool) -> str:
    """Tue 16 Nov, or Tue 16 Nov 2010 where a view spans years or is not this year's."""
    text = f"{_WEEKDAYS[moment.weekday()]} {moment.day:02d} {_MONTHS[moment.month - 1]}"
    return f"{text} {moment.year}" if year else text


def day_shift(days: int) -> str:
    """The day-shift marker after an end time: +1 (overnight), -1 (over the date line)."""
    return f"{days:+d}" if days else ""


def length(span: timedelta) -> str:
    """A length of time as the file writes durations: 1d2h30m, 45s."""
    total = int(abs(span).total_seconds())
    minutes = total // 60
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    text = (
        (f"{days}d" if days else "") + (f"{hours}h" if hours else "") + (f"{mins}m" if mins else "")
    )
    return text or f"{total}s"


def spoken_length(span: timedelta) -> str:
    """A length of time as people say it: 1 day, 23 hours 30 minutes (pendulum's words)."""
    import pendulum

    said = pendulum.duration(seconds=abs(span.total_seconds())).in_words(locale="en")
    return f"-{said}" if span < timedelta(0) else said


def iso_length(span: timedelta) -> str:
    """Elapsed time in ISO 8601 for JSON: PT1H30M, PT26H (hours, never nominal days),
    -PT2H for an entry that ends before it starts."""
    total = int(span.total_seconds())
    sign = "-" if total < 0 else ""
    hours, rest = divmod(abs(total), 3600)
    minutes, seconds = divmod(rest, 60)
    text = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    text += f"{seconds}S" if seconds or not text else ""
    return f"{sign}PT{text}"


def shift(before: timedelta, after: timedelta) -> str:
    """How far a clock moves: +2h, -17h, +30m."""
    delta = after - before
    return ("-" if delta < timedelta(0) else "+") + length(delta)


def place(entry: AnyEntry) -> str:
    """Where an entry is: its venue and place (Los Angeles City Hall, Los Angeles), or a
    leg's origin and destination (Seoul → Los Angeles)."""
    where = (
        route(entry.start_place, entry.end_place)
        if entry.type == "travel"
        else (entry.start_place.name)
    )
    return f"{entry.venue}, {where}" if entry.venue else where


def route(origin: Place, destination: Place) -> str:
    return f"{origin.name} → {destination.name}"


def title(entry: AnyEntry) -> str:
    """An entry's title, with a leg's mode: KE017 Seoul to Los Angeles (flight)."""
    mode = getattr(entry, "mode", None)
    return f"{entry.title} ({mode})" if mode else entry.title


def change_reason(cause: str, place_name: str, before: timedelta, after: timedelta) -> str:
    """Why and by how much a traveller's clock changed: clock -17h on landing in Los
    Angeles; clocks go back 1h in Auckland."""
    if cause == "travel":
        return f"clock {shift(before, after)} on landing in {place_name}"
    direction = "forward" if after > before else "back"
    return f"clocks go {direction} {length(after - before)} in {place_name}"


def clock_change(before: datetime, after: datetime) -> str:
    """The wall clock's jump at one instant, from the old clock to the new one:
    03:00 NZDT UTC+13:00 → 02:00 NZST UTC+12:00."""
    return f"{clock(before)} → {clock(after)}"


def day_time(moment: datetime, *, year: bool = False) -> str:
    """What a clock reads, date and time, without the zone: Wed 17 Nov 02:10 (the home
    clock beside an entry, whose own date carries the year where one is needed)."""
    return f"{day(moment, year=year)} {wall(moment)}"


def home_clock(home_name: str) -> str:
    """What the home clock is called where it stands beside local times: Seoul clock."""
    return f"{home_name} clock"


def home_reading(home_name: str, moment: datetime) -> str:
    """The home clock's reading at an instant, said as a reading and not as an
    appointment: Seoul clock then: Wed 17 Nov 08:00."""
    return f"{home_clock(home_name)} then: {day_time(moment)}"


def times(start: datetime, end: datetime, days: int, *, leg: bool) -> list[str]:
    """An entry's local times, a line each: 15:00–16:00 PST UTC-08:00 for an event on
    one clock; a leg's departure and arrival (`→ 09:10 PST UTC-08:00`, `+1` where it
    lands on a later date); an event whose clock changes within it, its start and end."""
    shift = day_shift(days)
    ends = wall(end) + (f" {shift}" if shift else "")
    if leg:
        return [clock(start), f"→ {ends} {zone(end)}"]
    if start.utcoffset() == end.utcoffset() and start.tzname() == end.tzname():
        return [f"{wall(start)}–{ends} {zone(start)}"]
    return [clock(start), f"– {ends} {zone(end)}"]


def all_day(first: date, last: date, *, year: bool = True) -> list[str]:
    """An all-day event's dates, a line each: all day; all day, to Sat 20 Nov 2010."""
    return ["all day"] if first == last else ["all day", f"to {day(last, year=year)}"]


def hour_mark(moment: datetime) -> str:
    """An hour on a time axis: 06, 18."""
    return f"{moment.hour:02d}"


def finding(severity: str, code: str, message: str) -> str:
    """A finding in a sentence: error overlap: "A" and "B" share 30m."""
    return f"{severity} {code}: {message}"


def who(names: Sequence[str]) -> str:
    """Travellers by name (mayor, delegation), or everyone for a trip that names none."""
    return ", ".join(n for n in names if n) or "everyone"
