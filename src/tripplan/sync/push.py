"""`push`: the trip's events into a CalDAV collection, so that it holds exactly them.

The events are made (one calendar each, tripplan.render.ics), the server's state read (one
REPORT), the plan decided (tripplan.sync.plan) and carried out, a write at a time. What was
done is kept as it is done, so a failure half way still says it (PushFailed.done). What the
last push saw (sync/memory.py) spares a push the calendars it need not build and the
objects whose ETags say they are as it left them.

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
from tripplan.sync.content import HASH_PROPERTY, Held, content_hash, read_object
from tripplan.sync.memory import Memory, keep, recall, source_digest
from tripplan.sync.plan import Ours, Plan, Refusal, Write, plan

if TYPE_CHECKING:
    from tripplan.model import AnyEntry, Trip
    from tripplan.sync.account import Credentials
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
    from tripplan.sync.account import collection_url, credentials, shown

    done = Pushed(shown(url), dry_run=dry_run)
    try:
        target = collection_url(url)
        done.url = target
        memory = recall(target, environ)
        ours = _ours(trip, entries, now, done, memory)
        collection, held, token = _read(target, credentials(target, environ), environ, memory)
    except TripError as err:
        raise PushFailed(err, done) from None
    try:
        decided = plan(list(ours), held, _domain(trip), force=force)
        done.refused = list(decided.refused)
        done.unchanged = len(decided.unchanged)
        if dry_run:
            return _would(done, decided)
        left = {item.href: item for item in held}
        _carry_out(collection, decided, _Bodies(trip, ours, now), done, progress, left)
        if decided.writes or token is None:
            token = _settle(collection, token, left)
    except TripError as err:
        raise PushFailed(err, done) from None
    finally:
        collection.close()
    remembered = (memory.objects, memory.token, memory.scheme, memory.sources)
    memory.objects, memory.token, memory.scheme = left, token, collection.scheme()
    memory.sources = {event.uid: (event.source, event.digest) for event in ours}
    if (memory.objects, memory.token, memory.scheme, memory.sources) != remembered:
        keep(memory)  # (a push that found all as it was has nothing new to remember)
    return done


@dataclass(frozen=True)
class _Ours(Ours):
    source: str = ""  # what its event is made from (memory.source_digest)


def _domain(trip: Trip) -> str:
    from tripplan.uids import uid_domain

    return uid_domain(trip)


def _ours(
    trip: Trip, entries: Sequence[AnyEntry], now: datetime, done: Pushed, memory: Memory
) -> dict[_Ours, AnyEntry]:
    """Our events, each with the hash of its content, and their entries: remembered for an
    entry whose source is as the last push wrote it, else from its calendar, made now.
    RefusedEntries when an entry cannot be an event, each such entry in `done.refused`
    too. (What XML cannot carry, U+FFFE and U+FFFF, the events never hold: render.ics
    writes U+FFFD.)"""
    domain = _domain(trip)
    uids = [entry.uid or f"{entry.id}@{domain}" for entry in entries]
    sources = [source_digest(entry, domain) for entry in entries]
    digests = [memory.digest(uid, source) for uid, source in zip(uids, sources, strict=True)]
    unknown = [entry for entry, digest in zip(entries, digests, strict=True) if digest is None]
    made = iter(_calendars(trip, unknown, now, done, dict(zip(uids, entries, strict=True))))
    ours = {}
    for uid, source, digest, entry in zip(uids, sources, digests, entries, strict=True):
        if digest is None:
            digest = content_hash(next(made)[1].decode("utf-8"))
        ours[_Ours(uid, digest, entry.sequence or 0, source)] = entry
    return ours


def _calendars(
    trip: Trip, unknown: list[AnyEntry], now: datetime, done: Pushed, by_uid: dict[str, AnyEntry]
) -> list[tuple[str, bytes]]:
    """The calendars of the entries `unknown` to the memory (icalendar is imported only
    when there are some). RefusedEntries when one cannot be an event, each such entry of
    the push (`by_uid`) in `done.refused` too."""
    if not unknown:
        return []
    from tripplan.render.ics import RefusedEntries, entry_ics

    try:
        return list(entry_ics(trip, unknown, now))
    except RefusedEntries:
        done.refused = [
            Refusal(uid, NOT_AN_EVENT)
            for uid, entry in by_uid.items()
            if entry.ends <= entry.begins
        ]
        raise


def _read(
    target: str, account: Credentials | None, environ: Mapping[str, str], memory: Memory
) -> tuple[Collection, list[Held], str | None]:
    """The collection, its objects and its sync token (`_held`), asked first with the
    authentication the server took last time (over TLS or to this machine: `_private`),
    and once more without it if the server now
    refuses it (401: its scheme changed; a wrong password is refused again, and said)."""
    from tripplan.sync.caldav import ServerError

    if memory.scheme is not None and _private(target):
        try:
            return _connected(target, account, environ, memory, memory.scheme)
        except ServerError as err:
            if err.status != 401:
                raise
    return _connected(target, account, environ, memory, None)


def _private(url: str) -> bool:
    """Whether credentials may go with a first request, before the server asks: over
    TLS, or to this machine (over plain HTTP to another, only once it asks)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return parts.scheme == "https" or parts.hostname in ("127.0.0.1", "::1", "localhost")


def _connected(
    target: str,
    account: Credentials | None,
    environ: Mapping[str, str],
    memory: Memory,
    scheme: str | None,
) -> tuple[Collection, list[Held], str | None]:
    from tripplan.sync.account import timeout
    from tripplan.sync.caldav import Collection

    collection = Collection(target, account, timeout(environ), scheme)
    try:
        return (collection, *_held(collection, memory))
    except BaseException:
        collection.close()
        raise


def _held(collection: Collection, memory: Memory) -> tuple[list[Held], str | None]:
    """The collection's objects, and its sync token when they are all its members: with a
    memory, what changed since its token (or every ETag, where the server cannot say) and
    the data of the objects whose ETag it does not remember alone; without, every
    object's data in one REPORT."""
    if not memory.objects:
        return [read_object(o.href, o.etag, o.data) for o in collection.objects()], None
    changes = collection.changes(memory.token) if memory.token else None
    if changes is not None:
        known = {h: v for h, v in memory.objects.items() if h not in changes.removed}
        etags: dict[str, str | None] = {**{h: v.etag for h, v in known.items()}, **changes.changed}
    else:
        etags = collection.etags()
    held, unknown = [], []
    for href, etag in etags.items():
        remembered = memory.held(href, etag)
        if remembered is None:
            unknown.append(href)
        else:
            held.append(remembered)
    fetched = [read_object(o.href, o.etag, o.data) for o in collection.fetch(unknown)]
    if changes is None or not _all_read(unknown, fetched):
        return held + fetched, None  # (a token is kept only with every member known)
    return held + fetched, changes.token


def _all_read(hrefs: list[str], fetched: list[Held]) -> bool:
    """Whether the server gave the data of every object asked for: one it left out (no
    calendar data, another spelling of its href) is not in what a push knows, and the
    next push must not take the token as saying it has not changed."""
    return set(hrefs) <= {item.href for item in fetched}


def _settle(collection: Collection, token: str | None, left: dict[str, Held]) -> str | None:
    """The sync token to remember with `left` after the writes: what the server says
    changed since `token` (since nothing, without one: every member) is made what `left`
    holds, the data of any object it does not know as the server has it fetched (another
    client's edit meanwhile, a write whose ETag the server did not say). None where the
    server has no sync tokens, or does not answer now (the writes are done: the push has
    succeeded, and the next one asks for every ETag)."""
    from tripplan.sync.caldav import ServerError

    try:
        return _settled(collection, token, left)
    except ServerError:
        return None


def _settled(collection: Collection, token: str | None, left: dict[str, Held]) -> str | None:
    changes = collection.changes(token)
    if changes is None:
        return None
    if token is None:  # every member listed: any other is gone
        for href in [h for h in left if h not in changes.changed]:
            del left[href]
    for href in changes.removed:
        left.pop(href, None)
    unknown = [
        href
        for href, etag in changes.changed.items()
        if href not in left or not etag or left[href].etag != etag
    ]
    for href in unknown:
        left.pop(href, None)
    fetched = [read_object(o.href, o.etag, o.data) for o in collection.fetch(unknown)]
    left.update((item.href, item) for item in fetched)
    return changes.token if _all_read(unknown, fetched) else None


def _would(done: Pushed, decided: Plan) -> Pushed:
    done.updated = [write.uid for write in decided.updates]
    done.created = [write.uid for write in decided.creates]
    done.deleted = [delete.uid for delete in decided.deletes]
    return done


class _Bodies:
    """What the writes send: the entry's calendar with the SEQUENCE planned and, as
    HASH_PROPERTY, the hash of its content; made in one pass, as the writes ask."""

    def __init__(self, trip: Trip, ours: dict[_Ours, AnyEntry], now: datetime) -> None:
        self.trip, self.now = trip, now
        self.domain = _domain(trip)
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
    collection: Collection,
    decided: Plan,
    bodies: _Bodies,
    done: Pushed,
    progress: Progress | None,
    left: dict[str, Held],
) -> None:
    """Every write of `decided`, in order, each noted in `done` once the server took it,
    and in `left` (by href: what the collection holds after it, as far as known: an
    object written whose new ETag the server did not say is left out)."""
    total = decided.writes

    def wrote(kept: list[str], uid: str) -> None:
        kept.append(uid)
        if progress is not None:
            progress(len(done.updated) + len(done.created) + len(done.deleted), total)

    for write, body in bodies.of(decided.updates):
        etag = collection.replace(write.href, write.etag, body)
        _left(left, collection.path(write.href), etag, write, bodies)
        wrote(done.updated, write.uid)
    for write, body in bodies.of(decided.creates):
        etag = collection.create(write.href, body)
        _left(left, collection.path(write.href), etag, write, bodies)
        wrote(done.created, write.uid)
    for delete in decided.deletes:
        collection.delete(delete.href, delete.etag)
        left.pop(delete.href, None)
        wrote(done.deleted, delete.uid)


def _left(
    left: dict[str, Held], href: str, etag: str | None, write: Write, bodies: _Bodies
) -> None:
    """What the object written holds now: our event, as hashed, with the SEQUENCE sent."""
    left.pop(write.href, None)
    if etag is None:
        left.pop(href, None)
        return
    digest = bodies.digests[write.uid]
    left[href] = Held(href, etag, (write.uid,), bodies.domain, digest, digest, write.sequence)
