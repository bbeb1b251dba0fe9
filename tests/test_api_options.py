"""The library takes its options as a caller naturally gives them (a zone by name, a date as
ISO text, hours as `09:00-18:00`), or refuses them at once with an OptionError that names
the parameter the caller used and no command-line flag (issue 19)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

import tripplan
from helpers import SAMPLE, TRIPS
from helpers import tripplan as run_cli
from tripplan.options import date_range

NO_HOME = TRIPS / "dst_gap_chicago_2010.toml"


@pytest.fixture(scope="module")
def trip() -> tripplan.Trip:
    return tripplan.load_trip(SAMPLE)


def refused(call: object, *args: object, **kwargs: object) -> tripplan.OptionError:
    assert callable(call)
    with pytest.raises(tripplan.OptionError) as caught:
        call(*args, **kwargs)
    assert "--" not in str(caught.value), "a library message names a flag"
    return caught.value


@pytest.mark.parametrize("view", ["itinerary", "agenda"])
@pytest.mark.parametrize("zone", ["home", "seoul", "Asia/Seoul"])
def test_a_view_takes_a_zone_by_name(trip: tripplan.Trip, view: str, zone: str) -> None:
    make = getattr(tripplan, view)
    by_name = make(trip, tripplan.Filters(zone=zone))
    by_zone = make(trip, tripplan.Filters(zone=ZoneInfo("Asia/Seoul")))
    assert by_name.zone == ZoneInfo("Asia/Seoul")
    assert by_name == by_zone._replace(zone=by_name.zone)


@pytest.mark.parametrize(
    ("zone", "message"),
    [
        ("Asia/Seol", "zone: unknown time zone 'Asia/Seol' (did you mean 'Asia/Seoul'?)"),
        (9, "zone: 9 is not a zone (a ZoneInfo, an IANA name, a place id or home)"),
    ],
)
def test_a_view_refuses_a_zone_at_once(trip: tripplan.Trip, zone: object, message: str) -> None:
    error = refused(tripplan.itinerary, trip, tripplan.Filters(zone=zone))  # type: ignore[arg-type]
    assert error.option == "zone"
    assert str(error).startswith(message)


def test_a_view_takes_a_day_as_iso_text(trip: tripplan.Trip) -> None:
    as_text = tripplan.agenda(trip, tripplan.Filters(day="2010-11-16"))  # type: ignore[arg-type]
    as_date = tripplan.agenda(trip, tripplan.Filters(day=date(2010, 11, 16)))
    assert as_text.days == as_date.days != []


def test_home_on_a_trip_without_one_is_refused() -> None:
    error = refused(tripplan.select_zone, tripplan.load_trip(NO_HOME), "home")
    assert (error.option, error.message) == ("zone", "home: the trip has no `home` place")


def test_where_reads_a_wall_time_on_the_home_clock(trip: tripplan.Trip) -> None:
    aware = datetime(2010, 11, 16, 12, 0, tzinfo=UTC)  # 21:00 in Seoul
    expected = tripplan.where([trip], aware)
    assert tripplan.where([trip], "2010-11-16 21:00") == expected
    assert tripplan.where([trip], datetime(2010, 11, 16, 21, 0)) == expected
    assert tripplan.where([trip], "2010-11-16T12:00Z") == expected


def test_where_refuses_what_is_no_instant(trip: tripplan.Trip) -> None:
    error = refused(tripplan.where, [trip], "tomorrow")
    assert error.option == "at"
    assert error.message.startswith("'tomorrow' is not a time like 2010-11-18 14:00")
    error = refused(tripplan.where, [tripplan.load_trip(NO_HOME)], "2010-11-07 01:30")
    assert (error.option, error.message) == (
        "at",
        "'2010-11-07 01:30' has no offset and the trip has no home place: give a zone",
    )


@pytest.mark.parametrize("question", ["where", "reach"])
def test_an_unknown_traveller_reads_the_same_in_where_and_reach(
    trip: tripplan.Trip, question: str
) -> None:
    if question == "where":
        error = refused(tripplan.where, [trip], datetime(2010, 11, 16, tzinfo=UTC), "nobody")
    else:
        error = refused(tripplan.reach, trip, "nobody")
    assert (error.option, error.message) == (
        "who",
        "unknown traveller 'nobody' (travellers: mayor, delegation)",
    )


def test_reach_takes_hours_a_length_and_dates_as_text(trip: tripplan.Trip) -> None:
    typed = tripplan.reach(
        trip, "mayor", "07:00-18:00", "09:00-24:00", "1h", "2010-11-18", "2010-11-20"
    )
    made = tripplan.reach(
        trip,
        "mayor",
        tripplan.Hours.parse("07:00-18:00"),
        tripplan.Hours(9 * 60, 24 * 60),
        timedelta(hours=1),
        date(2010, 11, 18),
        date(2010, 11, 20),
    )
    assert typed == made
    assert [w.local_start.strftime("%d %H:%M") for w in typed.windows] == [
        "18 07:00",
        "19 07:00",
        "20 07:00",
    ]


@pytest.mark.parametrize(
    ("kwargs", "option", "message"),
    [
        ({"hours": "9-18"}, "hours", "'9-18' is not hours like 09:00-18:00"),
        (
            {"home_hours": "09:00-25:00"},
            "home_hours",
            "'09:00-25:00' is not a time of day (00:00 to 24:00)",
        ),
        ({"least": "soon"}, "least", "'soon' is not a duration (write 90m, 1h30m, 2h or PT1H30M)"),
        ({"first": "16 Nov"}, "first", "'16 Nov' is not a date like 2010-11-16"),
        (
            {"first": "2010-11-19", "last": "2010-11-18"},
            "last",
            "2010-11-18 is before the first date, 2010-11-19",
        ),
    ],
)
def test_reach_refuses_a_bad_value_at_once(
    trip: tripplan.Trip, kwargs: dict[str, str], option: str, message: str
) -> None:
    error = refused(tripplan.reach, trip, **kwargs)
    assert (error.option, error.message) == (option, message)


def test_a_range_is_a_day_or_first_and_last() -> None:
    assert date_range() == (None, None)
    assert date_range(first=date(2010, 11, 18)) == (date(2010, 11, 18), None)
    error = refused(date_range, "2010-11-16", "2010-11-16")
    assert (error.option, error.message) == (
        "day",
        "give a day, or a first and last date, not both",
    )
    assert refused(date_range, datetime(2010, 11, 16)).option == "day"  # a date, not an instant


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ("reach", SAMPLE, "--day", "2010-11-18", "--to", "2010-11-19"),
            "--day: give --day, or --from/--to, not both",
        ),
        (
            ("reach", SAMPLE, "--from", "2010-11-19", "--to", "2010-11-18"),
            "--to 2010-11-18 is before --from 2010-11-19",
        ),
        (
            ("where", NO_HOME, "--at", "2010-11-07 01:30"),
            "--at: '2010-11-07 01:30' has no offset and the trip has no home place: give --tz ZONE",
        ),
        (
            ("reach", SAMPLE, "--min", "soon"),
            "--min: 'soon' is not a duration (write 90m, 1h30m, 2h or PT1H30M)",
        ),
        (
            ("reach", SAMPLE, "--home-hours", "9-18"),
            "--home-hours: '9-18' is not hours like 09:00-18:00",
        ),
    ],
)
def test_the_command_line_words_the_library_s_errors_with_its_flags(
    args: tuple[object, ...], line: str
) -> None:
    result = run_cli(*args)  # type: ignore[arg-type]
    assert (result.code, result.out, result.err) == (2, "", f"tripplan: {line}\n")


def test_a_bad_date_is_still_the_parser_s_usage_error() -> None:
    result = run_cli("reach", SAMPLE, "--from", "16nov")
    assert result.code == 2
    assert result.err.endswith(
        "\nError: Invalid value for --from: '16nov' is not a date like 2010-11-16\n"
    )
