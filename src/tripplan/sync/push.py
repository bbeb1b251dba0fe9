"""`push`: the trip's events into a CalDAV collection, so that it holds exactly them.

The events are made (one calendar each, tripplan.render.ics), the server's state read (one
REPORT), the plan decided (tripplan.sync.plan) and carried out, a write at a time. What was
done is kept as it is done, so a failure half way still says it (PushFailed.done).

Each object written carries X-TRIPPLAN-HASH, the hash of its content (content.py): the
next push compares it with the content the server holds then, to tell an event someone
changed on the server (refused, unless forced) from one as tripplan left it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from tripplan.errors import ExitStatus, TripError
from tripplan.sync.content import HASH_PROPERTY, content_hash, read_object
from tripplan.sync.plan import Ours, Plan, Refusal, Write, plan

if TYPE_CHECKING:
    from tripplan.model import AnyEntry, Trip
    from tripplan.sync.caldav import Collection

# Told after each write: (writes done, writes planned).
Progress = Callable[[int, int], None]
NOT_AN_EVENT = "ends at or before it starts: not an event"


@dataclass
class Pushed:
    """What a push did (or, dry, would do), each list in the order done."""

    url: str
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    unchanged: int = 0
    dry_run: bool = False

    @property
    def exit_status(self) -> ExitStatus:
        return ExitStatus.REFUSED if self.refused else ExitStatus.SUCCESS


class PushFailed(TripError):
    """A push that stopped on an error (`cause`'s lines, exit 2, or 1 for entries that are
    no events), with what it had `done` by then."""

    def __init__(self, cause: TripError, done: Pushed) -> None:
        super().__init__(str(cause))
        self.cause = cause
        self.done = done
        self.exit_status = cause.exit_status

    def lines(self) -> list[str]:
        return self.cause.lines()


def push(
    trip: Trip,
    entries: Sequence[AnyEntry],
    url: str,
    *,
    environ: Mapping[str, str],
    now: datetime,
    force: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> Pushed:
    """Make the collection at `url` hold exactly `entries` of `trip` (see plan.py). Raises
    PushFailed, with what was done, on any error: a URL or credentials it cannot use, an
    entry that is no event (before anything is sent), a server that fails or refuses."""
    from tripplan.sync.account import collection_url, credentials, shown, timeout
    from tripplan.sync.caldav import Collection

    done = Pushed(shown(url), dry_run=dry_run)
    try:
        target = collection_url(url)
        done.url = target
        ours = _ours(trip, entries, now, done)
        collection = Collection(target, credentials(target, environ), timeout(environ))
    except TripError as err:
        raise PushFailed(err, done) from None
    try:
        decided = _decide(collection, trip, list(ours), force)
        done.refused = list(decided.refused)
        done.unchanged = len(decided.unchanged)
        if dry_run:
            return _would(done, decided)
        _carry_out(collection, decided, _Bodies(trip, ours, now), done, progress)
    except TripError as err:
        raise PushFailed(err, done) from None
    finally:
        collection.close()
    return done


def _ours(
    trip: Trip, entries: Sequence[AnyEntry], now: datetime, done: Pushed
) -> dict[Ours, AnyEntry]:
    """Our events, each with the hash of its content, and their entries. RefusedEntries
    when an entry cannot be an event, each such entry in `done.refused` too. (What XML
    cannot carry, U+FFFE and U+FFFF, the events never hold: render.ics writes U+FFFD.)"""
    from tripplan.render.ics import RefusedEntries, entry_ics, uid_domain

    try:
        made = list(entry_ics(trip, entries, now))
    except RefusedEntries:
        domain = uid_domain(trip)
        done.refused = [
            Refusal(entry.uid or f"{entry.id}@{domain}", NOT_AN_EVENT)
            for entry in entries
            if entry.ends <= entry.begins
        ]
        raise
    return {
        Ours(uid, content_hash(data.decode("utf-8")), entry.sequence or 0): entry
        for (uid, data), entry in zip(made, entries, strict=True)
    }


def _decide(collection: Collection, trip: Trip, ours: list[Ours], force: bool) -> Plan:
    from tripplan.render.ics import uid_domain

    held = [read_object(o.href, o.etag, o.data) for o in collection.objects()]
    return plan(ours, held, uid_domain(trip), force=force)


def _would(done: Pushed, decided: Plan) -> Pushed:
    done.updated = [write.uid for write in decided.updates]
    done.created = [write.uid for write in decided.creates]
    done.deleted = [delete.uid for delete in decided.deletes]
    return done


class _Bodies:
    """What the writes send: the entry's calendar with the SEQUENCE planned and, as
    HASH_PROPERTY, the hash of its content; made in one pass, as the writes ask."""

    def __init__(self, trip: Trip, ours: dict[Ours, AnyEntry], now: datetime) -> None:
        self.trip, self.now = trip, now
        self.entries = {event.uid: entry for event, entry in ours.items()}
        self.digests = {event.uid: event.digest for event in ours}

    def of(self, writes: Sequence[Write]) -> Iterator[tuple[Write, bytes]]:
        from icalendar import vInt, vText

        from tripplan.render.ics import entry_calendars, ics_bytes

        chosen = [self.entries[write.uid] for write in writes]
        for write, (_uid, calendar) in zip(
            writes, entry_calendars(self.trip, chosen, self.now), strict=True
        ):
            event = calendar.walk("VEVENT")[0]  # its own: only VTIMEZONEs are shared
            event["SEQUENCE"] = vInt(write.sequence)
            event[HASH_PROPERTY] = vText(self.digests[write.uid])
            yield write, ics_bytes(calendar)


def _carry_out(
    collection: Collection, decided: Plan, bodies: _Bodies, done: Pushed, progress: Progress | None
) -> None:
    """Every write of `decided`, in order, each noted in `done` once the server took it."""
    total = decided.writes

    def wrote(kept: list[str], uid: str) -> None:
        kept.append(uid)
        if progress is not None:
            progress(len(done.updated) + len(done.created) + len(done.deleted), total)

    for write, body in bodies.of(decided.updates):
        collection.replace(write.href, write.etag, body)
        wrote(done.updated, write.uid)
    for write, body in bodies.of(decided.creates):
        collection.create(write.href, body)
        wrote(done.created, write.uid)
    for delete in decided.deletes:
        collection.delete(delete.href, delete.etag)
        wrote(done.deleted, delete.uid)
