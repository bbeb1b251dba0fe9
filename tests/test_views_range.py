"""`itinerary` and `agenda` of a range of dates (--from/--to, as `reach` takes them): every
entry on a date of the range and only those, each clock change with the day it is in, against
the same views one day at a time (an independent union)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from helpers import SAMPLE, TRIPS, tripplan
from tripplan import load_trip
from tripplan.views import Filters, agenda, itinerary

TRIPS_WITH_CHANGES = [SAMPLE, TRIPS / "tokyo_honolulu_washington_2024.toml"]


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


@pytest.mark.parametrize("path", TRIPS_WITH_CHANGES, ids=lambda p: p.stem)
@pytest.mark.parametrize("span", [0, 1, 3])
def test_a_range_is_the_union_of_its_days(path, span: int) -> None:  # type: ignore[no-untyped-def]
    trip = load_trip(path)
    dates = sorted({d for e in trip.entries for d in e.dates})
    for first in dates:
        last = first + timedelta(days=span)
        ranged = itinerary(trip, Filters(first=first, last=last))
        by_day = [itinerary(trip, Filters(day=d)) for d in _days(first, last)]
        assert {r.entry.id for r in ranged.rows} == {r.entry.id for v in by_day for r in v.rows}
        assert {(c.who, c.at) for c in ranged.changes} == {
            (c.who, c.at) for v in by_day for c in v.changes
        }
        days = agenda(trip, Filters(first=first, last=last)).days
        one_by_one = [d for one in _days(first, last) for d in agenda(trip, Filters(day=one)).days]
        assert sorted((d.traveller, d.date, d.begins) for d in days) == sorted(
            (d.traveller, d.date, d.begins) for d in one_by_one
        )


def test_an_open_range_runs_to_the_trips_end() -> None:
    trip = load_trip(SAMPLE)
    rows = list(itinerary(trip, Filters(first="2010-11-22")).rows)
    assert rows and all(max(r.entry.dates) >= date(2010, 11, 22) for r in rows)
    assert {r.entry.id for r in rows} < {e.id for e in trip.entries}


def test_the_command_line_takes_from_and_to() -> None:
    ranged = tripplan("itinerary", "--json", SAMPLE, "--from", "2010-11-18", "--to", "2010-11-19")
    assert ranged.code == 0, ranged.err
    one = tripplan("itinerary", "--json", SAMPLE, "--day", "2010-11-18").json()["entries"]
    two = tripplan("itinerary", "--json", SAMPLE, "--day", "2010-11-19").json()["entries"]
    got = [e["id"] for e in ranged.json()["entries"]]
    assert set(got) == {e["id"] for e in one + two} and len(got) == len(set(got))
    days = tripplan("agenda", "--json", SAMPLE, "--from", "2010-11-18", "--to", "2010-11-19")
    assert days.code == 0, days.err
    assert {d["date"] for d in days.json()["days"]} == {"2010-11-18", "2010-11-19"}


def test_a_day_and_a_range_together_are_refused() -> None:
    result = tripplan("agenda", SAMPLE, "--day", "2010-11-18", "--to", "2010-11-19")
    assert result.code == 2
    assert result.err == "tripplan: --day: give --day, or --from/--to, not both\n"
