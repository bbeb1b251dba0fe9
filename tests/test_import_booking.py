"""import booking on confirmations in the shapes senders use (tests/bookings/README.md):
what the file holds after each import (its bytes, and the instants the loader reads back,
checked against zoneinfo directly), what the command says, and what it refuses."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from helpers import ROOT, assert_one_clean_line, tripplan
from tripplan.load import load_trip
from tripplan.model import AnyEntry

BOOKINGS = Path(__file__).resolve().parent / "bookings"
AIRLINE = BOOKINGS / "airline_icn_lax_mex.eml"
LOCAL = BOOKINGS / "flights_icn_lax_mex_local.jsonld"
HOTEL = BOOKINGS / "hotel_westin_la.eml"
CANCELLED = BOOKINGS / "hotel_westin_la_cancelled.eml"
DINNER = BOOKINGS / "restaurant_pujol.html"
MICRODATA = BOOKINGS / "restaurant_microdata.html"
MISMATCH = BOOKINGS / "flight_offset_mismatch.jsonld"
UNKNOWN = BOOKINGS / "flight_unknown_airport.jsonld"


def at(zone: str, *parts: int) -> datetime:
    """A wall time of `zone` as a UTC instant, by zoneinfo alone (the oracle)."""
    return datetime(*parts, tzinfo=ZoneInfo(zone)).astimezone(UTC)  # type: ignore[misc]


@pytest.fixture
def trip(tmp_path: Path) -> Path:
    copy = tmp_path / "trip.toml"
    shutil.copyfile(BOOKINGS / "trip_seoul_la_mexico.toml", copy)
    return copy


def entries(path: Path) -> dict[str, AnyEntry]:
    return {entry.id: entry for entry in load_trip(str(path)).entries}


def imported(path: Path, source: Path, *options: str) -> str:
    result = tripplan("import", "booking", path, source, *options)
    assert result.code == 0, result.err
    assert result.out == ""
    return result.err


FLIGHTS = """
[places.mex]
airport = "MEX"

[[travel]]
id = "ke017"
title = "KE017 ICN→LAX"
from = "seoul"
to = "la"
depart = 2010-11-16T14:50:00
arrive = 2010-11-16T09:10:00
mode = "flight"
confirmation = "K7QX2P"
uid = "booking-K7QX2P-KE017-20101116@tripplan"

[[travel]]
id = "am649"
title = "AM649 LAX→MEX"
from = "la"
to = "mex"
depart = 2010-11-17T08:35:00
arrive = 2010-11-17T14:20:00
mode = "flight"
who = ["mayor"]
confirmation = "K7QX2P"
uid = "booking-K7QX2P-AM649-20101117@tripplan"
"""


def test_an_airlines_email_with_offsets(trip: Path) -> None:
    """Three reservations (two passengers on KE017, one on AM649): two legs, KE017 for
    both travellers (no `who`), written as local times at each airport's place."""
    before = trip.read_text(encoding="utf-8")
    err = imported(trip, AIRLINE)
    assert trip.read_text(encoding="utf-8") == before + FLIGHTS
    assert err.splitlines() == [
        f"tripplan: {trip}: imported travel 'ke017': 'KE017 ICN→LAX', Tue 16 Nov 2010 14:50"
        " KST UTC+09:00 to Tue 16 Nov 2010 09:10 PST UTC-08:00",
        f"tripplan: {trip}: added place 'mex': Mexico City (MEX), airport MEX"
        " (America/Mexico_City)",
        f"tripplan: {trip}: imported travel 'am649': 'AM649 LAX→MEX', Wed 17 Nov 2010 08:35"
        " PST UTC-08:00 to Wed 17 Nov 2010 14:20 CST UTC-06:00",
        "tripplan: note: place 'mex' has the zone of mexico: give one of them"
        ' airport = "MEX" (by hand), and its flights land there',
    ]
    found = entries(trip)
    ke017, am649 = found["ke017"], found["am649"]
    assert (ke017.start, ke017.end) == (
        at("Asia/Seoul", 2010, 11, 16, 14, 50),
        at("America/Los_Angeles", 2010, 11, 16, 9, 10),
    )
    assert (am649.start, am649.end) == (
        at("America/Los_Angeles", 2010, 11, 17, 8, 35),
        at("America/Mexico_City", 2010, 11, 17, 14, 20),
    )
    assert ke017.who == ("mayor", "aide")  # by e-mail (case-folded) and by name
    assert am649.who == ("mayor",)
    mex = load_trip(str(trip)).places["mex"]
    assert (mex.name, mex.tz, mex.airport) == ("Mexico City (MEX)", "America/Mexico_City", "MEX")


def test_flights_without_offsets_are_local_at_each_airport(trip: Path) -> None:
    imported(trip, LOCAL)
    found = entries(trip)
    assert (found["ke017"].start, found["ke017"].end) == (
        at("Asia/Seoul", 2010, 11, 16, 14, 50),
        at("America/Los_Angeles", 2010, 11, 16, 9, 10),
    )
    assert (found["am649"].start, found["am649"].end) == (
        at("America/Los_Angeles", 2010, 11, 17, 8, 35),
        at("America/Mexico_City", 2010, 11, 17, 14, 20),
    )
    assert found["ke017"].who == found["am649"].who == ("mayor",)  # "Oh Se-hoon", by name
    text = trip.read_text(encoding="utf-8")
    assert "depart = 2010-11-16T14:50:00\narrive = 2010-11-16T09:10:00\n" in text


def test_the_same_booking_twice_changes_nothing(trip: Path) -> None:
    imported(trip, AIRLINE)
    imported(trip, HOTEL)
    once = trip.read_bytes()
    err = imported(trip, AIRLINE)
    assert trip.read_bytes() == once
    assert err.splitlines() == [
        f"tripplan: {trip}: travel 'ke017' is up to date",
        f"tripplan: {trip}: travel 'am649' is up to date",
    ]
    assert imported(trip, HOTEL) == (
        f"tripplan: {trip}: lodging 'the-westin-bonaventure-hotel' is up to date\n"
    )
    assert trip.read_bytes() == once


HOTEL_TABLE = """
[[lodging]]
id = "the-westin-bonaventure-hotel"
title = "The Westin Bonaventure Hotel & Suites"
place = "la"
check_in = 2010-11-16T15:00:00
check_out = 2010-11-17T06:00:00
address = "404 S Figueroa St"
who = ["mayor"]
confirmation = "WB-4471902"
uid = "booking-WB-4471902-lodging@tripplan"
"""


def test_a_hotel_from_a_quoted_printable_email(trip: Path) -> None:
    """Its locality names the place `la`; its underName's e-mail is the mayor's (the
    name, "Se-hoon Oh", is not how [people] writes it)."""
    imported(trip, AIRLINE)
    before = trip.read_text(encoding="utf-8")
    err = imported(trip, HOTEL)
    assert trip.read_text(encoding="utf-8") == before + HOTEL_TABLE
    assert err.splitlines()[0] == (
        f"tripplan: {trip}: imported lodging 'the-westin-bonaventure-hotel': 'The Westin"
        " Bonaventure Hotel & Suites' at Los Angeles, Tue 16 Nov 2010 15:00 PST UTC-08:00 to"
        " Wed 17 Nov 2010 06:00 PST UTC-08:00"
    )
    stay = entries(trip)["the-westin-bonaventure-hotel"]
    zone = "America/Los_Angeles"
    assert (stay.start, stay.end) == (at(zone, 2010, 11, 16, 15), at(zone, 2010, 11, 17, 6))
    assert stay.confirmation == "WB-4471902"


def test_a_cancellation_takes_the_entry_out(trip: Path) -> None:
    imported(trip, AIRLINE)
    without = trip.read_bytes()
    imported(trip, HOTEL)
    err = imported(trip, CANCELLED)
    assert trip.read_bytes() == without
    assert err == f"tripplan: {trip}: cancelled lodging 'the-westin-bonaventure-hotel'\n"
    again = imported(trip, CANCELLED)  # nothing left to cancel: said, nothing written
    assert trip.read_bytes() == without
    assert again.splitlines() == [
        f"tripplan: {trip}: nothing to change",
        "tripplan: note: LodgingReservation WB-4471902 (The Westin Bonaventure Hotel & Suites)"
        " is cancelled, and no entry of the trip is it: nothing to cancel",
    ]


def test_a_changed_booking_updates_its_entry(trip: Path, tmp_path: Path) -> None:
    imported(trip, AIRLINE)
    imported(trip, HOTEL)
    later = tmp_path / "later.eml"
    later.write_bytes(HOTEL.read_bytes().replace(b"T06:00:00-08:00", b"T11:00:00-08:00"))
    before = trip.read_text(encoding="utf-8")
    err = imported(trip, later)
    assert err == (
        f"tripplan: {trip}: moved lodging 'the-westin-bonaventure-hotel' to"
        " Tue 16 Nov 2010 15:00 PST UTC-08:00\n"
    )
    assert trip.read_text(encoding="utf-8") == before.replace(
        "check_out = 2010-11-17T06:00:00\n", "check_out = 2010-11-17T11:00:00\n"
    ).replace(
        'uid = "booking-WB-4471902-lodging@tripplan"\n',
        'uid = "booking-WB-4471902-lodging@tripplan"\nsequence = 1\n',
    )


def test_a_restaurant_is_placed_where_its_traveller_is(trip: Path) -> None:
    """Its locality ("Ciudad de México") names no place: the mayor is at `mex` at 20:00,
    read in Mexico City's zone (no offset given); no endTime: two hours."""
    imported(trip, AIRLINE)
    err = imported(trip, DINNER)
    assert err == (
        f"tripplan: {trip}: imported event 'pujol': 'Pujol' at Mexico City (MEX),"
        " Wed 17 Nov 2010 20:00 CST UTC-06:00 to Wed 17 Nov 2010 22:00 CST UTC-06:00\n"
    )
    dinner = entries(trip)["pujol"]
    zone = "America/Mexico_City"
    assert (dinner.start, dinner.end) == (at(zone, 2010, 11, 17, 20), at(zone, 2010, 11, 17, 22))
    assert (dinner.start_place.id, dinner.who, dinner.venue) == (
        "mex",
        ("mayor",),
        "Tennyson 133, Polanco, Ciudad de México",
    )


def test_microdata_and_an_undername_by_name(trip: Path) -> None:
    imported(trip, MICRODATA)
    dinner = entries(trip)["grand-central-oyster-bar"]
    zone = "America/Los_Angeles"
    assert (dinner.start, dinner.end) == (
        at(zone, 2010, 11, 16, 19),
        at(zone, 2010, 11, 16, 20, 30),
    )
    assert (dinner.start_place.id, dinner.who, dinner.confirmation) == ("la", ("aide",), "OT-90004")


def test_who_overrides_undername_and_place_chooses(trip: Path) -> None:
    imported(trip, DINNER, "--who", "aide", "--place", "mexico")
    dinner = entries(trip)["pujol"]
    assert (dinner.start_place.id, dinner.who) == ("mexico", ("aide",))


def test_a_stranger_is_said_and_the_entry_is_everyones(trip: Path, tmp_path: Path) -> None:
    source = tmp_path / "stranger.html"
    source.write_bytes(DINNER.read_bytes().replace(b'"OH SE-HOON"', b'"Jane Doe"'))
    err = imported(trip, source, "--place", "mexico")
    assert err.splitlines()[1] == (
        "tripplan: note: FoodEstablishmentReservation OT-88213 (Pujol): underName Jane Doe is"
        " none of the trip's [people] (name or e-mail): its entry is for every traveller"
    )
    assert entries(trip)["pujol"].who == ("mayor", "aide")
    assert "who" not in trip.read_text(encoding="utf-8").split("[[events]]")[1]


def test_an_offset_that_disagrees_is_kept_and_found(trip: Path) -> None:
    """-05:00 is not Mexico City's offset on 17 Nov 2010: the time is written as given, the
    instant kept, and check finds offset-mismatch."""
    err = imported(trip, MISMATCH)
    assert "arrive = 2010-11-17T15:20:00-05:00\n" in trip.read_text(encoding="utf-8")
    assert err.splitlines()[-1].startswith(f"tripplan: {trip}: new warning: offset-mismatch: am649")
    leg = entries(trip)["am649"]
    assert leg.end == datetime(2010, 11, 17, 20, 20, tzinfo=UTC)
    findings = tripplan("check", "--json", trip).json()["findings"]
    assert [(f["code"], f["severity"], f["entries"]) for f in findings] == [
        ("offset-mismatch", "warning", ["am649"])
    ]


def test_dry_run_prints_the_diff_and_writes_nothing(trip: Path) -> None:
    before = trip.read_bytes()
    result = tripplan("import", "booking", trip, AIRLINE, "--dry-run")
    assert result.code == 0, result.err
    assert trip.read_bytes() == before
    added = [
        line[1:] for line in result.out.splitlines() if line.startswith("+") and line[1:2] != "+"
    ]
    assert "\n".join(added) + "\n" == FLIGHTS
    assert result.err.splitlines()[0].startswith(f"tripplan: {trip}: dry run, nothing written: ")


def test_an_unknown_airport_is_one_line_and_nothing_written(trip: Path) -> None:
    before = trip.read_bytes()
    result = tripplan("import", "booking", trip, UNKNOWN)
    assert result.code == 2
    assert assert_one_clean_line(result.err) == (
        f"tripplan: {UNKNOWN}: FlightReservation Q9Z1LL (XA901 LAX→QQQ): airport 'QQQ' is not"
        ' in the airport database, and no place of the trip has it: add one (airport = "QQQ"'
        " and its tz), then import again"
    )
    assert trip.read_bytes() == before


def test_a_booking_with_no_place_to_go_names_the_option(trip: Path, tmp_path: Path) -> None:
    source = tmp_path / "atlantis.json"
    source.write_text(
        '{"@type": "LodgingReservation", "reservationNumber": "A1", "reservationFor":'
        ' {"name": "Hotel Atlantis", "address": {"addressLocality": "Atlantis"}},'
        ' "checkinDate": "2010-11-16", "checkoutDate": "2010-11-17"}',
        encoding="utf-8",
    )
    before = trip.read_bytes()
    result = tripplan("import", "booking", trip, source)
    assert result.code == 2
    assert assert_one_clean_line(result.err) == (
        f"tripplan: {source}: LodgingReservation A1 (Hotel Atlantis): its address names no"
        " place of the trip (Atlantis) and no traveller of it is at a place then: give"
        " --place ID"
    )
    assert trip.read_bytes() == before
    imported(trip, source, "--place", "la")  # a date alone: a hotel's usual hours
    assert "check_in = 2010-11-16T15:00:00\ncheck_out = 2010-11-17T11:00:00\n" in (
        trip.read_text(encoding="utf-8")
    )


DEEP = "[" * 100_000 + "]" * 100_000
NESTED_MIME = "From: a@b.example\n" + "".join(
    f'Content-Type: multipart/mixed; boundary="b{i}"\n\n--b{i}\n' for i in range(3000)
)
FLIGHT = (
    '{"@type": "FlightReservation", "reservationNumber": "A1", "reservationFor": {'
    '"flightNumber": "1", "departureAirport": {"name": "X"}, "arrivalAirport":'
    ' {"iataCode": "LAX"}, "departureTime": "2010-11-16T10:00", "arrivalTime": "%s"}}'
)


@pytest.mark.parametrize(
    ("name", "content", "line"),
    [
        ("deep.json", DEEP, "{src}: JSON nested deeper than 64"),
        ("huge.html", " " * (10 * 1024 * 1024 + 1), "{src}: larger than 10 MiB: not a booking"),
        (
            "plain.html",
            "<html><body><p>Thank you for booking</p></body></html>",
            "{src}: no schema.org reservation in it (a JSON-LD <script> or microdata):"
            " nothing to import",
        ),
        (
            "broken.html",
            '<script type="application/ld+json">{"@type": </script>',
            "{src}: JSON-LD script 1: not JSON: Expecting value: line 1 column 11 (char 10)",
        ),
        (
            "text.eml",
            "From: a@b.example\nContent-Type: text/plain\n\nYour flight is booked.\n",
            "{src}: the e-mail has no HTML part (where confirmations carry JSON-LD)",
        ),
        ("nested.eml", NESTED_MIME, "{src}: more than 200 MIME parts: not a confirmation"),
        (
            "charset.eml",
            'From: a@b.example\nContent-Type: text/html; charset="x-no-such-charset"\n\n'
            "<p>\xff\xfe</p>\n",
            "{src}: no schema.org reservation in it (a JSON-LD <script> or microdata):"
            " nothing to import",
        ),
        (
            "nonumber.json",
            '{"@type": "LodgingReservation"}',
            "{src}: LodgingReservation: no reservationNumber: it could not be imported again"
            " without being added twice",
        ),
        (
            "noiata.json",
            FLIGHT % "2010-11-16T12:00",
            "{src}: FlightReservation A1 (1 X→LAX): its departureAirport has no iataCode: no"
            " zone to read its times in",
        ),
        (
            "notime.json",
            FLIGHT.replace('"name": "X"', '"iataCode": "ICN"') % "soon",
            "{src}: FlightReservation A1 (1 ICN→LAX): arrivalTime 'soon' is not an ISO 8601"
            " date-time",
        ),
    ],
)
def test_hostile_and_unmappable_sources(
    trip: Path, tmp_path: Path, name: str, content: str, line: str
) -> None:
    source = tmp_path / name
    source.write_bytes(content.encode("latin-1" if name == "charset.eml" else "utf-8"))
    before = trip.read_bytes()
    result = tripplan("import", "booking", trip, source)
    assert result.code == 2
    assert assert_one_clean_line(result.err) == "tripplan: " + line.format(src=source)
    assert trip.read_bytes() == before


def test_a_booking_from_standard_input(trip: Path) -> None:
    result = tripplan("import", "booking", trip, "-", stdin=LOCAL.read_bytes())
    assert result.code == 0, result.err
    assert set(entries(trip)) == {"ke017", "am649"}


def modules(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "tripplan", *args],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    lines = [line for line in done.stderr.splitlines() if line.startswith("import time:")]
    return {line.rsplit("|", 1)[1].strip() for line in lines}


def test_only_import_booking_loads_the_booking_readers(trip: Path) -> None:
    reading = modules("validate", str(trip))
    assert not {m for m in reading if m.startswith("tripplan.edit")}
    other_import = modules(
        "import", "ics", str(trip), str(ROOT / "tests/ics/khal/event_dt_simple.ics"), "--dry-run"
    )
    assert "tripplan.edit.bookings" not in other_import
    assert "tripplan.edit.bookings" in modules(
        "import", "booking", str(trip), str(LOCAL), "--dry-run"
    )


TRAIN_AND_CONGRESS = """[
 {"@context": "http://schema.org", "@type": "TrainReservation", "reservationNumber": "DB12345",
  "underName": {"@type": "Person", "name": "Kim Min-ji"},
  "reservationFor": {"@type": "TrainTrip", "trainName": "ICE", "trainNumber": "ICE 1601",
   "departureStation": {"@type": "TrainStation", "name": "Los Angeles"},
   "arrivalStation": {"@type": "TrainStation", "name": "Union Station",
    "address": {"@type": "PostalAddress", "addressLocality": "Mexico City"}},
   "departureTime": "2010-11-18T08:00:00", "arrivalTime": "2010-11-18T20:00:00"}},
 {"@context": "http://schema.org", "@type": "EventReservation", "reservationNumber": "UCLG-77",
  "reservationFor": {"@type": "Event", "name": "3rd UCLG World Congress",
   "startDate": "2010-11-19", "endDate": "2010-11-20",
   "location": {"@type": "Place", "name": "World Trade Center Mexico",
    "address": {"@type": "PostalAddress", "streetAddress": "Montecito 38",
     "addressLocality": "Mexico City"}}}}
]"""


def test_a_train_by_its_stations_and_an_event_by_its_dates(trip: Path, tmp_path: Path) -> None:
    """A station is the place of its name or its locality; an event of dates is all-day."""
    source = tmp_path / "train.json"
    source.write_text(TRAIN_AND_CONGRESS, encoding="utf-8")
    err = imported(trip, source)
    assert err.splitlines() == [
        f"tripplan: {trip}: imported travel 'ice-1601': 'ICE 1601 Los Angeles→Union Station',"
        " Thu 18 Nov 2010 08:00 PST UTC-08:00 to Thu 18 Nov 2010 20:00 CST UTC-06:00",
        f"tripplan: {trip}: imported event '3rd-uclg-world-congress': '3rd UCLG World Congress'"
        " at Mexico City, 2010-11-19",
    ]
    found = entries(trip)
    train, congress = found["ice-1601"], found["3rd-uclg-world-congress"]
    assert (train.start_place.id, train.end_place.id, train.who) == ("la", "mexico", ("aide",))
    assert train.end == at("America/Mexico_City", 2010, 11, 18, 20)
    assert (str(congress.start), str(congress.end), congress.venue) == (
        "2010-11-19",
        "2010-11-20",
        "World Trade Center Mexico",
    )
    once = trip.read_bytes()
    imported(trip, source)
    assert trip.read_bytes() == once


CATALOG = ROOT / "src/tripplan/locale/ko/LC_MESSAGES/tripplan.po"
MERGED = 'msgid "{entry} is up to date"' in CATALOG.read_text(encoding="utf-8")


@pytest.mark.skipif(not MERGED, reason="/tmp/notes/ko-bookings.po not merged into the catalog yet")
def test_the_report_in_korean_and_the_file_the_same(trip: Path, tmp_path: Path) -> None:
    english = tmp_path / "en.toml"
    shutil.copyfile(trip, english)
    korean = tripplan("import", "booking", trip, HOTEL, "--lang", "ko", "--place", "la")
    assert korean.err == (
        f"tripplan: {trip}: 숙소 'the-westin-bonaventure-hotel' 가져옴: 'The Westin"
        " Bonaventure Hotel & Suites', Los Angeles, 2010년 11월 16일 (화) 15:00 PST UTC-08:00"
        " → 2010년 11월 17일 (수) 06:00 PST UTC-08:00\n"
    )
    imported(english, HOTEL, "--place", "la")
    assert trip.read_bytes() == english.read_bytes()
    again = tripplan("import", "booking", trip, HOTEL, "--lang", "ko")
    assert again.err == f"tripplan: {trip}: 숙소 'the-westin-bonaventure-hotel': 이미 최신\n"
