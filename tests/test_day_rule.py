"""One rule for the day a clock change falls on (issue 19): each change of each traveller
is in exactly one agenda day, of the date the new clock shows at its instant; the day at
the place whose clock changed holds its instant; `itinerary --day D` and `agenda --day D`
show the same changes.

The oracle is the change's own offsets, not the timeline's rule: the date is the instant
plus the `after` offset, read without tripplan's help."""

from __future__ import annotations

import tomllib
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from helpers import ROOT, TRIPS, good_trip_files, tripplan

TRIP_FILES = [*good_trip_files(), *sorted((ROOT / "trips").glob("*.toml"))]
TRIP_FILES = list(dict.fromkeys(TRIP_FILES))


def _has_home(path: Path) -> bool:
    return bool(tomllib.loads(path.read_text(encoding="utf-8-sig"))["trip"].get("home"))


ZONE_CASES = [
    pytest.param(path, tz, id=f"{path.name}-{tz or 'local'}")
    for path in TRIP_FILES
    for tz in (None, "UTC", *(("home",) if _has_home(path) else ()))
]


def _changes(path: Path, *extra: str) -> list[tuple[str, str]]:
    result = tripplan("itinerary", path, "--json", *extra)
    assert result.code == 0, result.err
    return [(c["who"], c["at_utc"]) for c in result.json()["clock_changes"]]


def _days(path: Path, *extra: str) -> list[dict[str, object]]:
    result = tripplan("agenda", path, "--json", *extra)
    assert result.code == 0, result.err
    days: list[dict[str, object]] = result.json()["days"]
    return days


def tz_of(path: Path, tz: str | None, change: dict[str, str]) -> str:
    """The zone whose clock dates the change: `--tz`'s, else its place's (the new clock)."""
    if tz is None:
        return change["tz"]
    if tz == "home":
        return _home_tz(path)
    return tz


def _home_tz(path: Path) -> str:
    document = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    return str(document["places"][document["trip"]["home"]]["tz"])


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@pytest.mark.parametrize(("path", "tz"), ZONE_CASES)
def test_each_clock_change_is_in_exactly_one_agenda_day_and_inside_it(
    path: Path, tz: str | None
) -> None:
    extra = ("--tz", tz) if tz else ()
    changes = _changes(path, *extra)
    placed: Counter[tuple[str, str]] = Counter()
    for day in _days(path, *extra):
        begins = datetime.fromisoformat(str(day["begins"]))
        for change in day["clock_changes"]:  # type: ignore[attr-defined]
            assert change["who"] == day["traveller"]
            at = _instant(change["at_utc"])
            shown = at.astimezone(ZoneInfo(tz_of(path, tz, change)))
            assert shown.date() == date.fromisoformat(str(day["date"])), (change, day["date"])
            if tz or change["place"] == day["place"]:
                assert begins <= at, (change, day["begins"])
            placed[(change["who"], change["at_utc"])] += 1
    assert placed == Counter(changes)


@pytest.mark.parametrize("path", TRIP_FILES, ids=lambda p: p.name)
def test_itinerary_and_agenda_of_a_day_show_the_same_clock_changes(path: Path) -> None:
    dates = {str(day["date"]) for day in _days(path)}
    for when in sorted(dates):
        shown = Counter(_changes(path, "--day", when))
        in_days = Counter(
            (c["who"], c["at_utc"])
            for day in _days(path, "--day", when)
            for c in day["clock_changes"]  # type: ignore[attr-defined]
        )
        assert shown == in_days, when


def test_a_fall_back_after_a_late_meeting_is_in_sundays_day_for_both_travellers() -> None:
    """The envoy has nothing on Sunday 3 November 2024, yet lives the fall-back in
    Washington that night: Sunday is a day of theirs, holding only that change."""
    path = TRIPS / "tokyo_honolulu_washington_2024.toml"
    result = tripplan("agenda", path, "--day", "2024-11-03", width=80)
    assert result.code == 0, result.err
    assert result.out.splitlines()[:4] == [
        "envoy · Sun 03 Nov 2024 · Washington · EDT UTC-04:00 ·",
        "Tokyo clock at start: Sun 03 Nov 13:00 ·",
        "clocks go back 1h in Washington: 02:00 EDT UTC-04:00 → 01:00 EST UTC-05:00",
        "no entries that day, only the clock change above",
    ]
    saturday = tripplan("agenda", path, "--day", "2024-11-02", width=80).out
    assert "clocks go back" not in saturday
