"""Free text from a trip file (titles, venues, notes, names, ids) is shown literally:
Rich markup is not interpreted, control and formatting characters are made visible, long
text never reflows a table into garbage; in JSON every string round-trips exactly."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from helpers import assert_one_clean_line, tripplan
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
# The classes no output may carry raw (shared/spec/cli.md, "Output rules"), spelt out here
# rather than taken from tripplan: the oracle the outputs are held to.
C0 = "".join(map(chr, range(0x20)))
C1 = "".join(map(chr, range(0x80, 0xA0)))
DEL = "\x7f"
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
SEPARATORS = "\u2028\u2029"
NEVER_RAW = frozenset(C0 + C1 + DEL + BIDI_CONTROLS + SEPARATORS)
C1_TEXT = "nel\x85 csi\x9b2J dcs\x90q\x9c osc\x9d8;;x\x9c"
BIDI_TEXT = (
    "lre\u202a rle\u202b pdf\u202c lro\u202d rlo\u202e lri\u2066 rli\u2067 fsi\u2068 "
    "pdi\u2069 lrm\u200e rlm\u200f alm\u061c"
)
SEPARATOR_TEXT = "line\u2028sep para\u2029sep"
RTL = "مرحبا بالعالم שלום עולם"  # right-to-left letters: shown as written, never escaped
EVERY_CLASS = f"all{C0}{C1}{DEL}{BIDI_CONTROLS}{SEPARATORS}end"
HOSTILE = [MARKUP, ANSI, CONTROLS, BIDI, LONG, LONG_WORDS, WIDE]
HOSTILE += [C1_TEXT, "del\x7fete", BIDI_TEXT, SEPARATOR_TEXT, RTL, EVERY_CLASS]
HOSTILE_ID = f"id{C1_TEXT}{DEL}{BIDI_CONTROLS}{SEPARATORS}"
HOSTILE_TRAVELLER = f"\x85c1\u202eboss\u2028{RTL}"
# How each class shows in a table or message when drawn wide enough not to wrap.
SHOWN = ["\\u0085", "\\u009b", "\\x7f", "\\u202e", "\\u2066", "\\u200e", "\\u061c", "\\u2028"]


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
    events.append(  # overlaps e1: every class in an id, a traveller's name and a place's
        {
            "id": HOSTILE_ID,
            "title": EVERY_CLASS,
            "place": "tlv",
            "start": "2010-11-16T19:30:00",
            "duration": "1h",
            "who": [HOSTILE_TRAVELLER, "[b]aide"],
        }
    )
    return {
        "trip": {
            "title": ANSI + MARKUP + EVERY_CLASS,
            "home": "seoul",
            "travellers": ["\x1b[1mboss", "[b]aide", HOSTILE_TRAVELLER],
        },
        "places": {
            "la": {"tz": "America/Los_Angeles", "name": BIDI + "LA"},
            "seoul": {"tz": "Asia/Seoul", "name": MARKUP},
            "tlv": {"tz": "Asia/Jerusalem", "name": f"{RTL} {EVERY_CLASS}"},
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
        ("nel\x85 csi\x9b2J", "nel\\u0085 csi\\u009b2J"),
        ("lrm\u200e alm\u061c lri\u2066x\u2069", "lrm\\u200e alm\\u061c lri\\u2066x\\u2069"),
        ("a\u2028b\u2029c", "a\\u2028b\\u2029c"),
        (RTL, RTL),
        ("Réunion\u00a0: 10\u202fh", "Réunion\\u00a0: 10\\u202fh"),  # every line printable
        ("tag\U000e0041", "tag\\U000e0041"),
        ("trip\udcff.toml", "trip\\xff.toml"),  # an undecodable byte of a file name
        ("\udcec\udc97\udcac\udced\udc96\udc89.toml", "여행.toml"),  # UTF-8 read as ASCII
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
    assert {day["traveller"] for day in document["days"]} == {
        "\x1b[1mboss",
        "[b]aide",
        HOSTILE_TRAVELLER,
    }


def test_check_json_keeps_hostile_ids_exactly() -> None:
    result = tripplan(*["check", "--json", "-"], stdin=TRIP)
    assert result.code == 1  # the overlap
    findings = json.loads(result.out)["findings"]
    ids = {i for f in findings for i in f["entries"]}
    assert "\x1b[2Jclear\u202eid" in ids


# -- every class, every output: never raw --------------------------------------------------


def raw_in(output: str, allowed: str = "\n") -> list[str]:
    """The characters of NEVER_RAW found raw in `output`, but for `allowed` (line ends)."""
    return sorted({ch for ch in output if ch in NEVER_RAW and ch not in allowed})


TABLES = [
    ["itinerary"],
    ["agenda"],
    ["check"],
    ["itinerary", "--tz", "home"],
    ["agenda", "--who", HOSTILE_TRAVELLER],
    ["itinerary", "--who", HOSTILE_TRAVELLER],
]


@pytest.mark.parametrize("args", TABLES, ids=lambda a: " ".join(a[:2]).split("\x85")[0])
def test_tables_never_show_a_control_raw(args: list[str]) -> None:
    for width in (WIDTH, 1000):
        result = tripplan(*[*args, "-"], stdin=TRIP, width=width)
        assert result.code in (0, 1), result.err
        assert raw_in(result.out) == []
        assert raw_in(result.err) == []
    wide = result.out  # drawn 1,000 cells wide, nothing wraps: each escape is whole
    for shown in SHOWN:
        assert shown in wide, shown
    assert "مرحبا" in wide  # right-to-left text itself is not escaped


JSONS = [
    ["itinerary", "--json"],
    ["agenda", "--json"],
    ["check", "--json"],
    ["validate", "--json"],
    ["itinerary", "--json", "--who", HOSTILE_TRAVELLER],
]


@pytest.mark.parametrize("args", JSONS, ids=["itinerary", "agenda", "check", "validate", "who"])
def test_json_escapes_every_class_and_keeps_right_to_left_text(args: list[str]) -> None:
    result = tripplan(*[*args, "-"], stdin=TRIP)
    assert result.code in (0, 1), result.err
    assert raw_in(result.out) == []  # newlines only between lines of the document
    json.loads(result.out)
    if args[0] != "validate":
        for escaped in (
            "\\u0085",
            "\\u009b",
            "\\u007f",
            "\\u202e",
            "\\u2066",
            "\\u061c",
            "\\u2028",
        ):
            assert escaped in result.out, escaped
        assert "مرحبا" in result.out


def test_json_entries_parse_back_to_the_files_text_in_every_field() -> None:
    document = tripplan(*["itinerary", "--json", "-"], stdin=TRIP).json()
    assert document["trip"]["title"] == ANSI + MARKUP + EVERY_CLASS
    assert HOSTILE_TRAVELLER in document["trip"]["travellers"]
    entries = _entries_by_id(document)
    for spec in _document()["events"]:
        got = entries[spec["id"]]
        assert got["title"] == spec["title"]
        assert got.get("venue") == spec.get("venue")
        assert got.get("notes") == spec.get("notes")
    assert entries[HOSTILE_ID]["who"] == [HOSTILE_TRAVELLER, "[b]aide"]
    assert entries[HOSTILE_ID]["title"] == EVERY_CLASS


def test_a_file_name_the_locale_cannot_decode_is_valid_utf8_json(tmp_path: Path) -> None:
    """A name with a byte that is not UTF-8 reaches Python as a surrogate escape: the JSON
    writes it as \\udcff instead of failing to encode it on a real standard output."""
    name = str(tmp_path / "trip\udcff\x85\u202e.toml")
    Path(name).write_bytes(TRIP)
    result = tripplan("validate", "--json", name)
    assert result.code == 0, result.err
    result.out.encode("utf-8")  # no lone surrogate left
    assert raw_in(result.out) == []
    assert json.loads(result.out)["file"] == name


# -- messages -------------------------------------------------------------------------------


def _clean(result_err: str) -> str:
    assert raw_in(result_err) == [], repr(result_err)
    return result_err


@pytest.mark.parametrize(
    "args",
    [
        ["itinerary", "--who", f"x{EVERY_CLASS}", "-"],
        ["itinerary", "--tz", f"Asia/{EVERY_CLASS}", "-"],
        ["itinerary", "--day", f"2010{C1_TEXT}", "-"],
    ],
    ids=["who", "tz", "day"],
)
def test_usage_errors_quoting_an_argument_show_it_escaped(args: list[str]) -> None:
    result = tripplan(*args, stdin=TRIP)
    assert result.code == 2
    _clean(result.err)
    assert "\\u0085" in result.err or "\\x85" in result.err


def test_an_unknown_option_is_shown_escaped() -> None:
    """The parser's own message quotes the option as typed (`No such option: ...`)."""
    result = tripplan("itinerary", f"--x{ANSI}{C1_TEXT}{BIDI_TEXT}{SEPARATOR_TEXT}", "-")
    assert result.code == 2
    _clean(result.err)
    assert "\\x1b[31m" in result.err
    assert "\\u202e" in result.err
    assert "\\u2028" in result.err


def test_each_error_quoting_the_files_text_is_one_escaped_line() -> None:
    bad = tomli_w.dumps(
        {
            "trip": {"title": "t"},
            "places": {"la": {"tz": "America/Los_Angeles"}},
            "events": [
                {"id": HOSTILE_ID, "title": "x", "place": f"nowhere{EVERY_CLASS}", "start": "?"}
            ],
        }
    ).encode()
    result = tripplan("validate", "-", stdin=bad)
    assert result.code == 2
    place, start = (assert_one_clean_line(_clean(line)) for line in result.err.splitlines(True))
    assert "unknown place 'nowhereall\\x00" in place  # the loader's own quoting, kept clean
    assert "`start` must be a date-time or a date, not a string" in start


def test_a_file_name_with_every_class_is_one_escaped_line(tmp_path: Path) -> None:
    name = str(tmp_path / f"trip{C1_TEXT}{BIDI_TEXT}{SEPARATOR_TEXT}.toml")
    result = tripplan("validate", name)
    assert result.code == 2
    line = assert_one_clean_line(_clean(result.err))
    assert line.endswith(": no such file")


# -- any text -------------------------------------------------------------------------------

ANY_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(sorted(NEVER_RAW)),
        st.sampled_from(list(RTL + "Zürich会議室 ->[b]\\\"'")),
        st.characters(codec="utf-8"),
    ),
    min_size=1,
    max_size=40,
)


def _one_event_trip(title: str, venue: str) -> bytes:
    from datetime import datetime

    return tomli_w.dumps(
        {
            "trip": {"title": title, "home": "la"},
            "places": {"la": {"tz": "America/Los_Angeles", "name": venue}},
            "events": [
                {
                    "id": "e",
                    "title": title,
                    "venue": venue,
                    "notes": title + venue,
                    "place": "la",
                    "start": datetime(2010, 11, 16, 9),
                    "duration": "1h",
                }
            ],
        }
    ).encode()


@settings(max_examples=60, deadline=None)
@given(ANY_TEXT, ANY_TEXT)
def test_any_text_round_trips_through_json_and_never_shows_raw(title: str, venue: str) -> None:
    title, venue = f"t{title}", f"v{venue}"  # never blank, which the loader refuses
    trip = _one_event_trip(title, venue)
    result = tripplan("itinerary", "--json", "-", stdin=trip)
    assert result.code == 0, result.err
    assert raw_in(result.out) == []
    (entry,) = json.loads(result.out)["entries"]
    assert (entry["title"], entry["venue"], entry["notes"]) == (title, venue, title + venue)
    for command in ("itinerary", "agenda"):
        drawn = tripplan(command, "-", stdin=trip)
        assert drawn.code == 0, drawn.err
        assert raw_in(drawn.out) == []
