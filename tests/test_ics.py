"""ICS export: parsed back by icalendar and by ical.js (Thunderbird's parser), every event
must start and end at the instants `itinerary --json` gives."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event, vCategory, vDDDTypes, vText

from helpers import CONFLICTS, SAMPLE, TRIPS, good_trip_files, tripplan, utc_text
from helpers import itinerary_instants as expected_instants
from tripplan.fileio import write_atomically
from tripplan.load import load_trip
from tripplan.render.ics import build_calendar, ics_time, serialize, trip_calendar

ICALJS = Path(__file__).parent / "icaljs"
ZONE_HEAVY = TRIPS / "ics_zone_heavy.toml"


def export(*args: str | Path) -> bytes:
    result = tripplan("export", "ics", *args)
    assert (result.code, result.err) == (0, ""), result.err
    return result.out.encode("utf-8")


def icalendar_instants(data: bytes) -> dict[str, tuple[str, str]]:
    calendar = Calendar.from_ical(data)
    return {
        str(event["UID"]).split("@")[0]: (
            utc_text(event.decoded("DTSTART")),
            utc_text(event.decoded("DTEND")),
        )
        for event in calendar.walk("VEVENT")
    }


def _exportable(path: Path) -> bool:
    """No entry ends at or before it starts (the conflicts example has one: refused)."""
    trip = load_trip(str(path))
    return not any(e.end < e.start or (not e.all_day and e.end == e.start) for e in trip.entries)


# the samples and every fixture, ics_zone_heavy.toml among them
EXPORTED = [path for path in good_trip_files() if _exportable(path)]


def test_only_the_conflicts_example_is_refused() -> None:
    refused = [path.name for path in good_trip_files() if not _exportable(path)]
    assert refused == ["conflicts.toml"]
    assert tripplan("export", "ics", CONFLICTS).code == 1


@pytest.mark.parametrize("path", EXPORTED, ids=lambda p: p.name)
def test_icalendar_reads_every_instant_the_itinerary_states(path: Path) -> None:
    assert icalendar_instants(export(path)) == expected_instants(path)


@pytest.mark.parametrize("path", EXPORTED, ids=lambda p: p.name)
def test_the_export_is_byte_for_byte_what_icalendar_writes(path: Path) -> None:
    trip = load_trip(path)
    now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    calendar = build_calendar(trip, trip.entries, now)
    assert b"".join(trip_calendar(trip, trip.entries, now)) == calendar.to_ical(sorted=False)


@pytest.mark.parametrize("tail", ["", "é", "長", "😀", ",", "\\", "\n"])
@pytest.mark.parametrize("width", range(62, 70))
def test_lines_at_the_fold_are_written_as_icalendar_writes_them(width: int, tail: str) -> None:
    calendar = Calendar()
    event = Event()
    event["SUMMARY"] = vText("x" * width + tail)  # SUMMARY: and the text: 70 to 81 octets
    event["LOCATION"] = vText("y" * width + tail)
    calendar.add_component(event)
    assert b"".join(serialize(calendar)) == calendar.to_ical(sorted=False)


# Text around the fold (74 octets), in 1- to 4-octet characters, with what TEXT escapes.
texts = st.text(
    st.one_of(
        st.sampled_from(list('a ,;:\\\n"é€長😀')),
        st.characters(exclude_categories=("Cs",)),
    ),
    max_size=120,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(texts, texts, texts), min_size=1, max_size=5), st.data())
def test_serialize_writes_what_icalendar_writes(
    events: list[tuple[str, str, str]], data: st.DataObject
) -> None:
    """The fast path (recurring lines made once, short lines left unfolded) on any text,
    recurring or not: the same bytes as icalendar's own serialisation."""

    def calendar() -> Calendar:
        made = Calendar()
        made.add("PRODID", "-//test//EN")
        made.add("X-WR-CALNAME", vText(events[0][0]))
        return made

    head, whole = calendar(), calendar()
    stamp = vDDDTypes(datetime(2026, 11, 25, 12, 0, tzinfo=UTC))
    vevents = []
    for n, (summary, location, kind) in enumerate(events):
        event = Event()
        event["UID"] = vText(f"{n}@test")
        event["DTSTAMP"] = stamp
        event["SUMMARY"] = vText(summary)
        event["LOCATION"] = vText(data.draw(st.sampled_from([location, events[0][1]])))
        event["DESCRIPTION"] = vText(summary + location)
        event["CATEGORIES"] = vCategory([kind])
        vevents.append(event)
    for event in vevents:
        whole.add_component(event)
    assert b"".join(serialize(head, vevents)) == whole.to_ical(sorted=False)
    assert b"".join(serialize(whole)) == whole.to_ical(sorted=False)


def icaljs_available() -> bool:
    return shutil.which("node") is not None and (ICALJS / "node_modules" / "ical.js").is_dir()


@pytest.fixture(scope="module")
def icaljs() -> None:
    if icaljs_available():
        return
    reason = "ical.js is not installed: run `npm ci` in tests/icaljs (node required)"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)  # CI installs it: a missing parser must not pass as a skip
    pytest.skip(reason)


@pytest.mark.parametrize("path", EXPORTED, ids=lambda p: p.name)
def test_icaljs_reads_every_instant_the_itinerary_states(
    path: Path, tmp_path: Path, icaljs: None
) -> None:
    if path.name == "edge_years.toml":
        pytest.skip("JavaScript's Date reads years 0-99 as 1900-1999: ical.js cannot hold year 2")
    ics = tmp_path / "trip.ics"
    ics.write_bytes(export(path))
    done = subprocess.run(
        ["node", str(ICALJS / "instants.mjs"), str(ics)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ICALJS,
    )
    events = json.loads(done.stdout)[str(ics)]
    got = {
        e["uid"].split("@")[0]: (_icaljs_date(e, "start"), _icaljs_date(e, "end")) for e in events
    }
    assert got == expected_instants(path)


def _icaljs_date(event: dict[str, str], key: str) -> str:
    return event[key]  # ical.js prints dates as YYYY-MM-DD and instants as UTC ISO strings


# instant (UTC), zone, how it is written: a wall time in the zone, or UTC
ICS_TIME_TABLE = [
    # ordinary: the wall time with its TZID
    ("2010-11-16T23:00", "America/Los_Angeles", "2010-11-16T15:00:00-08:00"),
    # read inside the spring-forward gap as 02:30: written as the 03:30 it became
    ("2010-03-14T08:30", "America/Chicago", "2010-03-14T03:30:00-05:00"),
    # first and second pass through the fold: UTC, where no client can misread them
    ("2010-11-07T06:30", "America/Chicago", "2010-11-07T06:30:00+00:00"),
    ("2010-11-07T07:30", "America/Chicago", "2010-11-07T07:30:00+00:00"),
    # just outside the fold: wall time again
    ("2010-11-07T05:59", "America/Chicago", "2010-11-07T00:59:00-05:00"),
    ("2010-11-07T08:00", "America/Chicago", "2010-11-07T02:00:00-06:00"),
    # Mexico City's 2010 fold (31 October); none in 2023
    ("2010-10-31T06:30", "America/Mexico_City", "2010-10-31T06:30:00+00:00"),
    ("2023-10-29T06:30", "America/Mexico_City", "2023-10-29T00:30:00-06:00"),
    # an offset with seconds (Monrovia's -00:44:30 to 1972): UTC, as ical.js drops seconds
    ("1971-06-01T12:00", "Africa/Monrovia", "1971-06-01T12:00:00+00:00"),
]


@pytest.mark.parametrize(("utc", "zone", "written"), ICS_TIME_TABLE)
def test_ics_time_writes_folds_and_odd_offsets_in_utc_and_the_rest_as_wall_time(
    utc: str, zone: str, written: str
) -> None:
    moment = ics_time(datetime.fromisoformat(utc).replace(tzinfo=UTC), ZoneInfo(zone))
    assert moment.isoformat() == written
    assert (moment.tzinfo is UTC) is written.endswith("+00:00")


def test_zone_heavy_export_text() -> None:
    text = export(ZONE_HEAVY).decode()
    assert "DTSTART;TZID=America/Chicago:20100314T033000" in text  # the gap, as resolved
    assert "DTSTART:20101107T063000Z" in text  # fold, first pass
    assert "DTSTART:20101107T073000Z" in text  # fold, second pass
    assert "DTSTART;TZID=Asia/Seoul:20101125T003000" in text  # a leg: departure zone...
    assert "DTEND;TZID=America/Los_Angeles:20101124T193000" in text  # ...and arrival zone
    assert "DTSTART;VALUE=DATE:20101116" in text
    assert "DTEND;VALUE=DATE:20101121" in text  # inclusive 20 Nov, written exclusive


def test_one_vtimezone_per_zone_with_one_value_per_rdate() -> None:
    calendar = Calendar.from_ical(export(ZONE_HEAVY))
    zones = [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")]
    assert zones == ["America/Chicago", "America/Los_Angeles", "America/Mexico_City", "Asia/Seoul"]
    text = export(ZONE_HEAVY).decode()
    rdates = [line for line in text.splitlines() if line.startswith("RDATE")]
    assert rdates and all("," not in line for line in rdates)


def test_vtimezones_cover_the_trip_not_1970_to_2038() -> None:
    text = export(ZONE_HEAVY).decode()
    mexico = text[text.index("TZID:America/Mexico_City") :].split("END:VTIMEZONE")[0]
    onsets = [
        line.split(":")[1][:4]
        for line in mexico.splitlines()
        if line.startswith(("DTSTART", "RDATE"))
    ]
    assert min(onsets) == "2009" and max(onsets) <= "2024"
    daylight = mexico[mexico.index("BEGIN:DAYLIGHT") :].split("END:DAYLIGHT")[0]
    daylight_years = [
        line.split(":")[1][:4]
        for line in daylight.splitlines()
        if line.startswith(("DTSTART", "RDATE"))
    ]
    assert max(daylight_years) == "2022"  # Mexico City's last daylight time: 2023 stays at -06:00


def test_sample_export_properties() -> None:
    calendar = Calendar.from_ical(export(SAMPLE))
    assert str(calendar["X-WR-CALNAME"]) == "Seoul Mayor: Americas green diplomacy"
    assert str(calendar["VERSION"]) == "2.0"
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    mou = events["la-mou@7f3a9c2e41d8"]
    assert str(mou["SUMMARY"]) == "EV cooperation MOU with Mayor Villaraigosa"
    assert str(mou["LOCATION"]) == "Los Angeles City Hall, Los Angeles"
    assert str(mou["DESCRIPTION"]) == (
        "MOU on exchange and cooperation in electric-vehicle deployment, Seoul-LA.\n"
        "Travellers: mayor, delegation"
    )
    assert mou.categories == ["meeting"]
    assert mou.decoded("DTSTAMP") == datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # the clock
    leg = events["ke017@7f3a9c2e41d8"]
    assert "Mode: flight" in str(leg["DESCRIPTION"])
    assert str(leg["LOCATION"]) == "Seoul → Los Angeles"


def test_uids_are_stable_across_exports() -> None:
    uids = [str(e["UID"]) for e in Calendar.from_ical(export(ZONE_HEAVY)).walk("VEVENT")]
    assert uids == [str(e["UID"]) for e in Calendar.from_ical(export(ZONE_HEAVY)).walk("VEVENT")]
    assert len(set(uids)) == len(uids)


def test_hostile_text_cannot_add_a_property_or_component(write_trip) -> None:  # type: ignore[no-untyped-def]
    title = "Tea\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil\r\nSUMMARY:injected; a, b \\ c"
    venue = "Room 1\nLOCATION:elsewhere " + "長い" * 200
    text = (
        f'[trip]\ntitle = {json.dumps(title)}\n[places.la]\ntz = "America/Los_Angeles"\n[[events]]\n'
        f'id = "tea"\ntitle = {json.dumps(title)}\nvenue = {json.dumps(venue)}\n'
        'place = "la"\nstart = 2010-11-16T10:00:00\nduration = "1h"\n'
    )
    data = export(write_trip(text))
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))  # folded by the library
    events = Calendar.from_ical(data).walk("VEVENT")
    assert len(events) == 1
    assert str(events[0]["SUMMARY"]) == title.replace("\r\n", "\n")  # TEXT has no bare CR
    assert str(events[0]["LOCATION"]) == f"{venue}, la"
    assert str(events[0]["UID"]).startswith("tea@")
    assert b"\r\nX-WR-CALNAME:Tea\\nEND:VEVENT\\nBEGIN:VEVENT\\nUID:evil" in data


def test_filters_choose_the_events(write_trip) -> None:  # type: ignore[no-untyped-def]
    def uids(*args: str) -> list[str]:
        calendar = Calendar.from_ical(export(SAMPLE, *args))
        return [str(e["UID"]).split("@")[0] for e in calendar.walk("VEVENT")]

    assert uids("--day", "2010-11-19") == ["uclg-congress", "mexico-agreement"]
    assert uids("--from", "2010-11-21", "--to", "2010-11-22") == [
        "chicago-ccgt",
        "daley-meeting",
        "ke038",
    ]
    assert uids("--from", "2010-11-23") == ["ke038"]  # lands on the 23rd
    assert uids("--who", "mayor") == list(expected_instants(SAMPLE))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--day", "2010-11-19", "--from", "2010-11-18"), "give --day, or --from/--to"),
        (
            ("--from", "2010-11-20", "--to", "2010-11-19"),
            "--to 2010-11-19 is before --from 2010-11-20",
        ),
        (("--who", "nobody"), "unknown traveller 'nobody'"),
        (("--from", "tomorrow"), "'tomorrow' is not a date"),
    ],
)
def test_bad_filters_are_usage_errors(args: tuple[str, ...], message: str) -> None:
    result = tripplan("export", "ics", SAMPLE, *args)
    assert (result.code, result.out) == (2, "")
    assert message in result.err


def test_export_to_a_file_replaces_it_whole(tmp_path: Path) -> None:
    target = tmp_path / "trip.ics"
    target.write_text("old calendar")
    result = tripplan("export", "ics", SAMPLE, "-o", target)
    assert (result.code, result.out, result.err) == (0, "", "")
    assert target.read_bytes() == export(SAMPLE)
    assert [p.name for p in tmp_path.iterdir()] == ["trip.ics"]  # no temporary file left


def test_failed_export_leaves_the_existing_file_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "trip.ics"
    target.write_text("old calendar")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    result = tripplan("export", "ics", SAMPLE, "-o", target)
    assert result.code == 2
    assert result.err == f"tripplan: {target}: cannot write: No space left on device\n"
    assert target.read_text() == "old calendar"
    assert [p.name for p in tmp_path.iterdir()] == ["trip.ics"]


def test_a_bad_trip_writes_nothing(tmp_path: Path, write_trip) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "out.ics"
    result = tripplan("export", "ics", write_trip("[trip\n"), "-o", target)
    assert result.code == 2
    assert not target.exists()


def test_export_into_a_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "dir.ics"
    result = tripplan("export", "ics", SAMPLE, "-o", target)
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(f"tripplan: {target}: cannot write: ")


def test_a_failure_while_the_calendar_is_made_leaves_the_file_untouched(tmp_path: Path) -> None:
    target = tmp_path / "trip.ics"
    target.write_text("old calendar")

    def pieces() -> Iterator[bytes]:
        yield b"BEGIN:VCALENDAR\r\n"
        raise RuntimeError("a bug half-way through")

    with pytest.raises(RuntimeError):
        write_atomically(str(target), pieces())
    assert target.read_text() == "old calendar"
    assert [p.name for p in tmp_path.iterdir()] == ["trip.ics"]
