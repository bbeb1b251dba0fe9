"""TOML trip file -> model. Every validation rule of the format lives here.

The rules are the contract's (shared/spec/trip-format.md, "Invalid files"); docs/format.md
says what this loader decides where the contract is silent. Each table of a file is read
by a `_TableReader` as `fields` declares it (unknown keys, required keys, types by kind,
empty text, place ids, zones, names); the rules that tie keys or tables together are the
short functions after it. Errors are collected rather than raised, so one run reports
every mistake of a file (`TripFileErrors`, sorted by line).
"""

from __future__ import annotations

import os
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from pathlib import Path as FsPath
from typing import Any, BinaryIO, Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tripplan import fields
from tripplan.errors import TripFileError, TripFileErrors
from tripplan.fields import Key, Kind
from tripplan.model import (
    AllDayEvent,
    AnyEntry,
    Place,
    TimedEvent,
    TimeNote,
    TimeRemark,
    Travel,
    Trip,
    sort_key,
)
from tripplan.text import slug
from tripplan.timing import parse_duration, resolve_local
from tripplan.tomlread import KeyLines, Path, parse_toml

# A larger file is refused before it is parsed: a season of travel (100,000 entries) is
# about 15 MB, so this leaves room and still bounds memory (docs/limits.md).
MAX_FILE_BYTES = 40 * 1024 * 1024

MAX_ALL_DAY_DAYS = 366
# Dates near years 1 and 9999 sit at the edge of what Python can hold: a zone's offset or
# the longest duration (366 days) past them overflows. No trip goes there: refused.
FIRST_YEAR, LAST_YEAR = 2, 9997
# Suggesting a zone for a misspelt name compares it with every zone (milliseconds): a
# file of thousands of bad names gets suggestions for the first ones only.
MAX_ZONE_HINTS = 100

TOP_KEYS = frozenset(table.name for table in fields.TABLES)
# Zone files that exist in the tz database's directory but name no place's rules.
NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})


class _EntryName:
    """`events[3] "la-mou"`, built only when a message needs it (most entries never fail)."""

    __slots__ = ("index", "spec", "table")

    def __init__(self, table: str, index: int, spec: Mapping[str, Any]) -> None:
        self.table, self.index, self.spec = table, index, spec

    def __str__(self) -> str:
        ident, title = self.spec.get("id"), self.spec.get("title")
        named = ident if isinstance(ident, str) else title if isinstance(title, str) else None
        return f"{self.table}[{self.index}]" + (f" {_quote(named)}" if named else "")


Label = str | _EntryName


class _Error:
    """A rule broken at a key path; its line is found once every error is known."""

    __slots__ = ("entry", "message", "path")

    def __init__(self, path: Path, message: str, entry: Label) -> None:
        self.path, self.message, self.entry = path, message, entry


def read_source(source: str | os.PathLike[str], stdin: BinaryIO | None = None) -> tuple[bytes, str]:
    """The bytes of a trip file, or of standard input for `-`, and the name to report."""
    if isinstance(source, str) and source == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(MAX_FILE_BYTES + 1)
        name = "<stdin>"
    else:
        name = os.fspath(source)
        try:
            with FsPath(source).open("rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        except IsADirectoryError:
            raise TripFileError(name, "is a directory, not a trip file") from None
        except FileNotFoundError:
            raise TripFileError(name, "no such file") from None
        except PermissionError:
            raise TripFileError(name, "permission denied") from None
        except OSError as err:
            raise TripFileError(name, f"cannot read: {err.strerror or err}") from None
    if len(data) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise TripFileError(name, f"larger than {limit} MiB, the most a trip file may be")
    return data, name


def load_trip(source: str | os.PathLike[str], stdin: BinaryIO | None = None) -> Trip:
    """Read, parse and validate a trip file (`-` for standard input)."""
    data, name = read_source(source, stdin)
    return loads_trip(data, name)


def loads_trip(data: bytes, name: str = "<trip>") -> Trip:
    """Parse and validate a trip file's bytes.

    Raises TripFileError when the bytes are no TOML (the first error only: the parser
    stops there), and TripFileErrors with every error found when the TOML is no valid trip.
    """
    return loads_trip_and_document(data, name)[0]


def loads_trip_and_document(data: bytes, name: str = "<trip>") -> tuple[Trip, dict[str, Any]]:
    """The trip, and the TOML it was read from: what an editor needs of the file as
    written (one parse, where reading each would take two)."""
    document, text = parse_toml(data, name)
    if not text.strip():
        raise TripFileError(name, "is empty: a trip needs at least [trip] with a `title`")
    reading = _Reading(document, name)
    trip = reading.trip()
    if trip is None:
        lines = KeyLines(text, document)
        raise TripFileErrors(
            [
                TripFileError(
                    name,
                    error.message,
                    entry=str(error.entry),
                    line=lines.line(error.path),
                )
                for error in reading.errors
            ]
        )
    return trip, document


# -- the file ------------------------------------------------------------------------------


class _Reading:
    """One file being read: what its tables have told so far, and the errors found."""

    def __init__(self, document: dict[str, Any], file: str) -> None:
        self.doc = document
        self.file = file
        self.errors: list[_Error] = []
        self.zones: dict[str, ZoneInfo | None] = {}
        self.zone_misses = 0
        self.zone_hints: dict[str, str] = {}  # a suggestion for each unknown zone name
        self.places: dict[str, Place] = {}
        # Places whose own table is refused, or every place when [places] is: entries that
        # name them are not told "unknown place" too.
        self.broken_places: set[str] = set()
        self.places_readable = True
        self.travellers: tuple[str, ...] = ()
        self.known_travellers: frozenset[str] | None = frozenset()  # None: list refused
        # Each explicit id: the index of its event, or ~index of its travel leg (an int:
        # 100,000 objects kept for the garbage collector to walk would slow it).
        self.ids: dict[str, int] = {}
        self._places_listing: str | None = None
        self._travellers_listing: str | None = None

    def add(self, path: Path, message: str, entry: Label) -> None:
        self.errors.append(_Error(path, message, entry))

    def trip(self) -> Trip | None:
        """The trip, or None when any error was found (then `errors` says which)."""
        _TableReader(self, self.doc, (), "top level").unknown_keys(TOP_KEYS)
        spec = self.doc.get("trip")
        if not isinstance(spec, dict):
            problem = "missing" if spec is None else f"{_type_name(spec)}, not a table"
            self.add(("trip",), f"[trip] is {problem}", "[trip]")
            return None  # not a trip file: its other tables would only add noise
        self._read_places()
        head = _TableReader(self, spec, ("trip",), "[trip]")
        values = head.read(fields.TRIP)
        _travellers(head, values)
        _trip_dates(head, values)
        entries = [*self._entries("events", _event), *self._entries("travel", _travel)]
        if self.errors:
            return None
        _assign_ids(entries, self.doc)
        return Trip(
            title=values["title"],
            file=self.file,
            places=self.places,
            entries=tuple(sorted(entries, key=sort_key)),
            home=values.get("home"),
            start=values.get("start"),
            end=values.get("end"),
            travellers=self.travellers,
            buffer=values.get("buffer"),
            id=values.get("id"),
        )

    def _read_places(self) -> None:
        table = self.doc.get("places", {})
        if not isinstance(table, dict):
            self.add(("places",), "[places] must be a table of places", "[places]")
            self.places_readable = False
            return
        for place_id, spec in table.items():
            label = f"[places.{place_id}]"
            if not isinstance(spec, dict):
                self.add(("places", place_id), f"{label} must be a table", label)
                self.broken_places.add(place_id)
                continue
            values = _TableReader(self, spec, ("places", place_id), label).read(fields.PLACES)
            zone = values.get("tz")
            if zone is None:
                self.broken_places.add(place_id)
                continue
            name: str = values.get("name") or place_id
            self.places[place_id] = Place(id=place_id, name=name, tz=zone.key, zone=zone)

    def _entries(
        self, name: str, read: Callable[[_Reading, int, dict[str, Any]], AnyEntry | None]
    ) -> Iterator[AnyEntry]:
        array = self.doc.get(name, [])
        if not isinstance(array, list) or not all(isinstance(item, dict) for item in array):
            self.add((name,), f"`{name}` must be an array of tables ([[{name}]])", name)
            return
        for index, spec in enumerate(array):
            entry = read(self, index, spec)
            if entry is not None:
                yield entry

    def zone(self, name: str) -> ZoneInfo | None:
        if name not in self.zones:
            if self.zone_misses >= _ZONE_MISSES and name not in _zone_names():
                zone = None  # after many misses, no more searches of the disk
            else:
                zone = lookup_zone(name)
            self.zone_misses += zone is None
            self.zones[name] = zone
        return self.zones[name]

    def zone_hint(self, name: str) -> str:
        """` (did you mean 'Asia/Seoul'?)`, for the first MAX_ZONE_HINTS unknown names."""
        if name not in self.zone_hints and len(self.zone_hints) < MAX_ZONE_HINTS:
            self.zone_hints[name] = zone_hint(name)
        return self.zone_hints.get(name, "")

    # The names a message lists, made once: a file may name thousands, and err thousands
    # of times.

    def places_listing(self) -> str:
        if self._places_listing is None:
            named = {*self.places, *self.broken_places}  # a refused place is still named
            self._places_listing = _listing(sorted(named)) or "none"
        return self._places_listing

    def travellers_listing(self) -> str:
        if self._travellers_listing is None:
            self._travellers_listing = _listing(self.travellers) or "[trip] lists none"
        return self._travellers_listing


# -- one table, as fields.py declares it ---------------------------------------------------

_REFUSED: Final = object()  # a key's value broke a rule: it is left out of the values read
_NOTHING: frozenset[str] = frozenset()


class _TableReader:
    """One table of the file (`[trip]`, a `[places.ID]`, one `[[events]]` item): where it
    is, how its errors name it, and its keys read as their declaration says."""

    __slots__ = ("label", "meant", "path", "reading", "spec")

    def __init__(
        self, reading: _Reading, spec: Mapping[str, Any], path: Path, label: Label
    ) -> None:
        self.reading, self.spec, self.path, self.label = reading, spec, path, label
        # The keys its unknown keys were probably meant to be (`duraton`: `duration`):
        # those are not reported missing as well.
        self.meant = _NOTHING

    def error(self, message: str, *keys: str | int) -> None:
        """An error at this table, or at one of its keys (or an item of a key's array)."""
        self.reading.errors.append(_Error((*self.path, *keys), message, self.label))

    def refuse(self, key: Key, message: str, *item: int) -> object:
        self.error(message, key.name, *item)
        return _REFUSED

    def unknown_keys(self, allowed: frozenset[str]) -> None:
        meant = set()
        for name in self.spec:  # in the file's order: two on one line stay in it
            if name in allowed or name.startswith(fields.EXTENSION_PREFIX):
                continue
            hint = _close_matches(name, allowed)
            also = f" (did you mean {hint[0]!r}?)" if hint else ""
            self.error(f"unknown key {_clip(name)!r}{also}", name)
            meant.update(hint)
        self.meant = frozenset(meant)

    def missing(self, *names: str) -> bool:
        """Whether none of the keys is there, nor misspelt as an unknown key."""
        return not any(name in self.spec or name in self.meant for name in names)

    def read(self, table: fields.Table) -> dict[str, Any]:
        """The declared keys the table has, each checked by its kind and converted: text
        as itself, a place id as its Place, a zone as its ZoneInfo, a duration as a
        timedelta. A key that breaks a rule is reported and left out."""
        plan = _plan(table)
        spec = self.spec
        if not spec.keys() <= plan.names:
            self.unknown_keys(plan.names)
        if not plan.required_names <= spec.keys():
            for name in plan.required:
                if name not in spec and name not in self.meant:
                    self.error(f"missing required key `{name}`")
        values: dict[str, Any] = {}
        later = []
        places = self.reading.places
        for name, value in spec.items():
            known = plan.keys.get(name)
            if known is None:
                continue  # unknown (said above) or an extension's
            fast, reader, key = known
            # The common cases first, inline: this runs for every key of every entry.
            if (
                (fast == _TEXT and type(value) is str and value and not value.isspace())
                or (
                    fast == _INSTANT
                    and type(value) is datetime
                    and FIRST_YEAR <= value.year <= LAST_YEAR
                )
                or (
                    fast == _NAMES
                    and type(value) is list
                    and _STRINGS.issuperset(map(type, value))
                    and all(map(str.strip, value))  # no blank name, and no loop in Python
                )
            ):
                values[name] = value
            elif fast == _PLACE and type(value) is str and value in places and value.strip():
                values[name] = places[value]
            elif key.follows is not None and key.follows in spec and key.follows not in values:
                later.append((reader, key, value))  # its kind is known once the other is read
            else:
                read = reader(self, key, value, values)
                if read is not _REFUSED:
                    values[name] = read
        for reader, key, value in later:
            read = reader(self, key, value, values)
            if read is not _REFUSED:
                values[key.name] = read
        return values


def _read_text(table: _TableReader, key: Key, value: Any, values: Mapping[str, Any]) -> Any:
    if not isinstance(value, str):
        return table.refuse(key, f"`{key.name}` must be a string, not {_type_name(value)}")
    if not value.strip():
        return table.refuse(key, f"`{key.name}` is empty")
    return value


def _read_place(table: _TableReader, key: Key, value: Any, values: Mapping[str, Any]) -> Any:
    text = _read_text(table, key, value, values)
    if text is _REFUSED:
        return text
    reading = table.reading
    place = reading.places.get(text)
    if place is not None:
        return place
    if not reading.places_readable or text in reading.broken_places:
        return _REFUSED  # the place's own error is reported
    message = f"unknown place {_clip(text)!r} (places: {reading.places_listing()})"
    return table.refuse(key, message)


def _read_zone(table: _TableReader, key: Key, value: Any, values: Mapping[str, Any]) -> Any:
    text = _read_text(table, key, value, values)
    if text is _REFUSED:
        return text
    zone = table.reading.zone(text)
    if zone is not None:
        return zone
    return table.refuse(key, f"unknown time zone {_clip(text)!r}{table.reading.zone_hint(text)}")


def _read_duration(table: _TableReader, key: Key, value: Any, values: Mapping[str, Any]) -> Any:
    text = _read_text(table, key, value, values)
    if text is _REFUSED:
        return text
    try:
        return parse_duration(text)  # cached: a trip repeats a few durations
    except ValueError as err:
        return table.refuse(key, str(err))


def _read_names(table: _TableReader, key: Key, value: Any, values: Mapping[str, Any]) -> Any:
    if not isinstance(value, list):
        return table.refuse(key, f"`{key.name}` must be an array, not {_type_name(value)}")
    for i, name in enumerate(value):
        if not isinstance(name, str):
            return table.refuse(key, f"`{key.name}` must list names (strings)", i)
        if not name.strip():
            return table.refuse(key, f"`{key.name}` lists an empty name", i)
    return value


def _read_date(
    table: _TableReader, key: Key, value: Any, values: Mapping[str, Any], like: str = ""
) -> Any:
    if isinstance(value, date) and not isinstance(value, datetime):
        return _in_years(table, key, value)
    return table.refuse(key, f"`{key.name}` must be a date{like}, not {_type_name(value)}")


def _read_date_time(table: _TableReader, key: Key, value: Any, values: Mapping[str, Any]) -> Any:
    if isinstance(value, datetime):
        return _in_years(table, key, value)
    return table.refuse(key, f"`{key.name}` is {_type_name(value)}, not a date-time")


def _read_date_time_or_date(
    table: _TableReader, key: Key, value: Any, values: Mapping[str, Any]
) -> Any:
    first = values.get(key.follows) if key.follows else None
    if isinstance(first, datetime):
        return _read_date_time(table, key, value, values)
    if isinstance(first, date):
        return _read_date(table, key, value, values, like=f" like `{key.follows}`")
    if isinstance(value, date):
        return _in_years(table, key, value)
    message = f"`{key.name}` must be a date-time or a date, not {_type_name(value)}"
    return table.refuse(key, message)


def _in_years(table: _TableReader, key: Key, value: date) -> Any:
    if FIRST_YEAR <= value.year <= LAST_YEAR:
        return value
    message = f"year {value.year} is out of range ({FIRST_YEAR}-{LAST_YEAR})"
    return table.refuse(key, message)


_READ: dict[Kind, Callable[[_TableReader, Key, Any, Mapping[str, Any]], Any]] = {
    Kind.TEXT: _read_text,
    Kind.PLACE: _read_place,
    Kind.ZONE: _read_zone,
    Kind.DURATION: _read_duration,
    Kind.NAMES: _read_names,
    Kind.DATE: _read_date,
    Kind.DATE_TIME: _read_date_time,
    Kind.DATE_TIME_OR_DATE: _read_date_time_or_date,
}


# What `_TableReader.read` checks inline before calling a key's reader: a non-blank
# string, a known place id, a date-time within the years (for a key whose kind does not
# follow another's), or an array of non-blank strings.
_TEXT, _PLACE, _INSTANT, _NAMES, _OTHER = range(5)
_STRINGS = frozenset({str})


def _fast_check(key: Key) -> int:
    if key.kind is Kind.TEXT:
        return _TEXT
    if key.kind is Kind.PLACE:
        return _PLACE
    if key.kind is Kind.NAMES:
        return _NAMES
    if key.kind in (Kind.DATE_TIME, Kind.DATE_TIME_OR_DATE) and key.follows is None:
        return _INSTANT
    return _OTHER


class _Plan:
    """How a declared table is read: each key's reader, found by the key's name, and
    which attribute of the model each value goes to."""

    __slots__ = ("extra", "keys", "names", "required", "required_names", "shared")

    def __init__(self, table: fields.Table) -> None:
        self.names = table.names
        self.required = tuple(key.name for key in table.keys if key.required)
        self.required_names = frozenset(self.required)
        # name -> (its inline check, its reader, the key): the enum is looked at once, here
        self.keys = {key.name: (_fast_check(key), _READ[key.kind], key) for key in table.keys}
        # (attribute, key) of the values an entry holds as read; the keys kept in `extra`
        self.shared = tuple((k.attr, k.name) for k in table.keys if k.attr and not k.made)
        self.extra = tuple(k.name for k in table.keys if k.attr is None and not k.made)


_PLANS: dict[fields.Table, _Plan] = {}


def _plan(table: fields.Table) -> _Plan:
    """A table's plan, made the first time the table is read (a Table is hashed by
    identity: a declaration made later, or in a test, has its own)."""
    plan = _PLANS.get(table)
    if plan is None:
        plan = _PLANS[table] = _Plan(table)
    return plan


# -- rules across keys and tables ----------------------------------------------------------


def _travellers(trip: _TableReader, values: Mapping[str, Any]) -> None:
    """The trip's travellers, each named once; what `who` may name."""
    names = values.get("travellers")
    reading = trip.reading
    if names is None:
        reading.known_travellers = None if "travellers" in trip.spec else frozenset()
        return
    reading.travellers = tuple(names)
    reading.known_travellers = frozenset(names)
    if len(reading.known_travellers) == len(names):
        return
    seen: set[str] = set()
    repeats: dict[str, int] = {}  # each name named again, at its first repeat
    for i, name in enumerate(names):
        if name in seen:
            repeats.setdefault(name, i)
        seen.add(name)
    first = min(repeats.values())
    what = "traveller" if len(repeats) == 1 else "travellers"
    trip.error(f"{what} {_listing(repeats, quoted=True)} twice", "travellers", first)


def _trip_dates(trip: _TableReader, values: Mapping[str, Any]) -> None:
    start, end = values.get("start"), values.get("end")
    if start is not None and end is not None and end < start:
        trip.error(f"`end` {end} is before `start` {start}", "end")


def _who(entry: _TableReader, values: Mapping[str, Any]) -> tuple[str, ...] | None:
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
        message = f"unknown {what} {_listing(unknown, quoted=True)} (travellers: {listed})"
        entry.error(message, "who", min(unknown.values()))
        return None
    return tuple(dict.fromkeys(names))


def _all_day_end(event: _TableReader, values: Mapping[str, Any], start: date) -> date | None:
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


def _timed_until(event: _TableReader, values: Mapping[str, Any]) -> datetime | timedelta | None:
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


def _unique_id(entry: _TableReader, code: int, values: Mapping[str, Any]) -> None:
    """An entry's id is no other's: events and travel legs share one space of ids."""
    ident = values.get("id")
    if ident is not None:
        first = entry.reading.ids.setdefault(ident, code)
        if first != code:
            where = f"events[{first}]" if first >= 0 else f"travel[{~first}]"
            entry.error(f"id {_clip(ident)!r} is already used by {where}", "id")


# -- entries ---------------------------------------------------------------------------


def _event(reading: _Reading, index: int, spec: dict[str, Any]) -> TimedEvent | AllDayEvent | None:
    """An event: a date `start` makes it all-day, with an inclusive `end` date."""
    event = _TableReader(reading, spec, ("events", index), _EntryName("events", index, spec))
    values = event.read(fields.EVENTS)
    _unique_id(event, index, values)
    who = _who(event, values)
    start, place = values.get("start"), values.get("place")
    if start is None:
        return None
    if not isinstance(start, datetime):
        end = _all_day_end(event, values, start)
        if reading.errors or end is None or who is None or place is None:
            return None  # the file is refused: the entry is not made
        return AllDayEvent(**_common(event, index, values, who), start=start, end=end)
    until = _timed_until(event, values)
    if reading.errors or until is None or who is None or place is None:
        return None
    remarks: list[TimeRemark] = []
    begins = _instant(start, "start", place.zone, remarks)
    if isinstance(until, timedelta):
        ends = begins + until
    else:
        ends = _instant(until, "end", place.zone, remarks)
    common = _common(event, index, values, who) | {"remarks": tuple(remarks)}
    return TimedEvent(**common, start=begins, end=ends)


def _travel(reading: _Reading, index: int, spec: dict[str, Any]) -> Travel | None:
    leg = _TableReader(reading, spec, ("travel", index), _EntryName("travel", index, spec))
    values = leg.read(fields.TRAVEL)
    _unique_id(leg, ~index, values)
    who = _who(leg, values)
    if reading.errors or who is None:
        return None  # the file is refused: the entry is not made
    origin, destination = values["from"], values["to"]
    remarks: list[TimeRemark] = []
    depart = _instant(values["depart"], "depart", origin.zone, remarks)
    arrive = _instant(values["arrive"], "arrive", destination.zone, remarks)
    common = _common(leg, index, values, who) | {"remarks": tuple(remarks)}
    return Travel(**common, start=depart, end=arrive)


def _common(
    entry: _TableReader, index: int, values: Mapping[str, Any], who: tuple[str, ...]
) -> dict[str, Any]:
    """What every kind of entry is made with, as fields.py declares it: the keys with an
    attribute of `Entry` by that attribute, the keys with none in `extra`."""
    table = str(entry.path[0])
    plan = _plan(fields.entry_table(table))
    made: dict[str, Any] = {"table": table, "index": index, "who": who, "remarks": ()}
    for attr, name in plan.shared:
        made[attr] = values.get(name)
    made["id"] = made["id"] or ""
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


def lookup_zone(name: str) -> ZoneInfo | None:
    """The IANA zone called `name`, or None. Links (US/Central) are zones too; the
    database's own helper files (localtime, posixrules) and leap-second trees are not.

    zoneinfo directly, not pendulum.timezone (a ZoneInfo subclass over the same data):
    importing pendulum costs a fifth of the start-up floor, and every command needs zones.
    """
    if (
        name in NOT_ZONES
        or name.startswith(("posix/", "right/", "/"))
        or ".." in name
        or not name.isascii()
        or name != name.strip()
    ):
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


# -- messages ------------------------------------------------------------------------------


def _type_name(value: object) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string"}
    for kind, name in names.items():
        if type(value) is kind:
            return name
    if isinstance(value, datetime):
        return "a date-time"
    if isinstance(value, date):
        return "a date"
    if isinstance(value, time):
        return "a time of day"
    if isinstance(value, list):
        return "an array"
    return "a table" if isinstance(value, dict) else type(value).__name__


def _close_matches(word: str, choices: Iterable[str]) -> list[str]:
    import difflib  # only when refusing a file: it costs start-up time

    return difflib.get_close_matches(word, choices, n=1)


# A zone name that ZoneInfo cannot find costs a search of the disk (0.1 ms); after this
# many, a file's names are first looked for among the zones there are.
_ZONE_MISSES = 20


@cache
def _zone_names() -> frozenset[str]:
    """Every zone name the tz database has (a walk of its directories: tens of ms)."""
    import zoneinfo

    return frozenset(zoneinfo.available_timezones())


@cache
def _zone_candidates() -> dict[str, str]:
    return {zone.lower(): zone for zone in _zone_names() if lookup_zone(zone)}


def zone_hint(name: str) -> str:
    """` (did you mean 'Asia/Seoul'?)` for a misspelt zone name, else nothing."""
    candidates = _zone_candidates()
    wanted = name.strip().replace(" ", "_").lower()
    if wanted in candidates:
        return f" (did you mean {candidates[wanted]!r}?)"
    close = _close_matches(wanted, candidates)
    return f" (did you mean {candidates[close[0]]!r}?)" if close else ""


def _clip(text: str, limit: int = 60) -> str:
    """Quoted file text in a message stays short: a 5,000-character zone name is a typo."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _listing(names: Iterable[str], most: int = 8, *, quoted: bool = False) -> str:
    """Names for a message, the first few of a long list."""
    names = list(names)
    more = f", … ({len(names) - most} more)" if len(names) > most else ""
    shown = [_clip(name) for name in names[:most]]
    return ", ".join(map(repr, shown) if quoted else shown) + more


def _quote(text: str) -> str:
    short = text if len(text) <= 40 else text[:39] + "…"
    if not short.isprintable():
        short = "".join(ch if ch.isprintable() else "?" for ch in short)
    return f'"{short}"'


# -- generated ids -------------------------------------------------------------------------


def _auto_id(entry: AnyEntry, written_start: str) -> str:
    """A readable id from the title plus a hash of the title and the start as the file
    writes it: stable while both are (a new place or a tzdata update that moves the
    instant does not change it)."""
    key = f"{entry.title}\x00{written_start}".encode()
    digest = f"{zlib.crc32(key):08x}"
    return f"{slug(entry.title, 32) or entry.type}-{digest}"


def _assign_ids(entries: list[AnyEntry], document: Mapping[str, Any]) -> None:
    """Give entries without an id a deterministic one that no entry uses (the file's own
    ids are unique by now)."""
    from dataclasses import replace

    seen = {entry.id for entry in entries if entry.id}
    for i, entry in enumerate(entries):
        if entry.id:
            continue
        spec = document[entry.table][entry.index]
        written = spec["start"] if entry.table == "events" else spec["depart"]
        base = _auto_id(entry, written.isoformat())
        ident, n = base, 1
        while ident in seen:
            n += 1
            ident = f"{base}-{n}"
        entries[i] = replace(entry, id=ident)
        seen.add(ident)
