"""Local times, instants and durations: the rules of the format's "Times" section."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from functools import lru_cache
from zoneinfo import ZoneInfo


class TimeNote(Enum):
    """How a local time of the file was read (see resolve_local)."""

    GAP = "dst-gap"  # did not exist; read with the offset in force before the gap
    FOLD = "dst-fold"  # existed twice; read as the first occurrence
    OFFSET_MISMATCH = "offset-mismatch"  # explicit offset is not the place's own


@dataclass(frozen=True, slots=True)
class Resolved:
    instant: datetime  # aware, UTC
    note: TimeNote | None  # GAP or FOLD when the wall time was not unambiguous


def resolve_local(wall: datetime, zone: ZoneInfo) -> Resolved:
    """Read a naive wall-clock time in `zone` by RFC 5545 section 3.3.5.

    A time in a gap is read with the offset in force before the gap (02:30 on a
    spring-forward night becomes 03:30 daylight time); a time in a fold means its first
    occurrence. That is exactly PEP 495's `fold=0`, which zoneinfo implements; pendulum's
    own constructors default to `fold=1`, the other answer, so they are not used here.
    Whether it was a gap or a fold follows from the two offsets: clocks that jump forward
    (offset grows) leave a gap, clocks that go back (offset shrinks) a fold.
    """
    first = wall.replace(tzinfo=zone, fold=0)
    before = first.utcoffset()
    after = first.replace(fold=1).utcoffset()
    note = None
    if before != after and before is not None and after is not None:
        note = TimeNote.GAP if before < after else TimeNote.FOLD
    return Resolved(first.astimezone(UTC), note)


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    """The first instant of a local date (if a zone skips midnight, the first after it)."""
    return resolve_local(datetime(day.year, day.month, day.day), zone).instant


@lru_cache(maxsize=4096)  # the same nights, for each traveller and each booking
def night_of(day: date, zone: ZoneInfo) -> datetime:
    """The instant the night of a local date is read at: 03:00 the next date (the trip
    format's night, 1.1; a 03:00 a clock change skips is the first instant after it)."""
    after = day + timedelta(days=1)
    return resolve_local(datetime(after.year, after.month, after.day, 3), zone).instant


def local_end_date(end: datetime, zone: ZoneInfo) -> date:
    """The local date an entry ends on; ending at midnight sharp ends the day before."""
    local = end.astimezone(zone)
    if local.hour == local.minute == local.second == local.microsecond == 0:
        return local.date() - timedelta(days=1)
    return local.date()


_SHORT = re.compile(r"(?:(?P<d>\d+)d)?(?:(?P<h>\d+)h)?(?:(?P<m>\d+)m)?(?:(?P<s>\d+)s)?")
# Longest duration accepted: anything longer is a typo, not a trip.
MAX_DURATION = timedelta(days=366)
# Longest duration text read: more digits can only be longer than MAX_DURATION.
MAX_DURATION_CHARS = 40


@lru_cache(maxsize=256)  # a trip repeats a few durations ("1h") thousands of times
def parse_duration(text: str) -> timedelta:
    """`90m`, `1h30m`, `2h`, `1d`, `45s` or ISO 8601 `PT1H30M`: elapsed time.

    Raises ValueError with a reader-facing message. ISO durations with years or months
    are refused: their length depends on the calendar, not the clock.
    """
    text = text.strip()
    match = _SHORT.fullmatch(text)
    if match and text:
        if len(text) > MAX_DURATION_CHARS:  # all digits: bounds int() and says why
            raise _too_long(text)
        parts = {unit: int(value or 0) for unit, value in match.groupdict().items()}
        try:
            duration = timedelta(
                days=parts["d"], hours=parts["h"], minutes=parts["m"], seconds=parts["s"]
            )
        except OverflowError:
            raise _too_long(text) from None
    elif text[:1] in "Pp" and len(text) <= MAX_DURATION_CHARS and any(c.isdigit() for c in text):
        duration = _parse_iso_duration(text)
    else:
        raise ValueError(f"{_shown(text)!r} is not a duration (write 90m, 1h30m, 2h or PT1H30M)")
    if duration > MAX_DURATION:
        raise _too_long(text)
    return duration


def _shown(text: str) -> str:
    return text if len(text) <= MAX_DURATION_CHARS else text[: MAX_DURATION_CHARS - 1] + "…"


def _too_long(text: str) -> ValueError:
    return ValueError(f"{_shown(text)!r} is longer than {MAX_DURATION.days} days")


def _parse_iso_duration(text: str) -> timedelta:
    import pendulum

    try:
        parsed = pendulum.parse(text.upper())
    except (ValueError, OverflowError, pendulum.parsing.exceptions.ParserError):
        raise ValueError(f"{text!r} is not an ISO 8601 duration") from None
    if not isinstance(parsed, pendulum.Duration):
        raise ValueError(f"{text!r} is not an ISO 8601 duration")
    if parsed.years or parsed.months:
        raise ValueError(f"{text!r} has years or months, whose length varies; use days")
    return timedelta(seconds=parsed.total_seconds())


_SECOND = timedelta(seconds=1)


def offset_at(instant: datetime, zone: ZoneInfo) -> timedelta:
    """The zone's UTC offset at an instant."""
    return instant.astimezone(zone).utcoffset() or timedelta(0)


def transitions(zone: ZoneInfo, start: datetime, end: datetime) -> list[datetime]:
    """The instants in [start, end) at which the zone's UTC offset changes, in order,
    from the tz database's own table and rule (`tzrules`). Changes of the abbreviation
    alone (or of the daylight flag) are not changes of a clock."""
    from tripplan.tzrules import zone_rules

    changes = zone_rules(zone.key).transitions(start - _SECOND, end - _SECOND)
    return [c.at for c in changes if c.before.offset != c.after.offset]
