"""Lodging (format 1.1, `[[lodging]]`) in every output, and the checks that read it.

The nights the checks find are held to an oracle written from the contract's words alone
(trip-format.md 1.1: "a night (03:00 local) that a traveller spends at a place other than
trip.home, not in transit, covered by no lodging of theirs"): where a traveller is comes from
their legs read directly, 03:00 from zoneinfo, never from tripplan's timeline.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from helpers import GOLDEN, SAMPLE, TRIPS, tripplan
from tripplan import loads_trip
from tripplan.checks import check_trip
from tripplan.model import Lodging, Travel, Trip

UPDATE = os.environ.get("TRIPPLAN_UPDATE_GOLDEN") == "1"
LODGING = TRIPS / "lodging_americas_2010.toml"
LA = ZoneInfo("America/Los_Angeles")
MEXICO = ZoneInfo("America/Mexico_City")
CHICAGO = ZoneInfo("America/Chicago")

GOLDEN_CASES = {
    "itinerary": ("itinerary", LODGING),
    "itinerary-day-check-out": ("itinerary", LODGING, "--day", "2010-11-17"),
    "agenda-la": ("agenda", LODGING, "--day", "2010-11-16"),
    "agenda-chicago": ("agenda", LODGING, "--from", "2010-11-20", "--to", "2010-11-21"),
    "check": ("check", LODGING),
    "search-address": ("search", LODGING, "figueroa"),
}


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_lodging_tables_are_golden(name: str) -> None:
    result = tripplan(*GOLDEN_CASES[name])
    assert result.code in (0, 1), result.err
    path = GOLDEN / "lodging" / f"{name}.txt"
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(result.out, encoding="utf-8")
    assert result.out == path.read_text(encoding="utf-8")


def test_the_itinerary_has_a_check_in_and_a_check_out_row() -> None:
    out = tripplan("itinerary", LODGING).out
    lines = out.splitlines()
    check_in = next(i for i, line in enumerate(lines) if "check-in: The Westin" in line)
    check_out = next(i for i, line in enumerate(lines) if "check-out: The Westin" in line)
    assert "12:00 PST" in lines[check_in]
    assert "06:30 PST" in lines[check_out]
    # in time order: the check-out (17 Nov 06:30) before the flight to Mexico (08:35)
    flight = next(i for i, line in enumerate(lines) if "AM649" in line)
    assert check_in < check_out < flight
    assert "Wed 17 Nov 2010" in lines[check_in + 1 : check_out]  # on its own date


def test_the_agenda_heading_names_the_night() -> None:
    out = tripplan("agenda", LODGING, "--day", "2010-11-16").out
    assert "night: The Westin Bonaventure" in out
    # the delegation has no Chicago booking: their heading names no night, the mayor's does
    chicago = tripplan("agenda", LODGING, "--day", "2010-11-21").out
    headings = [line for line in chicago.splitlines() if "21 Nov 2010" in line]
    assert any(h.startswith("mayor ·") for h in headings), chicago
    assert any(h.startswith("delegation ·") for h in headings), chicago
    assert "night: The Drake" in chicago


def test_json_holds_a_lodging_once_field_by_field() -> None:
    entries = tripplan("itinerary", "--json", LODGING).json()["entries"]
    (hotel,) = [e for e in entries if e["id"] == "la-hotel"]
    check_in = datetime(2010, 11, 16, 12, 0, tzinfo=LA)
    check_out = datetime(2010, 11, 17, 6, 30, tzinfo=LA)
    assert hotel["type"] == "lodging"
    assert hotel["title"] == "The Westin Bonaventure"
    assert hotel["place"] == "la"
    assert (hotel["from"], hotel["to"]) == (None, None)
    assert hotel["tz"] == hotel["end_tz"] == "America/Los_Angeles"
    assert hotel["all_day"] is False
    assert hotel["start"] == "2010-11-16T12:00:00-08:00"
    assert hotel["end"] == "2010-11-17T06:30:00-08:00"
    assert hotel["start_utc"] == check_in.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert hotel["end_utc"] == check_out.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert hotel["duration"] == "PT18H30M"
    assert hotel["address"] == "404 S Figueroa St"
    assert hotel["confirmation"] == "WB-55102"
    assert hotel["who"] == ["mayor", "delegation"]
    # one object per lodging, even on a day that shows only its check-out
    day = tripplan("itinerary", "--json", "--day", "2010-11-17", LODGING).json()["entries"]
    assert [e["id"] for e in day].count("la-hotel") == 1


def test_agenda_json_names_each_travellers_night() -> None:
    days = tripplan("agenda", "--json", LODGING).json()["days"]
    nights = {(d["traveller"], d["date"], d["place"]): d["night"] for d in days}
    assert nights[("mayor", "2010-11-16", "la")] == "la-hotel"
    assert nights[("delegation", "2010-11-18", "mexico")] == "mexico-hotel"
    assert nights[("mayor", "2010-11-21", "chicago")] == "chicago-hotel"
    assert nights[("delegation", "2010-11-21", "chicago")] is None
    # the day they leave a place, the night is where they sleep next
    assert nights[("mayor", "2010-11-22", "chicago")] is None


def test_ics_lodging_is_one_transparent_timed_event() -> None:
    calendar = Calendar.from_ical(tripplan("export", "ics", LODGING).out)
    (event,) = [e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("mexico-hotel@")]
    assert str(event["TRANSP"]) == "TRANSPARENT"
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start == datetime(2010, 11, 17, 15, 0, tzinfo=MEXICO)
    assert end == datetime(2010, 11, 20, 6, 0, tzinfo=MEXICO)
    assert str(event["LOCATION"]) == "Calzada General Mariano Escobedo 700, Anzures, Mexico City"
    # events stay opaque (the default): only lodging is transparent
    opaque = [e for e in calendar.walk("VEVENT") if "TRANSP" not in e]
    assert opaque and all(not str(e["UID"]).endswith("-hotel") for e in opaque)


def test_diff_reports_a_lodging_moved_and_changed(tmp_path: Path) -> None:
    text = LODGING.read_text(encoding="utf-8")
    later = text.replace("check_out = 2010-11-22T10:00:00", "check_out = 2010-11-22T11:00:00")
    later = later.replace('address = "140 E Walton Pl"', 'address = "140 East Walton Place"')
    new = tmp_path / "new.toml"
    new.write_text(later, encoding="utf-8")
    report = tripplan("diff", "--json", LODGING, new).json()
    (moved,) = report["moved"]
    assert moved["id"] == "chicago-hotel"
    assert moved["old_end"] == "2010-11-22T10:00:00-06:00"
    assert moved["new_end"] == "2010-11-22T11:00:00-06:00"
    (changed,) = report["changed"]
    assert changed == {
        "id": "chicago-hotel",
        "fields": {"address": ["140 E Walton Pl", "140 East Walton Place"]},
    }


def test_lodging_takes_no_part_in_overlap_gap_or_outside_trip() -> None:
    """A hotel over every meeting and outside the trip's dates finds nothing of those."""
    text = SAMPLE.read_text(encoding="utf-8") + (
        '\n[[lodging]]\ntitle = "Long stay"\nplace = "la"\n'
        "check_in = 2010-11-10T12:00:00\ncheck_out = 2010-11-30T12:00:00\n"
    )
    codes = {f.code for f in check_trip(loads_trip(text.encode()))}
    assert not codes & {"overlap", "tight-gap", "outside-trip"}
    # and the sample has no lodging: it is not told about nights
    assert "no-lodging" not in {f.code for f in check_trip(loads_trip(SAMPLE.read_bytes()))}


WRONG = """\
[trip]
title = "Wrong hotel"
home = "seoul"
travellers = ["mayor"]

[places.seoul]
tz = "Asia/Seoul"
[places.la]
name = "Los Angeles"
tz = "America/Los_Angeles"
[places.mexico]
name = "Mexico City"
tz = "America/Mexico_City"

[[travel]]
id = "out"
title = "Out"
from = "seoul"
to = "la"
depart = 2010-11-16T14:50:00
arrive = 2010-11-16T09:10:00

[[travel]]
id = "on"
title = "On"
from = "la"
to = "mexico"
depart = 2010-11-17T08:35:00
arrive = 2010-11-17T14:20:00

[[travel]]
id = "home"
title = "Home"
from = "mexico"
to = "seoul"
depart = 2010-11-19T08:00:00
arrive = 2010-11-20T17:00:00

[[lodging]]
id = "booked-in-la"
title = "Booked in LA for Mexico's nights"
place = "la"
check_in = 2010-11-16T12:00:00
check_out = 2010-11-19T06:00:00
"""


def test_wrong_place_names_the_lodging_and_where_they_are() -> None:
    result = tripplan("check", "--json", "-", stdin=WRONG.encode())
    assert result.code == 1
    findings = result.json()["findings"]
    wrong = [f for f in findings if f["code"] == "wrong-place"]
    assert [(f["entries"], f["who"], f["severity"]) for f in wrong] == [
        (["booked-in-la"], ["mayor"], "error")
    ]
    # the first night it covers in Mexico City: the night of 17 Nov
    said = "the night of Wed 17 Nov (03:00) is spent in Mexico City, not Los Angeles"
    assert wrong[0]["message"] == said
    bare = [f for f in findings if f["code"] == "no-lodging"]
    assert bare == []  # LA's lodging covers the Mexico nights: the night is covered (wrongly)


# -- the oracle ------------------------------------------------------------------------------

ZONES = ["Asia/Seoul", "America/Los_Angeles", "Europe/Berlin", "Australia/Sydney"]


def _where(legs: list[tuple[str, str, datetime, datetime]], at: datetime) -> str | None:
    """Where a traveller is at an instant, from their legs alone (None: in transit)."""
    place = legs[0][0]
    for _origin, destination, depart, arrive in legs:
        if at < depart:
            return place
        if at < arrive:
            return None
        place = destination
    return place


def _oracle(trip_legs, lodging, home: str, zones: dict[str, str], first, last):
    """The bare nights (date, place) and the lodgings at a wrong place, by the contract."""
    bare, wrong = set(), set()
    day = first.astimezone(UTC).date() - timedelta(days=3)
    while day <= last.astimezone(UTC).date() + timedelta(days=2):
        for place, zone in zones.items():
            at = datetime.combine(day + timedelta(days=1), datetime.min.time())
            at = at.replace(hour=3, tzinfo=ZoneInfo(zone)).astimezone(UTC)
            if not first <= at < last or _where(trip_legs, at) != place or place == home:
                continue
            if not any(start <= at < end for _, _, start, end in lodging):
                bare.add((day, place))
        day += timedelta(days=1)
    for ident, place, start, end in lodging:
        day = start.astimezone(ZoneInfo(zones[place])).date() - timedelta(days=1)
        while True:
            at = datetime.combine(day + timedelta(days=1), datetime.min.time())
            at = at.replace(hour=3, tzinfo=ZoneInfo(zones[place])).astimezone(UTC)
            if at >= end:
                break
            there = _where(trip_legs, at)
            if at >= start and there is not None and there != place:
                wrong.add(ident)
            day += timedelta(days=1)
    return bare, wrong


@st.composite
def _trips(draw: st.DrawFn) -> str:
    names = ["home", "a", "b", "c"]
    zones = {name: draw(st.sampled_from(ZONES)) for name in names}
    t = datetime(2025, 3, 20, 8, 0)
    lines = ['[trip]\ntitle = "T"\nhome = "home"\n']
    lines += [f'[places.{n}]\ntz = "{z}"\n' for n, z in zones.items()]
    here = "home"
    for i in range(draw(st.integers(1, 4))):
        there = draw(st.sampled_from([n for n in names if n != here]))
        t += timedelta(hours=draw(st.integers(5, 80)))
        arrive = t + timedelta(hours=draw(st.integers(1, 14)))
        lines.append(
            f'[[travel]]\nid = "l{i}"\ntitle = "L{i}"\nfrom = "{here}"\nto = "{there}"\n'
            f"depart = {t.isoformat()}Z\narrive = {arrive.isoformat()}Z\n"
        )
        t, here = arrive, there
    for i in range(draw(st.integers(0, 3))):
        place = draw(st.sampled_from(names[1:]))
        start = datetime(2025, 3, 20, 12) + timedelta(hours=draw(st.integers(0, 400)))
        end = start + timedelta(hours=draw(st.integers(1, 100)))
        lines.append(
            f'[[lodging]]\nid = "h{i}"\ntitle = "H{i}"\nplace = "{place}"\n'
            f"check_in = {start.isoformat()}Z\ncheck_out = {end.isoformat()}Z\n"
        )
    return "\n".join(lines)


def _facts(trip: Trip):
    legs = [
        (e.origin.id, e.destination.id, e.start, e.end)
        for e in trip.entries
        if isinstance(e, Travel)
    ]
    lodging = [(e.id, e.place.id, e.start, e.end) for e in trip.entries if isinstance(e, Lodging)]
    zones = {p.id: p.tz for p in trip.places.values()}
    first = min(e.start for e in trip.entries if isinstance(e, Travel))
    last = max(e.end for e in trip.entries if isinstance(e, Travel))
    return legs, lodging, zones, first, last


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_trips())
def test_no_lodging_and_wrong_place_match_the_oracle(text: str) -> None:
    trip = loads_trip(text.encode())
    legs, lodging, zones, first, last = _facts(trip)
    bare, wrong = _oracle(legs, lodging, "home", zones, first, last)
    findings = check_trip(trip)
    if not lodging:
        assert not {f.code for f in findings} & {"no-lodging"}
        return
    said = [f for f in findings if f.code == "no-lodging"]
    # each finding lists its nights: the count of dates it names is the oracle's
    named = sum(f.message.count(",") + 1 for f in said)
    assert named == len(bare), (text, bare, [f.message for f in said])
    places = {f.message.rsplit(" in ", 1)[1] for f in said}
    assert places == {trip.places[p].name for _, p in bare}
    found_wrong = {f.entries[0].id for f in findings if f.code == "wrong-place"}
    assert found_wrong == wrong, text


def test_a_night_is_read_at_3am_on_the_next_date() -> None:
    """A night is the instant 03:00, and a stay holds check-in up to (not including)
    check-out: a check-out at 03:00 misses the night, at 03:01 it covers it."""
    base = WRONG.split("[[lodging]]")[0].replace(
        'to = "mexico"\ndepart = 2010-11-17', 'to = "mexico"\ndepart = 2010-11-18'
    )
    for check_out, expected in (("2010-11-17T03:00:00", 2), ("2010-11-17T03:01:00", 1)):
        text = base + (
            f'[[lodging]]\ntitle = "LA"\nplace = "la"\n'
            f"check_in = 2010-11-16T12:00:00\ncheck_out = {check_out}\n"
        )
        found = [f for f in check_trip(loads_trip(text.encode())) if f.code == "no-lodging"]
        dates = sum(f.message.count(",") + 1 for f in found if "Los Angeles" in f.message)
        assert dates == expected, (check_out, [f.message for f in found])
    assert date(2010, 11, 17).weekday() == 2  # Wed: the message's day names are right
