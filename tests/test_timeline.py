"""Each traveller's clock and days, checked against the contract's words ("A traveller's
clock", "Agenda days" in shared/spec/cli.md): by hand on fixtures, and on generated trips
against an independent minute-by-minute scan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import SAMPLE, TRIPS, tripplan

SPLIT = TRIPS / "split_delegation_dst_2025.toml"
ENVOY = TRIPS / "tokyo_honolulu_washington_2024.toml"


def changes(*args: object) -> list[tuple[str, str, str, str, str, str, str | None]]:
    result = tripplan("itinerary", "--json", *args)
    assert (result.code, result.err) == (0, "")
    return [
        (c["who"], c["at_utc"], c["place"], c["before"], c["after"], c["cause"], c["entry"])
        for c in result.json()["clock_changes"]
    ]


def test_sample_trip_clock_changes_are_the_three_landings() -> None:
    assert changes(SAMPLE, "--who", "mayor") == [
        ("mayor", "2010-11-16T17:10:00Z", "la", "+09:00", "-08:00", "travel", "ke017"),
        ("mayor", "2010-11-17T20:20:00Z", "mexico", "-08:00", "-06:00", "travel", "am649"),
        # Mexico City to Chicago: both on UTC-6 in November 2010, no change
        ("mayor", "2010-11-23T08:20:00Z", "seoul", "-06:00", "+09:00", "travel", "ke038"),
    ]


def test_each_traveller_gets_their_own_changes_in_time_order() -> None:
    every = changes(SPLIT)
    assert [c for c in every if c[0] == "press"] == [
        ("press", "2025-03-30T01:00:00Z", "brussels", "+01:00", "+02:00", "clock", None),
        ("press", "2025-03-30T23:30:00Z", "tokyo", "+02:00", "+09:00", "travel", "brussels-tokyo"),
        (
            "press",
            "2025-04-02T20:30:00Z",
            "auckland",
            "+09:00",
            "+13:00",
            "travel",
            "tokyo-auckland",
        ),
        # during the live link, 03:00 NZDT -> 02:00 NZST
        ("press", "2025-04-05T14:00:00Z", "auckland", "+13:00", "+12:00", "clock", None),
        (
            "press",
            "2025-04-09T08:00:00Z",
            "brussels",
            "+12:00",
            "+02:00",
            "travel",
            "auckland-brussels",
        ),
    ]
    assert [c for c in every if c[0] == "trade"] == [
        ("trade", "2025-03-30T01:00:00Z", "brussels", "+01:00", "+02:00", "clock", None),
        ("trade", "2025-03-30T23:30:00Z", "tokyo", "+02:00", "+09:00", "travel", "brussels-tokyo"),
        ("trade", "2025-04-02T20:30:00Z", "sydney", "+09:00", "+11:00", "travel", "tokyo-sydney"),
        # at night in Sydney, 03:00 AEDT -> 02:00 AEST
        ("trade", "2025-04-05T16:00:00Z", "sydney", "+11:00", "+10:00", "clock", None),
        (
            "trade",
            "2025-04-06T02:00:00Z",
            "auckland",
            "+10:00",
            "+12:00",
            "travel",
            "sydney-auckland",
        ),
        (
            "trade",
            "2025-04-09T08:00:00Z",
            "brussels",
            "+12:00",
            "+02:00",
            "travel",
            "auckland-brussels",
        ),
    ]
    assert [c[1] for c in every] == sorted(c[1] for c in every)
    assert {c[0] for c in every} == {"minister", "trade", "press", "aide", "security"}
    assert changes(SPLIT, "--who", "press") == [c for c in every if c[0] == "press"]


def test_a_fall_back_at_night_is_a_change_of_the_traveller_asleep() -> None:
    envoy = changes(ENVOY, "--who", "envoy")
    assert (
        "envoy",
        "2024-11-03T06:00:00Z",
        "washington",
        "-04:00",
        "-05:00",
        "clock",
        None,
    ) in envoy


def test_a_trip_without_travellers_has_one_unnamed_clock() -> None:
    result = changes(TRIPS / "singapore_numeric_zone.toml")
    assert result == [
        ("", "2024-03-13T02:50:00Z", "jakarta", "+08:00", "+07:00", "travel", "sq956")
    ]


def days(*args: object) -> list[dict[str, Any]]:
    result = tripplan("agenda", "--json", *args)
    assert (result.code, result.err) == (0, "")
    return list(result.json()["days"])


def test_a_day_on_which_they_only_land_is_a_day() -> None:
    mayor = [(d["date"], d["place"]) for d in days(SAMPLE, "--who", "mayor")]
    assert mayor[-1] == ("2010-11-23", "seoul")
    landing = days(SAMPLE, "--who", "mayor", "--day", "2010-11-23")
    assert len(landing) == 1
    assert landing[0]["begins"] == "2010-11-23T17:20:00+09:00"  # the arrival begins it
    assert landing[0]["repeat"] is False
    assert [e["id"] for e in landing[0]["entries"]] == ["ke038"]
    assert [c["entry"] for c in landing[0]["clock_changes"]] == ["ke038"]


def test_repeat_is_a_day_begun_at_a_wall_time_already_lived() -> None:
    envoy = days(ENVOY, "--who", "envoy")
    assert [(d["date"], d["place"], d["repeat"]) for d in envoy][:3] == [
        ("2024-10-30", "tokyo", False),
        ("2024-10-30", "honolulu", True),  # lands 09:30 HST after living 21:00 JST
        ("2024-10-31", "honolulu", False),
    ]
    # a reception past midnight is no repeat; neither is anything under --tz
    send_off = [d for d in days(SPLIT, "--who", "press") if d["date"] == "2025-03-29"]
    assert [(d["place"], d["repeat"]) for d in send_off] == [("brussels", False)]
    assert not any(d["repeat"] for d in days(ENVOY, "--tz", "home"))


def test_a_days_heading_offset_is_the_one_in_force_when_it_begins() -> None:
    sixth = days(SPLIT, "--who", "press", "--day", "2025-04-06")
    assert [(d["place"], d["begins"]) for d in sixth] == [("auckland", "2025-04-06T00:00:00+13:00")]
    assert [(c["before"], c["after"]) for c in sixth[0]["clock_changes"]] == [("+13:00", "+12:00")]


def test_on_day_d_means_one_thing_in_itinerary_agenda_and_export() -> None:
    """An event from 23:00 to 00:00 is on its first date only; a leg is on its departure
    and its arrival date."""
    trip = """\
[trip]
title = "Late"
[places.la]
tz = "America/Los_Angeles"
[places.ny]
tz = "America/New_York"
[[events]]
id = "late"
title = "Late call"
place = "la"
start = 2010-11-16T23:00:00
end = 2010-11-17T00:00:00
[[travel]]
id = "red-eye"
title = "Red-eye"
from = "la"
to = "ny"
depart = 2010-11-17T22:00:00
arrive = 2010-11-18T06:00:00
"""
    for day, expected in [
        ("2010-11-16", ["late"]),
        ("2010-11-17", ["red-eye"]),
        ("2010-11-18", ["red-eye"]),
    ]:
        listed = tripplan("itinerary", "--json", "-", "--day", day, stdin=trip.encode()).json()
        assert [e["id"] for e in listed["entries"]] == expected, day
        agenda = tripplan("agenda", "--json", "-", "--day", day, stdin=trip.encode()).json()
        assert sorted({e["id"] for d in agenda["days"] for e in d["entries"]}) == expected, day
        ics = tripplan("export", "ics", "-", "--day", day, stdin=trip.encode()).out
        assert (
            sorted(line[4:].split("@")[0] for line in ics.splitlines() if line.startswith("UID:"))
            == expected
        ), day


# -- generated trips against an independent scan --------------------------------------------

ZONES = [
    "Europe/Brussels",
    "Australia/Sydney",
    "Pacific/Auckland",
    "America/Chicago",
    "Asia/Tokyo",
    "Pacific/Honolulu",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "America/Sao_Paulo",
    "Asia/Kolkata",
]
# Weeks with clocks changing in both hemispheres, and the Samoa skip.
WINDOWS = [
    datetime(2025, 3, 26, tzinfo=UTC),
    datetime(2024, 10, 30, tzinfo=UTC),
    datetime(2010, 11, 3, tzinfo=UTC),
]
MINUTE = timedelta(minutes=1)


@dataclass
class Leg:
    id: str
    origin: int
    destination: int
    depart: datetime
    arrive: datetime


@dataclass
class Stop:
    id: str
    place: int
    start: datetime
    end: datetime


@st.composite
def chains(draw: st.DrawFn) -> tuple[list[str], dict[str, list[Leg | Stop]]]:
    """A shared start for every traveller, then each on their own: places, and legs and
    events at quarter hours near the clock changes of the week."""
    zones = draw(st.lists(st.sampled_from(ZONES), min_size=2, max_size=4, unique=True))
    travellers = draw(st.sampled_from([["a"], ["a", "b"], ["a", "b", "c"]]))
    clock = draw(st.sampled_from(WINDOWS)) + draw(st.integers(0, 48)) * timedelta(hours=1)
    quarters = st.integers(1, 4 * 30).map(lambda n: n * timedelta(minutes=15))

    def steps(
        prefix: str, place: int, when: datetime, count: int
    ) -> tuple[list[Leg | Stop], int, datetime]:
        made: list[Leg | Stop] = []
        for n in range(count):
            when += draw(quarters)
            if draw(st.booleans()):
                end = when + draw(quarters)
                made.append(Stop(f"{prefix}e{n}", place, when, end))
            else:
                to = draw(st.integers(0, len(zones) - 1))
                end = when + draw(quarters)
                made.append(Leg(f"{prefix}l{n}", place, to, when, end))
                place = to
            when = end
        return made, place, when

    shared, place, when = steps("s", 0, clock, draw(st.integers(1, 4)))
    plans = {}
    for name in travellers:
        own, _, _ = steps(f"{name}-", place, when, draw(st.integers(0, 4)))
        plans[name] = [*shared, *own]
    return zones, plans


def trip_text(zones: list[str], plans: dict[str, list[Leg | Stop]]) -> str:
    lines = ['[trip]\ntitle = "Generated"', f"travellers = {list(plans)!r}".replace("'", '"')]
    lines += [f'[places.p{i}]\ntz = "{zone}"' for i, zone in enumerate(zones)]
    written: dict[str, list[str]] = {}
    items: dict[str, Leg | Stop] = {}
    for name, plan in plans.items():
        for item in plan:
            written.setdefault(item.id, []).append(name)
            items[item.id] = item

    def stamp(moment: datetime) -> str:
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")

    for ident, item in items.items():
        who = ", ".join(f'"{n}"' for n in written[ident])
        if isinstance(item, Stop):
            lines.append(
                f'[[events]]\nid = "{ident}"\ntitle = "{ident}"\nplace = "p{item.place}"\n'
                f"start = {stamp(item.start)}\nend = {stamp(item.end)}\nwho = [{who}]"
            )
        else:
            lines.append(
                f'[[travel]]\nid = "{ident}"\ntitle = "{ident}"\nfrom = "p{item.origin}"\n'
                f'to = "p{item.destination}"\ndepart = {stamp(item.depart)}\n'
                f"arrive = {stamp(item.arrive)}\nwho = [{who}]"
            )
    return "\n\n".join(lines) + "\n"


class Scan:
    """One traveller's clock, minute by minute, from the contract's words alone."""

    def __init__(self, zones: list[str], plan: list[Leg | Stop]) -> None:
        self.zones = [ZoneInfo(z) for z in zones]
        self.plan = plan
        self.legs = [item for item in plan if isinstance(item, Leg)]
        starts = [i.depart if isinstance(i, Leg) else i.start for i in plan]
        ends = [i.arrive if isinstance(i, Leg) else i.end for i in plan]
        self.first, self.last = min(starts), max(ends)
        stops = [i for i in plan if isinstance(i, Stop)]
        self.start_place = self.legs[0].origin if self.legs else stops[0].place

    def where(self, moment: datetime) -> tuple[int, bool]:
        """The place whose clock they keep, and whether they are in transit."""
        place = self.start_place
        for leg in self.legs:
            if moment < leg.depart:
                return place, False
            if moment < leg.arrive:
                return place, True  # the clock of the place they left
            place = leg.destination
        return place, False

    def offset(self, moment: datetime) -> timedelta:
        place, _ = self.where(moment)
        return moment.astimezone(self.zones[place]).utcoffset() or timedelta(0)

    def changes(self) -> list[tuple[datetime, int, timedelta, timedelta]]:
        found = []
        moment = self.first + MINUTE
        while moment <= self.last:
            before, after = self.offset(moment - MINUTE), self.offset(moment)
            if before != after:
                found.append((moment, self.where(moment)[0], before, after))
            moment += MINUTE
        return found

    def latest_wall_lived(self, before: datetime) -> datetime | None:
        latest = None
        moment = self.first - timedelta(days=2)
        while moment < before:
            place, moving = self.where(moment)
            if not moving:
                wall = moment.astimezone(self.zones[place]).replace(tzinfo=None)
                latest = wall if latest is None else max(latest, wall)
            moment += MINUTE
        return latest

    def days(self) -> set[tuple[date, int]]:
        found = set()
        for item in self.plan:
            if isinstance(item, Leg):
                found.add((item.depart.astimezone(self.zones[item.origin]).date(), item.origin))
                found.add(
                    (item.arrive.astimezone(self.zones[item.destination]).date(), item.destination)
                )
            else:
                zone = self.zones[item.place]
                first = item.start.astimezone(zone).date()
                last = (item.end - timedelta(microseconds=1)).astimezone(zone).date()
                for n in range((max(first, last) - first).days + 1):
                    found.add((first + timedelta(days=n), item.place))
        return found


def offset_text(delta: timedelta) -> str:
    minutes = int(delta.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chains())
def test_clock_changes_and_repeats_match_a_minute_by_minute_scan(
    generated: tuple[list[str], dict[str, list[Leg | Stop]]],
) -> None:
    zones, plans = generated
    text = trip_text(zones, plans).encode()
    document = tripplan("itinerary", "--json", "-", stdin=text).json()
    agenda = tripplan("agenda", "--json", "-", stdin=text).json()
    for name, plan in plans.items():
        scan = Scan(zones, plan)
        expected = [
            (
                moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
                f"p{place}",
                offset_text(before),
                offset_text(after),
            )
            for moment, place, before, after in scan.changes()
        ]
        got = [
            (c["at_utc"], c["place"], c["before"], c["after"])
            for c in document["clock_changes"]
            if c["who"] == name
        ]
        assert got == expected, name
        arrivals = {leg.arrive.strftime("%Y-%m-%dT%H:%M:%SZ"): leg.id for leg in scan.legs}
        for change in (c for c in document["clock_changes"] if c["who"] == name):
            assert (change["cause"] == "travel") == (change["at_utc"] in arrivals)
            assert change["entry"] == (
                arrivals.get(change["at_utc"]) if change["cause"] == "travel" else None
            )

        mine = [d for d in agenda["days"] if d["traveller"] == name]
        # the entries' days, and a day for a clock change on a date that has none
        entry_days = scan.days()
        dated = {when for when, _ in entry_days}
        change_days = {
            ((moment + after).replace(tzinfo=None).date(), place)
            for moment, place, _, after in scan.changes()
        }
        expected_days = entry_days | {day for day in change_days if day[0] not in dated}
        assert {(date.fromisoformat(d["date"]), int(d["place"][1:])) for d in mine} == (
            expected_days
        )
        for day in mine:
            begins = datetime.fromisoformat(day["begins"])
            latest = scan.latest_wall_lived(begins.astimezone(UTC))
            rule = latest is not None and begins.replace(tzinfo=None) < latest
            assert day["repeat"] == rule, (name, day["date"], day["place"])
        listed = [c["at_utc"] for d in mine for c in d["clock_changes"]]
        assert sorted(listed) == [c[0] for c in expected]  # each change in exactly one day


def test_an_agenda_day_and_its_clock_change_field_by_field() -> None:
    (day,) = days(SAMPLE, "--who", "mayor", "--day", "2010-11-23")
    assert {k: v for k, v in day.items() if k != "entries"} == {
        "traveller": "mayor",
        "date": "2010-11-23",
        "place": "seoul",
        "tz": "Asia/Seoul",
        "begins": "2010-11-23T17:20:00+09:00",  # the landing begins it
        "home_begins": "2010-11-23T17:20:00+09:00",
        "repeat": False,
        "night": None,  # no lodging in this trip (format 1.1)
        "clock_changes": [
            {
                "who": "mayor",
                "at_utc": "2010-11-23T08:20:00Z",
                "place": "seoul",
                "tz": "Asia/Seoul",
                "before": "-06:00",
                "after": "+09:00",
                "cause": "travel",
                "entry": "ke038",
            }
        ],
    }
    (leg,) = day["entries"]
    assert (leg["id"], leg["start"], leg["end"], leg["day_shift"], leg["duration"]) == (
        "ke038",
        "2010-11-22T12:35:00-06:00",
        "2010-11-23T17:20:00+09:00",
        1,
        "PT13H45M",
    )


def test_under_tz_days_are_that_zones_dates_with_no_place() -> None:
    seventeenth = days(ENVOY, "--tz", "home", "--who", "aide", "--day", "2024-11-03")
    assert [(d["place"], d["tz"], d["begins"], d["repeat"]) for d in seventeenth] == [
        (None, "Asia/Tokyo", "2024-11-03T00:00:00+09:00", False)
    ]
    # on Tokyo's clock UA1 lands at 03:30 on the 3rd, and the watch (23:30 EDT on the 2nd
    # to 01:30 EST) runs from 12:30 to 15:30 that day, when Washington's clocks go back
    assert [e["id"] for e in seventeenth[0]["entries"]] == ["ua1", "watch"]
    assert [(c["before"], c["after"]) for c in seventeenth[0]["clock_changes"]] == [
        ("-10:00", "-04:00"),
        ("-04:00", "-05:00"),
    ]


def test_a_day_made_by_an_all_day_event_elsewhere_is_no_repeat() -> None:
    listed = days(TRIPS / "all_day_elsewhere.toml")
    assert [(d["date"], d["place"], d["repeat"]) for d in listed] == [
        ("2010-11-14", "seoul", False),
        ("2010-11-15", "la", False),
        ("2010-11-17", "seoul", False),
    ]
