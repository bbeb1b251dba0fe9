"""The loader: every invalid case of the format is refused with file, entry and line."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from helpers import SAMPLE, good_trip_files, tripplan
from tripplan.errors import TripFileError
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
        "missing required key `tz`",
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
