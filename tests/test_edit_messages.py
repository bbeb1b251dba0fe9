"""What a refused edit says, to the byte: the library names its parameters (`to`, `by`,
`place`, ...) and no flag, and the CLI words each error with the flag a person typed.

Each line below is the whole of standard error for one bad command on the sample trip
(TRIP stands for the file's path); the file is left as it was.
"""

from __future__ import annotations

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
    (("move", "la-mou", "--to", "2010-11-17"),
     "--to: '2010-11-17' is a date; a timed entry moves to a date and time"),
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
     "--tz: 'Europe/Pariss' is not an IANA time zone (e.g. America/Chicago)"),
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
