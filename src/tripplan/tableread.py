"""One table of a trip file read as fields.py declares it, and the state of the file
being read: unknown and required keys, types by kind, empty text, place ids, zones, names.
Errors are collected (`Reading.errors`), never raised; tripplan.load adds the rules that tie
keys and tables together and makes the trip."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any, Final
from zoneinfo import ZoneInfo

from tripplan import fields
from tripplan.fields import Key, Kind
from tripplan.model import Place
from tripplan.text import clip, close_matches, listing, quote, type_name
from tripplan.timing import parse_duration
from tripplan.tomlread import Path
from tripplan.zones import lookup_zone, zone_hint, zone_names

# Dates near years 1 and 9999 sit at the edge of what Python can hold: a zone's offset or
# the longest duration (366 days) past them overflows. No trip goes there: refused.
FIRST_YEAR, LAST_YEAR = 2, 9997
# Suggesting a zone for a misspelt name compares it with every zone (milliseconds): a
# file of thousands of bad names gets suggestions for the first ones only.
MAX_ZONE_HINTS = 100
# A zone name that ZoneInfo cannot find costs a search of the disk (0.1 ms); after this
# many, a file's names are first looked for among the zones there are.
_ZONE_MISSES = 20


class EntryName:
    """`events[3] "la-mou"`, built only when a message needs it (most entries never fail)."""

    __slots__ = ("index", "spec", "table")

    def __init__(self, table: str, index: int, spec: Mapping[str, Any]) -> None:
        self.table, self.index, self.spec = table, index, spec

    def __str__(self) -> str:
        ident, title = self.spec.get("id"), self.spec.get("title")
        named = ident if isinstance(ident, str) else title if isinstance(title, str) else None
        return f"{self.table}[{self.index}]" + (f" {quote(named)}" if named else "")


Label = str | EntryName


class _Error:
    """A rule broken at a key path; its line is found once every error is known."""

    __slots__ = ("entry", "message", "path")

    def __init__(self, path: Path, message: str, entry: Label) -> None:
        self.path, self.message, self.entry = path, message, entry


class Reading:
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
        # Each explicit id: its entry's table and index as one int (fields.id_code: an int:
        # 100,000 objects kept for the garbage collector to walk would slow it).
        self.ids: dict[str, int] = {}
        self._places_listing: str | None = None
        self._travellers_listing: str | None = None

    def add(self, path: Path, message: str, entry: Label) -> None:
        self.errors.append(_Error(path, message, entry))

    def zone(self, name: str) -> ZoneInfo | None:
        if name not in self.zones:
            if self.zone_misses >= _ZONE_MISSES and name not in zone_names():
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
            self._places_listing = listing(sorted(named)) or "none"
        return self._places_listing

    def travellers_listing(self) -> str:
        if self._travellers_listing is None:
            self._travellers_listing = listing(self.travellers) or "[trip] lists none"
        return self._travellers_listing


# -- one table, as fields.py declares it ---------------------------------------------------

_REFUSED: Final = object()  # a key's value broke a rule: it is left out of the values read
_NOTHING: frozenset[str] = frozenset()


class TableReader:
    """One table of the file (`[trip]`, a `[places.ID]`, one `[[events]]` item): where it
    is, how its errors name it, and its keys read as their declaration says."""

    __slots__ = ("label", "meant", "path", "reading", "spec")

    def __init__(self, reading: Reading, spec: Mapping[str, Any], path: Path, label: Label) -> None:
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
            hint = close_matches(name, allowed)
            also = f" (did you mean {hint[0]!r}?)" if hint else ""
            self.error(f"unknown key {clip(name)!r}{also}", name)
            meant.update(hint)
        self.meant = frozenset(meant)

    def missing(self, *names: str) -> bool:
        """Whether none of the keys is there, nor misspelt as an unknown key."""
        return not any(name in self.spec or name in self.meant for name in names)

    def read(self, table: fields.Table) -> dict[str, Any]:
        """The declared keys the table has, each checked by its kind and converted: text
        as itself, a place id as its Place, a zone as its ZoneInfo, a duration as a
        timedelta. A key that breaks a rule is reported and left out."""
        plan = plan_of(table)
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
            well_formed, reader, key = known
            # The common case first, by the kind's own rule: this runs for every key of
            # every entry, so a well-formed value costs one call, not a reader's messages.
            if well_formed is not None and well_formed(value):
                values[name] = value
            elif key.kind is Kind.PLACE and _text(value) and value in places:
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


def _text(value: Any) -> bool:
    """The rule of Kind.TEXT: a string, not empty or blank."""
    return type(value) is str and value != "" and not value.isspace()


def _names(value: Any) -> bool:
    """The rule of Kind.NAMES: an array of texts (checked without a loop in Python)."""
    return (
        type(value) is list and _STRINGS.issuperset(map(type, value)) and all(map(str.strip, value))
    )


def _instant(value: Any) -> bool:
    """The rule of a date-time key: a TOML date-time within the years a trip may use."""
    return type(value) is datetime and FIRST_YEAR <= value.year <= LAST_YEAR


def _read_text(table: TableReader, key: Key, value: Any, values: Mapping[str, Any]) -> Any:
    if _text(value):
        return value
    if not isinstance(value, str):
        return table.refuse(key, f"`{key.name}` must be a string, not {type_name(value)}")
    return table.refuse(key, f"`{key.name}` is empty")


def _read_place(table: TableReader, key: Key, value: Any, values: Mapping[str, Any]) -> Any:
    text = _read_text(table, key, value, values)
    if text is _REFUSED:
        return text
    reading = table.reading
    place = reading.places.get(text)
    if place is not None:
        return place
    if not reading.places_readable or text in reading.broken_places:
        return _REFUSED  # the place's own error is reported
    message = f"unknown place {clip(text)!r} (places: {reading.places_listing()})"
    return table.refuse(key, message)


def _read_zone(table: TableReader, key: Key, value: Any, values: Mapping[str, Any]) -> Any:
    text = _read_text(table, key, value, values)
    if text is _REFUSED:
        return text
    zone = table.reading.zone(text)
    if zone is not None:
        return zone
    return table.refuse(key, f"unknown time zone {clip(text)!r}{table.reading.zone_hint(text)}")


def _read_duration(table: TableReader, key: Key, value: Any, values: Mapping[str, Any]) -> Any:
    text = _read_text(table, key, value, values)
    if text is _REFUSED:
        return text
    try:
        return parse_duration(text)  # cached: a trip repeats a few durations
    except ValueError as err:
        return table.refuse(key, str(err))


def _read_names(table: TableReader, key: Key, value: Any, values: Mapping[str, Any]) -> Any:
    if _names(value):
        return value
    if not isinstance(value, list):
        return table.refuse(key, f"`{key.name}` must be an array, not {type_name(value)}")
    for i, name in enumerate(value):
        if not isinstance(name, str):
            return table.refuse(key, f"`{key.name}` must list names (strings)", i)
        if not name.strip():
            return table.refuse(key, f"`{key.name}` lists an empty name", i)
    return value


def _read_date(
    table: TableReader, key: Key, value: Any, values: Mapping[str, Any], like: str = ""
) -> Any:
    if isinstance(value, date) and not isinstance(value, datetime):
        return _in_years(table, key, value)
    return table.refuse(key, f"`{key.name}` must be a date{like}, not {type_name(value)}")


def _read_date_time(table: TableReader, key: Key, value: Any, values: Mapping[str, Any]) -> Any:
    if isinstance(value, datetime):
        return _in_years(table, key, value)
    return table.refuse(key, f"`{key.name}` is {type_name(value)}, not a date-time")


def _read_date_time_or_date(
    table: TableReader, key: Key, value: Any, values: Mapping[str, Any]
) -> Any:
    first = values.get(key.follows) if key.follows else None
    if isinstance(first, datetime):
        return _read_date_time(table, key, value, values)
    if isinstance(first, date):
        return _read_date(table, key, value, values, like=f" like `{key.follows}`")
    if isinstance(value, date):
        return _in_years(table, key, value)
    message = f"`{key.name}` must be a date-time or a date, not {type_name(value)}"
    return table.refuse(key, message)


def _read_count(table: TableReader, key: Key, value: Any, values: Mapping[str, Any]) -> Any:
    if type(value) is not int:
        return table.refuse(key, f"`{key.name}` must be an integer, not {type_name(value)}")
    if value < 0:
        return table.refuse(key, f"`{key.name}` is {value}: it counts from 0")
    return value


def _read_instant(table: TableReader, key: Key, value: Any, values: Mapping[str, Any]) -> Any:
    """An offset date-time as its UTC instant (a wall time alone names no instant)."""
    if not isinstance(value, datetime):
        return table.refuse(key, f"`{key.name}` is {type_name(value)}, not a date-time")
    if value.tzinfo is None:
        message = f"`{key.name}` needs its offset (2010-11-01T09:00:00Z): it is an instant"
        return table.refuse(key, message)
    read = _in_years(table, key, value)
    return read if read is _REFUSED else value.astimezone(UTC)


def _in_years(table: TableReader, key: Key, value: date) -> Any:
    if FIRST_YEAR <= value.year <= LAST_YEAR:
        return value
    message = f"year {value.year} is out of range ({FIRST_YEAR}-{LAST_YEAR})"
    return table.refuse(key, message)


def _read_language(table: TableReader, key: Key, value: Any, values: Mapping[str, Any]) -> Any:
    from tripplan.lang import well_formed

    if not isinstance(value, str):
        return table.refuse(key, f"`{key.name}` must be a string, not {type_name(value)}")
    if not well_formed(value):
        message = f"`{key.name}` is {quote(value)}: not a language code (such as ko, en, fr-CA)"
        return table.refuse(key, message)
    return value


def _read_airport(table: TableReader, key: Key, value: Any, values: Mapping[str, Any]) -> Any:
    """An IATA code as written (any case): the loader looks the codes of all places up at
    once (tripplan.airports), and only when some place names one."""
    from tripplan.airports import well_formed

    text = _read_text(table, key, value, values)
    if text is _REFUSED:
        return text
    if not well_formed(text):
        return table.refuse(key, f"`{key.name}` is {quote(text)}: not an IATA code (such as LAX)")
    return text.upper()


_READ: dict[Kind, Callable[[TableReader, Key, Any, Mapping[str, Any]], Any]] = {
    Kind.TEXT: _read_text,
    Kind.PLACE: _read_place,
    Kind.ZONE: _read_zone,
    Kind.DURATION: _read_duration,
    Kind.NAMES: _read_names,
    Kind.DATE: _read_date,
    Kind.DATE_TIME: _read_date_time,
    Kind.DATE_TIME_OR_DATE: _read_date_time_or_date,
    Kind.COUNT: _read_count,
    Kind.INSTANT: _read_instant,
    Kind.LANGUAGE: _read_language,
    Kind.AIRPORT: _read_airport,
}


_STRINGS = frozenset({str})


def _well_formed(key: Key) -> Callable[[Any], bool] | None:
    """The rule `TableReader.read` asks first of a key's value, where its kind has one
    that needs no other key: a well-formed value is taken as it is, any other goes to the
    kind's reader, which converts it or says what is wrong."""
    if key.kind is Kind.TEXT:
        return _text
    if key.kind is Kind.NAMES:
        return _names
    if key.kind in (Kind.DATE_TIME, Kind.DATE_TIME_OR_DATE) and key.follows is None:
        return _instant
    return None


class _Plan:
    """How a declared table is read: each key's reader, found by the key's name, and
    which attribute of the model each value goes to."""

    __slots__ = ("extra", "keys", "names", "required", "required_names", "shared")

    def __init__(self, table: fields.Table) -> None:
        self.names = table.names
        self.required = tuple(key.name for key in table.keys if key.required)
        self.required_names = frozenset(self.required)
        # name -> (its kind's rule, its reader, the key): the enum is looked at once, here
        self.keys = {key.name: (_well_formed(key), _READ[key.kind], key) for key in table.keys}
        # (attribute, key) of the values an entry holds as read; the keys kept in `extra`
        self.shared = tuple((k.attr, k.name) for k in table.keys if k.attr and not k.made)
        self.extra = tuple(k.name for k in table.keys if k.attr is None and not k.made)


_PLANS: dict[fields.Table, _Plan] = {}


def plan_of(table: fields.Table) -> _Plan:
    """A table's plan, made the first time the table is read (a Table is hashed by
    identity: a declaration made later, or in a test, has its own)."""
    plan = _PLANS.get(table)
    if plan is None:
        plan = _PLANS[table] = _Plan(table)
    return plan
