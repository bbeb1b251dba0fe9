"""What a refused edit says, to the byte: the library names its parameters (`to`, `by`,
`place`, ...) and no flag, and the CLI words each error with the flag a person typed.

Each line below is the whole of standard error for one bad command on the sample trip
(TRIP stands for the file's path); the file is left as it was.
"""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest

from helpers import ROOT, SAMPLE, tripplan

ADD_EVENT = ("add", "event", "--title", "X", "--place")
AT_TEN = ("--start", "2010-11-17 10:00")
ADD_TRAVEL = ("add", "travel", "--title", "X", "--from")
NOT_A_TIME = (
    "is not a time like 2010-11-18 14:00 (or ...-06:00, ...Z, or a date for an all-day event)"
)
PLACES = "(places: chicago, la, mexico, seoul)"
ID_RULE = "(1 to 64 letters, digits and _.@+:-, starting with a letter or a digit)"

SAID = [
    (("move", "la-mou"), "move: give --to TIME or --by DURATION"),
    (("move", "la-mou", "--to", "13pm"), "--to: '13pm': an hour before am or pm is 1 to 12"),
    (("move", "la-mou", "--to", "24:00"), "--to: '24:00' is not a time of day (00:00 to 23:59)"),
    (("move", "la-mou", "--to", "+1 05:40"),
     "--to: '+1 05:40': +N counts days from a leg's departure: only its arrival takes it"),
    ((*ADD_EVENT, "la", "--start", "10:00", "--duration", "1h"),
     "--start: '10:00' has no date: give one, as in 2010-11-18 10:00"),
    (("move", "la-mou", "--to", "next tuesday"), f"--to: 'next tuesday' {NOT_A_TIME}"),
    (("move", "la-mou", "--by", "soon"),
     "--by: 'soon' is not a duration (write 90m, 1h30m, 2h or PT1H30M)"),
    (("move", "la-mou", "--to", "9999-12-31 10:00"), "--to: year 9999 is out of range (2-9997)"),
    (("move", "la-mou", "--to", "2010-11-17 10:00", "--tz", "Mars/X"),
     "--tz: unknown time zone 'Mars/X' (an IANA name, a place id or home)"),
    (("move", "uclg-congress", "--by", "90m"),
     "--by: 'uclg-congress' is an all-day event: move it by whole days"),
    (("move", "uclg-congress", "--to", "2010-11-17 10:00"),
     "--to: 'uclg-congress' is an all-day event: give a date"),
    (("move", "uclg-congress", "--to", "nope"), f"--to: 'nope' {NOT_A_TIME}"),
    ((*ADD_EVENT, "paris", *AT_TEN, "--duration", "1h"),
     f"TRIP: nothing written: --place: unknown place 'paris' {PLACES}"),
    ((*ADD_EVENT, "la", *AT_TEN), "add event: give --end TIME or --duration DURATION (one)"),
    ((*ADD_EVENT, "la", *AT_TEN, "--end", "2010-11-17"),
     "--end: '2010-11-17' is a date; --start has a time"),
    ((*ADD_EVENT, "la", *AT_TEN, "--end", "bad"), f"--end: 'bad' {NOT_A_TIME}"),
    ((*ADD_EVENT, "la", *AT_TEN, "--duration", "zz"),
     "--duration: 'zz' is not a duration (write 90m, 1h30m, 2h or PT1H30M)"),
    ((*ADD_EVENT, "la", "--start", "2010-11-17", "--duration", "1h"),
     "--duration: an all-day event (a date --start) takes an --end date"),
    ((*ADD_EVENT, "la", "--start", "2010-11-17", "--end", "2010-11-18 10:00"),
     "--end: '2010-11-18 10:00' has a time; an all-day event ends on a date"),
    ((*ADD_EVENT, "la", "--start", "0001-01-01T00:30", "--duration", "1h"),
     "--start: year 1 is out of range (2-9997)"),
    ((*ADD_EVENT, "la", *AT_TEN, "--duration", "1h", "--id", "two words"),
     f"--id: 'two words' is not an id tripplan writes {ID_RULE}"),
    ((*ADD_EVENT, "la", *AT_TEN, "--duration", "1h", "--id", "la-mou"),
     "TRIP: nothing written: the id 'la-mou' is already used"),
    ((*ADD_TRAVEL, "nowhere", "--to", "la", "--depart", "2010-11-17 10:00", "--arrive", "2010-11-17 12:00"),
     f"TRIP: nothing written: --from: unknown place 'nowhere' {PLACES}"),
    ((*ADD_TRAVEL, "la", "--to", "nowhere", "--depart", "2010-11-17 10:00", "--arrive", "2010-11-17 12:00"),
     f"TRIP: nothing written: --to: unknown place 'nowhere' {PLACES}"),
    ((*ADD_TRAVEL, "la", "--to", "seoul", "--depart", "2010-11-17", "--arrive", "2010-11-17 12:00"),
     "--depart: '2010-11-17' is a date; a leg needs a date and time"),
    ((*ADD_TRAVEL, "la", "--to", "seoul", "--depart", "2010-11-17 10:00", "--arrive", "2010-11-18"),
     "--arrive: '2010-11-18' is a date; a leg needs a date and time"),
    ((*ADD_TRAVEL, "la", "--to", "seoul", "--depart", "x", "--arrive", "2010-11-18"),
     f"--depart: 'x' {NOT_A_TIME}"),
    ((*ADD_TRAVEL, "la", "--to", "seoul", "--depart", "2010-11-17 10:00", "--arrive", "y"),
     f"--arrive: 'y' {NOT_A_TIME}"),
    (("add", "place", "la", "--tz", "America/Los_Angeles"),
     "TRIP: nothing written: the place 'la' exists already"),
    (("add", "place", "paris", "--tz", "Europe/Pariss"),
     "--tz: 'Europe/Pariss' is not an IANA time zone (did you mean 'Europe/Paris'?)"),
    (("add", "place", "paris", "--tz", "Mars/Olympus"),
     "--tz: 'Mars/Olympus' is not an IANA time zone (e.g. America/Chicago)"),
    (("add", "place", "two words", "--tz", "Europe/Paris"),
     "'two words' is not a place id tripplan writes (as --id)"),
    (("import", "ics", "tests/ics/khal/event_dt_simple.ics", "--place", "paris"),
     f"TRIP: nothing written: --place: unknown place 'paris' {PLACES}"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "line"), SAID, ids=lambda v: " ".join(v) if isinstance(v, tuple) else ""
)
def test_a_refused_edit_says_one_exact_line(
    tmp_path: Path, args: tuple[str, ...], line: str
) -> None:
    trip = tmp_path / "trip.toml"
    shutil.copyfile(SAMPLE, trip)
    where = 2 if args[0] in ("add", "import") else 1
    result = tripplan(
        *args[:where], trip, *(ROOT / a if a.endswith(".ics") else a for a in args[where:])
    )
    assert (result.code, result.err) == (2, f"tripplan: {line.replace('TRIP', str(trip))}\n")
    assert trip.read_bytes() == SAMPLE.read_bytes()


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (("--home", "la"), "--home and --home-tz go together: the home place and its zone"),
        (("--home-tz", "America/Chicago"), "--home and --home-tz go together: the home place and its zone"),
    ],
)  # fmt: skip
def test_new_says_what_the_home_place_lacks(args: tuple[str, ...], line: str) -> None:
    result = tripplan("new", "-", "--title", "T", *args)
    assert (result.code, result.out, result.err) == (2, "", f"tripplan: {line}\n")


def _editor():  # type: ignore[no-untyped-def]
    from tripplan.edit import Editor, Source

    return Editor(Source(str(SAMPLE), SAMPLE.read_bytes()))


LIBRARY = [
    (lambda e: e.move("la-mou", "+1 9am", None, None), "to", "+N counts days"),
    (lambda e: e.move("la-mou", None, "soon", None), "by", "'soon' is not a duration"),
    (lambda e: e.move("la-mou", "2010-11-17 10:00", None, "Mars/X"), "zone", "unknown time zone"),
    (lambda e: e.add_event(title="X", place="paris", start="2010-11-17 10:00", end=None,
                           duration="1h"), "place", "unknown place 'paris'"),
    (lambda e: e.add_event(title="X", place="la", start="2010-11-17 10:00", end="2010-11-17",
                           duration=None), "end", "the start has a time"),
    (lambda e: e.add_event(title="X", place="la", start="2010-11-17 10:00", end=None,
                           duration="1h", ident="two words"), "id", "is not an id"),
    (lambda e: e.add_travel(title="X", origin="nowhere", destination="la", depart="2010-11-17 10:00",
                            arrive="2010-11-17 12:00"), "from", "unknown place 'nowhere'"),
    (lambda e: e.add_travel(title="X", origin="la", destination="seoul", depart="2010-11-17 10:00",
                            arrive="2010-11-18"), "arrive", "a leg needs a date and time"),
    (lambda e: e.add_place("paris", "Europe/Pariss", None), "tz", "is not an IANA time zone"),
]  # fmt: skip


@pytest.mark.parametrize(("call", "option", "message"), LIBRARY)
def test_the_library_names_its_parameter_and_no_flag(call, option: str, message: str) -> None:  # type: ignore[no-untyped-def]
    from tripplan.errors import OptionError

    with pytest.raises(OptionError) as caught:
        call(_editor())
    assert caught.value.option == option
    assert message in caught.value.message
    assert "--" not in str(caught.value)


def test_a_new_trip_names_the_home_parameter_it_lacks() -> None:
    from tripplan.edit.newfile import NewTrip, new_trip
    from tripplan.errors import OptionError

    with pytest.raises(OptionError) as caught:
        new_trip(NewTrip("T", home="la"), "trip.toml")
    assert (caught.value.option, caught.value.message) == (
        "home_tz",
        "the home place 'la' needs its zone",
    )


FLAG = re.compile(r"(?<![\w-])--[a-z]")


def test_no_text_of_the_editing_library_names_a_flag() -> None:
    """Every string in src/tripplan/edit but docstrings: a flag is the CLI's to say."""
    named = []
    for path in sorted((ROOT / "src" / "tripplan" / "edit").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        named += [
            f"{path.name}:{node.lineno}: {node.value}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and FLAG.search(node.value)
        ]
    assert named == []
