"""The trip-format checks: pure functions from a Trip to Findings.

Where a traveller is comes from their timeline (`tripplan.timeline`); their timed entries
are already in start order (the loader sorts once), so every traveller check is one
sweep: O(n log n) for the trip, never pairwise.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from tripplan import fields, words
from tripplan.lang import _, ngettext
from tripplan.model import (
    AllDayEvent,
    AnyEntry,
    Finding,
    Place,
    Timed,
    TimeNote,
    TimeRemark,
    Travel,
    Trip,
    sort_key,
)
from tripplan.timeline import Stay, Timeline, timelines
from tripplan.zones import region_instead, regionless

OVERLAP = "overlap"
WRONG_PLACE = "wrong-place"
BROKEN_CHAIN = "broken-chain"
NEGATIVE_DURATION = "negative-duration"
TIGHT_GAP = "tight-gap"
OUTSIDE_TRIP = "outside-trip"
DST_GAP = TimeNote.GAP.value
DST_FOLD = TimeNote.FOLD.value
OFFSET_MISMATCH = TimeNote.OFFSET_MISMATCH.value
FIXED_ZONE = "fixed-zone"
AIRPORT_ZONE = "airport-zone"
NO_LODGING = "no-lodging"

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
    FIXED_ZONE: "warning",
    AIRPORT_ZONE: "warning",
    NO_LODGING: "warning",
}

_Key = tuple[str, tuple[str, ...]]


def check_trip(
    trip: Trip,
    *,
    entry_ids: Collection[str] | None = None,
    travellers: Collection[str] | None = None,
) -> list[Finding]:
    """Every finding of the trip, errors and warnings, in the order of their first entry;
    or only those that can concern the entries (`entry_ids`) and `travellers` given: what a diff
    of two versions needs, the rest being the same in both."""
    found: dict[_Key, tuple[str, tuple[AnyEntry, ...], dict[str, None]]] = {}

    def add(code: str, entries: tuple[AnyEntry, ...], message: str, who: str = "") -> None:
        key = (code, tuple(e.id for e in entries))
        _message, _entries, names = found.setdefault(key, (message, entries, {}))
        if who:
            names[who] = None  # a dict: ordered, and 8,000 travellers stay linear

    for entry in trip.entries:
        if entry_ids is not None and entry.id not in entry_ids:
            continue
        for code, message in _entry_findings(trip, entry):
            add(code, (entry,), message)
    lodged = any(not entry.occupies for entry in trip.entries)  # the nights are checked
    for traveller, line in timelines(trip, among=travellers).items():
        for code, entries, message in _sweep(line, trip.buffer):
            add(code, entries, message, traveller)
        if lodged:
            for code, entries, message in _nights(trip, line):
                # keyed by the message too: travellers' nights differ on the same leg
                key = (code, (*(e.id for e in entries), message))
                found.setdefault(key, (message, entries, {}))[2][traveller] = None

    position = {entry.id: i for i, entry in enumerate(trip.entries)}
    findings = [
        Finding(code, SEVERITY[code], entries, message, tuple(who))
        for (code, _), (message, entries, who) in found.items()
    ]
    findings.sort(key=lambda f: (min(position[e.id] for e in f.entries), f.code))
    return list(_place_findings(trip)) + findings  # the places first, as the file has them


def _place_findings(trip: Trip) -> Iterator[Finding]:
    """Findings about places, in the file's order: they name no entry (and are checked
    whichever entries are asked for: a trip has few places)."""
    codes = [place.airport for place in trip.places.values() if place.airport]
    known = _airports(codes) if codes else {}
    for place in trip.places.values():
        if regionless(place.tz):
            yield Finding(FIXED_ZONE, SEVERITY[FIXED_ZONE], (), fixed_message(place), (), (place,))
        airport = known.get(place.airport or "")
        if airport is not None and airport.tz and airport.tz != place.tz:
            said = _('tz "{tz}" differs from the zone of airport {code}, {zone}')
            message = said.format(tz=place.tz, code=airport.code, zone=airport.tz)
            yield Finding(AIRPORT_ZONE, SEVERITY[AIRPORT_ZONE], (), message, (), (place,))


def _airports(codes: list[str]) -> dict[str, Any]:
    from tripplan.airports import airports

    return airports(codes)


def _nights(trip: Trip, line: Timeline) -> Iterator[tuple[str, tuple[AnyEntry, ...], str]]:
    """A traveller's `no-lodging` and `wrong-place` findings about lodging (tripplan.nights):
    each stay's nights without lodging as one finding on the leg that brought them there
    (or the stay's first entry), each lodging at a place they are not at as one."""
    from tripplan.nights import nights_away, wrong_places

    bare: dict[Stay, list[date]] = {}
    for night in nights_away(trip, line):
        if line.lodging_at(night.at) is None:
            bare.setdefault(night.stay, []).append(night.date)
    for stay, dates in bare.items():
        entry = stay.arrival or _first_in(line, stay)
        if entry is None:
            continue
        said = ngettext(
            "no lodging for the night of {dates} in {place}",
            "no lodging for the nights of {dates} in {place}",
            len(dates),
        )
        shown = ", ".join(words.day(day, year=False) for day in dates)
        yield NO_LODGING, (entry,), said.format(dates=shown, place=stay.place.name)
    for lodging, night in wrong_places(line):
        said = _("the night of {date} (03:00) is spent in {place}, not {lodging_place}")
        message = said.format(
            place=night.place.name,
            date=words.day(night.date, year=False),
            lodging_place=lodging.place.name,
        )
        yield WRONG_PLACE, (lodging,), message


def _first_in(line: Timeline, stay: Stay) -> AnyEntry | None:
    """The first of a traveller's timed entries in a stay."""
    for entry in line.timed:
        if (stay.since is None or entry.start >= stay.since) and (
            stay.until is None or entry.start < stay.until
        ):
            return entry
    return None


def fixed_message(place: Place) -> str:
    """What `fixed-zone` says: the zone as the file writes it, its offset when it never
    changes, and the region's zone to use (or the form of one, when none is meant)."""
    january, july = (datetime(2020, m, 1, tzinfo=UTC).astimezone(place.zone) for m in (1, 7))
    offset = january.utcoffset()
    same = offset is not None and offset == july.utcoffset()
    zone, meant = region_instead(place.tz)
    use = zone if meant else _("a region's zone, e.g. {zone}").format(zone=zone)
    if offset is not None and same:
        said = _('tz "{tz}" is a zone with no rules of a region ({offset} all year): use {use}')
        return said.format(tz=place.tz, offset=words.utc_offset(offset), use=use)
    said = _('tz "{tz}" is a zone with no rules of a region: use {use}')
    return said.format(tz=place.tz, use=use)


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


def _elsewhere(entry: Timed, there: Place) -> tuple[str, tuple[AnyEntry, ...], str]:
    """The finding of an entry that starts where the traveller is not (`there`): a leg
    from elsewhere breaks the chain, an event elsewhere is in the wrong place."""
    if isinstance(entry, Travel):
        said = _("departs from {origin}, but the traveller is in {place}")
        return BROKEN_CHAIN, (entry,), said.format(origin=entry.origin.name, place=there.name)
    said = _("is in {place}, but the traveller is in {there} then")
    return WRONG_PLACE, (entry,), said.format(place=entry.place.name, there=there.name)


def _sweep(
    line: Timeline, buffer: timedelta | None
) -> Iterator[tuple[str, tuple[AnyEntry, ...], str]]:
    """One traveller's overlap, wrong-place, broken-chain and tight-gap findings."""
    latest: Timed | None = None  # the entry so far that ends last
    under_way: list[Timed] = []  # the MOST_OVERLAPS entries so far that end last
    for entry in line.timed:
        if isinstance(entry, Travel):
            there, starts_at = line.stay_before(entry).place, entry.origin
        else:
            there, starts_at = line.heading_to(entry.start), entry.place
        if starts_at != there:
            yield _elsewhere(entry, there)
        if entry.end <= entry.start:
            continue  # reported as negative-duration; it has no time to share
        under_way = [earlier for earlier in under_way if earlier.ends > entry.start]
        for earlier in under_way:  # every entry still under way shares time with this one
            shared = min(earlier.ends, entry.end) - entry.start
            yield (
                OVERLAP,
                (earlier, entry),
                _("{one} and {other} share {length}").format(
                    one=_q(earlier), other=_q(entry), length=words.human_length(shared)
                ),
            )
        if latest is not None and latest.ends <= entry.start:
            gap = entry.start - latest.ends
            if buffer and gap < buffer and Travel in (type(latest), type(entry)):
                yield (
                    TIGHT_GAP,
                    (latest, entry),
                    _("{gap} between {one} and {other}, less than the buffer of {buffer}").format(
                        gap=words.human_length(gap),
                        one=_q(latest),
                        other=_q(entry),
                        buffer=words.human_length(buffer),
                    ),
                )
        under_way.append(entry)
        if len(under_way) > MOST_OVERLAPS:
            under_way.remove(min(under_way, key=lambda e: e.end))
        if latest is None or entry.end > latest.ends:
            latest = entry


# An entry is reported with at most this many others it shares time with: those under way
# that end last. A trip's entries overlap two or three deep when they do; this bounds the
# findings of a file whose thousands of entries are all at one time (docs/limits.md).
MOST_OVERLAPS = 8


def _entry_findings(trip: Trip, entry: AnyEntry) -> Iterator[tuple[str, str]]:
    """Findings about one entry alone: its own times and the trip's dates."""
    if entry.ends <= entry.begins:
        yield NEGATIVE_DURATION, negative_message(entry)
    for remark in entry.remarks:
        yield remark.note.value, _remark_message(entry, remark)
    if (trip.start is None and trip.end is None) or not entry.occupies:
        return  # lodging takes no part in `outside-trip`
    first, last = entry.dates
    if trip.start and first < trip.start:
        said = _("starts {date}, before the trip's first day {first}")
        yield OUTSIDE_TRIP, said.format(date=first, first=trip.start)
    elif trip.end and first > trip.end:
        said = _("starts {date}, after the trip's last day {last}")
        yield OUTSIDE_TRIP, said.format(date=first, last=trip.end)
    elif trip.end and last > trip.end:
        said = _("ends {date}, after the trip's last day {last}")
        yield OUTSIDE_TRIP, said.format(date=last, last=trip.end)


def _remark_message(entry: AnyEntry, remark: TimeRemark) -> str:
    place = entry.start_place if fields.starts(remark.key) else entry.end_place
    local = remark.resolved.astimezone(place.zone)
    clock = words.clock(local)
    if not remark.written.startswith(local.date().isoformat()):
        # Another date than the one written: Apia's 2011-12-30 is read as the 31st.
        clock = words.day_clock(local, year=True)
    said = f"`{remark.key}` {remark.written}"
    if remark.note is TimeNote.GAP:
        message = _("{said} does not exist in {tz} (clocks jumped forward): read as {clock}")
    elif remark.note is TimeNote.FOLD:
        message = _("{said} happens twice in {tz} (clocks went back): read as the first, {clock}")
    else:
        message = _("{said} is not {place}'s offset then; kept as that instant, {clock}")
    return message.format(said=said, tz=place.tz, place=place.name, clock=clock)


def negative_message(entry: AnyEntry) -> str:
    if isinstance(entry, AllDayEvent):
        return _("ends {end}, before it starts {start}").format(end=entry.end, start=entry.start)
    if entry.end == entry.start:
        return _("ends at the instant it starts")
    late = words.human_length(entry.start - entry.end)
    if isinstance(entry, Travel):
        return _("arrives {length} before it starts, in absolute time").format(length=late)
    return _("ends {length} before it starts, in absolute time").format(length=late)


def _q(entry: AnyEntry) -> str:
    return f'"{entry.title}"'


# -- several files ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FiledFinding:
    """A finding with the file of each of its entries (two files for an overlap across
    files)."""

    finding: Finding
    files: tuple[str, ...]  # parallel to finding.entries, then finding.places
    across: bool = False  # found across files (the count of overlaps left out has one entry)

    @property
    def file(self) -> str:
        return self.files[0]


def check_files(trips: Sequence[Trip]) -> list[FiledFinding]:
    """Each file's findings, file by file, then the overlaps across files."""
    found = [
        FiledFinding(finding, (trip.file,) * (len(finding.entries) + len(finding.places)))
        for trip in trips
        for finding in check_trip(trip)
    ]
    return found + cross_file_overlaps(trips)


_Pair = tuple[int, str, int, str]  # (file, entry id) of the earlier entry, then the later


def cross_file_overlaps(trips: Sequence[Trip]) -> list[FiledFinding]:
    """`overlap` findings between the entries of one traveller in different files: a
    traveller named the same in two files is one person. (Overlaps within a file are
    `check_trip`'s.) One sweep of the merged entries per traveller, as within a file: an
    entry is reported with at most MOST_OVERLAPS entries of other files still under way,
    those that end last, and one more finding counts the others. Two hundred copies of
    one trip were 179,100 lines; now each entry has at most nine findings."""
    entries: dict[str, list[tuple[int, AnyEntry]]] = {}
    for n, trip in enumerate(trips):
        for entry in trip.entries:
            if not entry.occupies or isinstance(entry, AllDayEvent) or entry.end <= entry.start:
                continue
            for name in entry.who:
                entries.setdefault(name, []).append((n, entry))
    pairs: dict[_Pair, tuple[Finding, tuple[str, ...]]] = {}
    more: dict[tuple[int, str], tuple[AnyEntry, int, dict[str, None]]] = {}
    for name, merged in entries.items():
        if len({n for n, _entry in merged}) < 2:
            continue
        merged.sort(key=lambda pair: (sort_key(pair[1])[0], pair[0]))
        for (other, before), (n, entry) in _sweep_files(merged, more, name):
            key = (other, before.id, n, entry.id)
            if key in pairs:
                old, files = pairs[key]
                who = (*old.who, name)
                pairs[key] = (Finding(OVERLAP, "error", old.entries, old.message, who), files)
            else:
                files = (trips[other].file, trips[n].file)
                message = _across(before, entry, files)
                pairs[key] = (Finding(OVERLAP, "error", (before, entry), message, (name,)), files)
    found = [
        ((f.entries[1].begins, key[2], 0), FiledFinding(f, files, True))
        for key, (f, files) in pairs.items()
    ]
    for (n, _entry_id), (entry, count, names) in more.items():
        file = trips[n].file
        said = _(
            "{entry} ({file}) also shares time with {count} entries of other files, not listed"
        )
        message = said.format(entry=_q(entry), file=file, count=count)
        finding = Finding(OVERLAP, "error", (entry,), message, tuple(names))
        found.append(((entry.begins, n, 1), FiledFinding(finding, (file,), True)))
    found.sort(key=lambda item: item[0])  # each entry's count after its pairs
    return [filed for _key, filed in found]


def _sweep_files(
    merged: list[tuple[int, AnyEntry]],
    more: dict[tuple[int, str], tuple[AnyEntry, int, dict[str, None]]],
    name: str,
) -> Iterator[tuple[tuple[int, AnyEntry], tuple[int, AnyEntry]]]:
    """The pairs of one traveller's entries (file, entry), in start order, that share
    time across files, at most MOST_OVERLAPS for the later entry of each; the count of
    the others goes to `more`. Linear in the entries: a heap of the ends of all that are
    under way counts them, and only the 2 x MOST_OVERLAPS that end last (at most
    MOST_OVERLAPS of one file) are kept to be paired."""
    ends: list[tuple[datetime, int]] = []  # (end, file) of every entry under way
    under_way = [0] * (max(n for n, _ in merged) + 1)  # how many of each file
    kept: list[tuple[int, AnyEntry]] = []
    for n, entry in merged:
        start = entry.begins
        while ends and ends[0][0] <= start:
            under_way[heapq.heappop(ends)[1]] -= 1
        kept = [pair for pair in kept if pair[1].ends > start]
        others = sorted((p for p in kept if p[0] != n), key=lambda p: p[1].ends, reverse=True)
        shown = others[:MOST_OVERLAPS]
        for pair in shown:
            yield pair, (n, entry)
        left = len(ends) - under_way[n] - len(shown)
        if left > 0:
            _entry, count, names = more.get((n, entry.id), (entry, 0, {}))
            names[name] = None
            more[(n, entry.id)] = (entry, max(count, left), names)
        heapq.heappush(ends, (entry.ends, n))
        under_way[n] += 1
        kept.append((n, entry))
        mine = [p for p in kept if p[0] == n]
        if len(mine) > MOST_OVERLAPS:
            kept.remove(min(mine, key=lambda p: p[1].ends))
        if len(kept) > 2 * MOST_OVERLAPS:
            kept.remove(min(kept, key=lambda p: p[1].ends))


def _across(one: AnyEntry, other: AnyEntry, files: tuple[str, str]) -> str:
    shared = min(one.ends, other.ends) - other.begins
    said = _("{one} ({one_file}) and {other} ({other_file}) share {length}")
    return said.format(
        one=_q(one),
        one_file=files[0],
        other=_q(other),
        other_file=files[1],
        length=words.human_length(shared),
    )
