"""Random trip documents: valid ones must load and render in every view; mutated ones
must load or be refused with the project's own TripError, never anything else."""

from __future__ import annotations

import json
import os
from datetime import date, datetime, timedelta
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from helpers import assert_one_clean_line, tripplan
from tripplan.errors import MAX_ERROR_LINES, TripError
from tripplan.load import loads_trip
from tripplan.model import Trip

# Modest counts: the suite runs in CI on two cores. TRIPPLAN_FUZZ_EXAMPLES=2000 digs deeper.
EXAMPLES = int(os.environ.get("TRIPPLAN_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ZONES = [
    "UTC",
    "Asia/Seoul",
    "America/Los_Angeles",
    "America/Mexico_City",
    "America/St_Johns",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "Pacific/Apia",
    "Pacific/Kiritimati",
    "Europe/London",
    "US/Central",
]
VIEWS = [
    ["itinerary"],
    ["itinerary", "--json"],
    ["itinerary", "--tz", "UTC"],
    ["agenda"],
    ["agenda", "--json"],
    ["agenda", "--tz", "Pacific/Kiritimati"],
    ["check"],
    ["check", "--json"],
]
WIDTH = 100

ids = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)
free_text = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=30).filter(
    str.strip
)
instants = st.one_of(
    st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2037, 12, 31)),
    # the loader's whole range (years 2-9997): local mean time, no overflow in any view
    st.datetimes(min_value=datetime(2, 1, 1), max_value=datetime(9997, 12, 31)),
)
minutes = st.integers(min_value=0, max_value=3 * 24 * 60)


@st.composite
def durations(draw: st.DrawFn) -> str:
    total = draw(minutes)
    hours, mins = divmod(total, 60)
    style = draw(st.sampled_from(["short", "iso", "minutes"]))
    if style == "iso":
        return f"PT{hours}H{mins}M"
    if style == "minutes":
        return f"{total}m"
    return (f"{hours}h" if hours else "") + (f"{mins}m" if mins or not hours else "")


@st.composite
def trips(draw: st.DrawFn) -> dict[str, Any]:
    place_ids = draw(st.lists(ids, min_size=1, max_size=4, unique=True))
    places = {p: {"tz": draw(st.sampled_from(ZONES)), "name": draw(free_text)} for p in place_ids}
    travellers = draw(st.lists(ids, max_size=3, unique=True))
    trip: dict[str, Any] = {"title": draw(free_text)}
    if travellers:
        trip["travellers"] = travellers
    if draw(st.booleans()):
        trip["home"] = draw(st.sampled_from(place_ids))
    if draw(st.booleans()):
        trip["buffer"] = draw(durations())
    if draw(st.booleans()):
        first = draw(st.dates(min_value=date(2, 1, 1), max_value=date(9997, 1, 1)))
        trip["start"], trip["end"] = first, first + timedelta(days=draw(st.integers(0, 30)))
    entries = draw(st.lists(entry(place_ids, travellers), max_size=8))
    document: dict[str, Any] = {"trip": trip, "places": places}
    events = [e for kind, e in entries if kind == "events"]
    legs = [e for kind, e in entries if kind == "travel"]
    if events:
        document["events"] = events
    if legs:
        document["travel"] = legs
    return document


def entry(place_ids: list[str], travellers: list[str]) -> st.SearchStrategy[tuple[str, Any]]:
    @st.composite
    def build(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
        spec: dict[str, Any] = {"title": draw(free_text)}
        if travellers and draw(st.booleans()):
            spec["who"] = draw(st.lists(st.sampled_from(travellers), min_size=1, unique=True))
        for key in ("venue", "notes"):
            if draw(st.booleans()):
                spec[key] = draw(free_text)
        start = draw(instants)
        if draw(st.booleans()):
            spec |= {
                "from": draw(st.sampled_from(place_ids)),
                "to": draw(st.sampled_from(place_ids)),
                "depart": start,
                "arrive": start + timedelta(minutes=draw(minutes) - 24 * 60),
            }
            return "travel", spec
        spec["place"] = draw(st.sampled_from(place_ids))
        shape = draw(st.sampled_from(["duration", "end", "all-day"]))
        if shape == "all-day":
            spec["start"] = start.date()
            if draw(st.booleans()):
                spec["end"] = start.date() + timedelta(days=draw(st.integers(0, 10)))
        else:
            spec["start"] = start
            if shape == "duration":
                spec["duration"] = draw(durations())
            else:
                spec["end"] = start + timedelta(minutes=draw(minutes))
        return "events", spec

    return build()


def _render_everywhere(data: bytes) -> None:
    """Every view, as a table and as JSON, renders: tables within the width."""
    for args in VIEWS:
        result = tripplan(*[*args, "-"], stdin=data, width=WIDTH)
        assert result.code in (0, 1), (args, result.err)
        if "--json" in args:
            json.loads(result.out)
            continue
        for line in result.out.splitlines():
            assert cell_len(line) <= WIDTH, line
            assert line.isprintable(), repr(line)


@FUZZ
@given(trips())
def test_valid_documents_load_and_render_in_every_view(document: dict[str, Any]) -> None:
    data = tomli_w.dumps(document).encode()
    trip = loads_trip(data, "fuzz.toml")
    assert isinstance(trip, Trip)
    assert len(trip.entries) == len(document.get("events", [])) + len(document.get("travel", []))
    _render_everywhere(data)
    _exports_every_entry(data, trip)


def _exports_every_entry(data: bytes, trip: Trip) -> None:
    """The ICS export parses back with one VEVENT per entry, at the model's instants."""
    from datetime import datetime

    from icalendar import Calendar

    result = tripplan(*["export", "ics", "-"], stdin=data, width=WIDTH)
    refused = [e for e in trip.entries if e.end < e.start or (not e.all_day and e.end == e.start)]
    if refused:  # an entry no VEVENT can hold: the export refuses it and writes nothing
        assert (result.code, result.out) == (1, "")
        assert len(result.err.splitlines()) == len(refused)
        return
    assert (result.code, result.err) == (0, "")
    events = Calendar.from_ical(result.out.encode()).walk("VEVENT")
    starts = {str(e["UID"]).rsplit("@", 1)[0]: e.decoded("DTSTART") for e in events}
    assert set(starts) == {entry.id for entry in trip.entries}
    for entry in trip.entries:
        if isinstance(entry.start, datetime):
            assert starts[entry.id] == entry.start


# -- mutations ----------------------------------------------------------------------------

JUNK_VALUES = st.one_of(
    st.integers(),
    st.booleans(),
    st.floats(allow_nan=False),
    st.text(max_size=5),
    st.dates(),
    st.datetimes(),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(min_size=1, max_size=3), st.integers(), max_size=2),
)


def _tables(node: object) -> list[dict[str, Any]]:
    """Every table a mutation can reach: the top level, [trip], places, entries."""
    if isinstance(node, dict):
        return [node, *(t for value in node.values() for t in _tables(value))]
    if isinstance(node, list):
        return [t for value in node for t in _tables(value)]
    return []


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    document = draw(trips())
    for _ in range(draw(st.integers(1, 3))):
        table = draw(st.sampled_from(_tables(document)))
        if not table:
            continue
        key = draw(st.sampled_from(sorted(table)))
        action = draw(st.sampled_from(["drop", "retype", "misspell", "rename"]))
        if action == "drop":
            del table[key]
        elif action == "retype":
            table[key] = draw(JUNK_VALUES)
        elif action == "misspell" and len(key) > 1:
            i = draw(st.integers(0, len(key) - 1))
            table[key[:i] + key[i + 1 :]] = table.pop(key)
        else:
            table[draw(st.text(min_size=1, max_size=8))] = table.pop(key)
    return tomli_w.dumps(document).encode()


@st.composite
def flipped(draw: st.DrawFn) -> bytes:
    data = bytearray(tomli_w.dumps(draw(trips())).encode())
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "delete", "insert", "truncate"]))
        if action == "flip":
            data[i] ^= 1 << draw(st.integers(0, 7))
        elif action == "delete":
            del data[i]
        elif action == "insert":
            data[i:i] = draw(st.binary(min_size=1, max_size=4))
        else:
            del data[i:]
        if not data:
            break
    return bytes(data)


def _load_or_refuse(data: bytes) -> None:
    try:
        loads_trip(data, "fuzz.toml")
    except TripError as err:
        assert str(err).startswith("fuzz.toml")
        return
    _render_everywhere(data)


@FUZZ
@given(mutated())
def test_mutated_documents_load_or_raise_trip_error(data: bytes) -> None:
    _load_or_refuse(data)


@FUZZ
@given(flipped())
def test_flipped_bytes_load_or_raise_trip_error(data: bytes) -> None:
    _load_or_refuse(data)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.one_of(st.binary(max_size=200), flipped(), mutated()))
def test_cli_answers_any_bytes_with_a_status_and_one_clean_line_per_error(data: bytes) -> None:
    result = tripplan(*["validate", "-"], stdin=data)
    assert result.code in (0, 2)
    if result.code == 2:
        assert result.out == ""
        lines = result.err.splitlines(keepends=True)
        assert 1 <= len(lines) <= MAX_ERROR_LINES + 1  # the last: "and N more errors"
        for line in lines:
            assert_one_clean_line(line)
