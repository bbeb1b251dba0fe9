"""import ics on hostile invitations: tiny files whose rules never end, zones whose clock
changes every second, properties RFC 5545 allows once given twice. Each is one line and
exit 2 with nothing written, within a bound of time and memory (the ones that hung or grew
run in a subprocess under a timeout and an address-space limit); random invitations
(hypothesis) end in an import or in one such line, never a traceback."""

from __future__ import annotations

import difflib
import resource
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import SAMPLE, assert_one_clean_line, tripplan
from tripplan.load import load_trip

HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
TAIL = "END:VCALENDAR\r\n"
START, END = "DTSTART:20101117T180000Z", "DTEND:20101117T190000Z"
HOSTILE_ZONE = (
    "BEGIN:VTIMEZONE\r\nTZID:Hostile\r\n"
    "BEGIN:STANDARD\r\nDTSTART:16010101T000000\r\nRRULE:FREQ={freq}\r\n"
    "TZOFFSETFROM:-0800\r\nTZOFFSETTO:-0800\r\nEND:STANDARD\r\n"
    "BEGIN:DAYLIGHT\r\nDTSTART:16010325T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
    "TZOFFSETFROM:-0800\r\nTZOFFSETTO:-0700\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
)
ZONED = ("DTSTART;TZID=Hostile:20101117T100000", "DTEND;TZID=Hostile:20101117T110000")


def event(*lines: str, uid: str | None = "u1") -> str:
    body = ([f"UID:{uid}"] if uid else []) + list(lines)
    return "BEGIN:VEVENT\r\n" + "".join(line + "\r\n" for line in body) + "END:VEVENT\r\n"


def invitation(tmp_path: Path, body: str, name: str = "invite.ics") -> Path:
    path = tmp_path / name
    path.write_bytes((HEAD + body + TAIL).encode())
    return path


def trip_copy(tmp_path: Path) -> Path:
    path = tmp_path / "trip.toml"
    path.write_bytes(SAMPLE.read_bytes())
    return path


def bounded(*args: str | Path, seconds: int = 60, megabytes: int = 1024) -> tuple[int, str]:
    """tripplan as a process under a timeout and an address-space limit."""

    def limit() -> None:
        size = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    done = subprocess.run(
        [sys.executable, "-m", "tripplan", *map(str, args)],
        capture_output=True,
        timeout=seconds,
        preexec_fn=limit,
        text=True,
    )
    return done.returncode, done.stderr


MALFORMED = {
    "no-uid-no-dtstart": (
        event("SUMMARY:x", uid=None),
        "a VEVENT with no UID: no DTSTART: not an event to import",
    ),
    "two-dtstart": (event(START, START, END), "UID u1: DTSTART is given 2 times; RFC 5545 allows it once"),
    "two-dtend": (event(START, END, END), "UID u1: DTEND is given 2 times; RFC 5545 allows it once"),
    "two-duration": (
        event(START, "DURATION:PT1H", "DURATION:PT2H"),
        "UID u1: DURATION is given 2 times; RFC 5545 allows it once",
    ),
    "two-summary": (
        event(START, END, "SUMMARY:x", "SUMMARY:y"),
        "UID u1: SUMMARY is given 2 times; RFC 5545 allows it once",
    ),
    "period-start": (
        event("DTSTART;VALUE=PERIOD:20101117T180000Z/PT1H"),
        "UID u1: DTSTART is a period (VALUE=PERIOD): it must be a date or a date-time",
    ),
    "time-start": (
        event("DTSTART;VALUE=TIME:180000", "DURATION:PT1H"),
        "UID u1: DTSTART is a time of day (VALUE=TIME): it must be a date or a date-time",
    ),
    "period-recurrence-id": (
        event(START, END, "RECURRENCE-ID;VALUE=PERIOD:20101117T180000Z/PT1H"),
        "UID u1: RECURRENCE-ID is a period (VALUE=PERIOD): it must be a date or a date-time",
    ),
    "interval-zero": (
        event(START, END, "RRULE:FREQ=DAILY;INTERVAL=0"),
        "UID u1: RRULE INTERVAL=0: it must be a positive number",
    ),
    "hour-25": (  # a TypeError traceback from inside dateutil's walk
        event(START, END, "RRULE:FREQ=HOURLY;BYHOUR=25"),
        "UID u1: RRULE BYHOUR=25: it must be 0 to 23",
    ),
    "month-13": (  # was read as one event
        event(START, END, "RRULE:FREQ=YEARLY;BYMONTH=13"),
        "UID u1: RRULE BYMONTH=13: it must be 1 to 12",
    ),
    "minute-61": (
        event(START, END, "RRULE:FREQ=DAILY;BYMINUTE=61"),
        "UID u1: RRULE BYMINUTE=61: it must be 0 to 59",
    ),
    "setpos-0": (
        event(START, END, "RRULE:FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0"),
        "UID u1: RRULE BYSETPOS=0: it must be 1 to 366, or -366 to -1",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(MALFORMED))
def test_a_malformed_property_is_one_line_and_nothing_written(tmp_path: Path, case: str) -> None:
    body, said = MALFORMED[case]
    trip, invite = trip_copy(tmp_path), invitation(tmp_path, body)
    result = tripplan("import", "ics", trip, invite, "--place", "la")
    assert result.code == 2
    assert assert_one_clean_line(result.err) == f"tripplan: {invite}: {said}"
    assert trip.read_bytes() == SAMPLE.read_bytes()


# Each of these hung (a minute and more) or grew past a gigabyte before it was bounded.
HOSTILE = {
    "every-minute": (
        event(START, END, "SUMMARY:x", "RRULE:FREQ=MINUTELY"),
        "UID u1: more than 1,000 occurrences within the trip's dates, the most recurring"
        " events of an invitation may add",
    ),
    "every-second": (
        event(START, END, "SUMMARY:x", "RRULE:FREQ=SECONDLY"),
        "UID u1: its rules repeat it more than 20,000 times from 2010-11-17 to the trip's"
        " end: not an event of a trip",
    ),
    "every-second-since-2000": (
        event("DTSTART:20000101T000000Z", "DURATION:PT1S", "RRULE:FREQ=SECONDLY"),
        "UID u1: its rules repeat it more than 20,000 times from 2000-01-01 to the trip's"
        " end: not an event of a trip",
    ),
    "daily-since-year-2": (
        event("DTSTART:00020101T000000Z", "DURATION:PT1H", "RRULE:FREQ=DAILY"),
        "UID u1: its rules repeat it more than 20,000 times from 0002-01-01 to the trip's"
        " end: not an event of a trip",
    ),
    "no-day-ever": (
        event(START, END, "RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"),
        "UID u1: its RRULE FREQ=DAILY;BYMONTHDAY=30;BYMONTH=2 picks no day of any year: not"
        " a rule of a trip",
    ),
    "zone-every-second": (
        HOSTILE_ZONE.format(freq="SECONDLY") + event(*ZONED),
        "VTIMEZONE 'Hostile': its STANDARD rule repeats secondly (RRULE FREQ=SECONDLY); a"
        " zone's clock changes a few times a year",
    ),
    "zone-every-day-since-1601": (
        HOSTILE_ZONE.format(freq="DAILY") + event(*ZONED),
        "VTIMEZONE 'Hostile': more than 20,000 clock changes before 9998: not a time zone",
    ),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_rule_that_never_ends_is_one_line_within_bounds(tmp_path: Path, case: str) -> None:
    body, said = HOSTILE[case]
    trip, invite = trip_copy(tmp_path), invitation(tmp_path, body)
    code, err = bounded("import", "ics", trip, invite, "--place", "la", seconds=30, megabytes=600)
    assert code == 2
    assert assert_one_clean_line(err) == f"tripplan: {invite}: {said}"
    assert trip.read_bytes() == SAMPLE.read_bytes()


def test_a_zone_in_another_calendar_of_the_file_is_checked_first(tmp_path: Path) -> None:
    """icalendar reads TZID=Hostile by the file's first VTIMEZONE of that name, even one
    in the second VCALENDAR: the first calendar's daily event walked it (hung)."""
    first = HEAD + event(*ZONED, "RRULE:FREQ=DAILY;COUNT=3") + TAIL
    second = HEAD + HOSTILE_ZONE.format(freq="SECONDLY") + TAIL
    invite = tmp_path / "two.ics"
    invite.write_bytes((first + second).encode())
    trip = trip_copy(tmp_path)
    code, err = bounded("import", "ics", trip, invite, "--place", "la", seconds=30, megabytes=600)
    assert code == 2
    assert assert_one_clean_line(err) == (
        f"tripplan: {invite}: VTIMEZONE 'Hostile': its STANDARD rule repeats secondly (RRULE"
        " FREQ=SECONDLY); a zone's clock changes a few times a year"
    )


def test_an_earlier_invitations_zone_is_not_this_ones(tmp_path: Path) -> None:
    """icalendar keeps the first VTIMEZONE of a TZID for the process: after a refused
    hostile one, an invitation with its own yearly `Hostile` is read by its own."""
    hostile = invitation(tmp_path, HOSTILE_ZONE.format(freq="SECONDLY") + event(*ZONED), "a.ics")
    benign = invitation(
        tmp_path, HOSTILE_ZONE.format(freq="YEARLY") + event(*ZONED, "RRULE:FREQ=DAILY;COUNT=3")
    )
    trip = trip_copy(tmp_path)
    script = (
        "import sys\n"
        "from tripplan.edit import Editor, Source\n"
        "from tripplan.errors import TripError\n"
        "from tripplan.edit.invitations import import_calendar, read_invitation\n"
        "editor = Editor(Source(sys.argv[1], open(sys.argv[1], 'rb').read()))\n"
        "try:\n"
        "    import_calendar(editor, read_invitation(sys.argv[2]), 'la')\n"
        "except TripError as err:\n"
        "    print(err)\n"
        "import_calendar(editor, read_invitation(sys.argv[3]), 'la')\n"
        "print(*editor.done, sep='\\n')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(trip), str(hostile), str(benign)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    # 10:00 in the benign zone's daylight time (UTC-07:00, from March on) is 09:00 PST.
    assert done.stdout.splitlines()[1:] == [
        f"imported event 'u1-2010111{day}': '(no title)' at Los Angeles, {weekday} 1{day} Nov 2010"
        " 09:00 PST UTC-08:00"
        for day, weekday in ((7, "Wed"), (8, "Thu"), (9, "Fri"))
    ]


def test_an_event_of_centuries_is_walked_once(tmp_path: Path) -> None:
    """From 1601 to the trip, with an RDATE in it: each of its occurrences spans the rest
    of the walk, which stepped through it 15 minutes at a time (hung)."""
    long = event("DTSTART:16010101T000000Z", "DTEND:20101117T190000Z", "RDATE:20101119T180000Z")
    trip, invite = trip_copy(tmp_path), invitation(tmp_path, long)
    code, err = bounded("import", "ics", trip, invite, "--place", "la", seconds=30, megabytes=600)
    assert code == 1, err  # it ends in 2420, past the trip
    assert err.count(": imported event 'u1-20101119'") == 1
    assert err.count(": imported event") == 1


def test_the_caps_are_the_invitations_not_each_calendars(tmp_path: Path) -> None:
    """Three VCALENDARs of 400 occurrences each: 1,200 in all, past the 1,000."""
    calendar = HEAD + event(START, "DURATION:PT1M", "RRULE:FREQ=MINUTELY;COUNT=400") + TAIL
    invite = tmp_path / "three.ics"
    invite.write_bytes((calendar * 3).encode())
    trip = trip_copy(tmp_path)
    result = tripplan("import", "ics", trip, invite, "--place", "la")
    assert result.code == 2
    assert assert_one_clean_line(result.err) == (
        f"tripplan: {invite}: UID u1: more than 1,000 occurrences within the trip's dates,"
        " the most recurring events of an invitation may add"
    )
    assert trip.read_bytes() == SAMPLE.read_bytes()


def test_an_entry_whose_id_is_the_uid_is_never_replaced(tmp_path: Path) -> None:
    """A hand-written entry `u1` (no `uid`, la-mou renamed): the invitation's u1 is added
    beside it, under an id from its title."""
    trip = trip_copy(tmp_path)
    text = SAMPLE.read_text(encoding="utf-8").replace('id = "la-mou"', 'id = "u1"', 1)
    trip.write_text(text, encoding="utf-8")
    invite = invitation(tmp_path, event(START, END, "SUMMARY:Lunch"))
    result = tripplan("import", "ics", trip, invite, "--place", "la", "--force")
    assert result.code in (0, 1), result.err
    assert (
        "tripplan: note: UID u1: the entry of that id has no `uid` key, so it is not this"
        " invitation's: it is kept, and the event added beside it (if it was imported by an"
        " earlier tripplan, give it uid = 'u1' and cancel the new one)\n"
    ) in result.err
    new = trip.read_text(encoding="utf-8")
    added = (
        '\n[[events]]\nid = "lunch"\ntitle = "Lunch"\nplace = "la"\n'
        'start = 2010-11-17T10:00:00\nend = 2010-11-17T11:00:00\nuid = "u1"\n'
    )
    assert new.count(added) == 1
    assert new.replace(added, "") == text  # the entry u1 as it was
    # Imported again: the entry with that uid is the event, and the hand-written one stays.
    again = tripplan("import", "ics", trip, invite, "--place", "la")
    assert "tripplan: " + str(trip) + ": event 'lunch' is up to date\n" in again.err
    assert trip.read_text(encoding="utf-8") == new


def test_an_entry_an_earlier_version_imported_is_found_by_its_x_uid(tmp_path: Path) -> None:
    trip = trip_copy(tmp_path)
    earlier = (
        '\n[[events]]\nid = "lunch"\ntitle = "Lunch"\nplace = "la"\n'
        'start = 2010-11-17T10:00:00\nend = 2010-11-17T11:00:00\nx-uid = "u1"\n'
    )
    trip.write_text(SAMPLE.read_text(encoding="utf-8") + earlier, encoding="utf-8")
    moved = invitation(
        tmp_path, event("DTSTART:20101117T190000Z", "DURATION:PT1H", "SUMMARY:Lunch")
    )
    result = tripplan("import", "ics", trip, moved, "--place", "la")
    assert "moved event 'lunch' to Wed 17 Nov 2010 11:00 PST" in result.err
    (lunch,) = [e for e in load_trip(str(trip)).entries if e.id == "lunch"]
    assert (lunch.start, lunch.end) == (
        datetime(2010, 11, 17, 19, tzinfo=UTC),
        datetime(2010, 11, 17, 20, tzinfo=UTC),
    )


def test_a_thousand_events_are_one_reload(tmp_path: Path) -> None:
    """1,000 events took a minute (the trip read again for each); the bound is generous."""
    body = "".join(
        event(
            f"DTSTART:201011{16 + i // 200:02d}T{(i % 200) // 20 + 8:02d}{(i % 20) * 3:02d}00Z",
            "DURATION:PT2M",
            f"SUMMARY:e{i}",
            uid=f"u{i}",
        )
        for i in range(1000)
    )
    trip, invite = trip_copy(tmp_path), invitation(tmp_path, body)
    code, err = bounded("import", "ics", trip, invite, "--place", "la", "--force", seconds=20)
    assert code == 1, err  # the new events overlap the trip's: written, as forced
    assert err.count(": imported event 'u") == 1000
    ids = [e.id for e in load_trip(str(trip)).entries]
    assert {f"u{i}" for i in range(1000)} <= set(ids)
    old, new = SAMPLE.read_text(encoding="utf-8"), trip.read_text(encoding="utf-8")
    changes = difflib.SequenceMatcher(None, old.splitlines(), new.splitlines(), autojunk=False)
    assert {tag for tag, *_ in changes.get_opcodes()} == {"equal", "insert"}  # lines added only


# -- random invitations ----------------------------------------------------------------

FREQS = ["SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY", "BOGUS"]
STARTS = [
    "DTSTART:20101117T180000Z",
    "DTSTART:16010101T000000Z",
    "DTSTART:20101117",
    "DTSTART;VALUE=DATE:20101118",
    "DTSTART;TZID=Hostile:20101117T100000",
    "DTSTART;TZID=America/Los_Angeles:20101117T100000",
    "DTSTART:20101117T100000",
    "DTSTART;VALUE=PERIOD:20101117T180000Z/PT1H",
    "DTSTART;VALUE=TIME:180000",
    "DTSTART:00010101T000000Z",
    "DTSTART:nonsense",
]
OTHERS = [
    "DTEND:20101117T190000Z",
    "DTEND:20101118",
    "DURATION:PT1H",
    "DURATION:P1D",
    "DURATION:-PT1H",
    "SUMMARY:x",
    "LOCATION:y",
    "STATUS:CANCELLED",
    "EXDATE:20101118T180000Z",
    "RDATE:20101119T180000Z",
    "RDATE;VALUE=PERIOD:20101119T180000Z/PT1H",
    "RECURRENCE-ID:20101118T180000Z",
]


@st.composite
def rules(draw: st.DrawFn) -> str:
    parts = [f"FREQ={draw(st.sampled_from(FREQS))}"]
    if draw(st.booleans()):
        parts.append(f"INTERVAL={draw(st.integers(-1, 100_000))}")
    if draw(st.booleans()):
        parts.append(f"COUNT={draw(st.integers(-1, 100_000))}")
    if draw(st.booleans()):
        parts.append(f"UNTIL={draw(st.sampled_from(['20101120T000000Z', '99991231', '16020101']))}")
    if draw(st.booleans()):
        parts.append(
            draw(
                st.sampled_from(
                    [
                        "BYDAY=MO,TU",
                        "BYMONTH=2;BYMONTHDAY=30",
                        "BYMONTH=2;BYMONTHDAY=29",
                        "BYHOUR=1,2,3",
                        "BYSETPOS=-1;BYDAY=MO",
                    ]
                )
            )
        )
    return "RRULE:" + ";".join(parts)


@st.composite
def invitations(draw: st.DrawFn) -> str:
    """Mostly readable invitations, each with a few odd parts: a zone with odd rules, a
    property twice or missing, a value of an odd kind, a rule of any frequency."""
    zone = draw(st.sampled_from(["", "", "", "YEARLY", "YEARLY", "SECONDLY", "DAILY"]))
    body = HOSTILE_ZONE.format(freq=zone) if zone else ""
    for n in range(draw(st.integers(1, 3))):
        good = draw(st.sampled_from(STARTS[:7] * 3 + STARTS[7:]))
        lines = [good, *draw(st.lists(st.sampled_from(STARTS), max_size=1))]
        lines = lines[: 1 + draw(st.sampled_from([0, 0, 0, 1]))]
        others = draw(st.lists(st.sampled_from(OTHERS), max_size=4, unique=True))
        twice = others[:1] if draw(st.integers(0, 9)) == 0 else []
        lines += others + twice
        lines += draw(st.lists(rules(), max_size=2))
        body += event(*lines, uid=draw(st.sampled_from([f"u{n}", f"u{n}", "u1", None])))
    return body


@settings(
    max_examples=150,
    deadline=10_000,  # ms: the longest walk the bounds let through is under a second
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(invitations())
def test_random_invitations_import_or_say_one_line(tmp_path: Path, body: str) -> None:
    trip, invite = trip_copy(tmp_path), invitation(tmp_path, body)
    result = tripplan("import", "ics", trip, invite, "--place", "la", "--dry-run")
    assert "Traceback" not in result.err
    if result.code == 2:
        assert_one_clean_line(result.err)
    else:
        assert result.code in (0, 1), result.err
    assert trip.read_bytes() == SAMPLE.read_bytes()
