"""The caps that keep a hostile invitation from costing minutes or gigabytes
(docs/input-safety.md): how often a recurring event's rules and a VTIMEZONE's rules may
repeat, counted by arithmetic before any library walks them, and how many occurrences an
invitation may add. Apart from the reading so that each cap is stated once, beside the
count it bounds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from tripplan.errors import TripError
from tripplan.load import LAST_YEAR

if TYPE_CHECKING:
    from icalendar.cal import Component as VEvent

# The most entries one recurring invitation may add: a daily meeting on a year's trip is
# 366; more is no trip's, and each is an entry of the file.
MAX_OCCURRENCES = 1_000
# The most repetitions a recurring event's rules may make from their start to the trip's
# end (the library walks every one of them to reach the trip, holding each): a daily
# meeting for fifty years; an RRULE every second since 1601 is ten billion, a hang.
MAX_REPETITIONS = 20_000
# The most clock changes one VTIMEZONE may define up to the last year a trip holds: two a
# year from 1601 is 16,800. A zone's rules are walked from their start for every time
# read in it, so a rule every second since 1601 held gigabytes.
MAX_ZONE_CHANGES = 20_000
# A recurring event's occurrences are made for the trip's dates in this many pieces (at
# least a day each), and no more once past MAX_OCCURRENCES.
_PERIOD_SECONDS = {
    "SECONDLY": 1,
    "MINUTELY": 60,
    "HOURLY": 3600,
    "DAILY": 86400,
    "WEEKLY": 7 * 86400,
}
_DAYS_IN_PERIOD = {"WEEKLY": 7, "MONTHLY": 31, "YEARLY": 366}
_FINER = {  # the time parts that add repetitions within one period of each frequency
    "SECONDLY": (),
    "MINUTELY": ("BYSECOND",),
    "HOURLY": ("BYMINUTE", "BYSECOND"),
}
_SUB_DAILY = frozenset({"SECONDLY", "MINUTELY", "HOURLY"})
_DAY_PARTS = ("BYMONTH", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYDAY")


@dataclass
class Spent:
    """What an invitation's recurring events took of MAX_OCCURRENCES and MAX_REPETITIONS."""

    occurrences: int = 0
    repetitions: int = 0


def check_zones(name: str, components: Sequence[VEvent]) -> None:
    """Every VTIMEZONE of the file, before any time is read: icalendar reads an event's
    TZID by the first VTIMEZONE of that name in the file, whichever calendar holds it."""
    try:
        for component in components:
            for zone in component.walk("VTIMEZONE"):
                _check_zone(name, str(zone.get("TZID", "")), zone)
    except ValueError as err:  # a broken DTSTART of the zone's rules
        raise TripError(f"{name}: cannot read the invitation: {err}") from None


def _check_zone(name: str, tzid: str, zone: VEvent) -> None:
    """A VTIMEZONE's rules bounded (MAX_ZONE_CHANGES) before a time is read in it: a
    clock that changes every second, or hundreds of thousands of times, is no zone."""
    end = datetime(LAST_YEAR + 1, 1, 1)
    changes = 0
    for part in zone.subcomponents:
        if part.name not in ("STANDARD", "DAYLIGHT"):
            continue
        start = part.get("DTSTART")
        if start is None or isinstance(start, list) or not isinstance(start.dt, date):
            continue  # not made into a zone (to_tz fails): read by its name, below
        for rule in rules_of(part):
            check_rule(name, f"VTIMEZONE {tzid!r}", rule)
            freq = _freq(rule)
            if freq in _SUB_DAILY:
                raise TripError(
                    f"{name}: VTIMEZONE {tzid!r}: its {part.name} rule repeats"
                    f" {freq.lower()} (RRULE FREQ={freq}); a zone's clock changes a few"
                    " times a year"
                )
            changes += repetitions(rule, wall_time(start.dt), end)
        changes += 1 + rdate_count(part)
        if changes > MAX_ZONE_CHANGES:
            raise TripError(
                f"{name}: VTIMEZONE {tzid!r}: more than {MAX_ZONE_CHANGES:,} clock changes"
                f" before {LAST_YEAR + 1}: not a time zone"
            )


def rules_of(component: VEvent) -> list[Any]:
    """A component's RRULEs (icalendar gives one, or a list of several)."""
    rules = component.get("RRULE")
    return [] if rules is None else rules if isinstance(rules, list) else [rules]


def rdate_count(component: VEvent) -> int:
    """How many dates a component's RDATE properties name."""
    rdates = component.get("RDATE")
    found = 0
    for prop in [] if rdates is None else rdates if isinstance(rdates, list) else [rdates]:
        found += len(getattr(prop, "dts", ())) or 1
    return found


def _freq(rule: Any) -> str | None:
    freq = rule.get("FREQ") if hasattr(rule, "get") else None
    return str(freq[0]).upper() if freq else None


# RFC 5545 3.3.10: the values each BY part may take (a negative one counts from the end).
# dateutil does not check them: BYHOUR=25 ended in a TypeError from inside its walk,
# BYMONTH=13 in a rule read as one event.
_BY_RANGES = {
    "BYSECOND": (0, 60, False),
    "BYMINUTE": (0, 59, False),
    "BYHOUR": (0, 23, False),
    "BYMONTHDAY": (1, 31, True),
    "BYYEARDAY": (1, 366, True),
    "BYWEEKNO": (1, 53, True),
    "BYMONTH": (1, 12, False),
    "BYSETPOS": (1, 366, True),
}


def check_rule(name: str, who: str, rule: Any) -> None:
    """An RRULE's INTERVAL and COUNT are positive (a zero INTERVAL never moves on), and
    each BY part's values are in RFC 5545's range."""
    for part in ("INTERVAL", "COUNT"):
        values = rule.get(part) if hasattr(rule, "get") else None
        if values and not (isinstance(values[0], int) and values[0] > 0):
            raise TripError(
                f"{name}: {who}: RRULE {part}={values[0]}: it must be a positive number"
            )
    for part, (low, high, signed) in _BY_RANGES.items():
        for value in (rule.get(part) or []) if hasattr(rule, "get") else []:
            size = abs(value) if signed and isinstance(value, int) else value
            if not isinstance(value, int) or not low <= size <= high:
                limits = f"{low} to {high}" + (f", or -{high} to -1" if signed else "")
                raise TripError(f"{name}: {who}: RRULE {part}={value}: it must be {limits}")


def repetitions(rule: Any, start: datetime, end: datetime) -> int:
    """At most how many times `rule` repeats from `start` to `end`: its periods (each a
    step of the walk, even when its BY parts leave nothing in it) times what each may
    hold, or its COUNT. A rule the library cannot read is left to say so itself."""
    freq = _freq(rule)
    if freq is None or end < start:
        return 0
    interval = (rule.get("INTERVAL") or [1])[0]
    until = rule.get("UNTIL")
    if until and isinstance(until[0], date):
        end = min(end, wall_time(until[0]))
        if end < start:
            return 0
    if freq in _PERIOD_SECONDS:
        seconds = int((end - start).total_seconds())
        periods = seconds // (_PERIOD_SECONDS[freq] * interval) + 1
    elif freq == "MONTHLY":
        periods = ((end.year - start.year) * 12 + end.month - start.month) // interval + 1
    else:
        periods = (end.year - start.year) // interval + 1
    each = _days_in_period(rule, freq)
    for part in _FINER.get(freq, ("BYHOUR", "BYMINUTE", "BYSECOND")):
        each *= len(rule.get(part) or [0])
    count = rule.get("COUNT")
    most: int = periods * each
    return min(most, int(count[0])) if count else most


def picks_no_day(rule: Any, start: datetime) -> bool:
    """Whether a daily or finer rule's BY parts pick no day at all (BYMONTH=2 and
    BYMONTHDAY=30): the library would walk it day by day to year 9999 (seconds) to find
    nothing. Asked of the same parts as a yearly rule, whose walk is 8,000 years at most."""
    from dateutil.rrule import rrulestr  # type: ignore[import-untyped]
    from icalendar.prop import vRecur

    if _freq(rule) not in ("DAILY", "WEEKLY", *_SUB_DAILY):
        return False
    days = {k: v for k, v in rule.items() if k in _DAY_PARTS and v}
    if not days:
        return False
    yearly: bytes = vRecur({**days, "FREQ": ["YEARLY"]}).to_ical()  # type: ignore[no-untyped-call]
    probe = rrulestr(yearly.decode(), dtstart=datetime(start.year, 1, 1))
    return next(iter(probe), None) is None


def _days_in_period(rule: Any, freq: str) -> int:
    """At most how many days of one period a rule's BY parts pick (one without them)."""
    if freq not in _DAYS_IN_PERIOD:
        return 1
    # A BYDAY with an ordinal (-1SU: the last Sunday) is one day of the month or year.
    weekdays = rule.get("BYDAY") or []
    each_day = sum(1 if any(c.isdigit() for c in str(d)) else 5 for d in weekdays)
    months = len(rule.get("BYMONTH") or [])
    if freq == "WEEKLY":
        days = len(weekdays) or 1
    elif rule.get("BYYEARDAY"):
        days = len(rule["BYYEARDAY"])
    elif rule.get("BYWEEKNO"):
        days = len(rule["BYWEEKNO"]) * (len(weekdays) or 7)
    elif rule.get("BYMONTHDAY"):
        days = (months or (12 if freq == "YEARLY" else 1)) * len(rule["BYMONTHDAY"])
    elif weekdays:
        per_month = freq == "MONTHLY" or months
        days = (months or 1) * each_day if per_month else each_day * 53 // 5
    else:
        days = months or 1
    return min(days, _DAYS_IN_PERIOD[freq])


def wall_time(value: date) -> datetime:
    """A date or date-time as a wall time, to count a rule's periods by."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return datetime.combine(value, time())
