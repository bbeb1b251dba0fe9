"""A zone's transitions as the tz database states them, read from the TZif file zoneinfo
reads: every change of offset, of abbreviation or of the daylight-time flag, however short
the episode between two, at its exact second.

zoneinfo answers "which offset at this instant" but lists no transitions, and a search over
its answers finds only the episodes longer than its stride (icalendar's `from_tzinfo`
strides 64 days and misses Fiji's 2020-21 summer time). A TZif file (RFC 8536) lists them:
a table of transitions, then a POSIX TZ string (the footer) for every instant after the
table. zic writes the table up to 2037 ("fat" files, Debian's) or only to where the zone's
current rule starts ("slim" files, the `tzdata` package's: New York's table ends in 2007),
so the footer matters for any trip after either.

The footer is read exactly as zoneinfo reads it (CPython's `_zoneinfo._TZStr`, and its C
twin), since the rest of tripplan computes instants with zoneinfo: whether an instant is in
daylight time is decided from the rule's two changes in the instant's UTC year, and days of
the year are counted as zoneinfo counts them, which differs from POSIX by a day for the
zero-based form `n` (a day earlier) and for `J59` in leap years (a day later). No zone of
the tz database uses either; `0/0,J365/25`, zic's way to write permanent daylight time, is
read so as daylight time all year, as POSIX means it. `tests/test_ics_zones.py` holds every
zone, fat and slim, to zdump's transitions and to zoneinfo's offsets.

No library exposes this: zoneinfo keeps its parse private, dateutil's `tzstr` misreads
hours past 24 (`M3.4.4/26`) and angle-bracket names (`<+01>-1`), and dateutil's `tzfile`
keeps its table private (and before version 4 read only the 32-bit part).
"""

from __future__ import annotations

import calendar
import re
import struct
import zoneinfo
from bisect import bisect_right
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_DAY = date(1970, 1, 1).toordinal()
_DAY = 86400
_YEAR = 366 * _DAY


class LocalTime(NamedTuple):
    """What a zone's clock says during one episode (RFC 8536's "local time type")."""

    offset: timedelta  # east of UTC
    is_dst: bool
    abbreviation: str


class Transition(NamedTuple):
    """The instant a zone's clock changes from `before` to `after`."""

    at: datetime  # aware, UTC
    before: LocalTime
    after: LocalTime

    @property
    def onset(self) -> datetime:
        """The change as a naive wall time in the offset before it: how RFC 5545 (3.6.5,
        3.8.3.3) reads an observance's DTSTART and RDATE. Chicago's 2010 spring change at
        08:00 UTC is 02:00, not the 03:00 the clocks then showed."""
        return (self.at + self.before.offset).replace(tzinfo=None)


class _Rule(NamedTuple):
    """One of the footer's two yearly changes: a day of the year and a local time."""

    kind: str  # "M" (month.week.weekday), "J" (1-365, no 29 February) or "" (0-365)
    numbers: tuple[int, ...]
    seconds: int  # local time of day; may be negative or past 24 h (RFC 8536)

    def local_seconds(self, year: int) -> int:
        """Seconds from 1970-01-01T00:00 to the change in `year`, on the local clock."""
        if self.kind == "M":
            month, week, weekday = self.numbers
            first, days = calendar.monthrange(year, month)  # Monday 0; POSIX: Sunday 0
            day = 1 + (weekday - (first + 1)) % 7 + 7 * (week - 1)
            if day > days:  # week 5: the last such weekday
                day -= 7
            ordinal = date(year, month, day).toordinal()
        else:  # zoneinfo's day numbers (see the module's docstring)
            (n,) = self.numbers
            if self.kind == "J" and n >= 59 and calendar.isleap(year):
                n += 1
            ordinal = date(year, 1, 1).toordinal() + n - 1
        return (ordinal - _EPOCH_DAY) * _DAY + self.seconds


class _Footer(NamedTuple):
    """A POSIX TZ string with daylight time: `std offset dst [offset],start[/time],end[/time]`."""

    std: LocalTime
    dst: LocalTime
    start: _Rule  # standard -> daylight, on the standard clock
    end: _Rule  # daylight -> standard, on the daylight clock

    def changes(self, year: int) -> tuple[int, int]:
        """The UTC seconds of the year's two changes, into and out of daylight time."""
        std, dst = int(self.std.offset.total_seconds()), int(self.dst.offset.total_seconds())
        return self.start.local_seconds(year) - std, self.end.local_seconds(year) - dst

    def local_time(self, seconds: int) -> LocalTime:
        year = (EPOCH + timedelta(seconds=seconds)).year
        start, end = self.changes(year)
        # start > end: the southern hemisphere's daylight time, across New Year
        in_dst = start <= seconds < end if start < end else not end <= seconds < start
        return self.dst if in_dst else self.std


class ZoneRules(NamedTuple):
    """One zone's TZif data: the table of transitions, then the footer."""

    times: tuple[int, ...]  # UTC seconds of the table's transitions, ascending
    types: tuple[LocalTime, ...]  # the local time each table transition starts
    first: LocalTime | None  # before the first transition (zoneinfo's choice)
    after: LocalTime | _Footer  # after the last transition

    def local_time(self, at: datetime) -> LocalTime:
        """What the clock says at an aware instant."""
        return self._local_time(_seconds(at))

    def last_change(self, at: datetime) -> Transition | None:
        """The latest transition at or before `at`: the one whose local time is in force
        then. None before the zone's first transition (its local mean time)."""
        seconds = _seconds(at)
        if isinstance(self.after, _Footer) and (not self.times or seconds > self.times[-1]):
            recent = self._changes(max(seconds - 2 * _YEAR, self._table_end()), seconds)
            if recent:  # a rule with daylight time changes at least once a year
                return recent[-1]
        index = bisect_right(self.times, seconds) - 1
        while index >= 0:
            change = self._table_change(index)
            if change is not None:
                return change
            index -= 1
        return None

    def transitions(self, start: datetime, end: datetime) -> list[Transition]:
        """Every transition in start < at <= end, in order."""
        return self._changes(_seconds(start), _seconds(end))

    def _changes(self, low: int, high: int) -> list[Transition]:
        found = []
        for index in range(bisect_right(self.times, low), bisect_right(self.times, high)):
            change = self._table_change(index)
            if change is not None:
                found.append(change)
        if isinstance(self.after, _Footer) and high > self._table_end():
            found.extend(self._footer_changes(self.after, max(low, self._table_end()), high))
        return found

    def _table_change(self, index: int) -> Transition | None:
        """The table's transition `index`, or None where it changes nothing (zic writes
        such entries, e.g. at 2038-01-19 in fat files)."""
        before = self.types[index - 1] if index else self.first
        after = self.types[index]
        if before is None or before == after:
            return None
        return Transition(_instant(self.times[index]), before, after)

    def _footer_changes(self, footer: _Footer, low: int, high: int) -> list[Transition]:
        """The footer's transitions in low < at <= high. The local time can change only at
        one of the rule's changes or where a UTC year begins (each instant is read with
        its own UTC year's changes), so each candidate is checked, in order."""
        years = range(max(_year(low) - 1, 1), min(_year(high) + 1, 9999) + 1)
        candidates = {_instant_seconds(date(year, 1, 1)) for year in years}
        for year in years:
            candidates.update(footer.changes(year))
        found = []
        state = self._local_time(low)
        for at in sorted(c for c in candidates if low < c <= high):
            now = footer.local_time(at)
            if now != state:
                found.append(Transition(_instant(at), state, now))
                state = now
        return found

    def _local_time(self, seconds: int) -> LocalTime:
        if self.times and seconds < self.times[0]:
            assert self.first is not None
            return self.first
        if not self.times or seconds > self.times[-1]:
            if isinstance(self.after, _Footer):
                return self.after.local_time(seconds)
            return self.after
        return self.types[bisect_right(self.times, seconds) - 1]

    def _table_end(self) -> int:
        """Where the footer takes over (zoneinfo: strictly after the table's last time)."""
        return self.times[-1] if self.times else _seconds(datetime.min.replace(tzinfo=UTC))


@lru_cache(maxsize=64)
def zone_rules(key: str) -> ZoneRules:
    """The rules of an IANA zone, from the file `zoneinfo.ZoneInfo(key)` reads."""
    return parse_tzif(_tzif_bytes(key))


def _tzif_bytes(key: str) -> bytes:
    """zoneinfo's own search: each directory of zoneinfo.TZPATH, then the tzdata package."""
    for root in zoneinfo.TZPATH:
        path = Path(root) / key
        if path.is_file():
            return path.read_bytes()
    from importlib import resources

    parts = ["tzdata", "zoneinfo", *key.split("/")]
    return resources.files(".".join(parts[:-1])).joinpath(parts[-1]).read_bytes()


_HEADER = struct.Struct(">4sc15x6l")


def parse_tzif(data: bytes) -> ZoneRules:
    """Read a TZif file (RFC 8536): version 1's 32-bit block, or version 2+'s 64-bit block
    and footer. Leap-second records are skipped (no zone the loader accepts has them)."""
    magic, version, *counts = _HEADER.unpack_from(data)
    if magic != b"TZif":
        raise ValueError("not a TZif file")
    width = 4
    offset = _HEADER.size
    if version != b"\0":  # skip the 32-bit block to the 64-bit one
        offset += _block_size(counts, 4)
        magic, version, *counts = _HEADER.unpack_from(data, offset)
        offset += _HEADER.size
        width = 8
    isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt = counts
    times = struct.unpack_from(f">{timecnt}{'q' if width == 8 else 'l'}", data, offset)
    offset += timecnt * width
    indices = data[offset : offset + timecnt]
    offset += timecnt
    records = [struct.unpack_from(">lBB", data, offset + 6 * i) for i in range(typecnt)]
    offset += 6 * typecnt
    chars = data[offset : offset + charcnt]
    local_times = [
        LocalTime(timedelta(seconds=utoff), bool(isdst), _abbreviation(chars, at))
        for utoff, isdst, at in records
    ]
    footer = b""
    if width == 8:
        offset += charcnt + leapcnt * 12 + isstdcnt + isutcnt
        footer = data[offset:].split(b"\n")[1] if data[offset:].startswith(b"\n") else b""
    types = tuple(local_times[i] for i in indices)
    # zoneinfo: before the first transition, the first standard type (else the first
    # transition's); after the last, the footer (else the last transition's type).
    first = next((t for t in local_times if not t.is_dst), types[0] if types else None)
    after: LocalTime | _Footer
    if footer:
        after = parse_footer(footer.decode("ascii"))
    elif types:
        after = types[-1]
    else:
        after = local_times[-1]
    return ZoneRules(tuple(times), types, first, after)


def _block_size(counts: list[int], width: int) -> int:
    isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt = counts
    return (
        timecnt * (width + 1) + typecnt * 6 + charcnt + leapcnt * (width + 4) + isstdcnt + isutcnt
    )


def _abbreviation(chars: bytes, start: int) -> str:
    return chars[start : chars.index(b"\0", start)].decode("ascii")


_NAME = r"[A-Za-z]{3,}|<[A-Za-z0-9+-]{3,}>"
_CLOCK = r"[+-]?\d{1,3}(?::\d{2}){0,2}"
_DAY_RULE = r"M\d{1,2}\.\d\.\d|J\d{1,3}|\d{1,3}"
_FOOTER = re.compile(
    rf"(?P<std>{_NAME})(?P<std_offset>{_CLOCK})"
    rf"(?:(?P<dst>{_NAME})(?P<dst_offset>{_CLOCK})?"
    rf",(?P<start>{_DAY_RULE})(?:/(?P<start_time>{_CLOCK}))?"
    rf",(?P<end>{_DAY_RULE})(?:/(?P<end_time>{_CLOCK}))?)?",
    re.ASCII,
)


def parse_footer(text: str) -> LocalTime | _Footer:
    """A POSIX TZ string as zic writes it (RFC 8536 3.3): a fixed local time, or a
    standard and a daylight one with the two yearly changes between them."""
    match = _FOOTER.fullmatch(text)
    if match is None:
        raise ValueError(f"unreadable TZ string {text!r}")
    std_offset = -_clock(match["std_offset"], 24)  # POSIX counts hours west of UTC
    std = LocalTime(timedelta(seconds=std_offset), False, match["std"].strip("<>"))
    if match["dst"] is None:
        return std
    dst_offset = -_clock(match["dst_offset"], 24) if match["dst_offset"] else std_offset + 3600
    dst = LocalTime(timedelta(seconds=dst_offset), True, match["dst"].strip("<>"))
    start = _rule(match["start"], match["start_time"])
    end = _rule(match["end"], match["end_time"])
    return _Footer(std, dst, start, end)


def _rule(day: str, time: str | None) -> _Rule:
    seconds = _clock(time, 167) if time else 2 * 3600  # POSIX default: 02:00
    if day.startswith("M"):
        month, week, weekday = (int(n) for n in day[1:].split("."))
        if not (1 <= month <= 12 and 1 <= week <= 5 and 0 <= weekday <= 6):
            raise ValueError(f"bad TZ rule day {day!r}")
        return _Rule("M", (month, week, weekday), seconds)
    julian = day.startswith("J")
    n = int(day[1:] if julian else day)
    if not (1 <= n <= 365 if julian else 0 <= n <= 365):
        raise ValueError(f"bad TZ rule day {day!r}")
    return _Rule("J" if julian else "", (n,), seconds)


def _clock(text: str, most_hours: int) -> int:
    """`[+-]hh[:mm[:ss]]` as signed seconds."""
    sign = -1 if text.startswith("-") else 1
    hours, minutes, seconds = ([int(p) for p in text.lstrip("+-").split(":")] + [0, 0])[:3]
    if hours > most_hours or minutes > 59 or seconds > 59:
        raise ValueError(f"bad TZ time {text!r}")
    return sign * (hours * 3600 + minutes * 60 + seconds)


def _seconds(at: datetime) -> int:
    return (at - EPOCH) // timedelta(seconds=1)


def _instant(seconds: int) -> datetime:
    return EPOCH + timedelta(seconds=seconds)


def _instant_seconds(day: date) -> int:
    return (day.toordinal() - _EPOCH_DAY) * _DAY


def _year(seconds: int) -> int:
    return _instant(seconds).year
