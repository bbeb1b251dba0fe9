"""The trip-format checks: pure functions from a Trip to Findings.

Per traveller, the timed entries are already in start order (the loader sorts once), so
every traveller check is one sweep: O(n log n) for the trip, never pairwise.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Literal

from tripplan.model import AnyEntry, Finding, Place, TimeNote, TimeRemark, Travel, Trip
from tripplan.timing import format_duration, format_offset, local_dates

OVERLAP = "overlap"
WRONG_PLACE = "wrong-place"
BROKEN_CHAIN = "broken-chain"
NEGATIVE_DURATION = "negative-duration"
TIGHT_GAP = "tight-gap"
OUTSIDE_TRIP = "outside-trip"
DST_GAP = TimeNote.GAP.value
DST_FOLD = TimeNote.FOLD.value
OFFSET_MISMATCH = TimeNote.OFFSET_MISMATCH.value

Severity = Literal["error", "warning"]
SEVERITY: dict[str, Severity] = {
    OVERLAP: "error",
    WRONG_PLACE: "error",
    BROKEN_CHAIN: "error",
    NEGATIVE_DURATION: "error",
    TIGHT_GAP: "warning",
    OUTSIDE_TRIP: "warning",
    DST_GAP: "warning",
    DST_FOLD: "warning",
    OFFSET_MISMATCH: "warning",
}

_Key = tuple[str, tuple[str, ...]]


def check_trip(trip: Trip) -> list[Finding]:
    """Every finding of the trip, errors and warnings, in the order of their first entry."""
    found: dict[_Key, tuple[str, tuple[AnyEntry, ...], list[str]]] = {}

    def add(code: str, entries: tuple[AnyEntry, ...], message: str, who: str = "") -> None:
        key = (code, tuple(e.id for e in entries))
        _, _, names = found.setdefault(key, (message, entries, []))
        if who and who not in names:
            names.append(who)

    for entry in trip.entries:
        for code, message in _entry_findings(trip, entry):
            add(code, (entry,), message)
    for traveller, timed in _timed_by_traveller(trip).items():
        for code, entries, message in _sweep(timed, trip.buffer):
            add(code, entries, message, traveller)

    position = {entry.id: i for i, entry in enumerate(trip.entries)}
    findings = [
        Finding(code, SEVERITY[code], entries, message, tuple(who))
        for (code, _), (message, entries, who) in found.items()
    ]
    findings.sort(key=lambda f: (min(position[e.id] for e in f.entries), f.code))
    return findings


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


def _timed_by_traveller(trip: Trip) -> dict[str, list[AnyEntry]]:
    """Each traveller's timed entries, in start order ("" is a trip's only traveller)."""
    timed: dict[str, list[AnyEntry]] = {name: [] for name in trip.travellers or ("",)}
    for entry in trip.entries:
        if entry.all_day:
            continue
        for name in entry.who or ("",):
            timed[name].append(entry)
    return timed


def _sweep(
    timed: list[AnyEntry], buffer: timedelta | None
) -> Iterator[tuple[str, tuple[AnyEntry, ...], str]]:
    """One traveller's overlap, wrong-place, broken-chain and tight-gap findings."""
    location = _first_location(timed)
    latest: AnyEntry | None = None  # the entry so far that ends last
    for entry in timed:
        assert isinstance(entry.start, datetime) and isinstance(entry.end, datetime)
        if isinstance(entry, Travel):
            if entry.origin != location and location is not None:
                yield (
                    BROKEN_CHAIN,
                    (entry,),
                    f"departs from {entry.origin.name}, but the traveller is in {location.name}",
                )
            location = entry.destination
        elif entry.place != location and location is not None:
            yield (
                WRONG_PLACE,
                (entry,),
                f"is in {entry.place.name}, but the traveller is in {location.name} then",
            )
        if entry.end <= entry.start:
            continue  # reported as negative-duration; it has no time to share
        if latest is not None:
            assert isinstance(latest.end, datetime)
            gap = entry.start - latest.end
            if gap < timedelta(0):
                shared = min(latest.end, entry.end) - entry.start
                yield (
                    OVERLAP,
                    (latest, entry),
                    f"{_q(latest)} and {_q(entry)} share {format_duration(shared)}",
                )
            elif buffer and gap < buffer and Travel in (type(latest), type(entry)):
                yield (
                    TIGHT_GAP,
                    (latest, entry),
                    f"{format_duration(gap)} between {_q(latest)} and {_q(entry)},"
                    f" less than the buffer of {format_duration(buffer)}",
                )
        if latest is None or entry.end > latest.end:
            latest = entry


def _first_location(timed: list[AnyEntry]) -> Place | None:
    """Before the first leg the traveller is at its `from`; with no leg, at the first event."""
    for entry in timed:
        if isinstance(entry, Travel):
            return entry.origin
    return timed[0].start_place if timed else None


def _entry_findings(trip: Trip, entry: AnyEntry) -> Iterator[tuple[str, str]]:
    """Findings about one entry alone: its own times and the trip's dates."""
    if entry.end < entry.start or (not entry.all_day and entry.end == entry.start):
        yield NEGATIVE_DURATION, _negative_message(entry)
    for remark in entry.remarks:
        yield remark.note.value, _remark_message(entry, remark)
    if trip.start is None and trip.end is None:
        return
    first, last = local_dates(entry)
    if trip.start and first < trip.start:
        yield OUTSIDE_TRIP, f"starts {first}, before the trip's first day {trip.start}"
    elif trip.end and first > trip.end:
        yield OUTSIDE_TRIP, f"starts {first}, after the trip's last day {trip.end}"
    elif trip.end and last > trip.end:
        yield OUTSIDE_TRIP, f"ends {last}, after the trip's last day {trip.end}"


def _remark_message(entry: AnyEntry, remark: TimeRemark) -> str:
    place = entry.start_place if remark.key in ("start", "depart") else entry.end_place
    local = remark.resolved.astimezone(place.zone)
    clock = f"{local:%H:%M} {local.tzname()} (UTC{format_offset(local)})"
    said = f"`{remark.key}` {remark.written}"
    if remark.note is TimeNote.GAP:
        return f"{said} does not exist in {place.tz} (clocks jumped forward): read as {clock}"
    if remark.note is TimeNote.FOLD:
        return f"{said} happens twice in {place.tz} (clocks went back): read as the first, {clock}"
    return (
        f"{said} is not {place.name}'s offset (UTC{format_offset(local)} then);"
        f" kept as that instant, {local:%H:%M} {local.tzname()}"
    )


def _negative_message(entry: AnyEntry) -> str:
    if entry.all_day:
        return f"ends {entry.end}, before it starts {entry.start}"
    assert isinstance(entry.start, datetime) and isinstance(entry.end, datetime)
    if entry.end == entry.start:
        return "ends at the instant it starts"
    late = format_duration(entry.start - entry.end)
    verb = "arrives" if isinstance(entry, Travel) else "ends"
    return f"{verb} {late} before it starts, in absolute time"


def _q(entry: AnyEntry) -> str:
    return f'"{entry.title}"'
