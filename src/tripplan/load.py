"""TOML trip file -> model: the rules that tie a file's keys and tables together, and the
trip they make.

The rules are the contract's (shared/spec/trip-format.md, "Invalid files"); docs/format.md
says what this loader decides where the contract is silent. Each table is read by a
`tableread.TableReader` as `fields` declares it (unknown keys, required keys, types by
kind, empty text, place ids, zones, names); the rules across keys and tables are the short
functions here. Errors are collected rather than raised, so one run reports every mistake
of a file (`TripFileErrors`, sorted by line).
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable, Iterator, Mapping
from typing import Any, BinaryIO

from tripplan import fields
from tripplan.entryread import MAX_ALL_DAY_DAYS, READERS
from tripplan.errors import TripFileError, TripFileErrors
from tripplan.fileio import read_at_most
from tripplan.model import (
    AnyEntry,
    Person,
    Place,
    Trip,
    sort_key,
)
from tripplan.tableread import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_ZONE_HINTS,
    Reading,
    TableReader,
)
from tripplan.text import clip, listing, slug, type_name
from tripplan.tomlread import KeyLines, parse_toml
from tripplan.zones import NOT_ZONES, lookup_zone, zone_hint

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "MAX_ALL_DAY_DAYS",
    "MAX_FILE_BYTES",
    "MAX_ZONE_HINTS",
    "NOT_ZONES",
    "load_trip",
    "loads_trip",
    "loads_trip_and_document",
    "lookup_zone",
    "read_source",
    "zone_hint",
]

# A larger file is refused before it is parsed: a season of travel (100,000 entries) is
# about 15 MB, so this leaves room and still bounds memory (docs/limits.md).
MAX_FILE_BYTES = 40 * 1024 * 1024

TOP_KEYS = frozenset(table.name for table in fields.TABLES)


def read_source(source: str | os.PathLike[str], stdin: BinaryIO | None = None) -> tuple[bytes, str]:
    """The bytes of a trip file, or of standard input for `-`, and the name to report."""
    name = "<stdin>" if source == "-" else os.fspath(source)
    try:
        data = read_at_most(source, MAX_FILE_BYTES, stdin)
    except IsADirectoryError:
        raise TripFileError(name, "is a directory, not a trip file") from None
    except FileNotFoundError:
        raise TripFileError(name, "no such file") from None
    except PermissionError:
        raise TripFileError(name, "permission denied") from None
    except OSError as err:
        raise TripFileError(name, f"cannot read: {err.strerror or err}") from None
    if data is None:
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


def reread_entry(
    trip: Trip,
    table: str,
    index: int,
    spec: dict[str, Any],
    ids: Mapping[str, int],
    *,
    added: bool = False,
) -> Trip | None:
    """The trip with its entry `table[index]` read again from `spec`, the rest as it was:
    what an edit of one entry's lines needs, where reading the whole file again would
    take as long as the first reading (`added`: a new entry at that index). `ids` holds
    the file's explicit ids of the other entries (each `fields.id_code` of its entry).
    None when the entry is refused, or has no id of its own (then the whole file is read
    again, to say why)."""
    reading = _Reading({}, trip.file)
    reading.places = dict(trip.places)
    reading.travellers = trip.travellers
    reading.known_travellers = frozenset(trip.travellers)
    reading.ids = dict(ids)
    entry = READERS[table](reading, index, spec)
    if entry is None or reading.errors or not entry.id:
        return None
    others = [e for e in trip.entries if (e.table, e.index) != (table, index)]
    if (len(others) == len(trip.entries)) != added:
        return None  # not the entry there (or, added, one stands there already)
    from dataclasses import replace

    return replace(trip, entries=tuple(sorted([*others, entry], key=sort_key)))


# -- the file ------------------------------------------------------------------------------


class _Reading(Reading):
    """One file being read, table by table, into a trip."""

    def trip(self) -> Trip | None:
        """The trip, or None when any error was found (then `errors` says which)."""
        TableReader(self, self.doc, (), "top level").unknown_keys(TOP_KEYS)
        spec = self.doc.get("trip")
        if not isinstance(spec, dict):
            problem = "missing" if spec is None else f"{type_name(spec)}, not a table"
            self.add(("trip",), f"[trip] is {problem}", "[trip]")
            return None  # not a trip file: its other tables would only add noise
        self._read_places()
        head = TableReader(self, spec, ("trip",), "[trip]")
        values = head.read(fields.TRIP)
        _travellers(head, values)
        _trip_dates(head, values)
        people = self._read_people()
        entries = [entry for name, read in READERS.items() for entry in self._entries(name, read)]
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
            people=people,
            lang=values.get("lang"),
        )

    def _read_people(self) -> dict[str, Person]:
        """`[people.ID]`: details of travellers the trip names (format 1.1)."""
        table = self.doc.get("people", {})
        if not isinstance(table, dict):
            self.add(("people",), "[people] must be a table of people", "[people]")
            return {}
        people = {}
        for ident, spec in table.items():
            label = f"[people.{ident}]"
            if not isinstance(spec, dict):
                self.add(("people", ident), f"{label} must be a table", label)
                continue
            reader = TableReader(self, spec, ("people", ident), label)
            values = reader.read(fields.PEOPLE)
            known = self.known_travellers
            if known is not None and ident not in known:
                listed = self.travellers_listing()
                reader.error(f"{clip(ident)!r} is not a traveller (travellers: {listed})")
                continue
            people[ident] = Person(ident, values.get("name"), values.get("email"))
        return people

    def _read_places(self) -> None:
        table = self.doc.get("places", {})
        if not isinstance(table, dict):
            self.add(("places",), "[places] must be a table of places", "[places]")
            self.places_readable = False
            return
        read = {}
        for place_id, spec in table.items():
            label = f"[places.{place_id}]"
            if not isinstance(spec, dict):
                self.add(("places", place_id), f"{label} must be a table", label)
                self.broken_places.add(place_id)
                continue
            reader = TableReader(self, spec, ("places", place_id), label)
            read[place_id] = (reader, reader.read(fields.PLACES))
        codes = [values["airport"] for _, values in read.values() if "airport" in values]
        known = _airports(codes) if codes else {}
        for place_id, (reader, values) in read.items():
            place = _place(reader, place_id, values, known)
            if place is None:
                self.broken_places.add(place_id)
            else:
                self.places[place_id] = place

    def _entries(
        self, name: str, read: Callable[[Reading, int, dict[str, Any]], AnyEntry | None]
    ) -> Iterator[AnyEntry]:
        array = self.doc.get(name, [])
        if not isinstance(array, list) or not all(isinstance(item, dict) for item in array):
            self.add((name,), f"`{name}` must be an array of tables ([[{name}]])", name)
            return
        for index, spec in enumerate(array):
            entry = read(self, index, spec)
            if entry is not None:
                yield entry


# -- rules across keys and tables ----------------------------------------------------------


def _airports(codes: list[str]) -> dict[str, Any]:
    from tripplan.airports import airports

    return airports(codes)


def _place(
    reader: TableReader, place_id: str, values: Mapping[str, Any], known: Mapping[str, Any]
) -> Place | None:
    """A place: its zone is its `tz`, else its airport's; its name is its `name`, else its
    airport's city and code ("Los Angeles (LAX)"), else its id."""
    zone, code = values.get("tz"), values.get("airport")
    if "tz" in reader.spec and zone is None:
        return None  # the zone's error is said
    airport = known.get(code) if code is not None else None
    if zone is None:
        if code is None:
            if "airport" not in reader.spec and reader.missing("tz"):
                reader.error("missing required key `tz` (or `airport`, whose zone it takes)")
            return None
        if airport is None or not airport.tz:
            what = "not in the airport database" if airport is None else "has no zone there"
            reader.error(f"airport {code!r} {what}: give the place a `tz`", "airport")
            return None
        zone = reader.reading.zone(airport.tz)
        if zone is None:
            reader.error(f"airport {code!r} has the unknown zone {airport.tz!r}: give a `tz`")
            return None
    name = values.get("name") or (f"{airport.city} ({code})" if airport else place_id)
    return Place(id=place_id, name=name, tz=zone.key, zone=zone, airport=code)


def _travellers(trip: TableReader, values: Mapping[str, Any]) -> None:
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
    trip.error(f"{what} {listing(repeats, quoted=True)} twice", "travellers", first)


def _trip_dates(trip: TableReader, values: Mapping[str, Any]) -> None:
    start, end = values.get("start"), values.get("end")
    if start is not None and end is not None and end < start:
        trip.error(f"`end` {end} is before `start` {start}", "end")


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
        written = spec[fields.entry_table(entry.table).times[0]]
        base = _auto_id(entry, written.isoformat())
        ident, n = base, 1
        while ident in seen:
            n += 1
            ident = f"{base}-{n}"
        entries[i] = replace(entry, id=ident)
        seen.add(ident)
