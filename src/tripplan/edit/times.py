"""Times as people type them, and times written back in the form the file already uses.

A typed `2010-11-18 14:00` is wall time in the entry's zone (or the zone asked for), read by the
format's rule for gaps and folds (timing.resolve_local); `...-06:00` or `...Z` is an
instant. A value written back keeps its form: a local time stays local, an offset time
keeps an offset, `Z` stays `Z`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from tripplan import words
from tripplan.errors import OptionError
from tripplan.lang import _
from tripplan.load import FIRST_YEAR, LAST_YEAR
from tripplan.model import TimeNote
from tripplan.timing import parse_duration, resolve_local


@dataclass(frozen=True, slots=True)
class Instant:
    """A typed time read as an instant, and how it was read."""

    at: datetime  # aware, UTC
    note: str | None = None  # said to the user: a typed wall time in a gap or a fold


@dataclass(frozen=True, slots=True)
class Around:
    """Where what a typed time leaves out comes from. `day`: the local date a time of day
    alone falls on (None: it needs a date); `clock`: the time of day a date alone keeps
    (None: a date alone is a date, all day); `counted_from`: the local date `+1 05:40`
    counts days from, a leg's departure (None: `+N` is refused)."""

    day: date | None = None
    clock: time | None = None
    counted_from: date | None = None


NOTHING = Around()

# A time as people type it: `9:00`, `09:00`, `9am`, `9:30 pm`, `21:30:15`, after an
# optional date (`2026-10-28 9am`, `2026-10-28T09:00`) or `+N ` (days after a departure).
_TYPED = re.compile(
    r"(?:\+(?P<plus>\d{1,2})\s+)?"
    r"(?:(?P<date>\d{4}-\d{2}-\d{2})(?:[Tt]|\s+))?"
    r"(?P<hour>\d{1,2})(?::(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
    r"\s*(?P<half>[aApP]\.?[mM]\.?)?"
)


def parse_time(text: str, option: str, zone: ZoneInfo, around: Around = NOTHING) -> Instant | date:
    """A time typed for the parameter `option` (which a refusal names): `2010-11-18 14:00`
    or `2010-11-18T14:00` (wall times of `zone`), `9:00`, `9am`, `9:30pm` (on the day of
    `around`), `+1 05:40` (days after `around.counted_from`), `...-06:00` or `...Z` (an
    instant), or a date `2010-11-18`: a local date (all day), or that day at
    `around.clock`."""
    typed = _TYPED.fullmatch(text.strip())
    if typed is not None and (typed["minute"] or typed["half"]):
        return Instant(*_wall(_typed_wall(typed, text, option, around), zone))
    parsed = _iso(text)
    if isinstance(parsed, date) and not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        raise OptionError(option, f"year {parsed.year} is out of range ({FIRST_YEAR}-{LAST_YEAR})")
    if isinstance(parsed, datetime):
        if parsed.tzinfo is not None:
            return Instant(datetime.fromtimestamp(parsed.timestamp(), UTC))
        wall = datetime(*parsed.timetuple()[:6])
        return Instant(*_wall(wall, zone))
    if isinstance(parsed, date):
        day = date(parsed.year, parsed.month, parsed.day)
        if around.clock is None:
            return day
        return Instant(*_wall(datetime.combine(day, around.clock), zone))
    raise OptionError(
        option,
        f"{text!r} is not a time like 2010-11-18 14:00 (or ...-06:00, ...Z,"
        " or a date for an all-day event)",
    )


def _iso(text: str) -> date | None:
    """An ISO 8601 date or date-time (with an offset, or seconds), as pendulum reads it."""
    import pendulum
    from pendulum.parsing.exceptions import ParserError

    try:
        parsed = pendulum.parse(text.strip(), tz=None, exact=True, strict=True)
    except (ParserError, ValueError, OverflowError):
        return None
    return parsed if isinstance(parsed, date) else None


def _typed_wall(typed: re.Match[str], text: str, option: str, around: Around) -> datetime:
    """The wall time a `_TYPED` match names, its date from `around` where it gives none."""
    hour, minute = int(typed["hour"]), int(typed["minute"] or 0)
    second = int(typed["second"] or 0)
    if typed["half"]:
        if not 1 <= hour <= 12:
            raise OptionError(option, f"{text!r}: an hour before am or pm is 1 to 12")
        hour = hour % 12 + (12 if typed["half"][0] in "pP" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise OptionError(option, f"{text!r} is not a time of day (00:00 to 23:59)")
    return datetime.combine(_typed_day(typed, text, option, around), time(hour, minute, second))


def _typed_day(typed: re.Match[str], text: str, option: str, around: Around) -> date:
    if typed["plus"] is not None:
        if typed["date"]:
            raise OptionError(option, f"{text!r}: give a date or +N days, not both")
        if around.counted_from is None:
            raise OptionError(
                option,
                f"{text!r}: +N counts days from a leg's departure: only its arrival takes it",
            )
        return around.counted_from + timedelta(days=int(typed["plus"]))
    if typed["date"]:
        try:
            day = date.fromisoformat(typed["date"])
        except ValueError:
            raise OptionError(option, f"{text!r}: {typed['date']} is not a date") from None
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise OptionError(option, f"year {day.year} is out of range ({FIRST_YEAR}-{LAST_YEAR})")
        return day
    if around.day is None:
        raise OptionError(option, f"{text!r} has no date: give one, as in 2010-11-18 {text}")
    return around.day


def _wall(wall: datetime, zone: ZoneInfo) -> tuple[datetime, str | None]:
    """The instant a wall time of `zone` means, and a note if it is in a gap or a fold."""
    resolved = resolve_local(wall, zone)
    note = None
    if resolved.note is not None:
        note = gap_or_fold(wall, resolved.instant, resolved.note, zone)
    return resolved.instant, note


def gap_or_fold(wall: datetime, instant: datetime, note: TimeNote, zone: ZoneInfo) -> str:
    """What the format's rule made of a wall time that does not exist, or exists twice."""
    typed, read = words.day_time(wall, year=True), clock(instant, zone)
    if note is TimeNote.GAP:
        worded = _("{time} {zone} does not exist (clocks jumped forward): read as {when}")
    else:
        worded = _("{time} {zone} happens twice (clocks went back): read as the first, {when}")
    return worded.format(time=typed, zone=zone.key, when=read)


def clock(instant: datetime, zone: ZoneInfo) -> str:
    """An instant as its place's clock shows it: `Tue 16 Nov 2010 16:00 PST UTC-08:00`.

    >>> from zoneinfo import ZoneInfo
    >>> clock(datetime(2010, 11, 17, 0, tzinfo=UTC), ZoneInfo("America/Los_Angeles"))
    'Tue 16 Nov 2010 16:00 PST UTC-08:00'
    """
    return words.day_clock(instant.astimezone(zone), year=True)


def parse_shift(text: str) -> timedelta:
    """A shift (the parameter `by`): a duration of the format, `-` before it to move earlier."""
    body = text.strip()
    sign = -1 if body.startswith("-") else 1
    try:
        return sign * parse_duration(body.lstrip("+-"))
    except ValueError as err:
        raise OptionError("by", str(err)) from None


def shift_wall(instant: datetime, by: timedelta, zone: ZoneInfo) -> tuple[datetime, str | None]:
    """`instant` moved by `by` on the wall clock of `zone`: a meeting at 09:00 moved by a
    day is at 09:00 the next day, whatever the clocks did overnight."""
    wall = instant.astimezone(zone).replace(tzinfo=None) + by
    return _wall(wall, zone)


# -- writing a value back in its form ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Form:
    """How a file wrote a date-time: local or with an offset, and its separator."""

    local: bool
    separator: str = "T"  # "T", "t" or " "
    utc_letter: str | None = None  # "Z" or "z" when it wrote UTC as a letter
    offset: timedelta | None = None  # the numeric offset it wrote
    matched_place: bool = True  # that offset was the place's own then

    @classmethod
    def of(cls, raw: str, value: datetime, zone: ZoneInfo) -> Form:
        separator = raw[10] if len(raw) > 10 and raw[10] in "Tt " else "T"
        if value.tzinfo is None:
            return cls(True, separator)
        if raw.rstrip()[-1:] in ("Z", "z"):
            return cls(False, separator, utc_letter=raw.rstrip()[-1])
        offset = value.utcoffset()
        own = value.astimezone(zone).utcoffset()
        return cls(False, separator, offset=offset, matched_place=offset == own or not offset)


LOCAL = Form(True)


def write_time(instant: datetime, zone: ZoneInfo, form: Form) -> tuple[str, str | None]:
    """TOML text for `instant` in `form`, and a note when the form could not hold it.

    A local time that the gap/fold rule would read as another instant (the second 01:30
    of a night the clocks go back) is written with its offset instead, and said so.
    """
    local = instant.astimezone(zone)
    if form.local:
        wall = local.replace(tzinfo=None)
        if resolve_local(wall, zone).instant == instant:
            return _stamp(wall, form.separator), None
        offset = words.offset(local.utcoffset() or timedelta(0))
        note = _(
            "{time} happens twice in {zone} and a local time means the first: written with its"
            " offset, {offset}"
        ).format(time=words.day_time(wall, year=True), zone=zone.key, offset=offset)
        return _stamp(local, form.separator), note
    if form.utc_letter is not None:
        return _stamp(instant.astimezone(UTC).replace(tzinfo=None), form.separator) + (
            form.utc_letter
        ), None
    if form.offset is not None and (not form.offset or not form.matched_place):
        return _stamp(instant.astimezone(timezone(form.offset)), form.separator), None
    return _stamp(local, form.separator), None


def write_like(old: Any, instant: datetime, zone: ZoneInfo) -> tuple[str, str | None]:
    """TOML text for `instant` in the form the file's item `old` has (local, an offset,
    `Z`; local where there is none, a new key), and write_time's note."""
    from tomlkit.items import DateTime

    form = Form.of(old.as_string().strip(), old, zone) if isinstance(old, DateTime) else LOCAL
    return write_time(instant, zone, form)


def _stamp(moment: datetime, separator: str) -> str:
    """A TOML date-time: four digits of year always (strftime writes year 2 as `2`)."""
    text = f"{moment.date().isoformat()}{separator}{moment.time().isoformat('seconds')}"
    if moment.tzinfo is not None:
        text += words.offset(moment.utcoffset() or timedelta(0))
    return text
