"""What a push does: a pure function of our events and the server's objects, no I/O.

Only objects of this trip are ever changed: one VEVENT whose UID is one of ours, or any of
the trip's, marked with the trip (X-TRIPPLAN-TRIP). Everything else in the collection is
never touched, whatever its UID.

- one of our events the collection does not hold: created (`If-None-Match: *`);
- one it holds with other content: replaced (`If-Match` its ETag), with a SEQUENCE above
  the server's; with the same content (DTSTAMP and SEQUENCE aside): left as it is, so a
  push with no change writes nothing;
- one of the trip's that we no longer have (cancelled, or another traveller's under
  `--who`): deleted (`If-Match`);
- one changed by someone else since tripplan wrote it (its content no longer has the hash
  written into it): refused, neither replaced nor deleted, unless `force`;
- a UID of ours held by an object that is not the trip's: refused, never touched.

Writes come in the order they are made: replacements, then creations (both in the trip's
order), then deletions, so a push cut short leaves the trip's events in the calendar,
perhaps with old ones, rather than without some.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

from tripplan.sync.content import Held

EDITED = "changed on the server since the last push"
FOREIGN = "another event in the calendar has this UID"


@dataclass(frozen=True)
class Ours:
    """One of the trip's events, as the push would write it."""

    uid: str
    digest: str  # the hash of its content (content.content_hash)
    sequence: int  # the entry's own SEQUENCE


@dataclass(frozen=True)
class Write:
    """A PUT: a new object (`etag` None: If-None-Match: *) or a replacement (If-Match)."""

    uid: str
    href: str
    etag: str | None
    sequence: int  # the SEQUENCE written


@dataclass(frozen=True)
class Delete:
    uid: str
    href: str
    etag: str | None


@dataclass(frozen=True)
class Refusal:
    uid: str
    reason: str  # EDITED or FOREIGN: English, as --json writes it


@dataclass(frozen=True)
class Plan:
    updates: tuple[Write, ...]
    creates: tuple[Write, ...]
    deletes: tuple[Delete, ...]
    refused: tuple[Refusal, ...]
    unchanged: tuple[str, ...]

    @property
    def writes(self) -> int:
        return len(self.updates) + len(self.creates) + len(self.deletes)


def plan(ours: Sequence[Ours], held: Sequence[Held], trip: str, *, force: bool = False) -> Plan:
    """What to do so that the collection holds exactly `ours` of trip `trip` (its UID
    domain, as X-TRIPPLAN-TRIP names it), given the objects it `held`."""
    by_uid: dict[str, list[Held]] = {}
    for item in sorted(held, key=lambda h: h.href):
        for uid in item.uids:
            by_uid.setdefault(uid, []).append(item)
    updates: list[Write] = []
    creates: list[Write] = []
    deletes: list[Delete] = []
    refused: list[Refusal] = []
    unchanged: list[str] = []
    for event in ours:
        holders = by_uid.get(event.uid, [])
        if any(not _trips(h, trip) for h in holders):
            refused.append(Refusal(event.uid, FOREIGN))
            continue
        if not holders:
            creates.append(Write(event.uid, new_href(event.uid), None, event.sequence))
            continue
        first, *extra = holders  # more than one object of ours with a UID: one is kept
        for item in extra:
            _remove(item, force, deletes, refused)
        if first.digest == event.digest:
            unchanged.append(event.uid)
        elif first.edited and not force:
            refused.append(Refusal(event.uid, EDITED))
        else:
            sequence = max(event.sequence, first.sequence + 1)
            updates.append(Write(event.uid, first.href, first.etag, sequence))
    ours_uids = {event.uid for event in ours}
    for item in sorted(held, key=lambda h: h.href):
        if item.uid is None or item.uid in ours_uids or not _trips(item, trip):
            continue
        _remove(item, force, deletes, refused)
    return Plan(tuple(updates), tuple(creates), tuple(deletes), tuple(refused), tuple(unchanged))


def _trips(item: Held, trip: str) -> bool:
    """Whether `item` is the trip's: one event's object, marked with the trip."""
    return item.uid is not None and item.trip == trip


def _remove(item: Held, force: bool, deletes: list[Delete], refused: list[Refusal]) -> None:
    """An object of the trip's that must go: deleted, unless changed by someone else."""
    if item.edited and not force:
        refused.append(Refusal(item.uid or "", EDITED))
    else:
        deletes.append(Delete(item.uid or "", item.href, item.etag))


# A resource name made of what every server and proxy passes unchanged in a path; any other
# UID (an invitation's own: `{040000008200E00074C5...}`, slashes, spaces) is named by its hash.
_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,199}")


def new_href(uid: str) -> str:
    """The name of a new object of `uid` in the collection (relative to its URL).

    >>> new_href("la-mou@7f3a9c2e41d8")
    'la-mou@7f3a9c2e41d8.ics'
    >>> new_href("a/b c")
    'tripplan-0af99a609169538538d589bf108a2131.ics'
    """
    if _PLAIN.fullmatch(uid):
        return quote(uid, safe="@") + ".ics"
    digest = hashlib.sha256(uid.encode("utf-8", "surrogatepass")).hexdigest()
    return f"tripplan-{digest[:32]}.ics"
