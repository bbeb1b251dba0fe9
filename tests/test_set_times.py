"""`set` of times and lengths, times as people type them, the guard against an edit that
adds an error, and `sequence` raised by edits (cli.md 1.1, "Every change by command").

Instants are checked against zoneinfo directly (wall time + zone -> UTC), not against
tripplan's own readers; bytes outside the edited entry against the file as it was."""

from __future__ import annotations

import shutil
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from helpers import SAMPLE, assert_one_clean_line, tripplan
from test_edit import assert_only_changed
from tripplan.load import load_trip

LA, SEOUL = ZoneInfo("America/Los_Angeles"), ZoneInfo("Asia/Seoul")
CHICAGO = ZoneInfo("America/Chicago")


def at(zone: ZoneInfo, *wall: int) -> datetime:
    """The instant a wall time of `zone` means (the oracle: zoneinfo, fold 0)."""
    return datetime(*wall, tzinfo=zone).astimezone(UTC)  # type: ignore[misc]


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    copy = tmp_path / "trip.toml"
    shutil.copyfile(SAMPLE, copy)
    return copy


def times(path: Path, ident: str) -> tuple[object, object]:
    entry = next(e for e in load_trip(str(path)).entries if e.id == ident)
    return entry.start, entry.end


def raw(path: Path, ident: str) -> dict[str, object]:
    """The entry's table as tomllib reads it: an oracle apart from tripplan's reader."""
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    tables = [*document.get("events", []), *document.get("travel", [])]
    return next(t for t in tables if t.get("id") == ident)


def set_(path: Path, *args: str) -> tuple[int, str]:
    old = path.read_bytes()
    result = tripplan("set", path, *args)
    if result.code == 0:
        assert_only_changed(old, path.read_bytes(), args[0], "set")
    return result.code, result.err


# -- one time set, the others kept -----------------------------------------------------

# (arguments, the entry's start and end after, the line written in the file)
SET = [
    # la-mou writes start and duration: a new start keeps the duration, the end moves.
    (("la-mou", "start", "9:30am"), (at(LA, 2010, 11, 16, 9, 30), at(LA, 2010, 11, 16, 10, 30)),
     "start = 2010-11-16T09:30:00            #"),
    (("la-mou", "start", "2010-11-16 16:30"), (at(LA, 2010, 11, 16, 16, 30), at(LA, 2010, 11, 16, 17, 30)),
     "start = 2010-11-16T16:30:00"),
    (("la-mou", "start", "4:30pm"), (at(LA, 2010, 11, 16, 16, 30), at(LA, 2010, 11, 16, 17, 30)),
     "start = 2010-11-16T16:30:00"),
    # Its end, set: `end` in the duration's place.
    (("la-mou", "end", "17:45"), (at(LA, 2010, 11, 16, 15), at(LA, 2010, 11, 16, 17, 45)),
     "end = 2010-11-16T17:45:00\nvenue"),
    (("la-mou", "duration", "2h"), (at(LA, 2010, 11, 16, 15), at(LA, 2010, 11, 16, 17)),
     'duration = "2h"\nvenue'),
    # mexico-agreement writes start and end: a new start keeps the end; a duration
    # takes the end's place.
    (("mexico-agreement", "start", "10:00"),
     (at(ZoneInfo("America/Mexico_City"), 2010, 11, 19, 10), at(ZoneInfo("America/Mexico_City"), 2010, 11, 19, 12)),
     "start = 2010-11-19T10:00:00"),
    (("mexico-agreement", "duration", "45m"),
     (at(ZoneInfo("America/Mexico_City"), 2010, 11, 19, 11), at(ZoneInfo("America/Mexico_City"), 2010, 11, 19, 11, 45)),
     'start = 2010-11-19T11:00:00            # "19 Nov, local time" (release); hour ASSUMED\nduration = "45m"\n'),
    # A date alone keeps the time of day.
    (("daley-meeting", "start", "2010-11-21"), (at(CHICAGO, 2010, 11, 21, 9, 30), at(CHICAGO, 2010, 11, 21, 10, 30)),
     "start = 2010-11-21T09:30:00"),
    # A leg's arrival alone, over the date line: +1 counts from the departure's Seoul date.
    (("ke017", "arrive", "10:30"), (at(SEOUL, 2010, 11, 16, 14, 50), at(LA, 2010, 11, 16, 10, 30)),
     "arrive = 2010-11-16T10:30:00           # Los Angeles time"),
    (("ke038", "arrive", "+1 18:05"), (at(CHICAGO, 2010, 11, 22, 12, 35), at(SEOUL, 2010, 11, 23, 18, 5)),
     "arrive = 2010-11-23T18:05:00           # Seoul time, the next day"),
    (("ke038", "depart", "12:05 PM"), (at(CHICAGO, 2010, 11, 22, 12, 5), at(SEOUL, 2010, 11, 23, 17, 20)),
     "depart = 2010-11-22T12:05:00"),
    # Typed in another zone: 09:00 in Seoul is 16:00 the day before in LA.
    (("la-mou", "start", "2010-11-17 09:00", "--tz", "seoul"),
     (at(SEOUL, 2010, 11, 17, 9), at(SEOUL, 2010, 11, 17, 10)), "start = 2010-11-16T16:00:00"),
    # An all-day event's dates.
    (("uclg-congress", "end", "2010-11-19"), (datetime(2010, 11, 16).date(), datetime(2010, 11, 19).date()),
     "end = 2010-11-19\n"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "expected", "line"), SET, ids=lambda v: str(v)[:40])
def test_set_changes_one_time_and_keeps_the_others(
    sample: Path, args: tuple[str, ...], expected: tuple[object, object], line: str
) -> None:
    code, err = set_(sample, *args)
    assert code == 0, err
    assert times(sample, args[0]) == expected
    assert line in sample.read_text(encoding="utf-8")
    assert raw(sample, args[0])["sequence"] == 1  # a new time is a new revision


def test_set_says_the_time_on_the_entrys_own_clock(sample: Path) -> None:
    _, err = set_(sample, "ke038", "arrive", "+1 18:05")
    assert err == (
        f"tripplan: {sample}: set arrive of travel 'ke038' to Tue 23 Nov 2010 18:05 KST UTC+09:00\n"
    )
    _, err = set_(sample, "la-mou", "duration", "1h30m")
    assert err == (
        f"tripplan: {sample}: set duration of event 'la-mou' to 1 h 30 min:"
        " it ends Tue 16 Nov 2010 16:30 PST UTC-08:00\n"
    )


def test_a_wall_time_in_a_gap_is_read_by_the_rule_and_said(write_trip) -> None:  # type: ignore[no-untyped-def]
    path = write_trip(
        '[trip]\ntitle = "T"\n[places.chicago]\ntz = "America/Chicago"\n'
        '[[events]]\nid = "e"\ntitle = "E"\nplace = "chicago"\n'
        'start = 2010-03-13T02:30:00\nduration = "1h"\n'
    )
    code, err = set_(path, "e", "start", "2010-03-14 02:30")  # 02:30 does not exist then
    assert code == 0, err
    assert "Sun 14 Mar 2010 02:30 America/Chicago does not exist (clocks jumped forward)" in err
    assert times(path, "e")[0] == datetime(2010, 3, 14, 8, 30, tzinfo=UTC)


# -- the guard: an edit that adds an error writes nothing --------------------------------


def test_an_arrival_before_the_departure_is_refused_with_the_next_day_offered(
    sample: Path,
) -> None:
    """AM649 leaves LA at 08:35 on the 17th; 05:40 that day in Mexico City is before it."""
    old = sample.read_bytes()
    result = tripplan("set", sample, "am649", "arrive", "05:40")
    assert result.code == 1
    assert result.err.splitlines() == [
        f"tripplan: {sample}: not written: set arrive of travel 'am649' to"
        " Wed 17 Nov 2010 05:40 CST UTC-06:00",
        f"tripplan: {sample}: new error: negative-duration: am649: arrives 4 h 55 min before it"
        " starts, in absolute time; did you mean 2010-11-18 05:40, the next day?",
        f"tripplan: {sample}: nothing written: the edit adds an error (--force writes it)",
    ]
    assert sample.read_bytes() == old
    forced = tripplan("set", sample, "am649", "arrive", "05:40", "--force")
    assert forced.code == 1
    assert times(sample, "am649")[1] == at(ZoneInfo("America/Mexico_City"), 2010, 11, 17, 5, 40)


def test_an_overnight_leg_added_with_the_same_date_is_refused_and_the_next_day_offered(
    write_trip,  # type: ignore[no-untyped-def]
) -> None:
    sample = write_trip(
        '[trip]\ntitle = "T"\n[places.la]\ntz = "America/Los_Angeles"\n'
        '[places.chicago]\ntz = "America/Chicago"\n'
    )
    old = sample.read_bytes()
    result = tripplan(
        "add", "travel", sample, "--title", "Red-eye", "--from", "la", "--to", "chicago",
        "--depart", "2010-11-23 22:30", "--arrive", "2010-11-23 04:40",
    )  # fmt: skip
    assert result.code == 1
    assert (
        "new error: negative-duration: red-eye: arrives 19 h 50 min before it starts, in absolute"
        " time; did you mean 2010-11-24 04:40, the next day?"
    ) in result.err
    assert sample.read_bytes() == old
    typed = tripplan(
        "add", "travel", sample, "--title", "Red-eye", "--from", "la", "--to", "chicago",
        "--depart", "2010-11-23 22:30", "--arrive", "+1 04:40",
    )  # fmt: skip
    assert typed.code == 0, typed.err
    assert times(sample, "red-eye") == (
        at(LA, 2010, 11, 23, 22, 30),
        at(CHICAGO, 2010, 11, 24, 4, 40),
    )


def test_an_event_ending_before_it_starts_is_not_written(sample: Path) -> None:
    """The issue's case: --end before --start. Without the guard, export refused the whole
    calendar from then on."""
    old = sample.read_bytes()
    result = tripplan(
        "add", "event", sample, "--title", "Tea", "--place", "la",
        "--start", "2010-11-16 18:00", "--end", "17:00",
    )  # fmt: skip
    assert result.code == 1
    assert "new error: negative-duration: tea: ends 1 h before it starts" in result.err
    assert sample.read_bytes() == old
    assert tripplan("export", "ics", sample).code == 0


def test_a_dry_run_of_a_refused_edit_shows_the_diff_and_exits_1(sample: Path) -> None:
    result = tripplan("set", sample, "am649", "arrive", "05:40", "--dry-run")
    assert result.code == 1
    assert "-arrive = 2010-11-17T14:20:00\n+arrive = 2010-11-17T05:40:00\n" in result.out
    assert "nothing written: the edit adds an error" not in result.err  # a dry run never writes
    assert "did you mean 2010-11-18 05:40, the next day?" in result.err


def test_a_warning_never_stops_an_edit(sample: Path) -> None:
    code, err = set_(sample, "daley-meeting", "start", "11:30")  # 65 min before KE038: tight
    assert code == 0
    assert "new warning: tight-gap" in err


# -- sequence ----------------------------------------------------------------------------


def test_each_change_a_calendar_shows_raises_the_sequence_by_one(sample: Path) -> None:
    assert "sequence" not in raw(sample, "la-mou")
    steps = [
        ("set", sample, "la-mou", "title", "EV MOU"),
        ("move", sample, "la-mou", "--by", "30m"),
        ("set", sample, "la-mou", "who", "mayor"),
        ("set", sample, "la-mou", "alarm", "30m"),
        ("set", sample, "la-mou", "end", "17:00"),
    ]
    for number, step in enumerate(steps, start=1):
        assert tripplan(*step).code == 0
        assert raw(sample, "la-mou")["sequence"] == number, step


def test_what_no_calendar_shows_or_changes_nothing_keeps_the_sequence(sample: Path) -> None:
    assert tripplan("set", sample, "la-mou", "kind", "signing").code == 0
    assert tripplan("set", sample, "la-mou", "confirmation", "K7QX2P").code == 0
    assert tripplan("set", sample, "la-mou", "start", "15:00").code == 0  # what it was
    assert tripplan("set", sample, "la-mou", "title", raw(sample, "la-mou")["title"]).code == 0  # type: ignore[arg-type]
    assert "sequence" not in raw(sample, "la-mou")


def test_the_exported_sequence_follows_the_edits(sample: Path) -> None:
    import icalendar

    tripplan("move", sample, "la-mou", "--by", "1h")
    tripplan("set", sample, "la-mou", "alarm", "15m")
    calendar = icalendar.Calendar.from_ical(tripplan("export", "ics", sample).out)
    (event,) = [e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("la-mou@")]
    assert int(event["SEQUENCE"]) == 2
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("TRIGGER").total_seconds() == -15 * 60


# -- the trip's keys -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["trip", "[trip]"])
def test_the_trips_keys_are_set(sample: Path, name: str) -> None:
    for key, value, line in (
        ("buffer", "2h", 'buffer = "2h"\n'),
        ("start", "2010-11-15", "start = 2010-11-15\n"),
        ("end", "2010-11-24", "end = 2010-11-24\n"),
        ("home", "la", 'home = "la"\n'),
        ("title", "Americas", 'title = "Americas"\n'),
    ):
        result = tripplan("set", sample, name, key, value)
        assert result.code == 0, result.err
        assert result.err == f"tripplan: {sample}: set {key} of [trip] to {value}\n"
        assert line in sample.read_text(encoding="utf-8")
    trip = load_trip(str(sample))
    assert (str(trip.start), str(trip.end), trip.home and trip.home.id) == (
        "2010-11-15", "2010-11-24", "la",
    )  # fmt: skip


REFUSED = [
    (("la-mou", "start", "10"), "--start: '10' is not a time like 2010-11-18 14:00 (or ...-06:00,"
     " ...Z, or a date for an all-day event)"),
    (("la-mou", "start", "13pm"), "--start: '13pm': an hour before am or pm is 1 to 12"),
    (("la-mou", "start", "+1 09:00"),
     "--start: '+1 09:00': +N counts days from a leg's departure: only its arrival takes it"),
    (("la-mou", "duration", "soon"),
     "--duration: 'soon' is not a duration (write 90m, 1h30m, 2h or PT1H30M)"),
    (("ke017", "duration", "2h"), "TRIP: nothing written: travel 'ke017' has no key 'duration' (keys"
     " set here: title, from, to, depart, arrive, mode, who, notes, venue, alarm, confirmation)"),
    (("uclg-congress", "duration", "2h"),
     "TRIP: nothing written: an all-day event has no `duration`: set its `end` date"),
    (("uclg-congress", "end", "2010-11-20 10:00"),
     "--end: '2010-11-20 10:00' has a time; an all-day event is set to a date"),
    (("trip", "buffer", "soon"),
     "TRIP: nothing written: `buffer`: 'soon' is not a duration (write 90m, 1h30m, 2h or PT1H30M)"),
    (("trip", "start", "16 Nov"), "TRIP: nothing written: `start`: '16 Nov' is not a date like 2010-11-16"),
    (("trip", "travellers", "a,b"),
     "TRIP: nothing written: `travellers` is not set here: travellers change with"
     " `tripplan add traveller` and `cancel traveller`"),
    (("la-mou", "alarm", "x"),
     "TRIP: nothing written: `alarm`: 'x' is not a duration (write 90m, 1h30m, 2h or PT1H30M)"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "line"), REFUSED, ids=lambda v: " ".join(v)[:40])
def test_a_refused_set_says_one_exact_line_and_writes_nothing(
    sample: Path, args: tuple[str, ...], line: str
) -> None:
    old = sample.read_bytes()
    result = tripplan("set", sample, *args)
    assert result.code == 2
    assert assert_one_clean_line(result.err) == "tripplan: " + line.replace("TRIP", str(sample))
    assert sample.read_bytes() == old
