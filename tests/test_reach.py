"""`tripplan reach`: call windows inside both sides' working hours (shared/spec/cli.md,
"Staff questions"), by hand on fixtures and, on generated trips, minute by minute against
an independent scan that knows only the contract's words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from helpers import SAMPLE, TRIPS, assert_one_clean_line, tripplan

FALL_BACK = TRIPS / "reach_fall_back_new_york_2010.toml"


def reach(*args: str | Path) -> dict[str, Any]:
    result = tripplan("reach", "--json", *args)
    assert (result.code, result.err) == (0, ""), result.err
    document: dict[str, Any] = result.json()
    return document


def spans(document: dict[str, Any], who: str) -> list[tuple[str, str]]:
    return [(w["start_utc"], w["end_utc"]) for w in document["windows"] if w["who"] == who]


def test_sample_windows_by_hand() -> None:
    """Seoul (UTC+9) calls 09:00-18:00 = 00:00-09:00 UTC.

    - Seoul, 16 Nov: free until KE017 leaves at 14:50 KST: 09:00-14:50.
    - Los Angeles (UTC-8): 09:00-18:00 = 17:00-02:00 UTC; with Seoul's, 00:00-02:00 UTC,
      16:00-18:00 PST; the MOU ends at 16:00, so 16:00-18:00 on the 16th. On the 17th they
      leave at 08:35, before 16:00.
    - Mexico City and Chicago (UTC-6): 09:00-18:00 = 15:00-24:00 UTC, which ends as
      Seoul's day begins (end exclusive): no window at all.
    - Seoul, 23 Nov: KE038 lands at 17:20 KST, 40 minutes before 18:00.
    """
    document = reach(SAMPLE)
    expected = [
        ("2010-11-16T00:00:00Z", "2010-11-16T05:50:00Z"),
        ("2010-11-17T00:00:00Z", "2010-11-17T02:00:00Z"),
        ("2010-11-23T08:20:00Z", "2010-11-23T09:00:00Z"),
    ]
    assert spans(document, "mayor") == spans(document, "delegation") == expected
    la = document["windows"][1]
    assert la == {
        "who": "mayor",
        "start_utc": "2010-11-17T00:00:00Z",
        "end_utc": "2010-11-17T02:00:00Z",
        "local_start": "2010-11-16T16:00:00-08:00",
        "local_end": "2010-11-16T18:00:00-08:00",
        "home_start": "2010-11-17T09:00:00+09:00",
        "home_end": "2010-11-17T11:00:00+09:00",
        "date": "2010-11-16",  # the traveller's date, though Seoul's is the 17th
        "place": "la",
        "tz": "America/Los_Angeles",
        "duration": "PT2H",
    }
    # 17 Nov in Los Angeles: the shared 16:00-18:00 PST (00:00-02:00 UTC on the 18th) comes
    # when they have been in Mexico City since 20:20 UTC: not there, not "hours do not meet"
    assert [(d["date"], d["place"], d["reason"]) for d in document["no_window"][:8]] == [
        ("2010-11-17", "la", "not-there"),
        ("2010-11-17", "mexico", "hours-do-not-meet"),
        ("2010-11-18", "mexico", "hours-do-not-meet"),
        ("2010-11-19", "mexico", "hours-do-not-meet"),
        ("2010-11-20", "mexico", "hours-do-not-meet"),
        ("2010-11-20", "chicago", "hours-do-not-meet"),
        ("2010-11-21", "chicago", "hours-do-not-meet"),
        ("2010-11-22", "chicago", "hours-do-not-meet"),
    ]
    assert (document["hours"], document["home_hours"], document["min"]) == (
        "09:00-18:00",
        "09:00-18:00",
        "PT30M",
    )


def test_the_options_move_the_windows() -> None:
    """HQ works until midnight (09:00-24:00 Seoul = 00:00-15:00 UTC) and the Mayor from
    07:00 in Mexico City (13:00 UTC): two hours a day open up there, 07:00-09:00 CST, which
    the speech (10:00) and the signing (11:00) do not touch."""
    document = reach(
        SAMPLE,
        "--who",
        "mayor",
        "--hours",
        "07:00-18:00",
        "--home-hours",
        "09:00-24:00",
        "--from",
        "2010-11-18",
        "--to",
        "2010-11-19",
        "--min",
        "2h",
    )
    assert [(w["date"], w["local_start"], w["local_end"]) for w in document["windows"]] == [
        ("2010-11-18", "2010-11-18T07:00:00-06:00", "2010-11-18T09:00:00-06:00"),
        ("2010-11-19", "2010-11-19T07:00:00-06:00", "2010-11-19T09:00:00-06:00"),
    ]
    assert document["no_window"] == []
    shorter = reach(SAMPLE, "--who", "mayor", "--day", "2010-11-23", "--min", "41m")
    assert shorter["windows"] == []
    # KE038 lands at 17:20 KST: of the shared 09:00-18:00, 8 h 20 min in the air, 40 min free
    assert shorter["no_window"] == [
        {
            "who": "mayor",
            "date": "2010-11-23",
            "place": "seoul",
            "tz": "Asia/Seoul",
            "reason": "in-transit",
        }
    ]


def test_a_fall_back_day_keeps_wall_clock_hours() -> None:
    """New York falls back at 02:00 on Sunday 7 November 2010; London already has. 09:00
    in New York is 13:00 UTC on Saturday and 14:00 UTC on Sunday; the windows start at
    09:00 on the wall both days, and the shared hours shrink from five to four."""
    document = reach(FALL_BACK)
    got = [
        (w["date"], w["local_start"], w["local_end"], w["home_start"]) for w in document["windows"]
    ]
    assert got == [
        (
            "2010-11-06",
            "2010-11-06T09:00:00-04:00",
            "2010-11-06T10:00:00-04:00",
            "2010-11-06T13:00:00+00:00",
        ),
        (
            "2010-11-06",
            "2010-11-06T11:00:00-04:00",
            "2010-11-06T14:00:00-04:00",
            "2010-11-06T15:00:00+00:00",
        ),
        (
            "2010-11-07",
            "2010-11-07T09:00:00-05:00",
            "2010-11-07T12:00:00-05:00",
            "2010-11-07T14:00:00+00:00",
        ),
        (
            "2010-11-08",
            "2010-11-08T09:30:00-05:00",
            "2010-11-08T13:00:00-05:00",
            "2010-11-08T14:30:00+00:00",
        ),
    ]
    assert document["no_window"] == []


def test_hours_over_midnight() -> None:
    """A night desk in Seoul (22:00-06:00 = 13:00-21:00 UTC) reaches Mexico City (UTC-6)
    in its 09:00-15:00: the windows run across Seoul's midnight."""
    document = reach(SAMPLE, "--who", "mayor", "--day", "2010-11-18", "--home-hours", "22:00-06:00")
    assert [
        (w["local_start"], w["local_end"], w["home_start"], w["home_end"])
        for w in document["windows"]
    ] == [
        (
            "2010-11-18T09:00:00-06:00",
            "2010-11-18T10:00:00-06:00",
            "2010-11-19T00:00:00+09:00",
            "2010-11-19T01:00:00+09:00",
        ),
        (
            "2010-11-18T11:30:00-06:00",
            "2010-11-18T15:00:00-06:00",
            "2010-11-19T02:30:00+09:00",
            "2010-11-19T06:00:00+09:00",
        ),
    ]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--hours", "9-18"), "--hours: '9-18' is not hours like 09:00-18:00"),
        (("--home-hours", "09:00-25:00"), "--home-hours: '09:00-25:00' is not a time of day"),
        (("--hours", "09:00-09:00"), "--hours: '09:00-09:00' is empty"),
        (("--min", "soon"), "--min: 'soon' is not a duration"),
        (("--day", "2010-11-18", "--from", "2010-11-17"), "--day: give --day, or --from/--to"),
        (("--from", "2010-11-19", "--to", "2010-11-18"), "--to 2010-11-18 is before --from"),
        (("--who", "nobody"), "--who: unknown traveller 'nobody'"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(args: tuple[str, ...], said: str) -> None:
    result = tripplan("reach", SAMPLE, *args)
    assert (result.code, result.out) == (2, "")
    assert said in assert_one_clean_line(result.err)


# -- against an independent scan ----------------------------------------------------------

ZONES = [
    "Asia/Seoul",
    "America/Los_Angeles",
    "America/New_York",
    "Europe/London",
    "Australia/Sydney",
    "Pacific/Auckland",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "America/Sao_Paulo",
]
# Weeks with clock changes: the US and Europe in spring and autumn, the southern hemisphere,
# Brazil's midnight changes of 2018.
BASES = [
    datetime(2010, 3, 12),
    datetime(2010, 11, 5),
    datetime(2024, 3, 29),
    datetime(2024, 10, 25),
    datetime(2025, 4, 4),
    datetime(2018, 11, 2),
]


@st.composite
def trips(draw: st.DrawFn) -> tuple[str, dict[str, str], list[dict[str, Any]], str, str]:
    """A traveller's legs and events in a few days, minute-aligned, legs chained."""
    base = draw(st.sampled_from(BASES))
    home = draw(st.sampled_from(ZONES))
    places = {
        f"p{n}": z
        for n, z in enumerate(
            draw(st.lists(st.sampled_from(ZONES), min_size=1, max_size=3, unique=True))
        )
    }
    names = list(places)
    here = draw(st.sampled_from(names))
    clock = base + timedelta(minutes=draw(st.integers(0, 24 * 60)))  # wall time where they are
    entries: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(1, 5))):
        clock += timedelta(minutes=draw(st.integers(0, 20 * 60)))
        length = timedelta(minutes=draw(st.integers(1, 10 * 60)))
        if len(names) > 1 and draw(st.booleans()):
            there = draw(st.sampled_from([n for n in names if n != here]))
            # the arrival as a wall time at `there`, after the departure's instant
            leaves = clock.replace(tzinfo=ZoneInfo(places[here]))
            lands = (leaves.astimezone(UTC) + length).astimezone(ZoneInfo(places[there]))
            # A landing in a fold is read as its first pass, maybe before the departure:
            # a leg that lands before it leaves is a `negative-duration` error, left out.
            assume(
                _instant(lands.replace(tzinfo=None), places[there]) > _instant(clock, places[here])
            )
            entries.append(
                {
                    "kind": "travel",
                    "from": here,
                    "to": there,
                    "start": clock,
                    "end": lands.replace(tzinfo=None, fold=0),
                }
            )
            here, clock = there, lands.replace(tzinfo=None, fold=0)
        else:
            entries.append({"kind": "event", "place": here, "start": clock, "end": clock + length})
            clock += length
    hours = draw(
        st.sampled_from(["09:00-18:00", "07:30-19:45", "00:00-24:00", "22:00-06:00", "13:00-14:00"])
    )
    home_hours = draw(st.sampled_from(["09:00-18:00", "08:00-20:00", "20:00-04:00", "00:00-23:59"]))
    return home, places, entries, hours, home_hours


def _toml(home: str, places: dict[str, str], entries: list[dict[str, Any]]) -> str:
    lines = ["[trip]", 'title = "Generated"', 'home = "home"', "[places.home]", f'tz = "{home}"']
    for pid, zone in places.items():
        lines += [f"[places.{pid}]", f'tz = "{zone}"']
    for n, e in enumerate(entries):
        if e["kind"] == "travel":
            lines += [
                "[[travel]]",
                f'id = "e{n}"',
                f'title = "Leg {n}"',
                f'from = "{e["from"]}"',
                f'to = "{e["to"]}"',
                f"depart = {e['start']:%Y-%m-%dT%H:%M:%S}",
                f"arrive = {e['end']:%Y-%m-%dT%H:%M:%S}",
            ]
        else:
            lines += [
                "[[events]]",
                f'id = "e{n}"',
                f'title = "Event {n}"',
                f'place = "{e["place"]}"',
                f"start = {e['start']:%Y-%m-%dT%H:%M:%S}",
                f"end = {e['end']:%Y-%m-%dT%H:%M:%S}",
            ]
    return "\n".join(lines) + "\n"


def _instant(wall: datetime, zone: str) -> datetime:
    """The contract's reading of a wall time: fold=0 (RFC 5545: a gap with the offset
    before it, a fold's first occurrence) - zoneinfo's own rule."""
    return wall.replace(tzinfo=ZoneInfo(zone), fold=0).astimezone(UTC)


def _minutes(hours: str) -> tuple[int, int]:
    start, end = hours.split("-")
    return tuple(int(t[:2]) * 60 + int(t[3:]) for t in (start, end))  # type: ignore[return-value]


def _inside(local: datetime, hours: str) -> bool:
    start, end = _minutes(hours)
    minute = local.hour * 60 + local.minute
    return start <= minute < end if start < end else minute >= start or minute < end


def scan(
    home: str, places: dict[str, str], entries: list[dict[str, Any]], hours: str, home_hours: str
) -> list[datetime]:
    """Every minute at which the traveller can be called, read from the contract alone:
    where they are (the first leg's `from` before it lands, else the `to` of the last leg
    landed; a traveller with no leg stays at their first event's place), not in an entry,
    each clock inside its hours, between the midnights around their first and last dates."""
    timed = []
    for e in entries:
        if e["kind"] == "travel":
            timed.append(
                (_instant(e["start"], places[e["from"]]), _instant(e["end"], places[e["to"]]), e)
            )
        else:
            zone = places[e["place"]]
            timed.append((_instant(e["start"], zone), _instant(e["end"], zone), e))
    legs = [(s, end, e) for s, end, e in timed if e["kind"] == "travel"]
    start_place = legs[0][2]["from"] if legs else min(timed, key=lambda t: t[0])[2]["place"]

    def zone_at(t: datetime) -> ZoneInfo:
        place = start_place
        for _, lands, leg in legs:
            if lands <= t:
                place = leg["to"]
        return ZoneInfo(places[place])

    first = min(s for s, _, _ in timed)
    last = max(end for _, end, _ in timed)
    first_local = first.astimezone(zone_at(first))
    begin = (
        datetime.combine(first_local.date(), datetime.min.time())
        .replace(tzinfo=zone_at(first))
        .astimezone(UTC)
    )
    last_local = last.astimezone(zone_at(last))
    last_date = last_local.date() - timedelta(
        days=1 if last_local.time() == datetime.min.time() else 0
    )
    end_wall = datetime.combine(last_date + timedelta(days=1), datetime.min.time())
    end = end_wall.replace(tzinfo=zone_at(last)).astimezone(UTC)
    good = []
    t = begin
    while t < end:
        if (
            not any(s <= t < e for s, e, _ in timed)
            and _inside(t.astimezone(zone_at(t)), hours)
            and _inside(t.astimezone(ZoneInfo(home)), home_hours)
        ):
            good.append(t)
        t += timedelta(minutes=1)
    return good


def _runs(minutes: list[datetime]) -> list[tuple[datetime, datetime]]:
    runs: list[tuple[datetime, datetime]] = []
    for t in minutes:
        if runs and runs[-1][1] == t:
            runs[-1] = (runs[-1][0], t + timedelta(minutes=1))
        else:
            runs.append((t, t + timedelta(minutes=1)))
    return runs


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(trip=trips(), least=st.sampled_from([1, 30, 90]))
def test_windows_match_a_minute_by_minute_scan(write_trip: Any, trip: Any, least: int) -> None:
    home, places, entries, hours, home_hours = trip
    path = write_trip(_toml(home, places, entries))
    result = tripplan(
        "reach", "--json", path, "--hours", hours, "--home-hours", home_hours, "--min", f"{least}m"
    )
    assert (result.code, result.err) == (0, "")
    windows = [
        (datetime.fromisoformat(w["start_utc"]), datetime.fromisoformat(w["end_utc"]))
        for w in result.json()["windows"]
    ]
    good = scan(home, places, entries, hours, home_hours)
    allowed = set(good)
    # never in an entry, always inside both working hours: every minute of every window
    for start, end in windows:
        t = start
        while t < end:
            assert t in allowed, (t, start, end)
            t += timedelta(minutes=1)
    # and every free stretch long enough is a window (split only where the clock they
    # keep changes place: a window belongs to one place)
    expected = [run for run in _runs(good) if run[1] - run[0] >= timedelta(minutes=least)]
    assert _joined(windows) == expected


def _joined(windows: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    out: list[tuple[datetime, datetime]] = []
    for start, end in sorted(windows):
        if out and out[-1][1] == start:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def test_the_scan_finds_the_sample_by_hand() -> None:
    """The oracle itself, on the hand-computed case: it is not the code's helpers."""
    good = scan(
        "Asia/Seoul",
        {"s": "Asia/Seoul", "l": "America/Los_Angeles"},
        [
            {
                "kind": "travel",
                "from": "s",
                "to": "l",
                "start": datetime(2010, 11, 16, 14, 50),
                "end": datetime(2010, 11, 16, 9, 10),
            },
            {
                "kind": "event",
                "place": "l",
                "start": datetime(2010, 11, 16, 15, 0),
                "end": datetime(2010, 11, 16, 16, 0),
            },
        ],
        "09:00-18:00",
        "09:00-18:00",
    )
    assert _runs(good) == [
        (datetime(2010, 11, 16, 0, 0, tzinfo=UTC), datetime(2010, 11, 16, 5, 50, tzinfo=UTC)),
        (datetime(2010, 11, 17, 0, 0, tzinfo=UTC), datetime(2010, 11, 17, 2, 0, tzinfo=UTC)),
    ]


def test_a_date_the_zone_skipped_is_not_a_day() -> None:
    listed = tripplan("reach", TRIPS / "reach_samoa_skips_2011.toml")
    assert listed.code == 0, listed.err
    assert "Thu 29 Dec 2011" in listed.out and "Sat 31 Dec 2011" in listed.out
    assert "30 Dec" not in listed.out


# -- why a day has no window (issue 24) -------------------------------------------------------

REASONS = TRIPS / "reach_reasons_2010.toml"
LODGING = TRIPS / "lodging_la_2010.toml"


def test_each_reason_on_a_day_of_its_own() -> None:
    """London and New York share 14:00-18:00 UTC (09:00-13:00 EST); Tokyo's 09:00-18:00 is
    00:00-09:00 UTC, London's begins as it ends.

    - envoy, 15 Nov, New York: BA177 is in the air 10:00-18:00 UTC, over all four shared
      hours, and lands as they end: in transit (it said "hours do not meet").
    - envoy, 16 Nov, New York: the UN talks take 14:00-18:00 UTC: busy.
    - envoy, 17 Nov, New York: on the 12:00-13:30 UTC train to Boston, in Boston from
      13:30: not there (it said "hours do not meet"); Boston's day has 14:00-18:00.
    - envoy, 19 and 20 Nov, Tokyo: the hours share nothing.
    - aide, 16 Nov, New York: in Boston until the 18:30 UTC train: not there yet; Boston's
      day has the whole 14:00-18:00 (breakfast was 13:00-13:30).
    """
    document = reach(REASONS)
    assert document["no_window"] == [
        {"who": who, "date": day, "place": place, "tz": zone, "reason": reason}
        for who, day, place, zone, reason in [
            ("envoy", "2010-11-15", "ny", "America/New_York", "in-transit"),
            ("envoy", "2010-11-16", "ny", "America/New_York", "busy"),
            ("envoy", "2010-11-17", "ny", "America/New_York", "not-there"),
            ("envoy", "2010-11-19", "tokyo", "Asia/Tokyo", "hours-do-not-meet"),
            ("envoy", "2010-11-20", "tokyo", "Asia/Tokyo", "hours-do-not-meet"),
            ("aide", "2010-11-16", "ny", "America/New_York", "not-there"),
        ]
    ]
    assert [(w["who"], w["place"], w["start_utc"], w["end_utc"]) for w in document["windows"]] == [
        ("envoy", "london", "2010-11-15T09:00:00Z", "2010-11-15T10:00:00Z"),  # until BA177
        ("envoy", "boston", "2010-11-17T14:00:00Z", "2010-11-17T18:00:00Z"),
        ("envoy", "boston", "2010-11-18T14:00:00Z", "2010-11-18T17:00:00Z"),  # until JL7
        ("aide", "boston", "2010-11-16T14:00:00Z", "2010-11-16T18:00:00Z"),
    ]


def test_the_reasons_in_the_table() -> None:
    table = tripplan("reach", REASONS, width=120).out
    rows = [" ".join(line.split()) for line in table.splitlines()]
    for said in [
        "Mon 15 Nov 2010 New York no window in transit during shared hours",
        "Tue 16 Nov 2010 New York no window busy: no 30 min free",
        "Wed 17 Nov 2010 New York no window not there during shared hours",
        "Fri 19 Nov 2010 Tokyo no window hours do not meet",
        "Tue 16 Nov 2010 New York no window not there during shared hours",
    ]:
        assert said in rows
    assert table.count("not there during shared hours") == 2  # envoy's and aide's tables


def test_the_reasons_in_korean(monkeypatch: pytest.MonkeyPatch) -> None:
    from test_where import korean

    korean(monkeypatch)
    table = tripplan("reach", REASONS, "--lang", "ko", width=120).out
    assert table.count("공동 근무 시간에 이동 중") == 1
    assert table.count("공동 근무 시간에 현지에 없음") == 2
    assert table.count("근무 시간이 겹치지 않음") == 2
    assert "shared hours" not in table


def test_the_reason_is_the_one_that_takes_most_of_the_shared_hours(write_trip: Any) -> None:
    """09:00-13:00 EST shared with London. Landing at 10:00 from a 07:30 train (1 h of
    the shared hours on it) and in talks 10:00-12:45 (2 h 45 min) leaves 15 min free:
    busy. Landing at 12:00 instead (3 h on the train), talks 12:00-12:45: in transit."""

    def trip(arrive: str, talks: str) -> dict[str, Any]:
        path = write_trip(
            '[trip]\ntitle = "T"\nhome = "london"\n[places.london]\ntz = "Europe/London"\n'
            '[places.boston]\ntz = "America/New_York"\n[places.ny]\ntz = "America/New_York"\n'
            '[[travel]]\ntitle = "Train"\nfrom = "boston"\nto = "ny"\n'
            f"depart = 2010-11-16T07:30:00\narrive = 2010-11-16T{arrive}\n"
            f'[[events]]\ntitle = "Talks"\nplace = "ny"\nstart = 2010-11-16T{talks}\n'
            "end = 2010-11-16T12:45:00\n"
        )
        return reach(path)

    # Boston's day: gone at 07:30; 1 h of its shared hours on the train, 3 h in New York
    busy = trip("10:00:00", "10:00:00")
    assert [(d["place"], d["reason"]) for d in busy["no_window"]] == [
        ("boston", "not-there"),
        ("ny", "busy"),
    ]
    moving = trip("12:00:00", "12:00:00")
    # Boston's day too: 3 h of its shared hours on the train, 1 h in New York
    assert [(d["place"], d["reason"]) for d in moving["no_window"]] == [
        ("boston", "in-transit"),
        ("ny", "in-transit"),
    ]


def test_lodging_never_makes_anyone_busy() -> None:
    """The Westin booking runs 12:00 PST on the 16th to 07:00 on the 17th, over the
    shared 16:00-18:00 PST (00:00-02:00 UTC on the 17th): the window is there, and every
    window and day is what the same trip without its lodging gives."""
    blocks = LODGING.read_text(encoding="utf-8").split("\n\n")
    kept = "\n\n".join(block for block in blocks if not block.startswith("[[lodging]]"))
    assert "[[lodging]]" not in kept and kept.count("[[travel]]") == 3
    document = reach(LODGING)
    assert ("2010-11-17T00:00:00Z", "2010-11-17T02:00:00Z") in spans(document, "mayor")
    assert spans(document, "aide") == spans(document, "mayor")
    result = tripplan("reach", "--json", "-", stdin=kept.encode())
    assert result.json()["windows"] == document["windows"]
    assert result.json()["no_window"] == document["no_window"]
