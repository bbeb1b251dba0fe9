"""`search`: the entries whose texts contain what a person typed (shared/spec/cli.md,
"Every change by command"): id, title, venue, notes and a booking's confirmation, or
whichever keys fields.py marks `searched`.

Texts are compared Unicode-folded: NFKC, so a Hangul syllable typed in jamo or a full-width
letter matches as it reads, then case-folded, so `STRASSE` finds "Straße"."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator

from tripplan import fields
from tripplan.model import AnyEntry, Trip
from tripplan.views import Itinerary, make_row

__all__ = ["fold", "matches", "search"]


def fold(text: str) -> str:
    """Text as search compares it.

    >>> fold("Straße") == fold("STRASSE"), fold("\uff2b\uff25017") == fold("ke017")
    (True, True)
    """
    return unicodedata.normalize("NFKC", text).casefold()


def _texts(entry: AnyEntry) -> Iterator[str]:
    for key in fields.entry_table(entry.table).keys:
        if key.searched:
            value = fields.value_of(entry, key)
            if isinstance(value, str):
                yield value


def matches(entry: AnyEntry, folded: str) -> bool:
    """Whether one of the entry's searched texts contains `folded` (a `fold`ed text)."""
    return any(folded in fold(text) for text in _texts(entry))


def search(trip: Trip, text: str) -> Itinerary:
    """The entries of the trip that contain `text`, in time order, as itinerary rows on their
    own clocks (no clock-change rows: a search lists entries). Empty text matches nothing."""
    folded = fold(text)
    found: Iterable[AnyEntry] = (e for e in trip.entries if folded and matches(e, folded))
    rows = [make_row(trip, entry, None) for entry in found]
    return Itinerary(trip, list(rows), None, [])
