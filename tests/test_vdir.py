"""export vdir (cli.md 1.1, "Calendars that stay in sync"): one `<uid>.ics` per entry, one
VCALENDAR each with its VTIMEZONEs, at the instants `itinerary --json` states (read by
icalendar, by dateutil from the file's own VTIMEZONE, and by khal over the folder); a
second export writes nothing; a move rewrites one file, a cancel removes one; every file
that is not this trip's stays as it was, byte for byte and mtime for mtime."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

import tripplan.lang as lang
from helpers import CONFLICTS, SAMPLE, TRIPS, assert_one_clean_line, good_trip_files, tripplan
from helpers import utc_text as _utc
from tripplan.cli import run
from tripplan.cli.env import Environment
from tripplan.load import load_trip
from tripplan.render.vdir import href

DST_FOLD = TRIPS / "dst_fold_chicago_2010.toml"
DST_GAP = TRIPS / "dst_gap_chicago_2010.toml"
DATELINE = TRIPS / "dateline_seoul_la.toml"
SPLIT = TRIPS / "split_delegation_dst_2025.toml"
TRIPS_READ = [SAMPLE, DST_FOLD, DST_GAP, DATELINE, SPLIT]
FOREIGN = Path(__file__).parent / "ics" / "khal" / "event_dt_simple.ics"


def export_at(now: datetime, *args: str | Path) -> tuple[int, str]:
    """`tripplan export vdir ARGS` with the clock at `now`: (status, standard error)."""
    err = io.StringIO()
    env = Environment(
        stdout=io.StringIO(), stderr=err, stdin=io.BytesIO(), color=False, width=100,
        now=lambda: now,
    )  # fmt: skip
    code = run(["export", "vdir", *map(str, args)], env)
    return code, err.getvalue()


LATER = datetime(2027, 3, 1, 8, 30, tzinfo=UTC)


def export(trip: Path, folder: Path, *options: str) -> str:
    result = tripplan("export", "vdir", trip, folder, *options)
    assert (result.code, result.out) == (0, ""), result.err
    return result.err


def report(folder: Path, written: int, unchanged: int, removed: int) -> str:
    return f"tripplan: {folder}: wrote {written}, unchanged {unchanged}, removed {removed}\n"


def itinerary(trip: Path, *options: str) -> dict[str, dict[str, object]]:
    return {e["id"]: e for e in tripplan("itinerary", "--json", trip, *options).json()["entries"]}


def uid_of(entry: dict[str, object], domain: str) -> str:
    return str(entry["uid"] or f"{entry['id']}@{domain}")


def expected(trip: Path, *options: str) -> dict[str, tuple[str, str]]:
    """entry id -> (start, end) as `itinerary --json` states them: UTC instants, or an
    all-day event's first and (inclusive) last dates."""
    return {
        ident: (str(e["start"]), str(e["end"]))
        if e["all_day"]
        else (str(e["start_utc"]), str(e["end_utc"]))
        for ident, e in itinerary(trip, *options).items()
    }


@dataclass
class File:
    name: str
    data: bytes
    calendar: Calendar

    @property
    def event(self) -> Calendar:
        (event,) = self.calendar.walk("VEVENT")
        return event


def files(folder: Path) -> dict[str, File]:
    """Every .ics file of the folder, each held to be exactly one VCALENDAR."""
    found = {}
    for path in sorted(p for p in folder.glob("*.ics") if p.is_file()):
        data = path.read_bytes()
        calendars = Calendar.from_ical(data, multiple=True)
        assert len(calendars) == 1, path.name
        found[path.name] = File(path.name, data, calendars[0])
    return found


def instants(file: File) -> tuple[str, str]:
    event = file.event
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    if isinstance(start, datetime):
        return _utc(start), _utc(end)
    return start.isoformat(), (end - timedelta(days=1)).isoformat()  # RFC 5545: exclusive


def domain_of(trip: Path, folder: Path) -> str:
    """The trip's mark, as the export wrote it (a trip without [trip] id: a hash)."""
    marks = {str(f.event["X-TRIPPLAN-TRIP"]) for f in files(folder).values()}
    (mark,) = marks
    return mark


def state(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file of the folder: (inode, mtime_ns, bytes), to see what was touched."""
    return {
        p.name: (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes() if p.is_file() else b"/")
        for p in sorted(folder.iterdir())
    }


# -- the files --------------------------------------------------------------------------------


@pytest.mark.parametrize("trip", TRIPS_READ, ids=lambda p: p.stem)
def test_each_entry_is_one_file_at_the_instants_the_itinerary_states(
    trip: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "cal"
    entries = itinerary(trip)
    assert export(trip, folder) == report(folder, len(entries), 0, 0)
    domain = domain_of(trip, folder)
    found = files(folder)
    assert sorted(found) == sorted(href(uid_of(e, domain)) for e in entries.values())
    by_id = {str(f.event["UID"]).split("@")[0]: f for f in found.values()}
    assert {ident: instants(f) for ident, f in by_id.items()} == expected(trip)
    for ident, file in by_id.items():
        entry = entries[ident]
        assert file.name == href(str(file.event["UID"]))
        assert str(file.event["X-TRIPPLAN-TRIP"]) == domain
        assert int(file.event["SEQUENCE"]) == (entry["sequence"] or 0)
        assert "METHOD" not in file.calendar  # RFC 4791 4.1: a stored object has none
        zones = {str(z["TZID"]) for z in file.calendar.walk("VTIMEZONE")}
        assert zones == (set() if entry["all_day"] else {entry["tz"], entry["end_tz"]})


@pytest.mark.parametrize("trip", TRIPS_READ, ids=lambda p: p.stem)
def test_each_file_is_read_by_its_own_vtimezone(trip: Path, tmp_path: Path) -> None:
    """dateutil's tzical knows no zone but the file's own VTIMEZONE: each file carries
    the rules its times need."""
    from dateutil.tz import tzical

    folder = tmp_path / "cal"
    export(trip, folder)
    wanted = expected(trip)
    for path in sorted(folder.glob("*.ics")):
        calendar = Calendar.from_ical(path.read_bytes())
        (event,) = calendar.walk("VEVENT")
        ident = str(event["UID"]).split("@")[0]
        if event.decoded("DTSTART").__class__ is date:
            continue  # dates: no zone to read them by
        zones = tzical(str(path))
        read = []
        for name in ("DTSTART", "DTEND"):
            prop = event[name]
            if "TZID" in prop.params:
                wall = prop.dt.replace(tzinfo=None)
                read.append(_utc(wall.replace(tzinfo=zones.get(prop.params["TZID"]))))
            else:
                read.append(_utc(prop.dt))  # a fold's instants, in UTC
        assert tuple(read) == wanted[ident], path.name


def test_each_vevent_is_the_one_export_ics_writes(tmp_path: Path) -> None:
    folder = tmp_path / "cal"
    export(SAMPLE, folder)
    calendar = tripplan("export", "ics", SAMPLE).out.encode()
    for name, file in files(folder).items():
        vevent = file.data[file.data.index(b"BEGIN:VEVENT") : file.data.index(b"END:VEVENT")]
        assert vevent.startswith(b"BEGIN:VEVENT\r\nUID:" + name.removesuffix(".ics").encode())
        assert calendar.count(vevent + b"END:VEVENT\r\n") == 1, name


def test_a_uid_unsafe_in_a_file_name_is_named_by_its_sha1() -> None:
    assert href("la-mou@7f3a9c2e41d8") == "la-mou@7f3a9c2e41d8.ics"
    assert href("A_b.c-d+e@f") == "A_b.c-d+e@f.ics"
    for unsafe in ("a/b@x", "a b@x", "../x", ".hidden@x", "é@x", "a:b@x", "x" * 252):
        name = href(unsafe)
        assert name.removesuffix(".ics").isalnum() and len(name) == 44, unsafe
    assert href("x" * 251) == "x" * 251 + ".ics"  # 255 bytes: the longest a name can be


def test_the_library_gives_each_entry_its_calendar_and_its_bytes() -> None:
    """entry_ics is byte for byte each of entry_calendars as icalendar writes it, on every
    fixture that exports; trip_of reads the mark back."""
    from tripplan.render.ics import entry_calendars, entry_ics, ics_bytes, trip_of
    from tripplan.uids import uid_domain

    now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    for path in [p for p in good_trip_files() if p != CONFLICTS]:
        trip = load_trip(str(path))
        calendars = list(entry_calendars(trip, trip.entries, now))
        made = [(uid, calendar.to_ical(sorted=False)) for uid, calendar in calendars]
        assert list(entry_ics(trip, trip.entries, now)) == made, path.name
        assert [(uid, ics_bytes(calendar)) for uid, calendar in calendars] == made
        for uid, data in made:
            (calendar,) = Calendar.from_ical(data, multiple=True)
            assert trip_of(calendar) == trip_of(calendar.walk("VEVENT")[0]) == uid_domain(trip)
            assert str(calendar.walk("VEVENT")[0]["UID"]) == uid


def test_trip_of_is_none_for_anyone_elses() -> None:
    from tripplan.render.ics import trip_of

    foreign = Calendar.from_ical(FOREIGN.read_bytes())
    assert trip_of(foreign) is None
    assert trip_of(foreign.walk("VEVENT")[0]) is None
    assert trip_of(Calendar()) is None  # no event: no one's


def test_a_refused_entry_raises_before_any_calendar() -> None:
    from tripplan.render.ics import RefusedEntries, entry_ics, refusals

    trip = load_trip(str(CONFLICTS))
    made = entry_ics(trip, trip.entries, datetime(2026, 11, 25, tzinfo=UTC))
    with pytest.raises(RefusedEntries) as refused:
        next(made)
    assert refused.value.lines() == refusals(trip, trip.entries) != []
    assert refused.value.exit_status == 1


def test_export_ics_marks_every_event_with_the_trip() -> None:
    calendar = Calendar.from_ical(tripplan("export", "ics", SAMPLE).out.encode())
    events = calendar.walk("VEVENT")
    assert len(events) == 10
    assert {str(event["X-TRIPPLAN-TRIP"]) for event in events} == {"7f3a9c2e41d8"}


# -- a second export, a move, a cancel ----------------------------------------------------


def test_a_second_export_changes_no_file(tmp_path: Path) -> None:
    folder = tmp_path / "cal"
    export(SAMPLE, folder)
    before = state(folder)
    assert export_at(LATER, SAMPLE, folder) == (0, report(folder, 0, 10, 0))
    assert state(folder) == before  # same inodes, mtimes and bytes: the old DTSTAMP kept


def test_moving_an_entry_rewrites_its_file_alone(tmp_path: Path) -> None:
    trip = tmp_path / "trip.toml"
    shutil.copy(SAMPLE, trip)
    folder = tmp_path / "cal"
    export(trip, folder)
    before = state(folder)
    assert tripplan("move", trip, "la-mou", "--by", "1h").code == 0
    assert export_at(LATER, trip, folder) == (0, report(folder, 1, 9, 0))
    after = state(folder)
    moved = href("la-mou@7f3a9c2e41d8")
    assert {k: v for k, v in after.items() if k != moved} == {
        k: v for k, v in before.items() if k != moved
    }
    assert after[moved][0] != before[moved][0]  # a new file, renamed into place
    file = files(folder)[moved]
    assert (
        instants(file)
        == expected(trip)["la-mou"]
        == (
            "2010-11-17T00:00:00Z",
            "2010-11-17T01:00:00Z",
        )
    )
    assert file.event.decoded("DTSTAMP") == LATER
    assert int(file.event["SEQUENCE"]) == (itinerary(trip)["la-mou"]["sequence"] or 0)


def test_cancelling_an_entry_removes_its_file_alone(tmp_path: Path) -> None:
    trip = tmp_path / "trip.toml"
    shutil.copy(SAMPLE, trip)
    folder = tmp_path / "cal"
    export(trip, folder)
    before = state(folder)
    assert tripplan("cancel", trip, "la-mou").code == 0
    assert export(trip, folder) == report(folder, 0, 9, 1)
    gone = href("la-mou@7f3a9c2e41d8")
    assert state(folder) == {k: v for k, v in before.items() if k != gone}


def _strangers(folder: Path) -> None:
    """What a shared vdir holds besides this trip: another trip's files, a foreign event,
    a foreign event that quotes our mark in its text, a calendar of ours and a stranger's
    events together, a file that is no calendar, files of other kinds, a folder, a link."""
    export(DATELINE, folder)
    shutil.copy(FOREIGN, folder / "foreign.ics")
    quoted = FOREIGN.read_bytes().replace(
        b"SUMMARY:An Event", b"SUMMARY:X-TRIPPLAN-TRIP:7f3a9c2e41d8"
    )
    assert quoted != FOREIGN.read_bytes()
    (folder / "quotes-our-mark.ics").write_bytes(quoted)
    ours = (folder / href("la-mou@7f3a9c2e41d8")).read_bytes()
    mixed = ours.replace(
        b"END:VCALENDAR",
        b"BEGIN:VEVENT\r\nUID:mine@example.org\r\nDTSTAMP:20100101T000000Z\r\n"
        b"DTSTART:20101117T000000Z\r\nEND:VEVENT\r\nEND:VCALENDAR",
    )
    (folder / "mixed.ics").write_bytes(mixed)
    (folder / "junk.ics").write_bytes(b"X-TRIPPLAN-TRIP:7f3a9c2e41d8\r\n\x00\xff not a calendar")
    (folder / "displayname").write_text("Trips\n")
    (folder / "notes.txt").write_text(ours.decode())  # ours, but no .ics: not a vdir item
    (folder / "sub.ics").mkdir()
    (folder / "link.ics").symlink_to(folder / "notes.txt")


def test_every_file_not_of_this_trip_stays_as_it_was(tmp_path: Path) -> None:
    trip = tmp_path / "trip.toml"
    shutil.copy(SAMPLE, trip)
    folder = tmp_path / "cal"
    export(trip, folder)
    _strangers(folder)
    theirs = {k: v for k, v in state(folder).items() if not k.endswith("@7f3a9c2e41d8.ics")}
    assert tripplan("cancel", trip, "la-mou").code == 0
    assert tripplan("cancel", trip, "ke017").code == 0
    assert export_at(LATER, trip, folder) == (0, report(folder, 0, 8, 2))
    after = state(folder)
    assert {k: v for k, v in after.items() if k in theirs} == theirs
    assert sorted(set(after) - set(theirs)) == sorted(
        href(f"{ident}@7f3a9c2e41d8") for ident in itinerary(trip)
    )
    # the other trip's files are still the other trip's whole export
    assert export(DATELINE, folder) == report(folder, 0, 3, 0)


def test_who_keeps_the_travellers_entries_and_removes_the_others(tmp_path: Path) -> None:
    folder = tmp_path / "cal"
    everyone = itinerary(SPLIT)
    press = itinerary(SPLIT, "--who", "press")
    assert 0 < len(press) < len(everyone)
    export(SPLIT, folder)
    before = state(folder)
    assert export(SPLIT, folder, "--who", "press") == report(
        folder, 0, len(press), len(everyone) - len(press)
    )
    domain = "split-delegation-2025"
    kept = sorted(href(uid_of(e, domain)) for e in press.values())
    assert sorted(files(folder)) == kept
    assert state(folder) == {k: v for k, v in before.items() if k in kept}
    assert export(SPLIT, folder) == report(folder, len(everyone) - len(press), len(press), 0)


def test_a_date_range_chooses_what_the_folder_holds(tmp_path: Path) -> None:
    folder = tmp_path / "cal"
    export(SAMPLE, folder)
    day = itinerary(SAMPLE, "--day", "2010-11-18")
    assert export(SAMPLE, folder, "--day", "2010-11-18") == report(
        folder, 0, len(day), 10 - len(day)
    )
    assert sorted(files(folder)) == sorted(href(f"{i}@7f3a9c2e41d8") for i in day)


# -- refusals ---------------------------------------------------------------------------------


def test_a_folder_that_is_a_file_is_one_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "cal"
    folder.write_bytes(b"precious")
    result = tripplan("export", "vdir", SAMPLE, folder)
    assert result.code == 2
    line = assert_one_clean_line(result.err)
    assert line == f"tripplan: {folder}: is a file, not a folder: a vdir is a folder"
    assert folder.read_bytes() == b"precious"


def test_a_missing_folder_is_made(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "b" / "cal"
    assert export(SAMPLE, folder) == report(folder, 10, 0, 0)
    assert len(files(folder)) == 10


def test_an_entry_that_cannot_be_an_event_refuses_the_export(tmp_path: Path) -> None:
    folder = tmp_path / "cal"
    result = tripplan("export", "vdir", CONFLICTS, folder)
    assert result.code == 1
    assert result.err == tripplan("export", "ics", CONFLICTS).err != ""
    assert not folder.exists()  # nothing written, not even the folder


# -- the report's language --------------------------------------------------------------------


class Pseudo:
    """A catalog that wraps every message in «», so a test sees what went through it."""

    def gettext(self, message: str) -> str:
        return f"«{message}»"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return f"«{singular if n == 1 else plural}»"


def test_the_report_speaks_the_language_and_the_files_do_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    english, korean = tmp_path / "en", tmp_path / "ko"
    export(SAMPLE, english)
    monkeypatch.setattr(lang, "_catalog", lambda code: Pseudo())
    assert export(SAMPLE, korean, "--lang", "ko") == (
        f"tripplan: {korean}: «wrote {{written}}, unchanged {{unchanged}}, removed {{removed}}»\n"
    ).format(written=10, unchanged=0, removed=0)
    assert {k: v.data for k, v in files(korean).items()} == {
        k: v.data for k, v in files(english).items()
    }
    result = tripplan("export", "vdir", CONFLICTS, tmp_path / "x", "--lang", "ko")
    assert result.err == tripplan("export", "ics", CONFLICTS).err  # errors stay English


REPORT = "wrote {written}, unchanged {unchanged}, removed {removed}"


def test_the_korean_report(tmp_path: Path) -> None:
    folder = tmp_path / "cal"
    assert export(SAMPLE, folder, "--lang", "ko") == (
        f"tripplan: {folder}: 10개 작성, 0개 변경 없음, 0개 삭제\n"
    )


# -- khal reads the folder ----------------------------------------------------------------


@pytest.fixture(scope="module")
def khal() -> Path:
    beside = Path(sys.executable).parent / "khal"
    found = beside if beside.exists() else shutil.which("khal")
    if found:
        return Path(found)
    reason = "khal is not installed: .venv/bin/pip install -e '.[test]' (or pip install khal)"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)  # CI installs the test extras: a missing peer must not pass
    pytest.skip(reason)


def khal_list(khal: Path, folder: Path, first: date, last: date) -> dict[str, tuple[str, str]]:
    """What khal lists of the vdir between the dates, each event once, in Seoul time:
    uid -> (start, end), instants in UTC, all-day events by their dates (khal, like the
    file, says the last day itself)."""
    home = folder.parent / "khal"
    home.mkdir()
    config = home / "config"
    config.write_text(
        f"[calendars]\n[[trip]]\npath = {folder}\ntype = calendar\n"
        "[locale]\nlocal_timezone = Asia/Seoul\ndefault_timezone = Asia/Seoul\n"
        "dateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\ntimeformat = %H:%M\n"
        "datetimeformat = %Y-%m-%dT%H:%M:%S%z\nlongdatetimeformat = %Y-%m-%dT%H:%M:%S%z\n"
        f"[sqlite]\npath = {home / 'khal.db'}\n"
    )
    fields = [arg for name in ("uid", "start", "end", "all-day") for arg in ("--json", name)]
    days = f"{(last - first).days + 1}d"
    done = subprocess.run(
        [khal, "-c", config, "list", "--once", *fields, first.isoformat(), days],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "HOME": str(home), "TZ": "UTC", "LC_ALL": "C.UTF-8"},
    )
    listed = {}
    for line in done.stdout.splitlines():
        for event in json.loads(line):
            if event["all-day"] == "True":
                listed[event["uid"]] = (event["start"], event["end"])
            else:
                listed[event["uid"]] = tuple(
                    _utc(datetime.strptime(event[k], "%Y-%m-%dT%H:%M:%S%z"))
                    for k in ("start", "end")
                )
    return listed


@pytest.mark.parametrize("trip", TRIPS_READ, ids=lambda p: p.stem)
def test_khal_lists_the_instants_the_itinerary_states(
    trip: Path, tmp_path: Path, khal: Path
) -> None:
    folder = tmp_path / "cal"
    export(trip, folder)
    domain = domain_of(trip, folder)
    entries = itinerary(trip)
    wanted = {uid_of(entries[ident], domain): when for ident, when in expected(trip).items()}
    days = [date.fromisoformat(t[:10]) for when in wanted.values() for t in when]
    first, last = min(days) - timedelta(days=2), max(days) + timedelta(days=2)
    assert khal_list(khal, folder, first, last) == wanted
