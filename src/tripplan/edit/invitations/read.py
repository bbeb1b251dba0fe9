"""An invitation's file read and parsed into its calendars (every VTIMEZONE bounded
before a time is read), and the zone that reads each TZID."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import tzinfo
from typing import TYPE_CHECKING, BinaryIO
from zoneinfo import ZoneInfo

from tripplan.edit.invitations.bounds import check_zones
from tripplan.errors import TripError
from tripplan.fileio import read_input

if TYPE_CHECKING:
    from icalendar import Calendar

MAX_INVITATION_BYTES = 10 * 1024 * 1024  # a season of invitations is far smaller


@dataclass(frozen=True, slots=True)
class Zone:
    """An invitation's zone: what reads its wall times, and its IANA name if it has one."""

    label: str  # as the invitation names it: a TZID, "UTC", "floating"
    tz: tzinfo | None  # None: UTC instants, or floating times
    iana: str | None


@dataclass(frozen=True, slots=True)
class Invitation:
    name: str
    calendars: tuple[Calendar, ...]


def read_invitation(path: str, stdin: BinaryIO | None = None) -> Invitation:
    """Read and parse an .ics file (`-`: standard input); refused with one clear line."""
    from icalendar import Calendar, use_zoneinfo

    name = "<stdin>" if path == "-" else path
    data = read_input(path, MAX_INVITATION_BYTES, "an invitation", stdin)
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
    check_zones(name, calendars)
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


def zone_table(name: str, calendar: Calendar) -> dict[str, Zone]:
    """Each VTIMEZONE's TZID -> the zone that reads it (see the module's docstring)."""
    zones: dict[str, Zone] = {}
    for component in calendar.walk("VTIMEZONE"):
        tzid = str(component.get("TZID", ""))
        if known_zone(tzid):
            zones[tzid] = Zone(tzid, ZoneInfo(tzid), tzid)
            continue
        iana = iana_name(tzid)
        try:
            tz = component.to_tz(lookup_tzid=False)  # type: ignore[attr-defined]  # not cached
        except (ValueError, KeyError, TypeError, IndexError):
            tz = ZoneInfo(iana) if iana else None
        if tz is not None:
            zones[tzid] = Zone(tzid, tz, iana)
    return zones


def iana_name(tzid: str) -> str | None:
    """An IANA name for a TZID: itself, a Windows name by CLDR's table (as icalendar ships
    it), or the tail of a globally unique TZID (`/mozilla.org/20070129_1/Europe/Berlin`)."""
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    name = tzid.strip().strip('"')
    if known_zone(name):
        return name
    mapped = WINDOWS_TO_OLSON.get(name)
    if mapped and known_zone(mapped):
        return mapped
    parts = name.strip("/").split("/")
    for first in range(1, len(parts)):
        tail = "/".join(parts[first:])
        if known_zone(tail):
            return tail
    return None


def known_zone(name: str) -> bool:
    from tripplan.load import lookup_zone

    return lookup_zone(name) is not None
