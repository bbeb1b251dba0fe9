"""A calendar's VEVENTs read into occurrences: each property checked as RFC 5545 writes
it, each time read in its zone, a recurring event expanded within the trip's dates once
its rules are bounded. Nothing here edits the trip (apply.py does)."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from tripplan import words
from tripplan.edit.editor import Editor
from tripplan.edit.invitations.bounds import (
    MAX_OCCURRENCES,
    MAX_REPETITIONS,
    Spent,
    check_rule,
    picks_no_day,
    rdate_count,
    repetitions,
    rules_of,
    wall_time,
)
from tripplan.edit.invitations.read import Zone, iana_name, known_zone, zone_table
from tripplan.edit.invitations.revisions import Revision, attendees, read_revision
from tripplan.edit.times import gap_or_fold
from tripplan.errors import TripError
from tripplan.lang import _
from tripplan.load import FIRST_YEAR, LAST_YEAR
from tripplan.timing import resolve_local

if TYPE_CHECKING:
    from icalendar import Calendar
    from icalendar.cal import Component as VEvent

PIECES = 32
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
    "SEQUENCE",
    "DTSTAMP",
)


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
    revision: Revision  # SEQUENCE and DTSTAMP (revisions.py)
    attendees: frozenset[str]  # ATTENDEE addresses, case-folded


def read_occurrences(name: str, reader: Reader, *, expand: bool) -> list[Occurrence]:
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
    except (TypeError, IndexError, KeyError) as err:  # a rule the library trips over
        raise TripError(f"{name}: cannot read the invitation: its rules: {err}") from None
    for occurrence in occurrences:
        stamp = occurrence.revision.stamp
        for moment in (occurrence.start, occurrence.end, *([stamp] if stamp else [])):
            if not FIRST_YEAR <= moment.year <= LAST_YEAR:
                raise TripError(
                    f"{name}: UID {occurrence.uid}: year {moment.year} is out of the years a"
                    f" trip may hold ({FIRST_YEAR}-{LAST_YEAR})"
                )
    return occurrences


class Reader:
    def __init__(self, name: str, calendar: Calendar, editor: Editor, spent: Spent) -> None:
        self.name = name
        self.spent = spent
        self.calendar = calendar
        self.editor = editor
        self.zones = zone_table(name, calendar)
        wr = calendar.get("X-WR-TIMEZONE")
        self.default_iana = str(wr) if wr is not None and known_zone(str(wr)) else None

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
            start = wall_time(event.get("DTSTART").dt)
            for rule in rules_of(event):
                if picks_no_day(rule, start):
                    raise TripError(
                        f"{self.name}: UID {uid}: its RRULE {rule.to_ical().decode()} picks"
                        " no day of any year: not a rule of a trip"
                    )
            repeats = sum(repetitions(rule, start, end) for rule in rules_of(event))
            self.spent.repetitions += rdate_count(event) + repeats
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
        for rule in rules_of(event):
            check_rule(self.name, who, rule)

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
            revision=read_revision(self.name, f"UID {uid}", event),
            attendees=attendees(event),
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
            iana = iana_name(tzid)
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
        note = _(
            "the invitation's VTIMEZONE {zone} puts {time} at {offset}, where {iana} is at"
            " {other}: read by the VTIMEZONE, as RFC 5545 says"
        ).format(
            zone=repr(zone.label),
            time=words.day_time(wall, year=True),
            offset=words.utc_offset(_offset(theirs)),
            iana=zone.iana,
            other=words.utc_offset(_offset(named)),
        )
        self.editor.note(note)

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
    """A date-like property's value (a broken one raises ValueError, read_occurrences says it)."""
    return None if prop is None else prop.dt


def _start_order(event: VEvent) -> datetime:
    """An occurrence's start, to sort by: an instant in UTC, or a wall time or a date."""
    value = event.get("DTSTART").dt
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return wall_time(value)


def _recurrence_id(event: VEvent) -> str | None:
    prop = event.get("RECURRENCE-ID")
    return None if prop is None else _iso(prop.dt)


def _stamp(event: VEvent) -> str:
    return _iso(event.get("DTSTART").dt)


def _iso(value: datetime | date) -> str:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return words.utc(value.replace(microsecond=0))
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


def _offset(moment: datetime) -> timedelta:
    return moment.utcoffset() or timedelta(0)
