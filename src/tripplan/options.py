"""What a command's options name, turned into the trip's values in one place: a zone (`--tz`:
a zone, a place or `home`), a traveller (`--who`), a date (`--day`) and a range of dates
(`--from`, `--to`). Every command (the views, the staff questions, the edits, the pictures)
and every library function that takes these asks here, so one mistake reads the same
everywhere.

The errors are `OptionError`s that name the library's parameter (`zone`, `who`, `day`,
`first`, `last`) and no flag: a library caller reads the keyword it used, and the CLI words
each with its flag (`--tz`, `--who`, `--from`: tripplan.cli.flag_of). The three whose CLI
wording is not "flag: message" are their own classes (`NotADate`, `DayAndRange`,
`ReversedRange`, `NeedsZone`), so that the CLI words them from their values.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, NamedTuple
from zoneinfo import ZoneInfo

from tripplan.errors import OptionError

if TYPE_CHECKING:
    from tripplan.model import Trip

# What a library caller may give for a zone: its name (an IANA name, a place id of the
# trip, or "home") or the zone itself.
ZoneLike = ZoneInfo | str | None
DateLike = date | str | None


def select_zone(trip: Trip, name: ZoneLike) -> ZoneInfo | None:
    """A zone option (`--tz`): an IANA name, a place id of the trip, or `home`; a ZoneInfo
    is itself, and None is none given. A misspelt zone gets the suggestion a zone misspelt
    in the file gets; anything else is refused at once."""
    if name is None or isinstance(name, ZoneInfo):
        return name
    if not isinstance(name, str):
        raise OptionError(
            "zone", f"{name!r} is not a zone (a ZoneInfo, an IANA name, a place id or home)"
        )
    from tripplan.load import lookup_zone, zone_hint

    if name == "home":
        if trip.home is None:
            raise OptionError("zone", "home: the trip has no `home` place")
        return trip.home.zone
    if name in trip.places:
        return trip.places[name].zone
    zone = lookup_zone(name)
    if zone is None:
        hint = zone_hint(name)
        raise OptionError(
            "zone", f"unknown time zone {name!r}{hint} (an IANA name, a place id or home)"
        )
    return zone


def check_who(trip: Trip, who: str | None) -> None:
    """A traveller option (`--who`): a traveller the trip names."""
    check_traveller(trip.travellers, who, "the trip names none")


def chosen_travellers(trip: Trip, who: Sequence[str] | None) -> list[str] | None:
    """Travellers an import's entries are for (`--who`, repeated): each one the trip
    names, in the trip's order; None when none are given."""
    if not who:
        return None
    for name in who:
        check_who(trip, name)
    return [name for name in trip.travellers if name in who]


def view_options(
    trip: Trip, zone: ZoneLike, day: DateLike, who: str | None
) -> tuple[ZoneInfo | None, date | None]:
    """The views' options (`Filters`: zone, day, who) as the trip's values: the zone shown
    and the day, each as a caller naturally gives it (a zone's name, an ISO date)."""
    check_who(trip, who)
    return select_zone(trip, zone), parse_date(day, "day")


def check_traveller(travellers: Collection[str], who: str | None, none: str) -> None:
    """`who` is one of `travellers`; `none` says what an empty list means (the trip names
    none, the trips name none)."""
    if who is not None and who not in travellers:
        known = ", ".join(travellers) or none
        raise OptionError("who", f"unknown traveller {who!r} (travellers: {known})")


class NeedsZone(OptionError):
    """A wall time (no offset) with no zone to read it in: the trip has no home place."""

    def __init__(self, option: str, text: object) -> None:
        self.text = text
        super().__init__(
            option, f"{text!r} has no offset and the trip has no home place: give a zone"
        )


class NotADate(OptionError):
    """A date option that is no ISO date (`--day 16nov`)."""

    def __init__(self, option: str, text: object) -> None:
        self.text = text
        super().__init__(option, f"{text!r} is not a date like 2010-11-16")


class DayAndRange(OptionError):
    """One day and a range of dates given together."""

    def __init__(self) -> None:
        super().__init__("day", "give a day, or a first and last date, not both")


class ReversedRange(OptionError):
    """A range whose last date is before its first."""

    def __init__(self, first: date, last: date) -> None:
        self.first, self.last = first, last
        super().__init__("last", f"{last} is before the first date, {first}")


def parse_date(value: DateLike, option: str = "day") -> date | None:
    """A date option: a date, its ISO text (2010-11-16), or None.

    >>> parse_date("2010-11-16"), parse_date(None)
    (datetime.date(2010, 11, 16), None)
    >>> parse_date("16 Nov")
    Traceback (most recent call last):
    tripplan.options.NotADate: day: '16 Nov' is not a date like 2010-11-16
    """
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise NotADate(option, value)


class Dates(NamedTuple):
    """The first and last local dates asked for; either end open (None)."""

    first: date | None
    last: date | None


def date_range(day: DateLike = None, first: DateLike = None, last: DateLike = None) -> Dates:
    """One `day`, or `first`..`last` (`--day`, or `--from`/`--to`): the dates asked for.

    >>> date_range("2010-11-16")
    Dates(first=datetime.date(2010, 11, 16), last=datetime.date(2010, 11, 16))
    >>> date_range(first="2010-11-18", last="2010-11-17")
    Traceback (most recent call last):
    tripplan.options.ReversedRange: last: 2010-11-17 is before the first date, 2010-11-18
    """
    if day is not None:
        if first is not None or last is not None:
            raise DayAndRange
        one = parse_date(day, "day")
        return Dates(one, one)
    since, until = parse_date(first, "first"), parse_date(last, "last")
    if since and until and until < since:
        raise ReversedRange(since, until)
    return Dates(since, until)
