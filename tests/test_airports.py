"""Places by airport (format 1.1, `airport = "LAX"`): the zone and a name from the airport
database when `tz` is absent, `airport-zone` when both are given and differ, one clear line
for a code the database does not know. The oracle is airportsdata's own `load()`."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import airportsdata
import pytest

from helpers import ROOT, SAMPLE, assert_one_clean_line, tripplan
from tripplan import loads_trip
from tripplan.airports import airport, airports
from tripplan.checks import check_trip

DATABASE = airportsdata.load("IATA")

TRIP = """\
[trip]
title = "By airport"
home = "seoul"

[places.seoul]
airport = "ICN"

[places.la]
airport = "lax"

[places.mexico]
name = "Ciudad de México"
airport = "MEX"

[[travel]]
id = "ke017"
title = "KE017"
from = "seoul"
to = "la"
depart = 2010-11-16T14:50:00
arrive = 2010-11-16T09:10:00
"""


def test_every_airport_is_read_as_the_database_reads_it() -> None:
    """The rows found by code are the rows `airportsdata.load` makes, for every code."""
    found = airports(DATABASE)
    assert found.keys() == DATABASE.keys()
    for code, row in DATABASE.items():
        mine = found[code]
        assert (mine.name, mine.city, mine.country, mine.tz) == (
            row["name"],
            row["city"],
            row["country"],
            row["tz"],
        ), code
    assert airport("qqq") is None and airport("") is None and airport("LAXX") is None


def test_a_place_takes_its_airports_zone_and_name() -> None:
    trip = loads_trip(TRIP.encode())
    la, seoul, mexico = trip.places["la"], trip.places["seoul"], trip.places["mexico"]
    assert (la.tz, la.name, la.airport) == ("America/Los_Angeles", "Los Angeles (LAX)", "LAX")
    assert (seoul.tz, seoul.name) == ("Asia/Seoul", "Seoul (ICN)")
    assert (mexico.tz, mexico.name) == ("America/Mexico_City", "Ciudad de México")
    (leg,) = trip.entries
    # the wall times are read in the airports' zones (zoneinfo as the oracle)
    assert leg.start == datetime(2010, 11, 16, 14, 50, tzinfo=ZoneInfo("Asia/Seoul")).astimezone(
        UTC
    )
    assert leg.end == datetime(
        2010, 11, 16, 9, 10, tzinfo=ZoneInfo("America/Los_Angeles")
    ).astimezone(UTC)
    assert check_trip(trip) == []


def test_a_tz_that_differs_from_the_airport_is_a_warning() -> None:
    text = TRIP.replace('airport = "lax"', 'airport = "lax"\ntz = "America/Tijuana"')
    result = tripplan("check", "--json", "-", stdin=text.encode())
    assert result.code == 0
    (finding,) = result.json()["findings"]
    assert finding["code"] == "airport-zone"
    assert finding["severity"] == "warning"
    assert finding["places"] == ["la"]
    assert finding["entries"] == []
    assert finding["message"] == (
        'tz "America/Tijuana" differs from the zone of airport LAX, America/Los_Angeles'
    )
    # `tz` wins: the place keeps the zone the file gives
    assert loads_trip(text.encode()).places["la"].tz == "America/Tijuana"


def test_the_same_zone_given_twice_is_no_warning() -> None:
    text = TRIP.replace('airport = "lax"', 'airport = "lax"\ntz = "America/Los_Angeles"')
    assert check_trip(loads_trip(text.encode())) == []


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('"QQQ"', "[places.la]: airport 'QQQ' not in the airport database: give the place a `tz`"),
        ('"LA"', '[places.la]: `airport` is "LA": not an IATA code (such as LAX)'),
        ("7", "[places.la]: `airport` must be a string, not an integer"),
    ],
)
def test_an_airport_it_cannot_place_is_one_line(value: str, message: str) -> None:
    text = TRIP.replace('airport = "lax"', f"airport = {value}")
    result = tripplan("validate", "-", stdin=text.encode())
    assert result.code == 2
    line = assert_one_clean_line(result.err)
    assert line.startswith("tripplan: <stdin>:")
    assert line.endswith(message), line


def test_an_unknown_airport_with_a_tz_is_the_tz() -> None:
    """A code the database does not know yet (it is monthly) with a zone given: the zone."""
    text = TRIP.replace('airport = "lax"', 'airport = "QQQ"\ntz = "America/Los_Angeles"')
    trip = loads_trip(text.encode())
    assert trip.places["la"].tz == "America/Los_Angeles"
    assert trip.places["la"].name == "la"
    assert check_trip(trip) == []


def test_no_zone_and_no_airport_names_both() -> None:
    text = TRIP.replace('airport = "lax"', 'name = "LA"')
    result = tripplan("validate", "-", stdin=text.encode())
    assert result.code == 2
    line = assert_one_clean_line(result.err)
    assert line.endswith(
        "[places.la]: missing required key `tz` (or `airport`, whose zone it takes)"
    )


def test_json_names_the_places_zone_from_the_airport() -> None:
    entries = tripplan("itinerary", "--json", "-", stdin=TRIP.encode()).json()["entries"]
    (leg,) = entries
    assert (leg["tz"], leg["end_tz"]) == ("Asia/Seoul", "America/Los_Angeles")
    assert leg["start"] == "2010-11-16T14:50:00+09:00"
    assert leg["end"] == "2010-11-16T09:10:00-08:00"


def _imported(*args: str) -> set[str]:
    code = (
        "import sys, runpy; sys.argv = ['tripplan', *sys.argv[1:]];"
        "from tripplan.cli import run; from tripplan.cli.env import Environment;"
        "run(sys.argv[1:], Environment.from_system());"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, check=False
    )
    return set(done.stderr.split())


def test_a_trip_without_airports_never_reads_the_database() -> None:
    assert "tripplan.airports" not in _imported("validate", str(SAMPLE))
    assert "airportsdata" not in _imported("check", str(SAMPLE))


def test_set_airport_on_a_place_with_its_tz(tmp_path: Path) -> None:
    """`set PLACE airport CODE` where the place writes its `tz`: one line added, the zone
    (and so every instant) kept; an airport elsewhere is the airport-zone warning."""
    trip = tmp_path / "trip.toml"
    trip.write_bytes(SAMPLE.read_bytes())
    before = trip.read_bytes()
    result = tripplan("set", trip, "la", "airport", "LAX")
    assert result.code == 0, result.err
    assert result.err == f"tripplan: {trip}: set airport of place 'la' to LAX\n"
    text = before.decode().replace(
        'tz = "America/Los_Angeles"\n', 'tz = "America/Los_Angeles"\nairport = "LAX"\n', 1
    )
    assert trip.read_bytes() == text.encode()
    assert loads_trip(text.encode()).places["la"].airport == "LAX"
    moved = tripplan("set", trip, "la", "airport", "JFK")
    assert moved.code == 0  # a new warning: written, and said
    assert moved.err.splitlines()[-1] == (
        f"tripplan: {trip}: new warning: airport-zone: [places.la]: tz"
        ' "America/Los_Angeles" differs from the zone of airport JFK, America/New_York'
    )
    moved_entries = tripplan("itinerary", "--json", trip).json()["entries"]
    assert moved_entries == tripplan("itinerary", "--json", SAMPLE).json()["entries"]


def test_set_airport_on_a_place_zoned_by_its_airport_is_refused(tmp_path: Path) -> None:
    trip = tmp_path / "trip.toml"
    trip.write_text(TRIP, encoding="utf-8")
    place = next(iter(loads_trip(TRIP.encode()).places))
    result = tripplan("set", trip, place, "airport", "JFK")
    assert result.code == 2
    assert assert_one_clean_line(result.err) == (
        f"tripplan: {trip}: nothing written: `airport` is not set here: the place's zone is"
        " its airport's: a new airport would move every entry of the place (write its `tz`"
        " first, or edit it in the file by hand)"
    )
    assert trip.read_text(encoding="utf-8") == TRIP


def test_set_airport_keeps_the_name_of_a_place_named_by_its_id(tmp_path: Path) -> None:
    """A place with no `name` is shown by its id; given an airport, it would be shown by
    the airport's city: its name is written as it was shown, and nothing is renamed."""
    trip = tmp_path / "trip.toml"
    text = SAMPLE.read_text(encoding="utf-8").replace('name = "Los Angeles"\n', "", 1)
    trip.write_text(text, encoding="utf-8")
    shown = tripplan("itinerary", "--json", trip).json()
    assert tripplan("set", trip, "la", "airport", "LAX").code == 0
    assert trip.read_text(encoding="utf-8") == text.replace(
        'tz = "America/Los_Angeles"\n',
        'tz = "America/Los_Angeles"\nname = "la"\nairport = "LAX"\n',
        1,
    )
    assert tripplan("itinerary", "--json", trip).json()["entries"] == shown["entries"]
