"""The loader: every invalid case of the format is refused with file, entry and line."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from unittest.mock import ANY

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import SAMPLE, TRIPS, good_trip_files, tripplan
from tripplan.errors import MAX_ERROR_LINES, TripFileError, TripFileErrors
from tripplan.load import load_trip, loads_trip
from tripplan.model import Event, TimeNote, Travel

HEAD = """\
[trip]
title = "T"
travellers = ["mayor"]

[places.la]
tz = "America/Los_Angeles"

"""  # 7 lines: the entries below start at line 8

EVENT = """\
[[events]]
id = "mou"
title = "MOU"
place = "la"
start = 2010-11-16T10:00:00
duration = "1h"
"""

# (name, file text, fragment of the message, entry named, line)
INVALID = [
    ("not TOML", "[trip\ntitle = 1\n", "invalid TOML", None, 1),
    ("bad value", HEAD + "[[events]]\ntitle = oops\n", "invalid TOML", None, 9),
    ("empty file", "", "is empty: a trip needs at least [trip] with a `title`", None, None),
    (
        "no title",
        "[trip]\nhome = 'la'\n[places.la]\ntz='UTC'\n",
        "missing required key `title`",
        "[trip]",
        1,
    ),
    (
        "title not text",
        "[trip]\ntitle = 3\n",
        "`title` must be a string, not an integer",
        "[trip]",
        2,
    ),
    ("unknown home", "[trip]\ntitle = 'T'\nhome = 'paris'\n", "unknown place 'paris'", "[trip]", 3),
    (
        "unknown zone",
        HEAD.replace("America/Los_Angeles", "America/Mexico City"),
        "unknown time zone 'America/Mexico City' (did you mean 'America/Mexico_City'?)",
        "[places.la]",
        6,
    ),
    (
        "place without tz",
        "[trip]\ntitle = 'T'\n[places.la]\nname = 'LA'\n",
        "missing required key `tz` (or `airport`, whose zone it takes)",
        "[places.la]",
        3,
    ),
    (
        "unknown place",
        HEAD + EVENT.replace('place = "la"', 'place = "lax"'),
        "unknown place 'lax' (places: la)",
        'events[0] "mou"',
        11,
    ),
    (
        "unknown traveller",
        HEAD + EVENT + 'who = ["aide"]\n',
        "unknown traveller 'aide' (travellers: mayor)",
        'events[0] "mou"',
        14,
    ),
    (
        "repeated id",
        HEAD + EVENT + "\n" + EVENT,
        "id 'mou' is already used by events[0]",
        'events[1] "mou"',
        16,
    ),
    (
        "end and duration",
        HEAD + EVENT + "end = 2010-11-16T11:00:00\n",
        "has both `end` and `duration`",
        'events[0] "mou"',
        13,
    ),
    (
        "misspelt duration",
        HEAD + EVENT.replace("duration =", "duraton ="),
        "unknown key 'duraton' (did you mean 'duration'?)",
        'events[0] "mou"',
        13,
    ),
    (
        "misspelt who",
        HEAD + EVENT + 'woh = ["mayor"]\n',
        "unknown key 'woh' (did you mean 'who'?)",
        'events[0] "mou"',
        14,
    ),
    (
        "no end nor duration",
        HEAD + EVENT.replace('duration = "1h"\n', ""),
        "needs `end` or `duration`",
        'events[0] "mou"',
        8,
    ),
    (
        "start of wrong type",
        HEAD + EVENT.replace("2010-11-16T10:00:00", '"10am"'),
        "`start` must be a date-time or a date, not a string",
        'events[0] "mou"',
        12,
    ),
    (
        "time of day only",
        HEAD + EVENT.replace("2010-11-16T10:00:00", "10:00:00"),
        "not a time of day",
        'events[0] "mou"',
        12,
    ),
    (
        "bad duration",
        HEAD + EVENT.replace('"1h"', '"an hour"'),
        "is not a duration",
        'events[0] "mou"',
        13,
    ),
    (
        "title missing, named by id",
        HEAD + EVENT.replace('title = "MOU"\n', ""),
        "missing required key `title`",
        'events[0] "mou"',
        8,
    ),
    (
        "travel without to",
        HEAD
        + '[[travel]]\ntitle = "Leg"\nfrom = "la"\ndepart = 2010-11-16T10:00:00\narrive = 2010-11-16T12:00:00\n',
        "missing required key `to`",
        'travel[0] "Leg"',
        8,
    ),
    (
        "travel date not date-time",
        HEAD
        + '[[travel]]\ntitle = "Leg"\nfrom = "la"\nto = "la"\ndepart = 2010-11-16\narrive = 2010-11-16T12:00:00\n',
        "`depart` is a date, not a date-time",
        'travel[0] "Leg"',
        12,
    ),
    (
        "unknown top-level table",
        HEAD + "[hotels.x]\nname = 'x'\n",
        "unknown key 'hotels'",
        "top level",
        8,
    ),
    ("events not an array", "events = 3\n" + HEAD, "must be an array of tables", "events", 1),
    (
        "all-day with duration",
        HEAD + EVENT.replace("2010-11-16T10:00:00", "2010-11-16"),
        "takes an inclusive `end` date, not `duration`",
        'events[0] "mou"',
        13,
    ),
    (
        "all-day end is a time",
        HEAD
        + EVENT.replace("2010-11-16T10:00:00", "2010-11-16").replace(
            'duration = "1h"', "end = 2010-11-17T10:00:00"
        ),
        "`end` must be a date like `start`",
        'events[0] "mou"',
        13,
    ),
    (
        "trip end before start",
        "[trip]\ntitle = 'T'\nstart = 2010-11-20\nend = 2010-11-16\n",
        "`end` 2010-11-16 is before `start` 2010-11-20",
        "[trip]",
        4,
    ),
    (
        "traveller twice",
        "[trip]\ntitle = 'T'\ntravellers = ['a', 'a']\n",
        "traveller 'a' twice",
        "[trip]",
        3,
    ),
    (
        "who without travellers",
        HEAD.replace('travellers = ["mayor"]\n', "") + EVENT + 'who = ["mayor"]\n',
        "[trip] lists none",
        'events[0] "mou"',
        13,
    ),
    (
        "not a leap year",
        HEAD + EVENT.replace("2010-11-16T10:00:00", "2010-02-29T10:00:00"),
        "invalid TOML",
        None,
        12,
    ),
]


@pytest.mark.parametrize(
    ("text", "fragment", "entry", "line"), [c[1:] for c in INVALID], ids=[c[0] for c in INVALID]
)
def test_invalid_files_are_refused_with_file_entry_and_line(
    write_trip,
    text: str,
    fragment: str,
    entry: str | None,
    line: int | None,  # type: ignore[no-untyped-def]
) -> None:
    path = write_trip(text)
    with pytest.raises(TripFileError) as caught:
        load_trip(str(path))
    err = caught.value
    assert fragment in err.message
    assert err.entry == entry
    assert err.line == line
    assert err.file == str(path)

    result = tripplan("check", path)
    assert result.code == 2
    assert result.out == ""
    assert "Traceback" not in result.err
    assert result.err.count("\n") == 1
    where = f"{path}:{line}" if line else str(path)
    assert result.err.startswith(f"tripplan: {where}: ")
    assert fragment in result.err


def test_extension_keys_are_ignored(write_trip) -> None:  # type: ignore[no-untyped-def]
    text = (
        HEAD.replace('title = "T"', 'title = "T"\nx-owner = "protocol office"')
        + EVENT
        + "x-budget = 12\n"
    )
    trip = load_trip(str(write_trip(text)))
    assert [e.id for e in trip.entries] == ["mou"]


def test_standard_input_is_read_for_dash() -> None:
    result = tripplan("validate", "-", stdin=SAMPLE.read_bytes())
    assert (result.code, result.err) == (0, "")
    assert result.out == "<stdin>: valid (4 places, 6 events, 4 travel)\n"


def test_errors_on_standard_input_name_it() -> None:
    result = tripplan("validate", "-", stdin=b"[trip]\ntitle = 1\n")
    assert result.code == 2
    assert result.err == "tripplan: <stdin>:2: [trip]: `title` must be a string, not an integer\n"


def test_missing_file() -> None:
    result = tripplan("agenda", "no/such/trip.toml")
    assert (result.code, result.out) == (2, "")
    assert result.err == "tripplan: no/such/trip.toml: no such file\n"


@pytest.mark.parametrize("path", good_trip_files(), ids=lambda p: p.name)
def test_every_good_trip_loads_with_aware_utc_instants(path: Path) -> None:
    trip = load_trip(str(path))
    assert trip.entries
    for entry in trip.entries:
        for moment in (entry.start, entry.end):
            if isinstance(moment, datetime):
                assert moment.tzinfo is UTC
            else:
                assert isinstance(entry, Event) and entry.all_day


def test_sample_trip_instants() -> None:
    trip = load_trip(str(SAMPLE))
    by_id = {e.id: e for e in trip.entries}
    ke017 = by_id["ke017"]
    assert isinstance(ke017, Travel)
    assert ke017.start == datetime(2010, 11, 16, 5, 50, tzinfo=UTC)  # 14:50 KST
    assert ke017.end == datetime(2010, 11, 16, 17, 10, tzinfo=UTC)  # 09:10 PST
    assert by_id["uclg-congress"].start == date(2010, 11, 16)
    assert by_id["uclg-congress"].end == date(2010, 11, 20)
    assert by_id["la-mou"].end - by_id["la-mou"].start == timedelta(hours=1)  # type: ignore[operator]
    assert trip.buffer == timedelta(minutes=90)
    assert trip.home is not None and trip.home.id == "seoul"


def test_duration_is_elapsed_time_across_a_clock_change() -> None:
    trip = load_trip(str(Path(__file__).parent / "trips" / "dst_fold_chicago_2010.toml"))
    night = next(e for e in trip.entries if e.id == "across-fold")
    # 00:30 CDT to 03:00 CST is three and a half hours, not two and a half
    assert night.end - night.start == timedelta(hours=3, minutes=30)  # type: ignore[operator]
    second = next(e for e in trip.entries if e.id == "second-pass")
    first = next(e for e in trip.entries if e.id == "first-pass")
    assert second.start - first.start == timedelta(hours=1)  # type: ignore[operator]
    assert [r.note for r in first.remarks] == [TimeNote.FOLD]
    assert second.remarks == ()  # an explicit offset that matches the zone is no remark


def test_generated_ids_are_stable_and_unique() -> None:
    path = Path(__file__).parent / "trips" / "all_day_and_durations.toml"
    ids = [e.id for e in load_trip(str(path)).entries]
    assert ids == [e.id for e in load_trip(str(path)).entries]
    assert len(set(ids)) == len(ids)
    lunches = [i for i in ids if i.startswith("working-lunch-")]
    assert len(lunches) == 2  # same title, different starts: different ids


def test_generated_id_depends_only_on_title_and_start() -> None:
    base = (
        HEAD
        + '[[events]]\ntitle = "Visit"\nplace = "la"\nstart = 2010-11-16T10:00:00\nduration = "1h"\n'
    )
    moved = base.replace('duration = "1h"', 'duration = "2h"\nvenue = "City Hall"')
    renamed = base.replace('"Visit"', '"Site visit"')
    first = loads_trip(base.encode()).entries[0].id
    assert loads_trip(moved.encode()).entries[0].id == first
    assert loads_trip(renamed.encode()).entries[0].id != first
    twice = base + base[base.index("[[events]]") :]
    ids = [e.id for e in loads_trip(twice.encode()).entries]
    assert ids == [first, f"{first}-2"]


def test_generated_ids_never_take_an_explicit_id(write_trip) -> None:  # type: ignore[no-untyped-def]
    base = (
        HEAD
        + '[[events]]\ntitle = "Visit"\nplace = "la"\nstart = 2010-11-16T10:00:00\nduration = "1h"\n'
    )
    taken = loads_trip(base.encode()).entries[0].id
    both = (
        base
        + f'\n[[events]]\nid = "{taken}"\ntitle = "Other"\nplace = "la"\nstart = 2010-11-17T10:00:00\nduration = "1h"\n'
    )
    ids = {e.title: e.id for e in loads_trip(both.encode()).entries}
    assert ids["Other"] == taken
    assert ids["Visit"] != taken


def test_large_files_find_the_same_lines_without_the_slow_parse() -> None:
    """Above a megabyte, key_line searches the text instead of parsing with metadata."""
    from tripplan import tomlread

    big = HEAD + "".join(EVENT.replace('"mou"', f'"e{i}"') for i in range(12000))
    big += '\n[[travel]]\ntitle = "Leg"\nfrom = "la"\nto = "la"\ndepart = 2010-11-16T10:00:00\narrive = 2010-11-16T12:00:00\n'
    assert len(big) > tomlread.METADATA_MAX_CHARS
    paths = [
        ("events", 0, "place"),
        ("events", 11999, "duration"),
        ("events", 4000, "who"),  # a missing key: the header of its table
        ("travel", 0, "arrive"),
        ("trip", "travellers"),
        ("places", "la", "tz"),
    ]
    scanned = {path: tomlread.key_line(big, path) for path in paths}
    limit, tomlread.METADATA_MAX_CHARS = tomlread.METADATA_MAX_CHARS, 10**9
    try:
        exact = {path: tomlread.key_line(big, path) for path in paths}
    finally:
        tomlread.METADATA_MAX_CHARS = limit
    assert scanned == exact
    assert scanned["events", 11999, "duration"] == 7 + 11999 * 6 + 6


def test_trip_id_is_read_and_optional() -> None:
    assert loads_trip(b'[trip]\ntitle = "T"\nid = "7f3a9c2e41d8"\n').id == "7f3a9c2e41d8"
    assert loads_trip(b'[trip]\ntitle = "T"\n').id is None
    with pytest.raises(TripFileError, match="`id` must be a string, not an integer"):
        loads_trip(b'[trip]\ntitle = "T"\nid = 7\n')


# -- every error of a file at once ----------------------------------------------------------

# Seven mistakes, the entries before [trip] and the travel after [places]: found table by
# table, reported by line.
SLOPPY = """\
[[events]]
id = "mou"
title = "MOU"
place = "lax"
start = 2010-11-16T10:00:00
duraton = "1h"
who = ["mayor", "driver"]

[trip]
title = "T"
titel = "T"
travellers = ["mayor"]

[places.la]
tz = "America/Los Angeles"

[[travel]]
id = "mou"
title = "Leg"
from = "la"
to = "la"
depart = 2010-11-16
arrive = 2010-11-16T12:00:00
"""
SLOPPY_ERRORS = [
    (4, 'events[0] "mou"', "unknown place 'lax' (places: la)"),
    (6, 'events[0] "mou"', "unknown key 'duraton' (did you mean 'duration'?)"),
    (7, 'events[0] "mou"', "unknown traveller 'driver' (travellers: mayor)"),
    (11, "[trip]", "unknown key 'titel' (did you mean 'title'?)"),
    (
        15,
        "[places.la]",
        "unknown time zone 'America/Los Angeles' (did you mean 'America/Los_Angeles'?)",
    ),
    (18, 'travel[0] "mou"', "id 'mou' is already used by events[0]"),
    (22, 'travel[0] "mou"', "`depart` is a date, not a date-time"),
]


def _errors(text: str | bytes) -> list[tuple[int | None, str | None, str]]:
    data = text.encode() if isinstance(text, str) else text
    with pytest.raises(TripFileError) as caught:
        loads_trip(data, "f")
    return [(e.line, e.entry, e.message) for e in caught.value.errors]


def test_every_error_of_a_file_is_reported_at_once_sorted_by_line(write_trip) -> None:  # type: ignore[no-untyped-def]
    path = write_trip(SLOPPY)
    assert _errors(SLOPPY) == SLOPPY_ERRORS
    result = tripplan("validate", path)
    assert (result.code, result.out) == (2, "")
    assert result.err == "".join(
        f"tripplan: {path}:{line}: {entry}: {message}\n" for line, entry, message in SLOPPY_ERRORS
    )


def test_old_callers_read_the_first_error() -> None:
    with pytest.raises(TripFileErrors) as caught:
        loads_trip(SLOPPY.encode(), "f")
    err = caught.value
    assert isinstance(err, TripFileError)
    line, entry, message = SLOPPY_ERRORS[0]
    assert (err.file, err.line, err.entry, err.message) == ("f", line, entry, message)
    assert str(err) == f"f:{line}: {entry}: {message}"


@pytest.mark.parametrize("command", ["check", "validate"])
def test_json_lists_every_error_on_stdout_as_well_as_the_lines(command: str, write_trip) -> None:  # type: ignore[no-untyped-def]
    path = write_trip(SLOPPY)
    result = tripplan(command, "--json", path)
    assert result.code == 2
    assert result.json() == {
        "valid": False,
        "errors": [
            {"file": str(path), "line": line, "entry": entry, "message": message}
            for line, entry, message in SLOPPY_ERRORS
        ],
    }
    assert result.err == tripplan(command, path).err
    assert result.err.count("\n") == len(SLOPPY_ERRORS)


@pytest.mark.parametrize(
    ("data", "line", "entry", "message"),
    [
        (b"", None, None, "is empty: a trip needs at least [trip] with a `title`"),
        (b"[trip\n", 1, None, "invalid TOML: "),
        (b'[places.a]\ntz = "UTC"\n', None, "[trip]", "[trip] is missing"),
    ],
    ids=["empty", "not TOML", "no trip"],
)
@pytest.mark.parametrize("command", ["check", "validate"])
def test_json_errors_without_a_line_or_an_entry_give_null(
    command: str, data: bytes, line: int | None, entry: str | None, message: str
) -> None:
    result = tripplan(command, "--json", "-", stdin=data)
    assert result.code == 2
    error = {"file": "<stdin>", "line": line, "entry": entry}
    assert result.json() == {"valid": False, "errors": [{**error, "message": ANY}]}
    assert result.json()["errors"][0]["message"].startswith(message)


def test_json_on_a_file_that_cannot_be_read() -> None:
    result = tripplan("validate", "--json", "no/such/trip.toml")
    assert result.code == 2
    assert result.json() == {
        "valid": False,
        "errors": [
            {"file": "no/such/trip.toml", "line": None, "entry": None, "message": "no such file"}
        ],
    }
    assert result.err == "tripplan: no/such/trip.toml: no such file\n"


def test_validate_json_on_a_valid_file_is_unchanged() -> None:
    result = tripplan("validate", "--json", SAMPLE)
    assert (result.code, result.err) == (0, "")
    assert result.json() == {
        "valid": True,
        "file": str(SAMPLE),
        "places": 4,
        "events": 6,
        "travel": 4,
        "lodging": 0,  # format 1.1: every count, the trip's or 0
    }
    booked = tripplan("validate", "--json", TRIPS / "lodging_americas_2010.toml").json()
    assert (booked["events"], booked["travel"], booked["lodging"]) == (6, 4, 3)


def test_lines_past_twenty_are_counted_and_json_lists_them_all(write_trip) -> None:  # type: ignore[no-untyped-def]
    events = "".join(EVENT.replace('"mou"', f'"e{i}"') + 'woh = ["mayor"]\n' for i in range(25))
    path = write_trip(HEAD + events)
    result = tripplan("validate", path)
    assert result.code == 2
    lines = result.err.splitlines()
    assert len(lines) == MAX_ERROR_LINES + 1 == 21
    for i, line in enumerate(lines[:-1]):
        assert line == (
            f'tripplan: {path}:{14 + 7 * i}: events[{i}] "e{i}": '
            "unknown key 'woh' (did you mean 'who'?)"
        )
    assert lines[-1] == f"tripplan: {path}: and 5 more errors"
    listed = tripplan("check", "--json", path).json()["errors"]
    assert [e["line"] for e in listed] == [14 + 7 * i for i in range(25)]


def test_a_missing_trip_table_stops_at_the_top_level() -> None:
    """Without [trip] the file is no trip: its entries' mistakes are not listed."""
    text = "[trips]\ntitle = 'T'\n" + HEAD.replace("[trip]\n", "").replace('title = "T"\n', "")
    text += EVENT.replace('"la"', '"lax"')
    assert _errors(text) == [
        (None, "[trip]", "[trip] is missing"),
        (1, "top level", "unknown key 'trips' (did you mean 'trip'?)"),
    ]


def test_a_refused_place_is_not_also_unknown_to_the_entries_that_name_it() -> None:
    broken = HEAD.replace("America/Los_Angeles", "Mars/Olympus")
    assert _errors(broken + EVENT + 'who = ["aide"]\n') == [
        (6, "[places.la]", "unknown time zone 'Mars/Olympus'"),
        (14, 'events[0] "mou"', "unknown traveller 'aide' (travellers: mayor)"),
    ]
    not_a_table = "places = 3\n" + HEAD.replace('[places.la]\ntz = "America/Los_Angeles"\n', "")
    assert _errors(not_a_table + EVENT) == [(1, "[places]", "[places] must be a table of places")]


def test_a_misspelt_key_is_not_also_reported_missing() -> None:
    assert _errors("[trip]\ntitel = 'T'\n") == [
        (2, "[trip]", "unknown key 'titel' (did you mean 'title'?)")
    ]
    assert _errors(HEAD + EVENT.replace("duration =", "duraton =")) == [
        (13, 'events[0] "mou"', "unknown key 'duraton' (did you mean 'duration'?)")
    ]
    # an unrelated unknown key does not hide a missing one
    assert _errors(HEAD + EVENT.replace('title = "MOU"', 'woh = "x"')) == [
        (8, 'events[0] "mou"', "missing required key `title`"),
        (10, 'events[0] "mou"', "unknown key 'woh' (did you mean 'who'?)"),
    ]


def test_several_unknown_travellers_of_one_entry_are_one_error_at_the_first() -> None:
    who = 'who = [\n  "mayor",\n  "x",\n  "y",\n  "x",\n]\n'
    assert _errors(HEAD + EVENT + who) == [
        (16, 'events[0] "mou"', "unknown travellers 'x', 'y' (travellers: mayor)")
    ]
    twice = "[trip]\ntitle = 'T'\ntravellers = ['a', 'b', 'a', 'b', 'a']\n"
    assert _errors(twice) == [(3, "[trip]", "travellers 'a', 'b' twice")]


def test_load_trip_takes_any_path_like() -> None:
    assert load_trip(SAMPLE) == load_trip(str(SAMPLE))
    assert load_trip(SAMPLE).file == str(SAMPLE)


# An oracle for "every error at once": a file written line by line with mistakes put in at
# random, each one's line, entry and message known from how it was written.
GOOD_EVENT = [
    "[[events]]",
    'id = "e{i}"',
    'title = "Meeting {i}"',
    'place = "la"',
    "start = 2010-11-16T10:00:00",
    'duration = "1h"',
    'who = ["mayor"]',
]
GOOD_LEG = [
    "[[travel]]",
    'id = "t{i}"',
    'title = "Leg {i}"',
    'from = "la"',
    'to = "la"',
    "depart = 2010-11-16T08:00:00",
    "arrive = 2010-11-16T09:00:00",
]
# (line of the item to replace, the line written, the message) for each kind of mistake
EVENT_MISTAKES = [
    (6, 'woh = ["mayor"]', "unknown key 'woh' (did you mean 'who'?)"),
    (6, 'who = ["nobody"]', "unknown traveller 'nobody' (travellers: mayor, aide)"),
    (3, 'place = "nowhere"', "unknown place 'nowhere' (places: la)"),
    (
        5,
        'duration = "an hour"',
        "'an hour' is not a duration (write 90m, 1h30m, 2h or PT1H30M)",
    ),
    (2, "title = 3", "`title` must be a string, not an integer"),
    (4, "start = 0001-01-01T10:00:00", "year 1 is out of range (2-9997)"),
    (1, 'id = "e0"', "id 'e0' is already used by events[0]"),
]
LEG_MISTAKES = [
    (4, 'to = "nowhere"', "unknown place 'nowhere' (places: la)"),
    (6, "arrive = 2010-11-16", "`arrive` is a date, not a date-time"),
    (3, "form = 'la'", "unknown key 'form' (did you mean 'from'?)"),
]
ORACLE_HEAD = '[trip]\ntitle = "T"\ntravellers = ["mayor", "aide"]\n[places.la]\ntz = "UTC"\n'


def _sloppy_trip(
    items: list[tuple[str, int | None]],
) -> tuple[str, list[tuple[int | None, str | None, str]]]:
    """The text of a trip of events and legs in the order given, each with the mistake
    numbered (or none), and the errors it must give, by line."""
    lines = ORACLE_HEAD.splitlines()
    expected = []
    counts = {"events": 0, "travel": 0}
    for table, mistake in items:
        index = counts[table]
        counts[table] += 1
        body = [line.format(i=index) for line in (GOOD_EVENT if table == "events" else GOOD_LEG)]
        if mistake is not None and not (table == "events" and mistake == 6 and index == 0):
            at, written, message = (EVENT_MISTAKES if table == "events" else LEG_MISTAKES)[mistake]
            body[at] = written
            ident = "e0" if written == 'id = "e0"' else f"{table[0]}{index}"
            expected.append((len(lines) + at + 1, f'{table}[{index}] "{ident}"', message))
        lines += body
    return "\n".join(lines) + "\n", sorted(expected, key=lambda error: error[0])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.tuples(st.just("events"), st.none() | st.integers(0, len(EVENT_MISTAKES) - 1)),
            st.tuples(st.just("travel"), st.none() | st.integers(0, len(LEG_MISTAKES) - 1)),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_every_mistake_put_in_a_file_is_reported_at_its_line(
    items: list[tuple[str, int | None]],
) -> None:
    text, expected = _sloppy_trip(items)
    if not expected:
        assert loads_trip(text.encode(), "f").entries
        return
    assert _errors(text) == expected


def test_a_large_file_with_an_error_in_many_entries_gets_each_line() -> None:
    """Above a megabyte, the lines come from the scan of headers, not the metadata."""
    from tripplan import tomlread

    chooser = random.Random(12)
    items = [
        (
            chooser.choice(["events", "events", "travel"]),
            chooser.choice([None, None, 0, 1, 2]),
        )
        for _ in range(9000)
    ]
    text, expected = _sloppy_trip(items)
    assert len(text) > tomlread.METADATA_MAX_CHARS
    assert len(expected) > 3000
    assert _errors(text) == expected


def test_travel_times_keep_their_remarks() -> None:
    """A leg's departure in a gap and its arrival at a wrong offset are remarked on."""
    text = (
        '[trip]\ntitle = "T"\n[places.chi]\ntz = "America/Chicago"\n'
        '[places.sel]\ntz = "Asia/Seoul"\n'
        '[[travel]]\ntitle = "Leg"\nfrom = "chi"\nto = "sel"\n'
        "depart = 2010-03-14T02:30:00\narrive = 2010-03-15T10:00:00+08:00\n"
    )
    leg = loads_trip(text.encode()).entries[0]
    assert [(r.key, r.note, r.written) for r in leg.remarks] == [
        ("depart", TimeNote.GAP, "2010-03-14T02:30:00"),
        ("arrive", TimeNote.OFFSET_MISMATCH, "2010-03-15T10:00:00+08:00"),
    ]
    assert leg.start == datetime(2010, 3, 14, 8, 30, tzinfo=UTC)  # 03:30 CDT


def test_a_large_file_gets_the_lines_of_many_keys_of_one_table() -> None:
    """Tables of thousands of keys (the top level, [trip]) are indexed once, not searched
    once per error; lines still count from the top."""
    from tripplan import tomlread

    padding = "# " + "x" * tomlread.METADATA_MAX_CHARS + "\n"
    top = "".join(f"top{i} = 1\n" for i in range(3000))
    trip = "".join(f"k{i} = 1\n" for i in range(3000))
    text = padding + top + '[trip]\ntitle = "T"\n' + trip
    expected = [(2 + i, "top level", f"unknown key 'top{i}'") for i in range(3000)]
    expected += [(3004 + i, "[trip]", f"unknown key 'k{i}'") for i in range(3000)]
    assert _errors(text) == expected


GENERATED = """\
[trip]
title = "Ids"
[places.la]
tz = "America/Los_Angeles"
[places.ny]
tz = "America/New_York"
[[events]]
title = "Working lunch"
place = "{place}"
start = {start}
duration = "1h"
"""


def test_generated_ids_follow_the_start_as_written_not_the_instant() -> None:
    def generated(place: str, start: str) -> str:
        text = GENERATED.format(place=place, start=start).encode()
        return loads_trip(text).entries[0].id

    written = generated("la", "2010-11-16T12:00:00")
    assert written == "working-lunch-33cfb83e"  # docs/format.md shows this one
    assert generated("ny", "2010-11-16T12:00:00") == written  # another place, another instant
    assert generated("la", "2010-11-16T13:00:00") != written  # another start as written
    assert generated("la", "2010-11-16T12:00:00-08:00") != written  # written otherwise
