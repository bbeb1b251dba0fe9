"""TOML trip file -> model. Every validation rule of the format lives here.

The rules are the contract's (shared/spec/trip-format.md, "Invalid files"); docs/format.md
says what this loader decides where the contract is silent.
"""

from __future__ import annotations

import sys
import zlib
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path as FsPath
from typing import Any, BinaryIO, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tripplan import fields
from tripplan.errors import TripFileError
from tripplan.model import AnyEntry, Event, Place, TimeNote, TimeRemark, Travel, Trip
from tripplan.text import slug
from tripplan.timing import parse_duration, resolve_local, sort_key
from tripplan.tomlread import Path, key_line, parse_toml

# A larger file is refused before it is parsed: a season of travel (100,000 entries) is
# about 15 MB, so this leaves room and still bounds memory (docs/limits.md).
MAX_FILE_BYTES = 40 * 1024 * 1024

MAX_ALL_DAY_DAYS = 366
# Dates near years 1 and 9999 sit at the edge of what Python can hold: a zone's offset or
# the longest duration (366 days) past them overflows. No trip goes there: refused.
FIRST_YEAR, LAST_YEAR = 2, 9997

TRIP_KEYS = fields.TRIP.names
PLACE_KEYS = fields.PLACES.names
EVENT_KEYS = fields.EVENTS.names
TRAVEL_KEYS = fields.TRAVEL.names
TOP_KEYS = frozenset(table.name for table in fields.TABLES)
# Zone files that exist in the tz database's directory but name no place's rules.
NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})

T = TypeVar("T")
_KIND_NAMES: dict[type, str] = {str: "a string", list: "an array", date: "a date"}


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


class _Invalid(Exception):
    """A rule broken at a key path; turned into TripFileError with the key's line."""

    def __init__(self, path: Path, message: str, entry: Label | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.message = message
        self.entry = entry


def read_source(source: str, stdin: BinaryIO | None = None) -> tuple[bytes, str]:
    """The bytes of a trip file, or of standard input for `-`, and the name to report."""
    if source == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(MAX_FILE_BYTES + 1)
        name = "<stdin>"
    else:
        name = source
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


def load_trip(source: str, stdin: BinaryIO | None = None) -> Trip:
    """Read, parse and validate a trip file (`-` for standard input)."""
    data, name = read_source(source, stdin)
    return loads_trip(data, name)


def loads_trip(data: bytes, name: str = "<trip>") -> Trip:
    document, text = parse_toml(data, name)
    if not text.strip():
        raise TripFileError(name, "is empty: a trip needs at least [trip] with a `title`")
    try:
        return _TripReader(document, name).read()
    except _Invalid as err:
        entry = str(err.entry) if err.entry is not None else None
        raise TripFileError(name, err.message, entry=entry, line=key_line(text, err.path)) from None


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


def _check_keys(
    table: Mapping[str, Any], allowed: frozenset[str], path: tuple[str | int, ...], entry: Label
) -> None:
    for key in table.keys() - allowed:
        if key.startswith(fields.EXTENSION_PREFIX):
            continue
        hint = _close_matches(key, allowed)
        also = f" (did you mean {hint[0]!r}?)" if hint else ""
        raise _Invalid((*path, key), f"unknown key {_clip(key)!r}{also}", entry)


class _TripReader:
    def __init__(self, document: dict[str, Any], file: str) -> None:
        self.doc = document
        self.file = file
        self.zones: dict[str, ZoneInfo] = {}
        self.known_travellers: frozenset[str] = frozenset()  # for `who`: a set, not a scan

    def read(self) -> Trip:
        _check_keys(self.doc, TOP_KEYS, (), "top level")
        trip = self.doc.get("trip")
        if not isinstance(trip, dict):
            problem = "missing" if trip is None else f"{_type_name(trip)}, not a table"
            raise _Invalid(("trip",), f"[trip] is {problem}", "[trip]")
        _check_keys(trip, TRIP_KEYS, ("trip",), "[trip]")
        title = self._req(trip, "title", str, ("trip",), "[trip]")
        trip_id = self._opt(trip, "id", str, ("trip",), "[trip]")
        places = self._places()
        travellers = self._travellers(trip)
        start = self._opt(trip, "start", date, ("trip",), "[trip]")
        end = self._opt(trip, "end", date, ("trip",), "[trip]")
        for key, value in (("start", start), ("end", end)):
            if isinstance(value, datetime):
                raise _Invalid(("trip", key), f"`{key}` must be a date, not a date-time", "[trip]")
            if value is not None:
                _check_year(value, ("trip", key), "[trip]")
        if start and end and end < start:
            raise _Invalid(("trip", "end"), f"`end` {end} is before `start` {start}", "[trip]")
        home_id = self._opt(trip, "home", str, ("trip",), "[trip]")
        buffer = self._opt(trip, "buffer", str, ("trip",), "[trip]")
        entries: list[AnyEntry] = [
            *self._events(places, travellers),
            *self._travel(places, travellers),
        ]
        _assign_ids(entries)
        return Trip(
            title=title,
            file=self.file,
            places=places,
            entries=tuple(sorted(entries, key=sort_key)),
            home=self._place(places, home_id, ("trip", "home"), "[trip]") if home_id else None,
            start=start,
            end=end,
            travellers=travellers,
            buffer=self._duration(buffer, ("trip", "buffer"), "[trip]") if buffer else None,
            id=trip_id,
        )

    # -- typed access ------------------------------------------------------------------

    def _opt(
        self,
        table: Mapping[str, Any],
        key: str,
        kind: type[T],
        path: tuple[str | int, ...],
        entry: Label,
    ) -> T | None:
        value = table.get(key)
        if value is None:
            return None
        if type(value) is kind and (kind is not str or (value and not str(value).isspace())):
            return value  # the common case, checked first: this runs for every key
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            want = _KIND_NAMES.get(kind, kind.__name__)
            raise _Invalid((*path, key), f"`{key}` must be {want}, not {_type_name(value)}", entry)
        if kind is str and not str(value).strip():
            raise _Invalid((*path, key), f"`{key}` is empty", entry)
        return value

    def _req(
        self,
        table: Mapping[str, Any],
        key: str,
        kind: type[T],
        path: tuple[str | int, ...],
        entry: Label,
    ) -> T:
        value = self._opt(table, key, kind, path, entry)
        if value is None:
            raise _Invalid(path, f"missing required key `{key}`", entry)
        return value

    def _duration(self, text: str, path: Path, entry: Label) -> timedelta:
        try:
            return parse_duration(text)
        except ValueError as err:
            raise _Invalid(path, str(err), entry) from None

    # -- places and travellers ---------------------------------------------------------

    def _places(self) -> dict[str, Place]:
        table = self.doc.get("places", {})
        if not isinstance(table, dict):
            raise _Invalid(("places",), "[places] must be a table of places", "[places]")
        places = {}
        for place_id, spec in table.items():
            label = f"[places.{place_id}]"
            if not isinstance(spec, dict):
                raise _Invalid(("places", place_id), f"{label} must be a table", label)
            _check_keys(spec, PLACE_KEYS, ("places", place_id), label)
            tz = self._req(spec, "tz", str, ("places", place_id), label)
            name = self._opt(spec, "name", str, ("places", place_id), label) or place_id
            zone = self._zone(tz, ("places", place_id, "tz"), label)
            places[place_id] = Place(id=place_id, name=name, tz=tz, zone=zone)
        return places

    def _zone(self, name: str, path: Path, entry: Label) -> ZoneInfo:
        if name in self.zones:
            return self.zones[name]
        zone = lookup_zone(name)
        if zone is None:
            raise _Invalid(path, f"unknown time zone {_clip(name)!r}{_zone_hint(name)}", entry)
        self.zones[name] = zone
        return zone

    def _place(self, places: dict[str, Place], place_id: str, path: Path, entry: Label) -> Place:
        try:
            return places[place_id]
        except KeyError:
            known = _listing(sorted(places)) or "none"
            message = f"unknown place {_clip(place_id)!r} (places: {known})"
            raise _Invalid(path, message, entry) from None

    def _travellers(self, trip: Mapping[str, Any]) -> tuple[str, ...]:
        names = self._opt(trip, "travellers", list, ("trip",), "[trip]") or []
        seen: set[str] = set()
        for i, name in enumerate(names):
            if not isinstance(name, str) or not name.strip():
                raise _Invalid(("trip", "travellers", i), "travellers must be names", "[trip]")
            if name in seen:
                raise _Invalid(
                    ("trip", "travellers", i), f"traveller {_clip(name)!r} twice", "[trip]"
                )
            seen.add(name)
        self.known_travellers = frozenset(seen)
        return tuple(names)

    def _who(
        self,
        spec: Mapping[str, Any],
        travellers: tuple[str, ...],
        path: tuple[str | int, ...],
        entry: Label,
    ) -> tuple[str, ...]:
        names = self._opt(spec, "who", list, path, entry)
        if names is None:
            return travellers
        if not names:
            raise _Invalid((*path, "who"), "`who` is empty: name at least one traveller", entry)
        for i, name in enumerate(names):
            if not isinstance(name, str):
                raise _Invalid((*path, "who", i), "`who` must list names (strings)", entry)
            if name not in self.known_travellers:
                known = _listing(travellers) if travellers else "[trip] lists none"
                message = f"unknown traveller {_clip(name)!r} (travellers: {known})"
                raise _Invalid((*path, "who", i), message, entry)
        return tuple(dict.fromkeys(names))

    # -- entries -----------------------------------------------------------------------

    def _array(self, key: str) -> list[Any]:
        value = self.doc.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise _Invalid((key,), f"`{key}` must be an array of tables ([[{key}]])", key)
        return value

    def _common(
        self, table: str, index: int, spec: dict[str, Any], keys: frozenset[str]
    ) -> tuple[tuple[str | int, ...], _EntryName]:
        path = (table, index)
        label = _EntryName(table, index, spec)
        _check_keys(spec, keys, path, label)
        return path, label

    def _texts(
        self, spec: Mapping[str, Any], path: tuple[str | int, ...], label: Label, *keys: str
    ) -> list[str | None]:
        return [self._opt(spec, key, str, path, label) for key in keys]

    def _events(self, places: dict[str, Place], travellers: tuple[str, ...]) -> Iterable[Event]:
        for index, spec in enumerate(self._array("events")):
            path, label = self._common("events", index, spec, EVENT_KEYS)
            title = self._req(spec, "title", str, path, label)
            ident, venue, kind, notes = self._texts(
                spec, path, label, "id", "venue", "kind", "notes"
            )
            place = self._place(
                places, self._req(spec, "place", str, path, label), (*path, "place"), label
            )
            who = self._who(spec, travellers, path, label)
            start_raw = spec.get("start")
            if start_raw is None:
                raise _Invalid(path, "missing required key `start`", label)
            remarks: list[TimeRemark] = []
            start: datetime | date
            end: datetime | date
            if isinstance(start_raw, datetime):
                start, end = self._timed_span(spec, place, path, label, remarks)
            elif isinstance(start_raw, date):
                start, end = self._all_day_span(spec, path, label)
            else:
                raise _Invalid(
                    (*path, "start"),
                    f"`start` must be a date-time or a date, not {_type_name(start_raw)}",
                    label,
                )
            yield Event(
                id=ident or "",
                title=title,
                who=who,
                table="events",
                index=index,
                notes=notes,
                venue=venue,
                remarks=tuple(remarks),
                place=place,
                start=start,
                end=end,
                kind=kind,
            )

    def _timed_span(
        self,
        spec: Mapping[str, Any],
        place: Place,
        path: tuple[str | int, ...],
        label: Label,
        remarks: list[TimeRemark],
    ) -> tuple[datetime, datetime]:
        start = self._instant(spec, "start", place, path, label, remarks)
        if "end" in spec and "duration" in spec:
            raise _Invalid((*path, "duration"), "has both `end` and `duration`: keep one", label)
        if "end" in spec:
            return start, self._instant(spec, "end", place, path, label, remarks)
        text = self._opt(spec, "duration", str, path, label)
        if text is None:
            raise _Invalid(path, "a timed event needs `end` or `duration`", label)
        return start, start + self._duration(text, (*path, "duration"), label)

    def _all_day_span(
        self, spec: Mapping[str, Any], path: tuple[str | int, ...], label: Label
    ) -> tuple[date, date]:
        start: date = spec["start"]
        if "duration" in spec:
            raise _Invalid(
                (*path, "duration"),
                "an all-day event (a date `start`) takes an inclusive `end` date, not `duration`",
                label,
            )
        end = spec.get("end", start)
        if isinstance(end, datetime) or not isinstance(end, date):
            raise _Invalid(
                (*path, "end"),
                f"`end` must be a date like `start`, not {_type_name(end)}",
                label,
            )
        _check_year(start, (*path, "start"), label)
        _check_year(end, (*path, "end"), label)
        if (end - start).days > MAX_ALL_DAY_DAYS:
            raise _Invalid(
                (*path, "end"), f"an all-day event may last {MAX_ALL_DAY_DAYS} days at most", label
            )
        return start, end

    def _instant(
        self,
        spec: Mapping[str, Any],
        key: str,
        place: Place,
        path: tuple[str | int, ...],
        label: Label,
        remarks: list[TimeRemark],
    ) -> datetime:
        value = spec.get(key)
        if not isinstance(value, datetime):
            what = "missing" if value is None else f"{_type_name(value)}, not a date-time"
            raise _Invalid((*path, key) if value is not None else path, f"`{key}` is {what}", label)
        _check_year(value, (*path, key), label)
        written = value.isoformat()
        if value.microsecond:
            value = value.replace(microsecond=0)  # calendars (RFC 5545) keep whole seconds
        if value.tzinfo is None:
            resolved = resolve_local(value, place.zone)
            if resolved.note is not None:
                remarks.append(TimeRemark(key, resolved.note, written, resolved.instant))
            return resolved.instant
        instant = value.astimezone(UTC)
        stated = value.utcoffset()
        if stated and stated != instant.astimezone(place.zone).utcoffset():
            remarks.append(TimeRemark(key, TimeNote.OFFSET_MISMATCH, written, instant))
        return instant

    def _travel(self, places: dict[str, Place], travellers: tuple[str, ...]) -> Iterable[Travel]:
        for index, spec in enumerate(self._array("travel")):
            path, label = self._common("travel", index, spec, TRAVEL_KEYS)
            title = self._req(spec, "title", str, path, label)
            ident, venue, mode, notes = self._texts(
                spec, path, label, "id", "venue", "mode", "notes"
            )
            origin = self._place(
                places, self._req(spec, "from", str, path, label), (*path, "from"), label
            )
            destination = self._place(
                places, self._req(spec, "to", str, path, label), (*path, "to"), label
            )
            who = self._who(spec, travellers, path, label)
            remarks: list[TimeRemark] = []
            depart = self._instant(spec, "depart", origin, path, label, remarks)
            arrive = self._instant(spec, "arrive", destination, path, label, remarks)
            yield Travel(
                id=ident or "",
                title=title,
                who=who,
                table="travel",
                index=index,
                notes=notes,
                venue=venue,
                remarks=tuple(remarks),
                origin=origin,
                destination=destination,
                start=depart,
                end=arrive,
                mode=mode,
            )


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


def _close_matches(word: str, choices: Iterable[str]) -> list[str]:
    import difflib  # only when refusing a file: it costs start-up time

    return difflib.get_close_matches(word, choices, n=1)


def _zone_hint(name: str) -> str:
    import zoneinfo

    candidates = {z.lower(): z for z in zoneinfo.available_timezones() if lookup_zone(z)}
    wanted = name.strip().replace(" ", "_").lower()
    if wanted in candidates:
        return f" (did you mean {candidates[wanted]!r}?)"
    close = _close_matches(wanted, candidates)
    return f" (did you mean {candidates[close[0]]!r}?)" if close else ""


def _check_year(value: date, path: Path, entry: Label) -> None:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise _Invalid(path, f"year {value.year} is out of range ({FIRST_YEAR}-{LAST_YEAR})", entry)


def _clip(text: str, limit: int = 60) -> str:
    """Quoted file text in a message stays short: a 5,000-character zone name is a typo."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _listing(names: Iterable[str], most: int = 8) -> str:
    """Names for a message, the first few of a long list."""
    names = list(names)
    more = f", … ({len(names) - most} more)" if len(names) > most else ""
    return ", ".join(_clip(name) for name in names[:most]) + more


def _quote(text: str) -> str:
    short = text if len(text) <= 40 else text[:39] + "…"
    return '"' + "".join(ch if ch.isprintable() else "?" for ch in short) + '"'


def _auto_id(entry: AnyEntry, written_start: str) -> str:
    """A readable id from the title plus a hash of title and start: stable while both are."""
    key = f"{entry.title}\x00{written_start}".encode()
    digest = f"{zlib.crc32(key):08x}"
    return f"{slug(entry.title, 32) or entry.type}-{digest}"


def _assign_ids(entries: list[AnyEntry]) -> None:
    """Check explicit ids are unique; give the others a deterministic unique one."""
    from dataclasses import replace

    seen: dict[str, AnyEntry] = {}
    for entry in entries:
        if not entry.id:
            continue
        if entry.id in seen:
            first = seen[entry.id]
            raise _Invalid(
                (entry.table, entry.index, "id"),
                f"id {entry.id!r} is already used by {first.table}[{first.index}]",
                f"{entry.table}[{entry.index}] {_quote(entry.id)}",
            )
        seen[entry.id] = entry
    for i, entry in enumerate(entries):
        if entry.id:
            continue
        base = _auto_id(entry, _written_start(entry))
        ident, n = base, 1
        while ident in seen:
            n += 1
            ident = f"{base}-{n}"
        entries[i] = replace(entry, id=ident)
        seen[ident] = entries[i]


def _written_start(entry: AnyEntry) -> str:
    return entry.start.isoformat()
