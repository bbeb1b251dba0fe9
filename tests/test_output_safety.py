"""Free text from a trip file (titles, venues, notes, names, ids) is shown literally:
Rich markup is not interpreted, control and formatting characters are made visible, long
text never reflows a table into garbage; in JSON every string round-trips exactly."""

from __future__ import annotations

import io
import json
from datetime import date
from typing import Any

import pytest
import tomli_w
from rich.cells import cell_len

from helpers import tripplan
from tripplan.load import loads_trip
from tripplan.render.table import Printer, print_agenda, print_findings, print_itinerary
from tripplan.text import visible
from tripplan.views import Filters, agenda, itinerary

WIDTH = 100
MARKUP = "[bold]loud[/bold] [link=https://e.x]go[/link] [red on white]x"
ANSI = "\x1b[31mred\x1b[0m \x1b]8;;https://e.x\x07osc\x1b]8;;\x07 \x1b[2J"
CONTROLS = "bell\x07 bs\x08 cr\r nl\n tab\t del\x7f nul\x00 vt\x0b ff\x0c"
BIDI = "abc\u202edcba \u2066isolate\u2069 zw\u200bsp"
LONG = "x" * 5000
LONG_WORDS = " ".join(["word"] * 600)
WIDE = "会議室 " * 60
HOSTILE = [MARKUP, ANSI, CONTROLS, BIDI, LONG, LONG_WORDS, WIDE]


def _document() -> dict[str, Any]:
    events = [
        {
            "id": f"e{i}",
            "title": text,
            "venue": text,
            "notes": text,
            "kind": text,
            "place": "la",
            "start": f"2010-11-16T{8 + i:02d}:00:00",
            "duration": "45m",
        }
        for i, text in enumerate(HOSTILE)
    ]
    events.append(  # overlaps e0, so `check` shows ids, names and titles in its table
        {
            "id": "\x1b[2Jclear\u202eid",
            "title": ANSI,
            "place": "la",
            "start": "2010-11-16T08:30:00",
            "duration": "1h",
        }
    )
    return {
        "trip": {"title": ANSI + MARKUP, "home": "seoul", "travellers": ["\x1b[1mboss", "[b]aide"]},
        "places": {
            "la": {"tz": "America/Los_Angeles", "name": BIDI + "LA"},
            "seoul": {"tz": "Asia/Seoul", "name": MARKUP},
        },
        "events": events,
        "travel": [
            {
                "title": CONTROLS,
                "from": "seoul",
                "to": "la",
                "depart": "2010-11-16T14:50:00",
                "arrive": "2010-11-16T06:10:00",
                "mode": ANSI,
                "venue": LONG,
            }
        ],
    }


def _trip_bytes() -> bytes:
    # Times as TOML date-times: tomli_w writes datetime objects, so parse the strings back.
    from datetime import datetime

    document = _document()
    for entry in [*document["events"], *document["travel"]]:
        for key in ("start", "depart", "arrive"):
            if key in entry:
                entry[key] = datetime.fromisoformat(entry[key])
    return tomli_w.dumps(document).encode()


TRIP = _trip_bytes()


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[31m", "\\x1b[31m"),
        ("a\nb\tc\r", "a\\nb\\tc\\r"),
        ("\u202eevil", "\\u202eevil"),
        ("\x00\x7f", "\\x00\\x7f"),
        ("[bold]x[/bold]", "[bold]x[/bold]"),
        ("Zürich 会議 ok", "Zürich 会議 ok"),
    ],
)
def test_visible_escapes_exactly_the_unprintable(raw: str, shown: str) -> None:
    assert visible(raw) == shown


@pytest.mark.parametrize(
    "args", [["itinerary"], ["agenda"], ["check"], ["itinerary", "--tz", "home"]]
)
def test_tables_show_hostile_text_literally_within_the_width(args: list[str]) -> None:
    result = tripplan(*[*args, "-"], stdin=TRIP, width=WIDTH)
    assert result.code in (0, 1), result.err
    lines = result.out.splitlines()
    assert lines
    for line in lines:
        assert line.isprintable(), repr(line)  # no ESC, BEL, CR, bidi override, ...
        assert cell_len(line) <= WIDTH, line
    assert "\\x1b[31mred\\x1b[0m" in result.out
    assert "\\x1b[2J" in result.out
    assert "\\u202e" in result.out


def test_markup_is_printed_not_interpreted() -> None:
    result = tripplan(*["itinerary", "-"], stdin=TRIP, width=WIDTH)
    assert "[bold]loud[/bold]" in result.out
    assert "[red on white]x" in result.out


def _ruled_lines(draw: Any) -> list[list[str]]:
    """Tables drawn with a rule between columns, one list of lines per table (from its
    header to the line before the next heading)."""
    out = io.StringIO()
    draw(Printer(out, width=WIDTH, color=False, gap="|"))
    tables: list[list[str]] = []
    for line in out.getvalue().splitlines():
        if line.split("|")[0].strip() in ("Date", "Time", "Local time", "Severity"):
            tables.append([line])
        elif tables and not line.startswith("─") and line:
            tables[-1].append(line)
    return tables


def _assert_columns_kept(lines: list[str], columns: int) -> None:
    """Every row line has its column rules where the header has them."""
    header = lines[0]
    rules = [cell_len(header[:i]) for i, ch in enumerate(header) if ch == "|"]
    assert len(rules) == columns - 1, header
    for line in lines[1:]:
        assert cell_len(line) <= WIDTH, line
        if "|" not in line:
            continue  # a date line of its own (the itinerary below 120 columns)
        positions = [cell_len(line[:i]) for i, ch in enumerate(line) if ch == "|"]
        assert positions[: len(rules)] == rules, line


def test_long_and_hostile_text_keeps_every_table_column() -> None:
    from tripplan.checks import check_trip

    trip = loads_trip(TRIP, "hostile.toml")
    today = date(2026, 11, 25)
    (lines,) = _ruled_lines(lambda p: print_itinerary(itinerary(trip, Filters()), p, today))
    _assert_columns_kept(lines, columns=4)  # local time, home, entry, where
    tables = _ruled_lines(lambda p: print_agenda(agenda(trip, Filters()), p, today))
    assert len(tables) > 1
    for lines in tables:
        _assert_columns_kept(lines, columns=4)  # time, home, entry, where
    (lines,) = _ruled_lines(lambda p: print_findings(trip, check_trip(trip), p))
    _assert_columns_kept(lines, columns=5)  # severity, code, entries, who, message


def _entries_by_id(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in document["entries"]}


def test_json_round_trips_every_string_exactly() -> None:
    result = tripplan(*["itinerary", "--json", "-"], stdin=TRIP)
    assert result.code == 0, result.err
    assert "\x1b" not in result.out  # JSON escapes control characters itself
    document = json.loads(result.out)
    source = _document()
    assert document["trip"]["title"] == source["trip"]["title"]
    assert document["trip"]["travellers"] == source["trip"]["travellers"]
    entries = _entries_by_id(document)
    for spec in source["events"]:
        got = entries[spec["id"]]
        for key in ("title", "venue", "notes", "kind"):
            assert got[key] == spec.get(key), key
    (leg,) = [e for e in document["entries"] if e["type"] == "travel"]
    assert (leg["title"], leg["mode"], leg["venue"]) == (CONTROLS, ANSI, LONG)


def test_agenda_json_round_trips_too() -> None:
    result = tripplan(*["agenda", "--json", "-"], stdin=TRIP)
    document = json.loads(result.out)
    titles = {e["title"] for day in document["days"] for e in day["entries"]}
    assert set(HOSTILE) <= titles
    assert {day["traveller"] for day in document["days"]} == {"\x1b[1mboss", "[b]aide"}


def test_check_json_keeps_hostile_ids_exactly() -> None:
    result = tripplan(*["check", "--json", "-"], stdin=TRIP)
    assert result.code == 1  # the overlap
    findings = json.loads(result.out)["findings"]
    ids = {i for f in findings for i in f["entries"]}
    assert "\x1b[2Jclear\u202eid" in ids
