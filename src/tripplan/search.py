"""`search`: the entries whose texts contain what a person typed (shared/spec/cli.md,
"Every change by command"): id, title, venue, notes and a booking's confirmation, or
whichever keys fields.py marks `searched` (a lodging's address, once it is declared so).

Texts are compared Unicode-folded: NFKC, so a Hangul syllable typed in jamo or a full-width
letter matches as it reads, then case-folded, so `STRASSE` finds "Straße"."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Sequence

from tripplan import fields
from tripplan.model import AnyEntry, Trip
from tripplan.options import ZoneLike, check_traveller, view_options
from tripplan.views import Itinerary, make_row

__all__ = ["fold", "matches", "search", "search_trips"]


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


def search(trip: Trip, text: str, *, zone: ZoneLike = None, who: str | None = None) -> Itinerary:
    """The entries of the trip that contain `text`, in time order, as itinerary rows on their
    own clocks, or in `zone` (a zone's name, a place id or home, as the views take it), of
    `who` only when given (no clock-change rows: a search lists entries). Empty text
    matches nothing."""
    shown, _ = view_options(trip, zone, None, who)
    folded = fold(text)
    found: Iterable[AnyEntry] = (
        e for e in trip.entries if folded and (who is None or who in e.who) and matches(e, folded)
    )
    rows = [make_row(trip, entry, shown) for entry in found]
    return Itinerary(trip, list(rows), shown, [])


def search_trips(
    trips: Sequence[Trip], text: str, *, zone: ZoneLike = None, who: str | None = None
) -> list[Itinerary]:
    """`search` of each trip, in the order given. As `where` reads several files: `who`
    need be a traveller of one of them (a file that does not name them has no entry of
    theirs: its itinerary is empty), a place id as `zone` is the first file's that has
    the place, and `home` is each trip's own home."""
    if len(trips) == 1:
        return [search(trips[0], text, zone=zone, who=who)]
    check_traveller(
        {name: None for t in trips for name in t.travellers}, who, "the trips name none"
    )
    if isinstance(zone, str) and zone != "home":
        zone = next((t.places[zone].zone for t in trips if zone in t.places), zone)
    return [
        search(trip, text, zone=zone, who=who)
        if who is None or who in trip.travellers
        else Itinerary(trip, [], None, [])
        for trip in trips
    ]
