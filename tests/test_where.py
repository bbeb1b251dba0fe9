"""`tripplan where`: each traveller at an instant (shared/spec/cli.md, "Staff questions"),
with the in-process clock fixed at 2026-11-25 12:00 UTC (helpers.tripplan)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from helpers import SAMPLE, TRIPS, assert_one_clean_line, tripplan

DATELINE = TRIPS / "dateline_seoul_la.toml"


def where(*args: str | Path) -> dict[str, Any]:
    result = tripplan("where", "--json", *args)
    assert (result.code, result.err) == (0, ""), result.err
    document: dict[str, Any] = result.json()
    return document


def mayor(document: dict[str, Any]) -> dict[str, Any]:
    rows = {row["who"]: row for row in document["travellers"]}
    assert list(rows) == ["mayor", "delegation"]
    # Nobody in the sample is named in only some entries: the two are in the same place.
    assert {k: v for k, v in rows["delegation"].items() if k != "who"} == {
        k: v for k, v in rows["mayor"].items() if k != "who"
    }
    return rows["mayor"]


def test_during_an_event() -> None:
    """15:30 in Los Angeles on 16 November: half-way through the MOU signing."""
    document = where(SAMPLE, "--at", "2010-11-16T15:30:00-08:00")
    assert document["at_utc"] == "2010-11-16T23:30:00Z"
    assert mayor(document) == {
        "who": "mayor",
        "file": str(SAMPLE),
        "place": "la",
        "tz": "America/Los_Angeles",
        "local": "2010-11-16T15:30:00-08:00",
        "home_local": "2010-11-17T08:30:00+09:00",
        "now": "la-mou",
        "in_transit": None,
        # AM649 leaves Los Angeles at 08:35 PST on the 17th: 17 h 5 min later
        "next": {"id": "am649", "start_utc": "2010-11-17T16:35:00Z", "in": "PT17H5M"},
        "state": "during",
    }


def test_in_transit_over_the_date_line() -> None:
    """21:00 on the Seoul clock, five hours into KE017: the Mayor keeps Seoul's clock in
    the air, and lands at 09:10 PST, on the same date, earlier in the day."""
    document = where(SAMPLE, "--at", "2010-11-16 21:00")  # the home zone, Seoul
    assert document["at_utc"] == "2010-11-16T12:00:00Z"
    row = mayor(document)
    assert (row["place"], row["tz"], row["in_transit"], row["now"]) == (
        None,
        "Asia/Seoul",
        "ke017",
        None,
    )
    assert (row["local"], row["home_local"]) == (
        "2010-11-16T21:00:00+09:00",
        "2010-11-16T21:00:00+09:00",
    )
    assert row["next"] == {"id": "la-mou", "start_utc": "2010-11-16T23:00:00Z", "in": "PT11H"}

    table = tripplan("where", SAMPLE, "--at", "2010-11-16 21:00", "--who", "mayor", width=200).out
    assert "in the air on KE017 Seoul to Los Angeles" in table
    assert "lands 09:10 PST UTC-08:00" in table
    assert "in 5 h 10 min" in table
    assert "Seoul → Los Angeles" in table


def test_east_over_the_date_line_the_landing_says_its_date() -> None:
    """The red-eye leaves Seoul at 00:30 on the 17th and lands at 19:30 on the 16th: the
    landing is written with its date, a date the traveller's clock has already passed."""
    document = where(DATELINE, "--at", "2010-11-17 03:00")
    (row,) = document["travellers"]
    assert (row["who"], row["in_transit"], row["tz"]) == ("", "red-eye", "Asia/Seoul")
    table = tripplan("where", DATELINE, "--at", "2010-11-17 03:00", width=200).out
    assert "lands Tue 16 Nov 2010 19:30 PST UTC-08:00" in table
    assert "in 9 h 30 min" in table  # 12:30 KST


def test_before_the_first_entry_they_are_where_they_start() -> None:
    row = mayor(where(SAMPLE, "--at", "2010-11-01T00:00:00Z"))
    assert (row["place"], row["tz"], row["now"], row["in_transit"], row["state"]) == (
        "seoul",
        "Asia/Seoul",
        None,
        None,
        "before",
    )
    # KE017 departs 2010-11-16T05:50Z: 15 days 5 h 50 min later, in hours
    assert row["next"] == {"id": "ke017", "start_utc": "2010-11-16T05:50:00Z", "in": "PT365H50M"}


def test_after_the_last_entry_they_are_where_they_ended() -> None:
    """Now, by the injected clock (2026-11-25 12:00 UTC): home in Seoul, nothing next."""
    document = where(SAMPLE)
    assert document["at_utc"] == "2026-11-25T12:00:00Z"
    row = mayor(document)
    assert (row["place"], row["tz"], row["local"], row["next"], row["state"]) == (
        "seoul",
        "Asia/Seoul",
        "2026-11-25T21:00:00+09:00",
        None,
        "after",
    )
    table = tripplan("where", SAMPLE, "--who", "mayor").out
    assert "trip over" in table and "nothing" in table


@pytest.mark.parametrize(
    ("at", "tz", "utc"),
    [
        ("2010-11-18 10:30", "mexico", "2010-11-18T16:30:00Z"),  # a place id
        ("2010-11-18 10:30", "America/Chicago", "2010-11-18T16:30:00Z"),  # an IANA zone
        ("2010-11-19 01:30", "home", "2010-11-18T16:30:00Z"),  # Seoul
        ("2010-11-18T10:30:00-06:00", "America/Los_Angeles", "2010-11-18T16:30:00Z"),  # offset wins
        ("2010-11-18T16:30Z", None, "2010-11-18T16:30:00Z"),
    ],
)
def test_at_is_read_in_tz(at: str, tz: str | None, utc: str) -> None:
    """The UCLG speech, 10:00-11:30 in Mexico City, asked about from several zones."""
    document = where(SAMPLE, "--at", at, *(("--tz", tz) if tz else ()))
    assert document["at_utc"] == utc
    row = mayor(document)
    assert (row["place"], row["now"], row["local"]) == (
        "mexico",
        "uclg-speech",
        "2010-11-18T10:30:00-06:00",
    )


def test_at_in_a_gap_is_read_as_rfc_5545_says() -> None:
    """02:30 on Chicago's spring-forward night does not exist: read with the offset before
    the gap, 02:30 CST = 08:30 UTC."""
    document = where(SAMPLE, "--at", "2010-03-14 02:30", "--tz", "America/Chicago")
    assert document["at_utc"] == "2010-03-14T08:30:00Z"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--at", "tomorrow"), "--at: 'tomorrow' is not a time"),
        (("--at", "2010-11-16 10:00", "--tz", "Mars/Olympus"), "--tz: unknown time zone"),
        (("--who", "mayr"), "--who: unknown traveller 'mayr'"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(args: tuple[str, ...], said: str) -> None:
    result = tripplan("where", SAMPLE, *args)
    assert (result.code, result.out) == (2, "")
    assert said in assert_one_clean_line(result.err)


def test_a_wall_time_needs_a_zone_when_the_trip_has_no_home(write_trip: Any) -> None:
    path = write_trip(
        '[trip]\ntitle = "No home"\n[places.la]\ntz = "America/Los_Angeles"\n'
        '[[events]]\ntitle = "Call"\nplace = "la"\nstart = 2010-11-16T10:00:00\nduration = "1h"\n'
    )
    result = tripplan("where", path, "--at", "2010-11-16 10:30")
    assert result.code == 2
    assert "give --tz ZONE" in assert_one_clean_line(result.err)
    document = where(path, "--at", "2010-11-16 10:30", "--tz", "la")
    (row,) = document["travellers"]
    assert (row["who"], row["home_local"], row["now"], row["tz"]) == (
        "",
        None,
        "call-" + row["now"].split("-")[-1],
        "America/Los_Angeles",
    )


def test_several_files_one_person(write_trip: Any) -> None:
    """The Mayor is in the sample and in a side visit's file: one timeline across both,
    and `file` names the file of the entry they are in."""
    side = write_trip(
        '[trip]\ntitle = "Side visit"\ntravellers = ["mayor", "vice"]\n'
        '[places.la]\nname = "Los Angeles"\ntz = "America/Los_Angeles"\n'
        '[[events]]\nid = "port"\ntitle = "Port of LA tour"\nplace = "la"\n'
        'start = 2010-11-16T17:00:00\nduration = "1h"\n',
        "side.toml",
    )
    document = where(SAMPLE, side, "--at", "2010-11-16T17:30:00-08:00")
    rows = {row["who"]: row for row in document["travellers"]}
    assert list(rows) == ["mayor", "delegation", "vice"]
    assert (rows["mayor"]["now"], rows["mayor"]["file"]) == ("port", str(side))
    assert rows["mayor"]["home_local"] == "2010-11-17T10:30:00+09:00"  # the sample's home
    assert (rows["delegation"]["now"], rows["delegation"]["file"]) == (None, str(SAMPLE))
    assert (rows["vice"]["now"], rows["vice"]["home_local"]) == ("port", None)
    # before the port tour, the Mayor's next entry is in the other file
    earlier = where(SAMPLE, side, "--at", "2010-11-16T16:30:00-08:00", "--who", "mayor")
    (row,) = earlier["travellers"]
    assert (row["now"], row["next"]["id"], row["file"]) == (None, "port", str(SAMPLE))


@pytest.mark.parametrize("at", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:00:00-05:00"])
def test_an_instant_out_of_the_years_a_trip_holds_is_refused(at: str) -> None:
    result = tripplan("where", "--at", at, SAMPLE)
    assert result.code == 2
    assert "is out of range (2-9997)" in assert_one_clean_line(result.err)
