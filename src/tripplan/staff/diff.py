"""`diff_trips`: what changed between two versions of a trip, entries matched by id, and
the findings that appeared or cleared (shared/spec/cli.md, "Staff questions")."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from tripplan import fields
from tripplan.checks import check_trip
from tripplan.model import AllDayEvent, AnyEntry, Finding, Place, Trip


@dataclass(frozen=True, slots=True)
class Moved:
    """An entry whose times changed: its start or end instant (or dates, all-day)."""

    old: AnyEntry
    new: AnyEntry

    @property
    def shift(self) -> timedelta | None:
        """How far the start moved in absolute time (None unless both are timed)."""
        if _timed(self.old) and _timed(self.new):
            return self.new.begins - self.old.begins
        return None

    @property
    def end_shift(self) -> timedelta | None:
        """How far the end moved in absolute time (None unless both are timed)."""
        if _timed(self.old) and _timed(self.new):
            return self.new.ends - self.old.ends
        return None

    @property
    def shift_days(self) -> int | None:
        """How many dates an all-day event moved (None unless both are all-day)."""
        if isinstance(self.old, AllDayEvent) and isinstance(self.new, AllDayEvent):
            return (self.new.start - self.old.start).days
        return None

    @property
    def zone_only(self) -> bool:
        """The wall times are as they were: only a change of place, or of a place's zone,
        moved the instant."""
        return _timed(self.old) and _timed(self.new) and _walls(self.old) == _walls(self.new)


def _timed(entry: AnyEntry) -> bool:
    return not isinstance(entry, AllDayEvent)


def _walls(entry: AnyEntry) -> tuple[datetime, datetime]:
    start = entry.begins.astimezone(entry.start_place.zone).replace(tzinfo=None)
    end = entry.ends.astimezone(entry.end_place.zone).replace(tzinfo=None)
    return start, end


@dataclass(frozen=True, slots=True)
class Changed:
    old: AnyEntry
    new: AnyEntry
    fields: dict[str, tuple[object, object]]  # the file's key: (old value, new value)


@dataclass(frozen=True, slots=True)
class TripDiff:
    old: Trip
    new: Trip
    added: list[AnyEntry]  # in the new version's time order
    cancelled: list[AnyEntry]  # in the old version's time order
    moved: list[Moved]
    changed: list[Changed]
    findings_added: list[Finding]
    findings_cleared: list[Finding]
    trip: dict[str, tuple[object, object]] = field(default_factory=dict)  # [trip] keys
    places_added: list[Place] = field(default_factory=list)
    places_removed: list[Place] = field(default_factory=list)
    places_changed: list[tuple[str, dict[str, tuple[object, object]]]] = field(default_factory=list)

    @property
    def any(self) -> bool:
        """Whether anything changed (the exit status of `diff`)."""
        return any(
            (
                self.added,
                self.cancelled,
                self.moved,
                self.changed,
                self.findings_added,
                self.findings_cleared,
                self.trip,
                self.places_added,
                self.places_removed,
                self.places_changed,
            )
        )


def _findings(
    old: Trip,
    new: Trip,
    moved: list[Moved],
    changed: list[Changed],
    before: dict[str, AnyEntry],
    after: dict[str, AnyEntry],
) -> tuple[list[Finding], list[Finding]]:
    """The findings of both versions that can differ: those of the entries added,
    cancelled, moved or changed, and of their travellers (a traveller's checks read only
    their own entries). The others are the same in both, so they are not looked for;
    when the trip's own fields change (dates, buffer, travellers), every one is."""
    if _trip_fields(old) != _trip_fields(new):
        return check_trip(old), check_trip(new)
    touched = {e.id for e in new.entries if e.id not in before}
    touched |= {e.id for e in old.entries if e.id not in after}
    touched |= {m.new.id for m in moved} | {c.new.id for c in changed}
    names = {
        name or ""
        for ident in touched
        for entry in (before.get(ident), after.get(ident))
        if entry is not None
        for name in (entry.who or ("",))
    }
    return (
        check_trip(old, entry_ids=touched, travellers=names),
        check_trip(new, entry_ids=touched, travellers=names),
    )


def diff_trips(old: Trip, new: Trip) -> TripDiff:
    """What changed from `old` to `new`, entries matched by id (an entry with no `id` in
    its file has one made from its title and start as written: a new title is a new
    entry). A change of place or zone that moves an entry's instant is a move (flagged
    `zone_only` when its wall times stayed); the findings compared by code, entry ids and
    place ids."""
    before = {entry.id: entry for entry in old.entries}
    after = {entry.id: entry for entry in new.entries}
    moved, changed = [], []
    for entry in new.entries:
        was = before.get(entry.id)
        if was is None or was == entry:  # most entries of a day's revision are as they were
            continue
        if _times(was) != _times(entry):
            moved.append(Moved(was, entry))
        fields = _changes(_fields(was), _fields(entry))
        if fields:
            changed.append(Changed(was, entry, fields))
    old_findings, new_findings = _findings(old, new, moved, changed, before, after)
    old_keys = {_finding_key(f) for f in old_findings}
    new_keys = {_finding_key(f) for f in new_findings}
    places_changed = [
        (pid, fields)
        for pid, place in new.places.items()
        if pid in old.places
        and (fields := _changes(_place_fields(old.places[pid]), _place_fields(place)))
    ]
    return TripDiff(
        old,
        new,
        added=[e for e in new.entries if e.id not in before],
        cancelled=[e for e in old.entries if e.id not in after],
        moved=moved,
        changed=changed,
        findings_added=[f for f in new_findings if _finding_key(f) not in old_keys],
        findings_cleared=[f for f in old_findings if _finding_key(f) not in new_keys],
        trip=_changes(_trip_fields(old), _trip_fields(new)),
        places_added=[p for pid, p in new.places.items() if pid not in old.places],
        places_removed=[p for pid, p in old.places.items() if pid not in new.places],
        places_changed=places_changed,
    )


def _times(entry: AnyEntry) -> tuple[object, object]:
    return entry.start, entry.end


def _fields(entry: AnyEntry) -> dict[str, object]:
    """An entry's keys that fields.py has diff compare (not its times: those are moves),
    by the file's names, with its type (an event that became a leg)."""
    values: dict[str, object] = {"type": entry.type}
    for key in fields.entry_table(entry.table).keys:
        if key.diff:
            values[key.name] = fields.plain(fields.value_of(entry, key))
    return values


def _trip_fields(trip: Trip) -> dict[str, object]:
    return {
        "title": trip.title,
        "id": trip.id,
        "home": trip.home.id if trip.home else None,
        "start": trip.start.isoformat() if trip.start else None,
        "end": trip.end.isoformat() if trip.end else None,
        "travellers": list(trip.travellers),
        "buffer": trip.buffer,
    }


def _place_fields(place: Place) -> dict[str, object]:
    return {"name": place.name, "tz": place.tz}


def _changes(old: dict[str, object], new: dict[str, object]) -> dict[str, tuple[object, object]]:
    keys = [*old, *(k for k in new if k not in old)]
    return {k: (old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k)}


def _finding_key(finding: Finding) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    return finding.code, finding.entry_ids, finding.place_ids
