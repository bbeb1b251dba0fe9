"""`tripplan import ics`: an invitation's events into the trip, as edits of its file.

Invitations as they arrive (docs/writing.md, "Invitations", says what is done with each):
- a TZID that is an IANA name (Google, Apple) is read with the tz database; any other TZID
  (Outlook's `W. Europe Standard Time`, `Customized Time Zone`) with the VTIMEZONE the
  invitation carries, as its producer meant it, or failing that by the CLDR table of
  Windows names that icalendar ships;
- UTC times are instants; floating times are wall time at the place; all-day events are
  dates, DTEND exclusive as RFC 5545 says (the file's `end` is inclusive);
- the place: `--place`, else the trip's place whose `tz` is the zone's IANA name, else the
  one place whose clock agrees with the zone at the event's start and end; none or several
  is refused, naming the zone and the places;
- the UID is the entry's id where it is a valid id (editor.valid_id) and free; otherwise
  the id is made from the title. Every entry imported keeps its UID in `uid` (format 1.1;
  earlier versions wrote `x-uid`, still read). An entry with that `uid` or `x-uid` is the
  same event: importing again updates it (a new time moves it), never adds it twice. An
  entry whose id is the UID but that has no `uid` was written by hand: never replaced;
- METHOD:CANCEL (or STATUS:CANCELLED) cancels the matching entry;
- a recurring event (RRULE, RDATE) becomes one entry per occurrence within the trip's
  dates (expanded by recurring-ical-events: EXDATE and moved occurrences included), each
  with `uid` and `x-recurrence-id`: at most MAX_OCCURRENCES, from rules that repeat at
  most MAX_REPETITIONS times up to the trip's end;
- a VTIMEZONE whose rules repeat more often than daily, or more than MAX_ZONE_CHANGES
  times, and a VEVENT property RFC 5545 does not allow (given twice, a period or a time
  of day for a start), are refused, one line each.
"""

from __future__ import annotations

import warnings
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, BinaryIO
from zoneinfo import ZoneInfo

from tripplan import words
from tripplan.edit.editor import Editor, toml_value, valid_id
from tripplan.edit.times import clock, gap_or_fold
from tripplan.errors import TripError
from tripplan.load import FIRST_YEAR, LAST_YEAR
from tripplan.model import Event, Place, Travel
from tripplan.timing import resolve_local

if TYPE_CHECKING:
    from icalendar import Calendar
    from icalendar.cal import Component as VEvent

MAX_INVITATION_BYTES = 10 * 1024 * 1024  # a season of invitations is far smaller
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
PIECES = 32
UID_KEY, OLD_UID_KEY, RECURRENCE_KEY = "uid", "x-uid", "x-recurrence-id"
NO_UID = "no-uid-"
# RFC 5545 3.6.1: these occur at most once in a VEVENT (icalendar makes a list of two).
SINGLE = (
    "UID",
    "DTSTART",
    "DTEND",
    "DURATION",
    "RECURRENCE-ID",
    "SUMMARY",
    "LOCATION",
    "DESCRIPTION",
    "STATUS",
)
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


@dataclass(frozen=True, slots=True)
class Zone:
    """An invitation's zone: what reads its wall times, and its IANA name if it has one."""

    label: str  # as the invitation names it: a TZID, "UTC", "floating"
    tz: tzinfo | None  # None: UTC instants, or floating times
    iana: str | None


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One event of the invitation (one occurrence of a recurring one)."""

    uid: str
    uid_given: bool  # False: the invitation had none, `uid` stands in (x-uid only)
    recurrence: str | None  # the occurrence's RECURRENCE-ID, for a recurring event
    title: str
    venue: str | None
    notes: str | None
    cancelled: bool
    zone: Zone
    start: datetime | date  # an instant (UTC), a floating wall time, or a date (all day)
    end: datetime | date  # the same kind; a date end is exclusive here


@dataclass(frozen=True, slots=True)
class Invitation:
    name: str
    calendars: tuple[Calendar, ...]


def read_invitation(path: str, stdin: BinaryIO | None = None) -> Invitation:
    """Read and parse an .ics file (`-`: standard input); refused with one clear line."""
    import sys
    from pathlib import Path

    from icalendar import Calendar, use_zoneinfo

    name = "<stdin>" if path == "-" else path
    try:
        if path == "-":
            data = (stdin or sys.stdin.buffer).read(MAX_INVITATION_BYTES + 1)
        else:
            with Path(path).open("rb") as handle:
                data = handle.read(MAX_INVITATION_BYTES + 1)
    except OSError as err:
        raise TripError(f"{name}: cannot read: {err.strerror or err}") from None
    if len(data) > MAX_INVITATION_BYTES:
        raise TripError(f"{name}: larger than 10 MiB: not an invitation")
    try:
        with warnings.catch_warnings():  # icalendar's guesses: this module says its own
            warnings.simplefilter("ignore")
            # icalendar keeps the first VTIMEZONE of each TZID it parses, for the process,
            # and reads every time of that TZID by it: this file's own, not an earlier one's.
            use_zoneinfo()  # type: ignore[no-untyped-call]
            calendars = Calendar.from_ical(data, multiple=True)
    except (ValueError, KeyError, IndexError, TypeError) as err:
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise TripError(f"{name}: not an iCalendar file: {reason}") from None
    _check_zones(name, calendars)
    found = []
    for component in calendars:
        if component.name == "VCALENDAR":
            found.append(component)
        elif component.name == "VEVENT":  # a bare event, as some tools save one
            wrapper = Calendar()
            wrapper.add_component(component)
            found.append(wrapper)
    if not found:
        raise TripError(f"{name}: not an iCalendar file: no VCALENDAR in it")
    return Invitation(name, tuple(found))


def import_calendar(editor: Editor, invitation: Invitation, place: str | None) -> None:
    """Add, move, update or cancel the trip's entries as the invitation says."""
    with warnings.catch_warnings():  # icalendar's and its helpers': said here, one line each
        warnings.simplefilter("ignore")
        _import(editor, invitation, place)


def _import(editor: Editor, invitation: Invitation, place: str | None) -> None:
    found = False
    spent = _Spent()  # the caps are the invitation's, however many VCALENDARs it holds
    for calendar in invitation.calendars:
        method = str(calendar.get("METHOD", "")).upper()
        reader = _Reader(invitation.name, calendar, editor, spent)
        occurrences = _read(invitation.name, reader, expand=method != "CANCEL")
        with editor.batch():  # the trip read again once for the events it adds
            for occurrence in occurrences:
                found = True
                if method == "CANCEL" or occurrence.cancelled:
                    _cancel(editor, occurrence)
                else:
                    _Importer(editor, invitation.name, place).add_or_update(occurrence)
    if not found:
        raise TripError(f"{invitation.name}: no VEVENT in it: nothing to import")


def _read(name: str, reader: _Reader, *, expand: bool) -> list[Occurrence]:
    """Every occurrence of a calendar, or one line saying why the invitation cannot be
    read: icalendar and recurring-ical-events raise ValueError (their own errors are
    ValueErrors) on a malformed value or rule, and OverflowError past the years a date
    can hold."""
    try:
        occurrences = list(reader.occurrences(expand=expand))
    except TripError:
        raise
    except (ValueError, OverflowError) as err:
        raise TripError(f"{name}: cannot read the invitation: {err}") from None
    for occurrence in occurrences:
        for moment in (occurrence.start, occurrence.end):
            if not FIRST_YEAR <= moment.year <= LAST_YEAR:
                raise TripError(
                    f"{name}: UID {occurrence.uid}: year {moment.year} is out of the years a"
                    f" trip may hold ({FIRST_YEAR}-{LAST_YEAR})"
                )
    return occurrences


# -- reading the invitation --------------------------------------------------------------


@dataclass
class _Spent:
    """What an invitation's recurring events took of MAX_OCCURRENCES and MAX_REPETITIONS."""

    occurrences: int = 0
    repetitions: int = 0


class _Reader:
    def __init__(self, name: str, calendar: Calendar, editor: Editor, spent: _Spent) -> None:
        self.name = name
        self.spent = spent
        self.calendar = calendar
        self.editor = editor
        self.zones = _zones(name, calendar)
        wr = calendar.get("X-WR-TIMEZONE")
        self.default_iana = str(wr) if wr is not None and _lookup(str(wr)) else None

    def occurrences(self, expand: bool) -> Iterator[Occurrence]:
        """The events, a recurring one as its occurrences (`expand`: not to cancel it)."""
        events = list(self.calendar.walk("VEVENT"))
        for event in events:
            self._check(event)
        series = {self._uid(e) for e in events if expand and ("RRULE" in e or "RDATE" in e)}
        for event in events:
            uid = self._uid(event)
            if uid in series and not self._cancelled(event):
                continue  # expanded below, overrides (RECURRENCE-ID) included
            yield self._occurrence(event, uid, _recurrence_id(event))
        if series:
            yield from self._expand(series)

    def _expand(self, series: set[str]) -> Iterator[Occurrence]:
        import recurring_ical_events

        trip = self.editor.trip
        if trip.start is None or trip.end is None:
            raise TripError(
                f"{self.name}: a recurring event (UID {sorted(series)[0]}): the trip has no"
                " start and end dates to bound its occurrences"
            )
        # The trip's dates are within the years a trip holds (the loader's), and so is this.
        first = datetime.combine(trip.start - timedelta(days=1), time())
        end = datetime.combine(trip.end + timedelta(days=2), time())
        self._bound(series, end)
        query = recurring_ical_events.of(self.calendar)
        seen: set[tuple[str, str]] = set()
        # The trip's dates in pieces, each occurrence in start order: the walk stops at the
        # first piece past the cap. (`after` walked a long event's span in 15 minutes
        # steps to year 9999, finding it again in each.)
        step = max((end - first) / PIECES, timedelta(days=1))
        at = first
        while at < end:
            found = query.between(at, min(at + step, end))
            at += step
            for event in sorted(found, key=_start_order):
                uid = self._uid(event)
                if uid not in series or self._cancelled(event):
                    continue  # a cancelled occurrence came before, as it is
                stamp = _recurrence_id(event) or _stamp(event)
                if (uid, stamp) in seen:
                    continue  # a long one, in the piece before too
                seen.add((uid, stamp))
                occurrence = self._occurrence(event, uid, stamp)
                if trip.start <= _local_day(occurrence) <= trip.end:
                    self._count(uid)
                    yield occurrence

    def _count(self, uid: str) -> None:
        self.spent.occurrences += 1
        if self.spent.occurrences > MAX_OCCURRENCES:
            raise TripError(
                f"{self.name}: UID {uid}: more than {MAX_OCCURRENCES:,} occurrences within"
                " the trip's dates, the most recurring events of an invitation may add"
            )

    def _bound(self, series: set[str], end: datetime) -> None:
        """Refuse rules that repeat more than MAX_REPETITIONS times before `end`, before
        the library walks them (it walks each from the event's start)."""
        for event in self.calendar.walk("VEVENT"):
            uid = self._uid(event)
            if uid not in series or "RECURRENCE-ID" in event:
                continue
            start = _wall(event.get("DTSTART").dt)
            for rule in _rules(event):
                if _picks_no_day(rule, start):
                    raise TripError(
                        f"{self.name}: UID {uid}: its RRULE {rule.to_ical().decode()} picks"
                        " no day of any year: not a rule of a trip"
                    )
            repeats = sum(_repetitions(rule, start, end) for rule in _rules(event))
            self.spent.repetitions += _rdates(event) + repeats
            if self.spent.repetitions > MAX_REPETITIONS:
                raise TripError(
                    f"{self.name}: UID {uid}: its rules repeat it more than"
                    f" {MAX_REPETITIONS:,} times from {start.date().isoformat()} to the"
                    " trip's end: not an event of a trip"
                )

    def _check(self, event: VEvent) -> None:
        """A VEVENT's properties as RFC 5545 writes them, or one line saying which is not."""
        who = _who(event)
        for key in SINGLE:
            value = event.get(key)
            if isinstance(value, list):
                raise TripError(
                    f"{self.name}: {who}: {key} is given {len(value)} times;"
                    " RFC 5545 allows it once"
                )
        if "DTSTART" not in event:
            raise TripError(f"{self.name}: {who}: no DTSTART: not an event to import")
        for key in ("DTSTART", "DTEND", "RECURRENCE-ID"):
            value = _value(event.get(key))
            if value is not None and not isinstance(value, date):
                kind = _KINDS.get(type(value), "not a date")
                raise TripError(
                    f"{self.name}: {who}: {key} is {kind}: it must be a date or a date-time"
                )
        duration = _value(event.get("DURATION"))
        if duration is not None and not isinstance(duration, timedelta):
            raise TripError(f"{self.name}: {who}: DURATION is no duration")
        for rule in _rules(event):
            _check_rule(self.name, who, rule)

    def _uid(self, event: VEvent) -> str:
        uid = event.get("UID")
        if uid is not None and str(uid).strip():
            return str(uid).strip()
        # No UID (RFC 5545 requires one): the summary and start stand in, so a second
        # import of the same file still finds the entry.
        key = f"{event.get('SUMMARY', '')}\x00{event.get('DTSTART').to_ical()!r}"
        return f"{NO_UID}{zlib.crc32(key.encode()):08x}"

    def _cancelled(self, event: VEvent) -> bool:
        return str(event.get("STATUS", "")).upper() == "CANCELLED"

    def _occurrence(self, event: VEvent, uid: str, recurrence: str | None) -> Occurrence:
        start_prop = event.get("DTSTART")
        if start_prop is None:
            raise TripError(f"{self.name}: UID {uid}: no DTSTART: not an event to import")
        zone = self._zone(start_prop, uid)
        start = self._time(start_prop, zone)
        end = self._end(event, start, zone, uid)
        title = str(event.get("SUMMARY", "")).strip() or "(no title)"
        return Occurrence(
            uid=uid,
            uid_given=not uid.startswith(NO_UID),
            recurrence=recurrence,
            title=title,
            venue=_text(event.get("LOCATION")),
            notes=_text(event.get("DESCRIPTION")),
            cancelled=self._cancelled(event),
            zone=zone,
            start=start,
            end=end,
        )

    def _zone(self, prop: Any, uid: str) -> Zone:
        value = prop.dt
        tzid = prop.params.get("TZID")
        if not isinstance(value, datetime):
            return Zone("date", None, self.default_iana)
        if tzid:
            tzid = str(tzid)
            if tzid in self.zones:
                return self.zones[tzid]
            iana = _iana_name(tzid)
            if iana is None:
                raise TripError(
                    f"{self.name}: UID {uid}: unknown time zone {tzid!r}, and the invitation"
                    " gives no VTIMEZONE for it"
                )
            return Zone(tzid, ZoneInfo(iana), iana)
        if value.tzinfo is not None:
            return Zone("UTC", None, self.default_iana)
        return Zone("floating", None, self.default_iana)

    def _time(self, prop: Any, zone: Zone) -> datetime | date:
        value = prop.dt
        if not isinstance(value, datetime):
            return date(value.year, value.month, value.day)
        wall = value.replace(tzinfo=None, microsecond=0)
        if zone.tz is not None:
            return self._instant(wall, zone)
        if value.tzinfo is not None:
            return value.astimezone(UTC).replace(microsecond=0)
        return wall  # floating: read at the place

    def _instant(self, wall: datetime, zone: Zone) -> datetime:
        """A wall time of the invitation's zone, by RFC 5545's rule for gaps and folds."""
        assert zone.tz is not None
        if isinstance(zone.tz, ZoneInfo):
            resolved = resolve_local(wall, zone.tz)
            if resolved.note is not None:
                self.editor.notes.append(
                    gap_or_fold(wall, resolved.instant, resolved.note, zone.tz)
                )
            return resolved.instant
        moment = wall.replace(tzinfo=zone.tz, fold=0)
        if zone.iana is not None:
            named = resolve_local(wall, ZoneInfo(zone.iana)).instant.astimezone(ZoneInfo(zone.iana))
            if named.utcoffset() != moment.utcoffset():
                self._disagree(wall, zone, moment, named)
        return moment.astimezone(UTC)

    def _disagree(self, wall: datetime, zone: Zone, theirs: datetime, named: datetime) -> None:
        note = (
            f"the invitation's VTIMEZONE {zone.label!r} puts {wall:%Y-%m-%d %H:%M} at"
            f" {words.utc_offset(_offset(theirs))}, where {zone.iana} is at"
            f" {words.utc_offset(_offset(named))}:"
            " read by the VTIMEZONE, as RFC 5545 says"
        )
        if note not in self.editor.notes:
            self.editor.notes.append(note)

    def _end(self, event: VEvent, start: datetime | date, zone: Zone, uid: str) -> datetime | date:
        end_prop = event.get("DTEND")
        if end_prop is not None:
            end = self._time(end_prop, self._zone(end_prop, uid))
            if isinstance(end, datetime) != isinstance(start, datetime) or (
                isinstance(end, datetime) and (end.tzinfo is None) != (_naive(start))
            ):
                raise TripError(f"{self.name}: UID {uid}: DTSTART and DTEND are of two kinds")
            return end
        duration = event.get("DURATION")
        span: timedelta = duration.dt if duration is not None else timedelta(0)
        if not isinstance(start, datetime):
            return start + (span if span.days else timedelta(days=1))  # RFC 5545: one day
        if duration is None:
            raise TripError(f"{self.name}: UID {uid}: no DTEND or DURATION: an entry needs an end")
        # RFC 5545 3.3.6: days are nominal (a wall-clock day), hours and less exact.
        days, rest = timedelta(days=span.days), span - timedelta(days=span.days)
        if zone.tz is not None and days:
            wall = start.astimezone(zone.tz).replace(tzinfo=None) + days
            return self._instant(wall, zone) + rest
        return start + span


def _zones(name: str, calendar: Calendar) -> dict[str, Zone]:
    """Each VTIMEZONE's TZID -> the zone that reads it (see the module's docstring)."""
    zones: dict[str, Zone] = {}
    for component in calendar.walk("VTIMEZONE"):
        tzid = str(component.get("TZID", ""))
        if _lookup(tzid):
            zones[tzid] = Zone(tzid, ZoneInfo(tzid), tzid)
            continue
        iana = _iana_name(tzid)
        try:
            tz = component.to_tz(lookup_tzid=False)  # type: ignore[attr-defined]  # not cached
        except (ValueError, KeyError, TypeError, IndexError):
            tz = ZoneInfo(iana) if iana else None
        if tz is not None:
            zones[tzid] = Zone(tzid, tz, iana)
    return zones


def _check_zones(name: str, components: Sequence[VEvent]) -> None:
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
        for rule in _rules(part):
            _check_rule(name, f"VTIMEZONE {tzid!r}", rule)
            freq = _freq(rule)
            if freq in _SUB_DAILY:
                raise TripError(
                    f"{name}: VTIMEZONE {tzid!r}: its {part.name} rule repeats"
                    f" {freq.lower()} (RRULE FREQ={freq}); a zone's clock changes a few"
                    " times a year"
                )
            changes += _repetitions(rule, _wall(start.dt), end)
        changes += 1 + _rdates(part)
        if changes > MAX_ZONE_CHANGES:
            raise TripError(
                f"{name}: VTIMEZONE {tzid!r}: more than {MAX_ZONE_CHANGES:,} clock changes"
                f" before {LAST_YEAR + 1}: not a time zone"
            )


def _iana_name(tzid: str) -> str | None:
    """An IANA name for a TZID: itself, a Windows name by CLDR's table (as icalendar ships
    it), or the tail of a globally unique TZID (`/mozilla.org/20070129_1/Europe/Berlin`)."""
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    name = tzid.strip().strip('"')
    if _lookup(name):
        return name
    mapped = WINDOWS_TO_OLSON.get(name)
    if mapped and _lookup(mapped):
        return mapped
    parts = name.strip("/").split("/")
    for first in range(1, len(parts)):
        tail = "/".join(parts[first:])
        if _lookup(tail):
            return tail
    return None


def _lookup(name: str) -> bool:
    from tripplan.load import lookup_zone

    return lookup_zone(name) is not None


def _rules(component: VEvent) -> list[Any]:
    """A component's RRULEs (icalendar gives one, or a list of several)."""
    rules = component.get("RRULE")
    return [] if rules is None else rules if isinstance(rules, list) else [rules]


def _rdates(component: VEvent) -> int:
    """How many dates a component's RDATE properties name."""
    rdates = component.get("RDATE")
    found = 0
    for prop in [] if rdates is None else rdates if isinstance(rdates, list) else [rdates]:
        found += len(getattr(prop, "dts", ())) or 1
    return found


def _freq(rule: Any) -> str | None:
    freq = rule.get("FREQ") if hasattr(rule, "get") else None
    return str(freq[0]).upper() if freq else None


def _check_rule(name: str, who: str, rule: Any) -> None:
    """An RRULE's INTERVAL and COUNT are positive (a zero INTERVAL never moves on)."""
    for part in ("INTERVAL", "COUNT"):
        values = rule.get(part) if hasattr(rule, "get") else None
        if values and not (isinstance(values[0], int) and values[0] > 0):
            raise TripError(
                f"{name}: {who}: RRULE {part}={values[0]}: it must be a positive number"
            )


def _repetitions(rule: Any, start: datetime, end: datetime) -> int:
    """At most how many times `rule` repeats from `start` to `end`: its periods (each a
    step of the walk, even when its BY parts leave nothing in it) times what each may
    hold, or its COUNT. A rule the library cannot read is left to say so itself."""
    freq = _freq(rule)
    if freq is None or end < start:
        return 0
    interval = (rule.get("INTERVAL") or [1])[0]
    until = rule.get("UNTIL")
    if until and isinstance(until[0], date):
        end = min(end, _wall(until[0]))
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


def _picks_no_day(rule: Any, start: datetime) -> bool:
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


def _who(event: VEvent) -> str:
    """How a line names an event: its UID, or its want of one."""
    uid = event.get("UID")
    if isinstance(uid, list):
        uid = uid[0]
    return (
        f"UID {str(uid).strip()}"
        if uid is not None and str(uid).strip()
        else "a VEVENT with no UID"
    )


_KINDS = {
    tuple: "a period (VALUE=PERIOD)",
    time: "a time of day (VALUE=TIME)",
    timedelta: "a duration",
}


def _value(prop: Any) -> Any:
    """A date-like property's value (a broken one raises ValueError, said by _read)."""
    return None if prop is None else prop.dt


def _wall(value: date) -> datetime:
    """A date or date-time as a wall time, to count a rule's periods by."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return datetime.combine(value, time())


def _start_order(event: VEvent) -> datetime:
    """An occurrence's start, to sort by: an instant in UTC, or a wall time or a date."""
    value = event.get("DTSTART").dt
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return _wall(value)


def _recurrence_id(event: VEvent) -> str | None:
    prop = event.get("RECURRENCE-ID")
    return None if prop is None else _iso(prop.dt)


def _stamp(event: VEvent) -> str:
    return _iso(event.get("DTSTART").dt)


def _iso(value: datetime | date) -> str:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def _local_day(occurrence: Occurrence) -> date:
    start = occurrence.start
    if not isinstance(start, datetime):
        return start
    if start.tzinfo is None or occurrence.zone.tz is None:
        return start.date()
    return start.astimezone(occurrence.zone.tz).date()


def _naive(value: datetime | date) -> bool:
    return isinstance(value, datetime) and value.tzinfo is None


def _text(prop: Any) -> str | None:
    text = str(prop).strip() if prop is not None else ""
    return text or None


# -- writing it into the trip --------------------------------------------------------------


class _Importer:
    def __init__(self, editor: Editor, name: str, place: str | None) -> None:
        self.editor, self.name, self.place_option = editor, name, place

    def add_or_update(self, occurrence: Occurrence) -> None:
        place = self._place(occurrence)
        ident = _matching_id(self.editor, occurrence)
        if ident is None:
            self._note_namesake(occurrence)
            self._add(occurrence, place)
            return
        entry = self.editor.entry(ident)
        if not isinstance(entry, Event) or entry.all_day != _all_day(occurrence):
            self.editor.cancel(ident)  # a leg, or all-day become timed: written anew
            self._add(occurrence, place, ident)
            return
        self._update(entry, occurrence, place)

    def _add(self, occurrence: Occurrence, place: Place, ident: str | None = None) -> None:
        editor = self.editor
        spec: dict[str, Any] = {}
        if ident is None:
            ident = _id_for(editor, occurrence)
        spec["id"] = ident
        spec["title"] = occurrence.title
        spec["place"] = place.id
        spec.update(self._times(occurrence, place))
        if occurrence.venue:
            spec["venue"] = occurrence.venue
        if occurrence.notes:
            spec["notes"] = occurrence.notes
        spec[UID_KEY] = occurrence.uid
        if occurrence.recurrence is not None:
            spec[RECURRENCE_KEY] = occurrence.recurrence
        editor.add_entry("events", spec, f"imported event {ident!r}: {_when(occurrence, place)}")

    def _note_namesake(self, occurrence: Occurrence) -> None:
        """An entry whose id is the UID, but which no import made (no `uid`), is the
        traveller's own: it is kept, and the event added beside it, as they are told."""
        if occurrence.recurrence is None and any(
            raw.get("id") == occurrence.uid for raw in _raw(self.editor)
        ):
            self.editor.notes.append(
                f"UID {occurrence.uid}: the entry of that id has no `uid` key, so it is not"
                " this invitation's: it is kept, and the event added beside it (if it was"
                f" imported by an earlier tripplan, give it uid = {occurrence.uid!r}"
                " and cancel the new one)"
            )

    def _times(self, occurrence: Occurrence, place: Place) -> dict[str, Any]:
        start, end = occurrence.start, occurrence.end
        if not isinstance(start, datetime) or not isinstance(end, datetime):
            last = max(start, end - timedelta(days=1))
            values = {"start": toml_value(start.isoformat())}
            if last != start:
                values["end"] = toml_value(last.isoformat())
            return values
        if start.tzinfo is None:  # floating: the wall time, at the place
            return {
                "start": toml_value(start.isoformat(timespec="seconds")),
                "end": toml_value(end.isoformat(timespec="seconds")),
            }
        return {
            "start": self.editor.local_value(start, place.zone),
            "end": self.editor.local_value(end, place.zone),
        }

    def _update(self, entry: Event, occurrence: Occurrence, place: Place) -> None:
        editor = self.editor
        before = len(editor.done)
        if entry.place.id != place.id:
            editor.set_value(entry.id, "place", place.id)
        for key, value in (
            ("title", occurrence.title),
            ("venue", occurrence.venue or ""),
            ("notes", occurrence.notes or ""),
        ):
            if (getattr(entry, key) or "") != value:
                editor.set_value(entry.id, key, value)
        now = editor.entry(entry.id)  # as the edits above left it
        start, end = _instants(occurrence, place)
        if (start, end) == (now.start, now.end):
            pass
        elif isinstance(start, datetime) and isinstance(end, datetime):
            editor.retime(now, start, end)
            editor.done[-1] = f"moved event {now.id!r} to {clock(start, place.zone)}"
        else:
            editor.cancel(now.id)
            self._add(occurrence, place, now.id)
        if len(editor.done) == before:
            editor.done.append(f"event {entry.id!r} is up to date")

    def _place(self, occurrence: Occurrence) -> Place:
        editor = self.editor
        if self.place_option is not None:
            return editor.place(self.place_option, "--place")
        zone = occurrence.zone
        places = list(editor.trip.places.values())
        named = [p for p in places if zone.iana is not None and p.tz == zone.iana]
        if len(named) == 1:
            return named[0]
        candidates = named or self._same_clock(occurrence, places)
        listing = ", ".join(f"{p.id} ({p.tz})" for p in places) or "none"
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            several = ", ".join(p.id for p in candidates)
            raise TripError(
                f"{self.name}: UID {occurrence.uid}: its zone {zone.label} fits several places"
                f" ({several}): give --place ID"
            )
        if zone.tz is None and zone.iana is None:
            found = self._where_trip_is(occurrence)
            if found is not None:
                editor.notes.append(
                    f"UID {occurrence.uid}: {zone.label} times name no zone: placed at"
                    f" {found.name}, where the trip is then (--place chooses another)"
                )
                return found
            what = {"UTC": "UTC times", "floating": "floating times", "date": "all-day dates"}
            raise TripError(
                f"{self.name}: UID {occurrence.uid}: {what[zone.label]} name no zone:"
                f" give --place ID (places: {listing})"
            )
        raise TripError(
            f"{self.name}: UID {occurrence.uid}: its zone {zone.label}"
            f"{f' ({zone.iana})' if zone.iana and zone.iana != zone.label else ''}"
            f" is the zone of no place of the trip (places: {listing}): give --place ID,"
            " or add the place first (tripplan add place)"
        )

    def _where_trip_is(self, occurrence: Occurrence) -> Place | None:
        """For times with no zone: where the trip is then, by its travel legs (the last
        arrival before, or the first departure); with no legs, its one place."""
        start = occurrence.start
        if not isinstance(start, datetime):
            return None  # a date says no instant: --place
        instant = start if start.tzinfo is not None else start.replace(tzinfo=UTC)
        legs = sorted(
            (e for e in self.editor.trip.entries if isinstance(e, Travel)), key=lambda e: e.end
        )
        arrived = [leg for leg in legs if leg.end <= instant]
        if arrived:
            return arrived[-1].destination
        if legs:
            return min(legs, key=lambda e: e.start).origin
        places = list(self.editor.trip.places.values())
        return places[0] if len(places) == 1 else None

    def _same_clock(self, occurrence: Occurrence, places: list[Place]) -> list[Place]:
        """Places whose clock shows the zone's offset at the event's start and end."""
        tz = occurrence.zone.tz
        if tz is None and occurrence.zone.iana is not None:
            tz = ZoneInfo(occurrence.zone.iana)
        start, end = occurrence.start, occurrence.end
        if tz is None or not isinstance(start, datetime) or not isinstance(end, datetime):
            return []
        if start.tzinfo is None:  # floating, read in the X-WR-TIMEZONE
            return []
        moments = (start, end)
        return [
            p
            for p in places
            if all(
                m.astimezone(p.zone).utcoffset() == m.astimezone(tz).utcoffset() for m in moments
            )
        ]


def _all_day(occurrence: Occurrence) -> bool:
    return not isinstance(occurrence.start, datetime)


def _instants(occurrence: Occurrence, place: Place) -> tuple[datetime | date, datetime | date]:
    """The occurrence's start and end as the loader will hold them (end inclusive for dates)."""
    start, end = occurrence.start, occurrence.end
    if not isinstance(start, datetime) or not isinstance(end, datetime):
        return start, max(start, end - timedelta(days=1))
    if start.tzinfo is None:
        return (
            resolve_local(start, place.zone).instant,
            resolve_local(end, place.zone).instant,
        )
    return start, end


def _raw(editor: Editor) -> Iterator[dict[str, Any]]:
    for table in ("events", "travel"):
        yield from editor.raw_entries(table)


def _imported_as(raw: dict[str, Any], uid: str) -> bool:
    """Whether an entry was imported with this UID: `uid`, or an earlier version's `x-uid`
    (never its id: a hand-written entry may have any id)."""
    return raw.get(UID_KEY, raw.get(OLD_UID_KEY)) == uid


def _matching_id(editor: Editor, occurrence: Occurrence) -> str | None:
    """The entry this occurrence was imported as before, if any."""
    for raw in _raw(editor):
        if _imported_as(raw, occurrence.uid) and (raw.get(RECURRENCE_KEY) == occurrence.recurrence):
            return str(raw.get("id"))
    return None


def _id_for(editor: Editor, occurrence: Occurrence) -> str:
    if occurrence.recurrence is None:
        if occurrence.uid_given and valid_id(occurrence.uid) and not editor.taken(occurrence.uid):
            return occurrence.uid
        return editor.new_id(occurrence.title, "event")
    day = occurrence.recurrence[:10].replace("-", "")
    given = occurrence.uid_given and valid_id(f"{occurrence.uid}-{day}")
    base = occurrence.uid if given else None
    ident = f"{base}-{day}" if base else editor.new_id(f"{occurrence.title} {day}", "event")
    n = 1
    candidate = ident
    while editor.taken(candidate):
        n += 1
        candidate = f"{ident}-{n}"
    return candidate


def _cancel(editor: Editor, occurrence: Occurrence) -> None:
    matches = [
        str(raw.get("id"))
        for raw in _raw(editor)
        if _imported_as(raw, occurrence.uid)
        and occurrence.recurrence in (None, raw.get(RECURRENCE_KEY))
    ]
    if not matches:
        editor.notes.append(
            f"the invitation cancels UID {occurrence.uid}, which no entry of the trip has:"
            " nothing to cancel"
        )
    for ident in matches:
        editor.cancel(ident)


def _when(occurrence: Occurrence, place: Place) -> str:
    start = occurrence.start
    if not isinstance(start, datetime):
        return f"{occurrence.title!r} at {place.name}, {start}"
    instant = start if start.tzinfo else resolve_local(start, place.zone).instant
    return f"{occurrence.title!r} at {place.name}, {clock(instant, place.zone)}"


def _offset(moment: datetime) -> timedelta:
    return moment.utcoffset() or timedelta(0)
