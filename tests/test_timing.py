"""resolve_local (RFC 5545 gaps and folds) and durations, as tables beside the rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tripplan.model import TimeNote
from tripplan.timing import local_end_date, parse_duration, resolve_local, transitions

# wall time, zone, expected instant (UTC), expected note
RESOLVE_TABLE = [
    # an ordinary time
    ("2010-11-16T10:00", "America/Los_Angeles", "2010-11-16T18:00", None),
    # spring forward, Chicago: 02:30 does not exist; read with CST (-6): 03:30 CDT
    ("2010-03-14T02:30", "America/Chicago", "2010-03-14T08:30", TimeNote.GAP),
    ("2010-03-14T02:00", "America/Chicago", "2010-03-14T08:00", TimeNote.GAP),
    ("2010-03-14T03:00", "America/Chicago", "2010-03-14T08:00", None),
    # fall back, Chicago: 01:30 happens twice; the first is CDT (-5)
    ("2010-11-07T01:30", "America/Chicago", "2010-11-07T06:30", TimeNote.FOLD),
    ("2010-11-07T00:59", "America/Chicago", "2010-11-07T05:59", None),
    ("2010-11-07T02:00", "America/Chicago", "2010-11-07T08:00", None),
    # Mexico City: daylight time in 2010 (ended 31 Oct), none since 2022
    ("2010-10-31T01:30", "America/Mexico_City", "2010-10-31T06:30", TimeNote.FOLD),
    ("2010-11-18T10:00", "America/Mexico_City", "2010-11-18T16:00", None),
    ("2023-04-13T10:00", "America/Mexico_City", "2023-04-13T16:00", None),
    ("2023-04-13T10:00", "America/Chicago", "2023-04-13T15:00", None),
    # Samoa skipped 30 December 2011 (a change of standard offset, -10 to +14)
    ("2011-12-30T10:00", "Pacific/Apia", "2011-12-30T20:00", TimeNote.GAP),
    ("2011-12-31T10:00", "Pacific/Apia", "2011-12-30T20:00", None),
    # Lord Howe shifts by half an hour
    ("2010-10-03T02:15", "Australia/Lord_Howe", "2010-10-02T15:45", TimeNote.GAP),
]


@pytest.mark.parametrize(("wall", "zone", "utc", "note"), RESOLVE_TABLE)
def test_resolve_local_follows_rfc5545(
    wall: str, zone: str, utc: str, note: TimeNote | None
) -> None:
    resolved = resolve_local(datetime.fromisoformat(wall), ZoneInfo(zone))
    assert resolved.instant == datetime.fromisoformat(utc).replace(tzinfo=UTC)
    assert resolved.note is note


def test_gap_time_reads_as_the_wall_time_after_the_jump() -> None:
    chicago = ZoneInfo("America/Chicago")
    local = resolve_local(datetime(2010, 3, 14, 2, 30), chicago).instant.astimezone(chicago)
    assert (local.hour, local.minute, local.tzname()) == (3, 30, "CDT")


def test_fold_time_reads_as_the_first_occurrence() -> None:
    chicago = ZoneInfo("America/Chicago")
    local = resolve_local(datetime(2010, 11, 7, 1, 30), chicago).instant.astimezone(chicago)
    assert (local.hour, local.minute, local.tzname()) == (1, 30, "CDT")


ZONES = [
    "Asia/Seoul",
    "America/Los_Angeles",
    "America/Chicago",
    "America/Mexico_City",
    "Europe/London",
    "Australia/Lord_Howe",
    "Pacific/Apia",
    "Asia/Kolkata",
    "America/St_Johns",
]


@given(
    wall=st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2037, 12, 31)),
    zone=st.sampled_from(ZONES),
)
def test_resolved_instant_shows_the_same_wall_time_unless_in_a_gap(
    wall: datetime, zone: str
) -> None:
    tz = ZoneInfo(zone)
    resolved = resolve_local(wall, tz)
    back = resolved.instant.astimezone(tz).replace(tzinfo=None)
    if resolved.note is TimeNote.GAP:
        assert back > wall  # moved forward by the size of the gap
        assert back - wall <= timedelta(days=1)
    else:
        assert back == wall
    if resolved.note is TimeNote.FOLD:  # the first occurrence: an hour later is the same wall
        second = wall.replace(tzinfo=tz, fold=1).astimezone(UTC)
        assert second > resolved.instant


DURATIONS = [
    ("90m", timedelta(minutes=90)),
    ("1h30m", timedelta(minutes=90)),
    ("2h", timedelta(hours=2)),
    ("PT1H30M", timedelta(minutes=90)),
    ("pt45m", timedelta(minutes=45)),
    ("P1D", timedelta(days=1)),
    ("1d", timedelta(days=1)),
    ("45s", timedelta(seconds=45)),
    ("0m", timedelta(0)),
]


@pytest.mark.parametrize(("text", "expected"), DURATIONS)
def test_durations(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    "text", ["", "h", "1.5h", "1 hour", "P1M", "P1Y", "-1h", "99999999999d", "PT"]
)
def test_bad_durations_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"duration|longer|years or months"):
        parse_duration(text)


def test_local_end_date_at_midnight_is_the_day_before() -> None:
    seoul = ZoneInfo("Asia/Seoul")
    midnight = datetime(2010, 11, 17, 0, 0, tzinfo=seoul).astimezone(UTC)
    assert str(local_end_date(midnight, seoul)) == "2010-11-16"
    assert str(local_end_date(midnight + timedelta(minutes=1), seoul)) == "2010-11-17"


# -- transitions: checked against the tz database's own tables ---------------------------
#
# zoneinfo's pure-Python implementation keeps each zone's table of transitions (private
# attributes, read here as an oracle only: the code under test never touches them).


def _table(key: str) -> list[datetime]:
    """The instants in a zone's table at which its UTC offset changes."""
    import zoneinfo._zoneinfo as pure

    zone = pure.ZoneInfo.no_cache(key)  # type: ignore[attr-defined]
    changes = []
    for seconds in zone._trans_utc:
        moment = datetime.fromtimestamp(seconds, UTC)
        before = (moment - timedelta(seconds=1)).astimezone(zone).utcoffset()
        if moment.astimezone(zone).utcoffset() != before:
            changes.append(moment)
    return changes


def _zones() -> list[str]:
    import zoneinfo

    return sorted(zoneinfo.available_timezones())


def test_transitions_find_every_change_of_every_zone_1970_to_2037() -> None:
    start, end = datetime(1970, 1, 1, tzinfo=UTC), datetime(2038, 1, 1, tzinfo=UTC)
    for key in _zones():
        expected = [t for t in _table(key) if start <= t < end]
        assert transitions(ZoneInfo(key), start, end) == expected, key


@pytest.mark.parametrize(
    "key",
    [
        "America/Chicago",
        "Australia/Lord_Howe",
        "Africa/Casablanca",
        "Asia/Gaza",
        "Pacific/Chatham",
        "America/Santiago",
    ],
)
def test_transitions_past_the_tables_follow_the_zones_rule(key: str) -> None:
    """Past the tables (2038 on, or earlier in slim files) the rule holds: checked against
    a plain scan of zoneinfo's offsets, every quarter hour of the year."""
    zone = ZoneInfo(key)
    for year in (2040, 2123, 2500, 9998):
        start, end = datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)
        assert transitions(zone, start, end) == _scan_days(zone, year), (key, year)


def _scan_days(zone: ZoneInfo, year: int) -> list[datetime]:
    """An independent search: every hour of the year (rules change on the hour or half
    hour), then the minute, then the second."""
    found = []
    moment = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    previous = moment.astimezone(zone).utcoffset()
    step = timedelta(minutes=15)
    while moment < end:
        nxt = moment + step
        offset = nxt.astimezone(zone).utcoffset()
        if offset != previous:
            probe = moment
            while (probe + timedelta(seconds=1)).astimezone(zone).utcoffset() == previous:
                probe += timedelta(seconds=1)
            found.append(probe + timedelta(seconds=1))
        moment, previous = nxt, offset
    return found


def test_transitions_cover_the_years_the_loader_accepts() -> None:
    zone = ZoneInfo("America/Chicago")
    far = transitions(zone, datetime(9997, 1, 1, tzinfo=UTC), datetime(9999, 1, 1, tzinfo=UTC))
    assert [t.month for t in far] == [3, 11, 3, 11]
    assert transitions(zone, datetime(2, 1, 1, tzinfo=UTC), datetime(1800, 1, 1, tzinfo=UTC)) == []
