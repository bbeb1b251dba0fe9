"""A file's entries, one reader per kind (`READERS`, by table): each reads its table as
fields.py declares it, applies its kind's rules across keys (`end` or `duration`, a date
`start` making an all-day event, ids unique across tables) and makes its model entry, or
says why not. `tripplan.load` reads the file and calls them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tripplan import fields
from tripplan.model import (
    AllDayEvent,
    AnyEntry,
    Lodging,
    TimedEvent,
    TimeNote,
    TimeRemark,
    Travel,
)
from tripplan.tableread import EntryName, Reading, TableReader, plan_of
from tripplan.text import clip, listing
from tripplan.timing import resolve_local

__all__ = ["MAX_ALL_DAY_DAYS", "READERS"]

MAX_ALL_DAY_DAYS = 366


def _who(entry: TableReader, values: Mapping[str, Any]) -> tuple[str, ...] | None:
    """Who an entry is for (every traveller when it names none), or None if refused."""
    names = values.get("who")
    reading = entry.reading
    if names is None:
        return None if "who" in entry.spec else reading.travellers
    if not names:
        entry.error("`who` is empty: name at least one traveller", "who")
        return None
    known = reading.known_travellers
    if known is None:
        return None  # the travellers' list is refused: nothing to check against
    if not known.issuperset(names):
        unknown: dict[str, int] = {}  # each unknown name, at its first place in the list
        for i, name in enumerate(names):
            if name not in known:
                unknown.setdefault(name, i)
        what = "traveller" if len(unknown) == 1 else "travellers"
        listed = reading.travellers_listing()
        message = f"unknown {what} {listing(unknown, quoted=True)} (travellers: {listed})"
        entry.error(message, "who", min(unknown.values()))
        return None
    return tuple(dict.fromkeys(names))


def _all_day_end(event: TableReader, values: Mapping[str, Any], start: date) -> date | None:
    """An all-day event's inclusive `end` date (the same day by default); no `duration`."""
    has_end = "end" in event.spec
    if "duration" in event.spec:
        message = "an all-day event (a date `start`) takes an inclusive `end` date, not `duration`"
        event.error(message, "duration")
        return None
    end: date | None = values.get("end", None if has_end else start)
    if end is None:
        return None
    if (end - start).days > MAX_ALL_DAY_DAYS:
        event.error(f"an all-day event may last {MAX_ALL_DAY_DAYS} days at most", "end")
        return None
    return end


def _timed_until(event: TableReader, values: Mapping[str, Any]) -> datetime | timedelta | None:
    """A timed event's `end` date-time, or its `duration`: one of them."""
    has_end, has_duration = "end" in event.spec, "duration" in event.spec
    if has_end and has_duration:
        event.error("has both `end` and `duration`: keep one", "duration")
        return None
    if not has_end and not has_duration:
        if event.missing("end", "duration"):  # not misspelt either (that is said)
            event.error("a timed event needs `end` or `duration`")
        return None
    until: datetime | timedelta | None = values.get("end" if has_end else "duration")
    return until


def _unique_id(entry: TableReader, index: int, values: Mapping[str, Any]) -> None:
    """An entry's id is no other's: events, travel legs and lodging share one space of ids."""
    ident = values.get("id")
    if ident is not None:
        code = fields.id_code(str(entry.path[0]), index)
        first = entry.reading.ids.setdefault(ident, code)
        if first != code:
            where = fields.id_where(first)
            entry.error(f"id {clip(ident)!r} is already used by {where}", "id")


# -- entries ---------------------------------------------------------------------------


def _event(reading: Reading, index: int, spec: dict[str, Any]) -> TimedEvent | AllDayEvent | None:
    """An event: a date `start` makes it all-day, with an inclusive `end` date."""
    event = TableReader(reading, spec, ("events", index), EntryName("events", index, spec))
    declared = fields.EVENTS
    values = event.read(declared)
    _unique_id(event, index, values)
    who = _who(event, values)
    start, place = values.get("start"), values.get("place")
    if start is None:
        return None
    if not isinstance(start, datetime):
        end = _all_day_end(event, values, start)
        if reading.errors or end is None or who is None or place is None:
            return None  # the file is refused: the entry is not made
        common = _common(event, declared, index, values, who)
        return AllDayEvent(**common, start=start, end=end)
    until = _timed_until(event, values)
    if reading.errors or until is None or who is None or place is None:
        return None
    remarks: list[TimeRemark] = []
    begins = _instant(start, "start", place.zone, remarks)
    if isinstance(until, timedelta):
        ends = begins + until
    else:
        ends = _instant(until, "end", place.zone, remarks)
    common = _common(event, declared, index, values, who, tuple(remarks))
    return TimedEvent(**common, start=begins, end=ends)


def _spanned(
    kind: type[Travel] | type[Lodging], table: str, start_at: str, end_at: str
) -> Callable[[Reading, int, dict[str, Any]], Travel | Lodging | None]:
    """The reader of a kind whose start and end are date-times, each read on the clock of
    the place a key names (a leg: `from`'s, then `to`'s; a lodging: its place's twice)."""
    start_key, end_key = fields.entry_table(table).times

    def read(reading: Reading, index: int, spec: dict[str, Any]) -> Travel | Lodging | None:
        entry = TableReader(reading, spec, (table, index), EntryName(table, index, spec))
        declared = fields.entry_table(table)  # as fields.py holds it now
        values = entry.read(declared)
        _unique_id(entry, index, values)
        who = _who(entry, values)
        if reading.errors or who is None:
            return None  # the file is refused: the entry is not made
        remarks: list[TimeRemark] = []
        start = _instant(values[start_key], start_key, values[start_at].zone, remarks)
        end = _instant(values[end_key], end_key, values[end_at].zone, remarks)
        common = _common(entry, declared, index, values, who, tuple(remarks))
        return kind(**common, start=start, end=end)

    return read


READERS: dict[str, Callable[[Reading, int, dict[str, Any]], AnyEntry | None]] = {
    "events": _event,
    "travel": _spanned(Travel, "travel", "from", "to"),
    "lodging": _spanned(Lodging, "lodging", "place", "place"),
}


def _common(
    entry: TableReader,
    declared: fields.Table,
    index: int,
    values: Mapping[str, Any],
    who: tuple[str, ...],
    remarks: tuple[TimeRemark, ...] = (),
) -> dict[str, Any]:
    """What every kind of entry is made with, as fields.py declares it: the keys with an
    attribute of `Entry` by that attribute, the keys with none in `extra`."""
    plan = plan_of(declared)
    get = values.get
    made = {attr: get(name) for attr, name in plan.shared}
    made.update(table=declared.name, index=index, who=who, remarks=remarks)
    if made["id"] is None:
        made["id"] = ""
    if plan.extra:
        made["extra"] = tuple((name, values[name]) for name in plan.extra if name in values)
    return made


def _instant(value: datetime, key: str, zone: ZoneInfo, remarks: list[TimeRemark]) -> datetime:
    """A date-time of the file as a UTC instant: a wall time read in the entry's zone."""
    written = value.isoformat()
    if value.microsecond:
        value = value.replace(microsecond=0)  # calendars (RFC 5545) keep whole seconds
    if value.tzinfo is None:
        resolved = resolve_local(value, zone)
        if resolved.note is not None:
            remarks.append(TimeRemark(key, resolved.note, written, resolved.instant))
        return resolved.instant
    instant = value.astimezone(UTC)
    stated = value.utcoffset()
    if stated and stated != instant.astimezone(zone).utcoffset():
        remarks.append(TimeRemark(key, TimeNote.OFFSET_MISMATCH, written, instant))
    return instant
