"""The name every UID tripplan writes ends with (`<id>@<domain>`): the export, the vdir
and push each name a trip's events by it, and push asks it of every entry before it knows
whether any calendar must be made, so it is here and not with icalendar (render/ics.py)."""

from __future__ import annotations

import hashlib
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tripplan.model import Trip

__all__ = ["uid_domain"]


def uid_domain(trip: Trip) -> str:
    """What follows `@` in every UID: the trip's own `[trip] id`, or else a name that
    survives a new title and differs between trips (docs/ics.md, "UIDs").

    A file's fallback is a hash of its absolute path (symbolic links resolved), so it stays
    while the file stays where it is. Standard input has no path: its fallback is a hash of
    the title, which no two trips share unless they are called the same."""
    if trip.id is not None:
        return trip.id
    if trip.file == "<stdin>":
        return f"title-{_digest(trip.title.encode('utf-8', 'surrogatepass'))}.tripplan"
    return f"file-{_digest(os.fsencode(os.path.realpath(trip.file)))}.tripplan"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]
