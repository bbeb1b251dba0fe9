"""Options are turned into the trip's values in one place (tripplan.options): a `--tz` or
`--who` mistake reads the same in every command that takes it (issue 19)."""

from __future__ import annotations

import pytest

from helpers import SAMPLE, TRIPS, tripplan

NO_HOME = TRIPS / "dst_gap_chicago_2010.toml"


@pytest.mark.parametrize(
    "args",
    [
        ("itinerary", "{trip}", "--tz", "{tz}"),
        ("agenda", "{trip}", "--tz", "{tz}"),
        ("where", "{trip}", "--at", "2010-11-16T10:00Z", "--tz", "{tz}"),
        ("move", "{trip}", "{id}", "--to", "2010-11-17 10:00", "--tz", "{tz}", "--dry-run"),
    ],
    ids=lambda args: args[0],
)
@pytest.mark.parametrize(
    ("tz", "message"),
    [
        (
            "Europe/Londn",
            "tripplan: --tz: unknown time zone 'Europe/Londn' (did you mean 'Europe/London'?)"
            " (an IANA name, a place id or home)\n",
        ),
        (
            "europe/zurich",
            "tripplan: --tz: unknown time zone 'europe/zurich' (did you mean 'Europe/Zurich'?)"
            " (an IANA name, a place id or home)\n",
        ),
        ("home", "tripplan: --tz: home: the trip has no `home` place\n"),
    ],
)
def test_a_wrong_zone_reads_the_same_in_every_command(
    args: tuple[str, ...], tz: str, message: str
) -> None:
    trip = NO_HOME if tz == "home" else SAMPLE
    ident = tripplan("itinerary", trip, "--json").json()["entries"][-1]["id"]
    line = [a.format(trip=trip, tz=tz, id=ident) for a in args]
    result = tripplan(*line)
    assert (result.code, result.out, result.err) == (2, "", message)


@pytest.mark.parametrize(
    "args",
    [
        ("itinerary", "{trip}"),
        ("agenda", "{trip}"),
        ("where", "{trip}", "--at", "2010-11-16T10:00Z"),
        ("reach", "{trip}"),
        ("export", "ics", "{trip}"),
        ("booklet", "{trip}"),
        ("timeline", "{trip}"),
    ],
    ids=lambda args: args[0],
)
def test_an_unknown_traveller_reads_the_same_in_every_command(args: tuple[str, ...]) -> None:
    result = tripplan(*(a.format(trip=SAMPLE) for a in args), "--who", "nobody")
    assert (result.code, result.out, result.err) == (
        2,
        "",
        "tripplan: --who: unknown traveller 'nobody' (travellers: mayor, delegation)\n",
    )


@pytest.mark.parametrize(
    "args",
    [
        ("itinerary", "{trip}", "--day", "16nov"),
        ("agenda", "{trip}", "--day", "16nov"),
        ("reach", "{trip}", "--day", "16nov"),
        ("export", "ics", "{trip}", "--day", "16nov"),
        ("timeline", "{trip}", "--day", "16nov"),
    ],
    ids=lambda args: args[0],
)
def test_a_bad_day_reads_the_same_in_every_command(args: tuple[str, ...]) -> None:
    result = tripplan(*(a.format(trip=SAMPLE) for a in args))
    assert (result.code, result.out) == (2, "")
    assert result.err.endswith(
        "\nError: Invalid value for --day: '16nov' is not a date like 2010-11-16\n"
    )
