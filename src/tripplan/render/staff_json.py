"""The staff questions as JSON documents (shared/spec/cli.md, "Staff questions"), and the
findings of several files. Times are ISO 8601: instants in UTC (`...Z`), local times with
their offset, lengths as elapsed time (`PT1H30M`). No Rich here."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from tripplan import words
from tripplan.model import AllDayEvent

if TYPE_CHECKING:
    from tripplan.checks import FiledFinding
    from tripplan.model import AnyEntry, Finding
    from tripplan.staff.diff import TripDiff
    from tripplan.staff.reach import Reach, ReachDay
    from tripplan.staff.where import Booked, Whereabouts


def _instants(entry: AnyEntry) -> tuple[str | None, str | None]:
    """A timed entry's start and end in UTC; none for an all-day event (it has dates)."""
    if isinstance(entry, AllDayEvent):
        return None, None
    return words.utc(entry.start), words.utc(entry.end)


def _local(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def where_json(at: datetime, rows: list[Whereabouts]) -> dict[str, Any]:
    return {"at_utc": words.utc(at), "travellers": [_whereabouts(row) for row in rows]}


def _whereabouts(row: Whereabouts) -> dict[str, Any]:
    nxt = row.next
    until = row.until_next
    return {
        "who": row.who,
        "file": row.trip.file,
        "place": row.place.id if row.place else None,
        "tz": row.clock.tz if row.clock else None,
        "local": _local(row.local),
        "home_local": _local(row.home_local),
        "now": row.now.id if row.now else None,
        "in_transit": row.leg.id if row.leg else None,
        "next": (
            {"id": nxt.id, "start_utc": words.utc(nxt.start), "in": words.iso_length(until)}
            if nxt is not None and until is not None
            else None
        ),
        "state": row.state,
        "lodging": _lodging(row.lodging),
        "double_booked": [{"id": e.id, "file": file} for e, file in row.double_booked],
    }


def _lodging(booked: Booked | None) -> dict[str, Any] | None:
    """The lodging that covers the instant: what a desk needs to send a car there."""
    if booked is None:
        return None
    stay = booked.lodging
    return {
        "id": stay.id,
        "title": stay.title,
        "address": stay.address,
        "place": stay.place.id,
        "file": booked.file,
        "check_in_utc": words.utc(stay.start),
        "check_out_utc": words.utc(stay.end),
    }


def reach_json(view: Reach) -> dict[str, Any]:
    """The windows as the contract states them (with the day they belong to), and the
    days that have none."""
    windows = [
        {
            "who": w.who,
            "start_utc": words.utc(w.start),
            "end_utc": words.utc(w.end),
            "local_start": w.local_start.isoformat(),
            "local_end": w.local_end.isoformat(),
            "home_start": _local(w.home_start),
            "home_end": _local(w.home_end),
            "date": day.date.isoformat(),
            "place": w.place.id,
            "tz": w.place.tz,
            "duration": words.iso_length(w.length),
        }
        for day in view.days
        for w in day.windows
    ]
    return {
        "windows": windows,
        "no_window": [_day(day) for day in view.days if not day.windows],
        "hours": str(view.hours),
        "home_hours": str(view.home_hours),
        "min": words.iso_length(view.least),
    }


def _day(day: ReachDay) -> dict[str, Any]:
    return {
        "who": day.who,
        "date": day.date.isoformat(),
        "place": day.place.id,
        "tz": day.place.tz,
        "reason": day.reason,
    }


def diff_json(diff: TripDiff) -> dict[str, Any]:
    return {
        "added": [e.id for e in diff.added],
        "cancelled": [e.id for e in diff.cancelled],
        "moved": [
            {
                "id": m.new.id,
                "old_start_utc": _instants(m.old)[0],
                "new_start_utc": _instants(m.new)[0],
                "old_end_utc": _instants(m.old)[1],
                "new_end_utc": _instants(m.new)[1],
                "shift": _shift(m.shift, m.shift_days),
                "old_start": _shown(m.old),
                "new_start": _shown(m.new),
                "old_end": _shown(m.old, end=True),
                "new_end": _shown(m.new, end=True),
                "zone_only": m.zone_only,
            }
            for m in diff.moved
        ],
        "changed": [
            {
                "id": c.new.id,
                "fields": {k: [_value(a), _value(b)] for k, (a, b) in c.fields.items()},
            }
            for c in diff.changed
        ],
        "findings": {
            "added": [_finding(f, diff.new.file) for f in diff.findings_added],
            "cleared": [_finding(f, diff.old.file) for f in diff.findings_cleared],
        },
        "trip": {k: [_value(a), _value(b)] for k, (a, b) in diff.trip.items()},
        "places": {
            "added": [p.id for p in diff.places_added],
            "removed": [p.id for p in diff.places_removed],
            "changed": [
                {"id": pid, "fields": {k: [_value(a), _value(b)] for k, (a, b) in f.items()}}
                for pid, f in diff.places_changed
            ],
        },
    }


def _shift(shift: timedelta | None, days: int | None) -> str | None:
    if shift is not None:
        return words.iso_length(shift)
    return words.iso_days(days) if days is not None else None


def _shown(entry: AnyEntry, *, end: bool = False) -> str:
    """The entry's start or end as local time in its own zone (a date, all-day)."""
    if isinstance(entry, AllDayEvent):
        return (entry.end if end else entry.start).isoformat()
    if end:
        return entry.end.astimezone(entry.end_place.zone).isoformat()
    return entry.start.astimezone(entry.start_place.zone).isoformat()


def _value(value: object) -> object:
    return words.iso_length(value) if isinstance(value, timedelta) else value


def _finding(finding: Finding, file: str, files: tuple[str, ...] | None = None) -> dict[str, Any]:
    """A finding as `check --json` writes it, with its file (and the file of each entry,
    then of each place: a place's finding, `fixed-zone`, names no entry)."""
    named = len(finding.entries) + len(finding.places)
    return {
        "code": finding.code,
        "severity": finding.severity,
        "entries": list(finding.entry_ids),
        "places": list(finding.place_ids),
        "message": finding.message,
        "who": list(finding.who),
        "file": file,
        "files": list(files or (file,) * named),
    }


def filed_findings_json(found: list[FiledFinding]) -> dict[str, Any]:
    """`check FILE... --json`: each finding with its file, and the file of each entry."""
    return {"findings": [_finding(f.finding, f.file, f.files) for f in found]}
