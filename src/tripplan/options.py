"""What a command's options name, turned into the trip's values in one place: `--tz` (a
zone, a place or `home`) and `--who` (a traveller). Every command (the views, the staff
questions, the edits, the pictures) asks here, so one mistake reads the same everywhere.

The errors are `OptionError`s that name the library's parameter (`zone`, `who`) and no
flag: a library caller reads the keyword it used, and the CLI words each with its flag
(`--tz`, `--who`: tripplan.cli.flag_of).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tripplan.errors import OptionError

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from tripplan.model import Trip


def select_zone(trip: Trip, name: str | None) -> ZoneInfo | None:
    """A zone option (`--tz`): an IANA name, a place id of the trip, or `home`; None for none given.
    A misspelt zone gets the suggestion a zone misspelt in the file gets."""
    from tripplan.load import lookup_zone, zone_hint

    if name is None:
        return None
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
    if who is not None and who not in trip.travellers:
        known = ", ".join(trip.travellers) or "the trip names none"
        raise OptionError("who", f"unknown traveller {who!r} (travellers: {known})")
