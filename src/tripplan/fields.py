"""The trip format's tables and keys, declared once (shared/spec/trip-format.md, "Tables").

The loader checks a file's keys against these declarations (unknown keys, types, required
keys), `tripplan set ID KEY VALUE` reads which keys it may change and how to read a value,
and the key list in docs/format.md is checked against them. Rules that tie keys together
(`end` or `duration`, a date `start` making an all-day event) stay in the loader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import Enum
from typing import NamedTuple

from tripplan.model import Entry, Place

# Keys that start with this are free for extensions: kept, and never read.
EXTENSION_PREFIX = "x-"


class Kind(Enum):
    """What a key's value is, as the format states it."""

    TEXT = "text"  # a string, not empty or blank
    DATE = "date"  # a TOML local date
    DATE_TIME = "date-time"  # a TOML local date-time (wall time) or offset date-time (instant)
    DATE_TIME_OR_DATE = "date-time or date"  # events' start and end: a date makes it all-day
    DURATION = "duration"  # a string: 90m, 1h30m, 2h, PT1H30M
    PLACE = "place id"  # a string naming a table of [places]
    ZONE = "time zone"  # a string: an IANA zone name
    NAMES = "names"  # an array of strings
    COUNT = "integer >= 0"  # a TOML integer, not negative
    INSTANT = "offset date-time"  # a TOML date-time with its offset (2010-11-01T09:00:00Z)
    LANGUAGE = "language code"  # a string: ko, ko-KR, fr_CA
    AIRPORT = "IATA code"  # a string of three letters: LAX, icn


class Key(NamedTuple):
    name: str
    kind: Kind
    doc: str
    required: bool = False
    # `tripplan set` may change it: any key but an id, what identifies an entry to
    # calendars (uid, and the revisions `sequence` and `stamp`), the travellers (`add` and
    # `cancel traveller`) and a place's zone (it would move every entry there). A time
    # set alone keeps the others; `move` shifts a whole entry.
    settable: bool = False
    # A change of it is a change calendars show (time, place, title, travellers, what
    # LOCATION, DESCRIPTION and VALARM say): an edit raises the entry's `sequence`.
    revises: bool = False
    # A DATE_TIME_OR_DATE key whose kind is the named key's: an event's `end` is a
    # date-time when its `start` is one, and a date when `start` is a date.
    follows: str | None = None
    # The model's attribute that holds the value as read (a place id as its Place); None:
    # the entry keeps it in `Entry.extra`, by the key's name. A key the loader's rules turn
    # into something else (times into instants, `who` into every traveller) is `made`.
    attr: str | None = None
    made: bool = False
    # Whether `--json` writes it (by the key's name) and `diff` compares it.
    json: bool = True
    diff: bool = True
    # Whether `search` looks in it (a text people look an entry up by).
    searched: bool = False


@dataclass(frozen=True, slots=True, eq=False)  # compared and hashed by identity: cheap
class Table:
    name: str  # the top-level key: trip, places, events, travel
    header: str  # how a file writes one: [trip], [places.ID], [[events]], [[travel]]
    keys: tuple[Key, ...]
    # An entry's table: the keys of its start and its end, as the file writes them.
    times: tuple[str, str] = ("", "")
    names: frozenset[str] = field(init=False)  # the keys' names, for checking a file's

    def __post_init__(self) -> None:
        object.__setattr__(self, "names", frozenset(key.name for key in self.keys))

    def key(self, name: str) -> Key | None:
        return next((key for key in self.keys if key.name == name), None)


def _shown(
    name: str,
    kind: Kind,
    doc: str,
    *,
    attr: str | None = None,
    required: bool = False,
    searched: bool = False,
    made: bool = False,
) -> Key:
    """A key of what calendars show of an entry: `set` changes it and an edit raises the
    entry's `sequence`. The model holds it by `attr`, the key's own name unless told."""
    return Key(
        name,
        kind,
        doc,
        required=required,
        settable=True,
        revises=True,
        attr=attr or name,
        made=made,
        searched=searched,
    )


def _time(
    name: str, kind: Kind, doc: str, *, required: bool = True, follows: str | None = None
) -> Key:
    """An entry's time key: shown, but no attribute holds it as read. The loader's time
    rules make it into the entry's instants, which JSON writes and diff compares as
    cli.md's `start` and `end`, not by the key's name."""
    shown = _shown(name, kind, doc, required=required, made=True)
    return shown._replace(attr=None, follows=follows, json=False, diff=False)


_ID = Key(
    "id",
    Kind.TEXT,
    "unique in the file; stable identity (ICS UID, edits)",
    attr="id",
    diff=False,
    searched=True,
)
_WHO = _shown("who", Kind.NAMES, "a subset of trip.travellers (default: all)", made=True)
_NOTES = _shown("notes", Kind.TEXT, "free text", searched=True)
_VENUE = _shown("venue", Kind.TEXT, "the site within the place", searched=True)
# Format 1.1: what calendars know an entry by, and what they compare (cli.md, "Invitations
# that never undo a newer change"). `sequence` and `stamp` are revisions, not content:
# diff does not report them as changes.
_UID = Key("uid", Kind.TEXT, "the ICS UID to export, kept from an invitation (1.1)", attr="uid")
_SEQUENCE = Key(
    "sequence",
    Kind.COUNT,
    "the revision calendar clients compare; edits raise it (1.1)",
    attr="sequence",
    diff=False,
)
_STAMP = Key(
    "stamp",
    Kind.INSTANT,
    "the DTSTAMP of the invitation last applied, set by `import ics` (1.1)",
    attr="stamp",
    diff=False,
)
_ALARM = _shown("alarm", Kind.DURATION, "a reminder this long before the start (1.1)")
_CONFIRMATION = Key(
    "confirmation",
    Kind.TEXT,
    "a booking reference (1.1)",
    settable=True,
    attr="confirmation",
    searched=True,
)
_CALENDAR = (_UID, _SEQUENCE, _STAMP, _ALARM, _CONFIRMATION)
_TITLE = _shown("title", Kind.TEXT, "what it is", required=True, searched=True)


def _entries(name: str, times: tuple[str, str], *keys: Key) -> Table:
    """An entry's table, written `[[name]]`: an id and a title, then its own keys."""
    return Table(name, f"[[{name}]]", (_ID, _TITLE, *keys), times)


TRIP = Table(
    "trip",
    "[trip]",
    (
        Key("title", Kind.TEXT, "the trip's name", required=True, settable=True),
        Key("id", Kind.TEXT, "the trip's stable identity (ICS UIDs); `tripplan new` writes one"),
        Key("home", Kind.PLACE, "its clock is shown beside local times", settable=True),
        Key("start", Kind.DATE, "first day (local date)", settable=True),
        Key("end", Kind.DATE, "last day, inclusive", settable=True),
        Key("travellers", Kind.NAMES, "the names entries use in `who` (none: one traveller)"),
        Key(
            "buffer",
            Kind.DURATION,
            "least time between a travel leg and the entries around it",
            settable=True,
        ),
        Key(
            "lang",
            Kind.LANGUAGE,
            "the language its people read: tables, booklet and timeline default to it",
            settable=True,
        ),
    ),
)
PLACES = Table(
    "places",
    "[places.ID]",
    (
        Key(
            "name", Kind.TEXT, "shown name (default: the id, or the airport's name)", settable=True
        ),
        Key("tz", Kind.ZONE, "an IANA zone name (required unless `airport` gives it)"),
        Key(
            "airport",
            Kind.AIRPORT,
            "an IATA code: the zone (when `tz` is absent) and name from the airport database (1.1)",
            settable=True,  # where the place writes its `tz`: else its zone would move
        ),
    ),
)
EVENTS = _entries(
    "events",
    ("start", "end"),
    _shown("place", Kind.PLACE, "where: its zone reads local times", required=True),
    _time("start", Kind.DATE_TIME_OR_DATE, "a date-time, or a date (all day)"),
    _time(
        "end",
        Kind.DATE_TIME_OR_DATE,
        "a date-time, or an inclusive date (all day)",
        required=False,
        follows="start",
    ),
    _time("duration", Kind.DURATION, "elapsed time, instead of `end`", required=False),
    _VENUE,
    Key("kind", Kind.TEXT, "free text: meeting, speech, ...", settable=True, attr="kind"),
    _WHO,
    _NOTES,
    *_CALENDAR,
)
TRAVEL = _entries(
    "travel",
    ("depart", "arrive"),
    _shown("from", Kind.PLACE, "where it departs", attr="origin", required=True),
    _shown("to", Kind.PLACE, "where it arrives", attr="destination", required=True),
    _time("depart", Kind.DATE_TIME, "local time at `from`"),
    _time("arrive", Kind.DATE_TIME, "local time at `to`"),
    Key("mode", Kind.TEXT, "free text: flight, train, ...", settable=True, attr="mode"),
    _WHO,
    _NOTES,
    _VENUE,
    *_CALENDAR,
)
PEOPLE = Table(
    "people",
    "[people.ID]",
    (
        Key(
            "name",
            Kind.TEXT,
            "shown where the person is meant; `who` still uses the id (1.1)",
            settable=True,
        ),
        Key("email", Kind.TEXT, "matches the ATTENDEE of invitations (1.1)", settable=True),
    ),
)
LODGING = _entries(
    "lodging",
    ("check_in", "check_out"),
    _shown("place", Kind.PLACE, "where: its zone reads check-in and check-out", required=True),
    _time("check_in", Kind.DATE_TIME, "local time at the place"),
    _time("check_out", Kind.DATE_TIME, "local time at the place"),
    _shown("address", Kind.TEXT, "the street address (1.1)", searched=True),
    _WHO,
    _NOTES,
    *_CALENDAR,
)
TABLES = (TRIP, PEOPLE, PLACES, EVENTS, TRAVEL, LODGING)
ENTRY_TABLES = (EVENTS, TRAVEL, LODGING)
_ENTRY_NAMES = ("events", "travel", "lodging")  # in the order of their ids' codes


def entry_table(name: str) -> Table:
    """The declaration of an entry's table, by the table's name (`Entry.table`), as this
    module holds it when asked (a test may declare a table anew)."""
    return {"events": EVENTS, "travel": TRAVEL, "lodging": LODGING}[name]


def starts(key: str) -> bool:
    """Whether a time key is an entry's start (`start`, `depart`, `check_in`)."""
    return any(key == table.times[0] for table in ENTRY_TABLES)


def id_code(table: str, index: int) -> int:
    """An entry's place in the file as one int (what the loader keeps for each explicit
    id: 100,000 tuples kept for the garbage collector to walk would slow it)."""
    return index * len(_ENTRY_NAMES) + _ENTRY_NAMES.index(table)


def id_where(code: int) -> str:
    """`events[3]`, `travel[0]`, `lodging[2]`: the entry an `id_code` stands for."""
    index, table = divmod(code, len(_ENTRY_NAMES))
    return f"{_ENTRY_NAMES[table]}[{index}]"


def value_of(entry: Entry, key: Key) -> object:
    """The value an entry holds for a declared key: its attribute's, or from `extra`."""
    return getattr(entry, key.attr) if key.attr else entry.value(key.name)


def plain(value: object) -> object:
    """A value as the file and JSON name it: a place by its id, names as a list, a date
    or date-time as ISO 8601 text; text and numbers as they are.

    >>> plain(("mayor", "aide")), plain(date(2010, 11, 16))
    (['mayor', 'aide'], '2010-11-16')
    """
    if isinstance(value, tuple | list):
        return [plain(item) for item in value]
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):  # ISO 8601 elapsed time, as JSON writes a duration
        from tripplan.words import iso_length

        return iso_length(value)
    return value.id if isinstance(value, Place) else value
