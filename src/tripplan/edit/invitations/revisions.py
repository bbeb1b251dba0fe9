"""Which of an invitation and an entry is the newer revision, and whom an invitation is for.

RFC 5546 2.1.5 orders the versions of one event by SEQUENCE, then by DTSTAMP: the entry
keeps the revision it was last given (`sequence`, which tripplan's own edits raise, and
`stamp`, the DTSTAMP of the invitation last applied), and an older invitation changes
nothing. Its ATTENDEE addresses name the travellers it is for (`[people.ID] email`).
Nothing here edits the trip (apply.py does)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from tripplan import words
from tripplan.errors import TripError
from tripplan.lang import _
from tripplan.text import clip

if TYPE_CHECKING:
    from icalendar.cal import Component as VEvent

    from tripplan.model import AnyEntry, Trip

# RFC 5545 3.3.8: an INTEGER is at most 2147483647; SEQUENCE counts from 0 (3.8.7.4).
MAX_SEQUENCE = 2**31 - 1
_MAILTO = "mailto:"


@dataclass(frozen=True, slots=True)
class Revision:
    """An invitation's SEQUENCE (None: it gives none, which RFC 5545 reads as 0) and
    DTSTAMP (a UTC instant; None: none given)."""

    sequence: int | None
    stamp: datetime | None

    @property
    def number(self) -> int:
        return self.sequence or 0


def read_revision(name: str, who: str, event: VEvent) -> Revision:
    """A VEVENT's SEQUENCE and DTSTAMP, or one line saying why they are no revision. A
    DTSTAMP without its `Z` is read as UTC, the only form RFC 5545 gives it; a broken one
    raises ValueError (read_occurrences says it)."""
    sequence = event.get("SEQUENCE")
    if sequence is not None and not (
        isinstance(sequence, int)
        and not isinstance(sequence, bool)
        and 0 <= sequence <= MAX_SEQUENCE
    ):
        raise TripError(
            f"{name}: {who}: SEQUENCE {clip(str(sequence))!r} is no revision number:"
            f" RFC 5545 writes an integer from 0 to {MAX_SEQUENCE}"
        )
    prop = event.get("DTSTAMP")
    stamp = None if prop is None else prop.dt
    if stamp is not None and not isinstance(stamp, datetime):
        kind = "a date" if isinstance(stamp, date) else "not a date-time"
        raise TripError(f"{name}: {who}: DTSTAMP is {kind}: RFC 5545 writes it as a UTC date-time")
    if isinstance(stamp, datetime):
        stamp = (stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)).astimezone(UTC)
        stamp = stamp.replace(microsecond=0)
    return Revision(None if sequence is None else int(sequence), stamp)


def older_than(revision: Revision, entry: AnyEntry) -> str | None:
    """Why the invitation's revision is older than the entry's, if it is: a lower
    SEQUENCE, or the same one stamped before the entry's. None: it applies (a newer one,
    or the same SEQUENCE stamped no earlier, or no stamp to compare).

    >>> from types import SimpleNamespace as Entry
    >>> entry = Entry(sequence=2, stamp=datetime(2010, 11, 2, 17, 19, 32, tzinfo=UTC))
    >>> older_than(Revision(1, None), entry)
    "the invitation's SEQUENCE is 1"
    >>> print(older_than(Revision(2, datetime(2010, 11, 1, 9, tzinfo=UTC)), entry))
    ... # doctest: +NORMALIZE_WHITESPACE
    the invitation's SEQUENCE is 2 too, stamped 2010-11-01T09:00:00Z,
    before the entry's 2010-11-02T17:19:32Z
    >>> older_than(Revision(2, None), entry), older_than(Revision(3, None), entry)
    (None, None)
    """
    theirs, ours = revision.number, entry.sequence or 0
    if theirs < ours:
        return _("the invitation's SEQUENCE is {n}").format(n=theirs)
    stamp = entry.stamp
    if (
        theirs == ours
        and revision.stamp is not None
        and stamp is not None
        and revision.stamp < stamp
    ):
        return _(
            "the invitation's SEQUENCE is {n} too, stamped {stamp}, before the entry's {own}"
        ).format(n=theirs, stamp=words.utc(revision.stamp), own=words.utc(stamp))
    return None


def attendees(event: VEvent) -> frozenset[str]:
    """The e-mail addresses of a VEVENT's ATTENDEEs (`mailto:` taken off), case-folded."""
    found = event.get("ATTENDEE")
    values: list[Any] = [] if found is None else found if isinstance(found, list) else [found]
    addresses = set()
    for value in values:
        text = str(value).strip()
        if text[: len(_MAILTO)].casefold() == _MAILTO:
            text = text[len(_MAILTO) :].strip()
        if text:
            addresses.add(text.casefold())
    return frozenset(addresses)


def travellers_invited(trip: Trip, addresses: Collection[str]) -> list[str]:
    """The travellers whose `[people.ID] email` is one of `addresses` (case-folded), in
    the order of trip.travellers."""
    emails = {
        ident: person.email.strip().casefold()
        for ident, person in trip.people.items()
        if person.email
    }
    return [name for name in trip.travellers if emails.get(name) in addresses]
