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
- the UID is the entry's id where it is a valid id (editor.valid_id); otherwise the id is
  made from the title and the UID kept in `x-uid`. An entry with that id or `x-uid` is the
  same event: importing again updates it (a new time moves it), never adds it twice;
- METHOD:CANCEL (or STATUS:CANCELLED) cancels the matching entry;
- a recurring event (RRULE, RDATE) becomes one entry per occurrence within the trip's
  dates (expanded by recurring-ical-events: EXDATE and moved occurrences included), each
  with `x-uid` and `x-recurrence-id`.
"""

from __future__ import annotations

import warnings
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
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
UID_KEY, RECURRENCE_KEY = "x-uid", "x-recurrence-id"
NO_UID = "no-uid-"


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

    from icalendar import Calendar

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
            calendars = Calendar.from_ical(data, multiple=True)
    except (ValueError, KeyError, IndexError, TypeError) as err:
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise TripError(f"{name}: not an iCalendar file: {reason}") from None
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
    for calendar in invitation.calendars:
        method = str(calendar.get("METHOD", "")).upper()
        reader = _Reader(invitation.name, calendar, editor)
        for occurrence in _read(invitation.name, reader, expand=method != "CANCEL"):
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


class _Reader:
    def __init__(self, name: str, calendar: Calendar, editor: Editor) -> None:
        self.name = name
        self.calendar = calendar
        self.editor = editor
        self.zones = _zones(calendar)
        wr = calendar.get("X-WR-TIMEZONE")
        self.default_iana = str(wr) if wr is not None and _lookup(str(wr)) else None

    def occurrences(self, expand: bool) -> Iterator[Occurrence]:
        """The events, a recurring one as its occurrences (`expand`: not to cancel it)."""
        events = list(self.calendar.walk("VEVENT"))
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
        window = (trip.start - timedelta(days=1), trip.end + timedelta(days=2))
        for event in recurring_ical_events.of(self.calendar).between(*window):
            uid = self._uid(event)
            if uid not in series or self._cancelled(event):
                continue  # a cancelled occurrence came before, as it is
            occurrence = self._occurrence(event, uid, _recurrence_id(event) or _stamp(event))
            if trip.start <= _local_day(occurrence) <= trip.end:
                yield occurrence

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


def _zones(calendar: Calendar) -> dict[str, Zone]:
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
        if ident != occurrence.uid:
            spec[UID_KEY] = occurrence.uid
        if occurrence.recurrence is not None:
            spec[RECURRENCE_KEY] = occurrence.recurrence
        editor.add_entry("events", spec, f"imported event {ident!r}: {_when(occurrence, place)}")

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


def _matching_id(editor: Editor, occurrence: Occurrence) -> str | None:
    """The entry this occurrence was imported as before, if any."""
    for table in ("events", "travel"):
        for raw in editor.raw_entries(table):
            if occurrence.recurrence is not None:
                if raw.get(UID_KEY) == occurrence.uid and (
                    raw.get(RECURRENCE_KEY) == occurrence.recurrence
                ):
                    return str(raw.get("id"))
                continue
            if raw.get(RECURRENCE_KEY) is not None:
                continue
            if raw.get("id") == occurrence.uid or raw.get(UID_KEY) == occurrence.uid:
                return str(raw.get("id", occurrence.uid))
    return None


def _id_for(editor: Editor, occurrence: Occurrence) -> str:
    taken = {entry.id for entry in editor.trip.entries}
    if occurrence.recurrence is None:
        if occurrence.uid_given and valid_id(occurrence.uid) and occurrence.uid not in taken:
            return occurrence.uid
        return editor.new_id(occurrence.title, "event")
    day = occurrence.recurrence[:10].replace("-", "")
    given = occurrence.uid_given and valid_id(f"{occurrence.uid}-{day}")
    base = occurrence.uid if given else None
    ident = f"{base}-{day}" if base else editor.new_id(f"{occurrence.title} {day}", "event")
    n = 1
    candidate = ident
    while candidate in taken:
        n += 1
        candidate = f"{ident}-{n}"
    return candidate


def _cancel(editor: Editor, occurrence: Occurrence) -> None:
    matches: list[str] = []
    for table in ("events", "travel"):
        for raw in editor.raw_entries(table):
            same = raw.get("id") == occurrence.uid or raw.get(UID_KEY) == occurrence.uid
            if same and occurrence.recurrence in (None, raw.get(RECURRENCE_KEY)):
                matches.append(str(raw.get("id")))
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
