"""One way to say each thing: the words every renderer uses, as a table beside the rule."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tripplan import words


@pytest.mark.parametrize(
    ("delta", "iso", "shown"),
    [
        (timedelta(hours=9), "+09:00", "UTC+09:00"),
        (timedelta(hours=-8), "-08:00", "UTC-08:00"),
        (timedelta(hours=5, minutes=45), "+05:45", "UTC+05:45"),
        (timedelta(hours=-3, minutes=-30), "-03:30", "UTC-03:30"),
        (timedelta(0), "+00:00", "UTC+00:00"),
        (-timedelta(hours=11, minutes=22, seconds=48), "-11:22:48", "UTC-11:22:48"),
    ],
)
def test_offsets(delta: timedelta, iso: str, shown: str) -> None:
    assert words.offset(delta) == iso
    assert words.utc_offset(delta) == shown


@pytest.mark.parametrize(
    ("zone", "moment", "clock"),
    [
        ("America/Los_Angeles", datetime(2010, 11, 16, 17, 10), "09:10 PST UTC-08:00"),
        ("Asia/Seoul", datetime(2010, 11, 16, 5, 50), "14:50 KST UTC+09:00"),
        # the tz database has no letters for Singapore: the offset is not said twice
        ("Asia/Singapore", datetime(2024, 3, 1, 2, 0), "10:00 UTC+08:00"),
        ("America/Sao_Paulo", datetime(2024, 3, 1, 12, 0), "09:00 UTC-03:00"),
        ("Asia/Kathmandu", datetime(2024, 3, 1, 0, 0), "05:45 UTC+05:45"),
        # nor is UTC's own name, but London's winter clock keeps its letters
        ("UTC", datetime(2024, 3, 1, 9, 0), "09:00 UTC+00:00"),
        ("Europe/London", datetime(2024, 3, 1, 9, 0), "09:00 GMT UTC+00:00"),
    ],
)
def test_a_clock_is_its_time_letters_and_utc_offset(
    zone: str, moment: datetime, clock: str
) -> None:
    local = moment.replace(tzinfo=UTC).astimezone(ZoneInfo(zone))
    assert words.clock(local) == clock


@pytest.mark.parametrize(
    ("span", "short", "iso"),
    [
        (timedelta(hours=1), "1h", "PT1H"),
        (timedelta(hours=1, minutes=30), "1h30m", "PT1H30M"),
        (timedelta(days=1, hours=2), "1d2h", "PT26H"),
        (timedelta(seconds=45), "45s", "PT45S"),
        (timedelta(0), "0s", "PT0S"),
        (timedelta(hours=-2), "2h", "-PT2H"),
        (timedelta(hours=1, seconds=30), "1h", "PT1H30S"),
    ],
)
def test_lengths(span: timedelta, short: str, iso: str) -> None:
    assert words.length(span) == short
    assert words.iso_length(span) == iso


def test_days_with_and_without_the_year() -> None:
    assert words.day(date(2010, 11, 16), year=False) == "Tue 16 Nov"
    assert words.day(date(2010, 11, 16), year=True) == "Tue 16 Nov 2010"
    assert words.day_shift(1) == "+1"
    assert words.day_shift(-1) == "-1"
    assert words.day_shift(0) == ""


@pytest.mark.parametrize(
    ("cause", "before", "after", "said"),
    [
        ("travel", 9, -8, "clock -17h on landing in Los Angeles"),
        ("travel", -6, 9, "clock +15h on landing in Los Angeles"),
        ("clock", 13, 12, "clocks go back 1h in Los Angeles"),
        ("clock", -10, 14, "clocks go forward 1d in Los Angeles"),
    ],
)
def test_why_a_clock_changed(cause: str, before: int, after: int, said: str) -> None:
    hours = timedelta(hours=1)
    assert words.change_reason(cause, "Los Angeles", before * hours, after * hours) == said
