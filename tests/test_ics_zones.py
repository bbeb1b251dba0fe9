"""Every zone of the tz database, exported and read back through the file's own VTIMEZONEs.

The oracle for where a zone's clock changes is zdump, the tz project's own checker, which
reads the same TZif files through the C library's code, not tripplan's: every transition
`tripplan.tzrules` reads must be one zdump prints, and none may be missing, in fat files
(the table to 2037) and slim ones (the POSIX TZ footer from 2007), now and in year 9990.

Then for every zone with a transition in 1970-2037, a trip with events at each transition's
edges (see `_events`) and inside every short episode is exported, and ical.js (Thunderbird's
parser) and dateutil's `tzical` (the file's VTIMEZONE only, never a zone database) must
read every start and end at the instant `itinerary --json` states. Every onset written is
held to zoneinfo: the wall time in TZOFFSETFROM is the instant of a real transition.
"""

from __future__ import annotations

import calendar
import io
import json
import os
import re
import shutil
import struct
import subprocess
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from icalendar import Component

from helpers import tripplan
from tripplan.load import NOT_ZONES
from tripplan.tzrules import LocalTime, parse_tzif

ICALJS = Path(__file__).parent / "icaljs"
SECOND = timedelta(seconds=1)
# icalendar's `from_tzinfo` strides 64 days: an episode shorter than that could vanish.
SHORT = timedelta(days=100)


def _zone_dir() -> Path:
    """The directory zoneinfo reads (its TZPATH, else the tzdata package's)."""
    for root in zoneinfo.TZPATH:
        if (Path(root) / "America" / "Chicago").is_file():
            return Path(root)
    return _slim_dir()


def _slim_dir() -> Path:
    import tzdata  # type: ignore[import-untyped]

    return Path(tzdata.__file__).parent / "zoneinfo"


ZONE_DIR = _zone_dir()


def _unique_zones(directory: Path) -> list[str]:
    """Every zone name zoneinfo offers (the loader's refusals aside), one per distinct
    file: links such as US/Central are the same bytes as America/Chicago."""
    seen: dict[bytes, str] = {}
    for key in sorted(zoneinfo.available_timezones() - NOT_ZONES):
        path = directory / key
        if path.is_file():
            seen.setdefault(path.read_bytes(), key)
    return sorted(seen.values())


@pytest.fixture(scope="module")
def zdump() -> str:
    found = shutil.which("zdump")
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail("zdump is missing: it is the oracle of these tests")
    pytest.skip("zdump is not installed")


_ZDUMP_LINE = re.compile(
    r"^(\S+) +\w{3} (\w{3}) +(\d+) (\d\d):(\d\d):(\d\d) (-?\d+) UTC? = .* (\S+) "
    r"isdst=([01]) gmtoff=(-?\d+)$"
)
_MONTHS = {m: i for i, m in enumerate(calendar.month_abbr) if m}

Change = tuple[datetime, LocalTime, LocalTime]


@cache
def zdump_transitions(
    zdump: str, directory: Path, zones: tuple[str, ...], first: int, last: int
) -> dict[str, list[Change]]:
    """zdump -v's transitions from 1 January `first` to 1 January `last` (UTC): it prints
    each as the last second before it and the first second of the new local time."""
    halves = zones[::2], zones[1::2]  # two processes: zdump takes a while
    runs = [
        subprocess.Popen(
            [zdump, "-v", "-c", f"{first},{last}", *half],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "TZDIR": str(directory)},
        )
        for half in halves
    ]
    output = "".join(run.communicate()[0] for run in runs)
    assert all(run.returncode == 0 for run in runs)
    found: dict[str, list[Change]] = {zone: [] for zone in zones}
    pending: dict[str, tuple[datetime, LocalTime]] = {}
    for line in output.splitlines():
        match = _ZDUMP_LINE.match(line)
        if match is None:
            assert "NULL" in line, line  # the range's own end points
            continue
        zone, month, day, hh, mm, ss, year, abbreviation, isdst, offset = match.groups()
        at = datetime(int(year), _MONTHS[month], int(day), int(hh), int(mm), int(ss), tzinfo=UTC)
        clock = LocalTime(timedelta(seconds=int(offset)), isdst == "1", abbreviation)
        if zone not in pending:
            pending[zone] = (at, clock)
            continue
        before_at, before = pending.pop(zone)
        assert at - before_at == SECOND, line
        found[zone].append((at, before, clock))
    assert not pending
    return found


def _read(directory: Path, zone: str, first: int, last: int) -> list[Change]:
    """tzrules' transitions in zdump's range: from 1 January `first` to 1 January `last`."""
    rules = parse_tzif((directory / zone).read_bytes())
    start, end = (datetime(year, 1, 1, tzinfo=UTC) for year in (first, last))
    return [(t.at, t.before, t.after) for t in rules.transitions(start - SECOND, end - SECOND)]


@pytest.mark.parametrize(
    ("files", "first", "last"),
    [
        ("read", 1970, 2038),  # the files zoneinfo reads (Debian's are fat: a table to 2037)
        ("slim", 2030, 2040),  # the tzdata package's slim files: the footer, in most zones
        ("read", 9995, 9999),  # from 2007 (New York) or 1996 (Berlin)
        ("slim", 9995, 9999),
    ],
)
def test_every_transition_is_the_one_zdump_finds(
    zdump: str, files: str, first: int, last: int
) -> None:
    directory = ZONE_DIR if files == "read" else _slim_dir()
    zones = tuple(_unique_zones(directory))
    expected = zdump_transitions(zdump, directory, zones, first, last)
    assert sum(map(len, expected.values())) > 100  # the oracle saw them
    wrong = [z for z in zones if _read(directory, z, first, last) != expected[z]]
    assert not wrong, [(z, _read(directory, z, first, last)[:2], expected[z][:2]) for z in wrong]


def test_the_transitions_read_are_zoneinfos(zdump: str) -> None:
    """The file read is the one zoneinfo reads: at each transition, zoneinfo's offset and
    abbreviation change from `before` to `after`."""
    from tripplan.tzrules import zone_rules

    start, end = datetime(1970, 1, 1, tzinfo=UTC), datetime(2038, 1, 1, tzinfo=UTC)
    for key in _unique_zones(ZONE_DIR):
        zone = zoneinfo.ZoneInfo(key)
        for change in zone_rules(key).transitions(start, end):
            for at, clock in ((change.at - SECOND, change.before), (change.at, change.after)):
                local = at.astimezone(zone)
                assert (local.utcoffset(), local.tzname()) == (clock.offset, clock.abbreviation)


def _tzif(footer: str) -> bytes:
    """A version 2 TZif file with no transitions, one local time (EST) and `footer`."""
    header = b"TZif2" + bytes(15) + struct.pack(">6l", 0, 0, 0, 0, 1, 4)
    block = struct.pack(">lBB", -5 * 3600, 0, 0) + b"EST\0"
    return header + block + header + block + b"\n" + footer.encode() + b"\n"


@pytest.mark.parametrize(
    "footer",
    [
        "EST5EDT,M3.2.0,M11.1.0",  # the United States
        "AEST-10AEDT,M10.1.0,M4.1.0/3",  # southern: daylight time across New Year
        "IST-2IDT,M3.4.4/26,M10.5.0",  # Israel: 26:00 on a Thursday
        "EET-2EEST,M3.4.4/50,M10.4.4/50",  # Palestine: 50 hours
        "<-03>3<-02>,M3.5.0/-2,M10.5.0/-1",  # Greenland: negative times, <> names
        "<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45",  # Chatham: minutes
        "IST-1GMT0,M10.5.0,M3.5.0/1",  # Ireland: negative daylight saving
        "<-04>4<-03>,M9.1.6/24,M4.1.6/24",  # Chile
        "EST5EDT,J79/24,J263/24",  # Iran's old form: Julian days
        "EST5EDT,J59/0,J300",  # zoneinfo's J59 in leap years: 29 February
        "EST5EDT,59/0,300",  # zoneinfo's zero-based days
        "EST5EDT,0/0,J365/25",  # zic's permanent daylight time: no transition
        "EST5EDT,0/0,300",  # changes where a UTC year begins
        "XXX3YYY,M1.1.0/-167,M12.5.6/167",  # the extremes RFC 8536 allows
    ],
)
def test_footers_are_read_as_zoneinfo_reads_them(footer: str) -> None:
    """Each transition read from a footer is where zoneinfo's offset changes (as its
    `fromutc` applies it), and zoneinfo's offset is constant in between (hourly)."""
    data = _tzif(footer)
    zone = zoneinfo.ZoneInfo.from_file(io.BytesIO(data))
    start, end = datetime(2023, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC)
    changes = parse_tzif(data).transitions(start, end)

    def offset(at: datetime) -> timedelta:
        return at.astimezone(zone).replace(tzinfo=None) - at.replace(tzinfo=None)

    hours = []  # the first hour of each new offset, zoneinfo's
    at, last = start, offset(start)
    while at < end:
        at += timedelta(hours=1)
        if offset(at) != last:
            hours.append(at)
            last = offset(at)
    assert len(changes) == len(hours)
    for change, hour in zip(changes, hours, strict=True):
        assert hour - timedelta(hours=1) < change.at <= hour
        assert offset(change.at - SECOND) == change.before.offset
        assert offset(change.at) == change.after.offset


# -- every zone, exported and read back --------------------------------------------------


@dataclass
class ZoneExport:
    zone: str
    ics: Path
    expected: dict[str, tuple[str, str]]  # event id -> (start, end) per itinerary --json
    changes: list[Change]


def _iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _events(changes: list[Change]) -> Iterator[tuple[datetime, datetime]]:
    """Events at each transition's edges: the last second before it and the first of the
    new local time; for a fold, whose wall times are written in UTC, the last wall time
    before it with the first instant in it, and the last instant in it with the first
    wall time after it. And one inside each short episode."""
    for at, before, after in changes:
        back = before.offset - after.offset
        if back > timedelta(0):
            yield at - back - SECOND, at - back
            yield at + back - SECOND, at + back
        else:
            yield at - SECOND, at
    for (at, _, _), (following, _, _) in pairwise(changes):
        if following - at < SHORT:
            middle = (at + (following - at) / 2).replace(microsecond=0)
            yield middle, middle + SECOND


def _trip(zone: str, changes: list[Change]) -> str:
    lines = [
        "[trip]",
        f'title = "{zone}"',
        f'id = "{zone}"',
        f'[places.z]\ntz = "{zone}"',
    ]
    for n, (start, end) in enumerate(_events(changes)):
        lines.append(
            f'[[events]]\nid = "e{n}"\ntitle = "e{n}"\nplace = "z"\n'
            f"start = {_iso(start)}\nend = {_iso(end)}"
        )
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def exports(zdump: str, tmp_path_factory: pytest.TempPathFactory) -> list[ZoneExport]:
    zones = tuple(_unique_zones(ZONE_DIR))
    transitions = zdump_transitions(zdump, ZONE_DIR, zones, 1970, 2038)
    folder = tmp_path_factory.mktemp("zones")
    made = []
    for n, zone in enumerate(zones):
        if not transitions[zone]:
            continue
        path = folder / f"zone{n}.toml"
        path.write_text(_trip(zone, transitions[zone]), encoding="utf-8")
        exported = tripplan("export", "ics", path)
        assert (exported.code, exported.err) == (0, ""), exported.err
        ics = path.with_suffix(".ics")
        ics.write_text(exported.out, encoding="utf-8", newline="")
        document = tripplan("itinerary", "--json", path).json()
        expected = {e["id"]: (e["start_utc"], e["end_utc"]) for e in document["entries"]}
        made.append(ZoneExport(zone, ics, expected, transitions[zone]))
    assert len(made) > 250  # every zone with a transition in 1970-2037
    return made


def _uid(uid: str) -> str:
    return uid.split("@")[0]


def test_icaljs_reads_every_zone_at_the_instants_the_itinerary_states(
    exports: list[ZoneExport],
) -> None:
    if shutil.which("node") is None or not (ICALJS / "node_modules" / "ical.js").is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail("ical.js is not installed: run `npm ci` in tests/icaljs")
        pytest.skip("ical.js is not installed: run `npm ci` in tests/icaljs (node required)")
    done = subprocess.run(
        ["node", str(ICALJS / "instants.mjs"), *(str(e.ics) for e in exports)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ICALJS,
    )
    read = json.loads(done.stdout)
    wrong = {}
    for export in exports:
        got = {_uid(e["uid"]): (e["start"], e["end"]) for e in read[str(export.ics)]}
        misread = {k: (v, export.expected[k]) for k, v in got.items() if v != export.expected[k]}
        if misread or got.keys() != export.expected.keys():
            wrong[export.zone] = list(misread.items())[:2]
    assert not wrong, wrong


def test_dateutil_reads_every_zone_at_the_instants_the_itinerary_states(
    exports: list[ZoneExport],
) -> None:
    from dateutil.tz import tzical

    wrong = {}
    for export in exports:
        zones = tzical(str(export.ics))
        got = {
            uid: (_instant(start, zones), _instant(end, zones))
            for uid, start, end in _times(export.ics)
        }
        misread = {k: (v, export.expected[k]) for k, v in got.items() if v != export.expected[k]}
        if misread or got.keys() != export.expected.keys():
            wrong[export.zone] = list(misread.items())[:2]
    assert not wrong, wrong


_PROPERTY = re.compile(r"^(UID|DTSTART|DTEND)(?:;TZID=([^:]+))?:(.*)$", re.M)


def _times(ics: Path) -> Iterator[tuple[str, tuple[str | None, str], tuple[str | None, str]]]:
    """Each VEVENT's UID, DTSTART and DTEND (TZID, value), as the export writes them: one
    line each (icalendar's parser would take most of this test's time)."""
    text = ics.read_bytes().decode().replace("\r\n ", "")  # unfolded
    event: dict[str, tuple[str | None, str]] = {}
    for name, tzid, value in _PROPERTY.findall(text):
        event[name] = (tzid or None, value.strip())
        if name == "DTEND":
            yield _uid(event["UID"][1]), event["DTSTART"], event["DTEND"]


def _instant(written: tuple[str | None, str], zones: Any) -> str:
    """The instant a DTSTART or DTEND names, by the file's VTIMEZONE alone (dateutil's
    tzical: the file's rules, no zone database)."""
    tzid, value = written
    if tzid is None:
        assert value.endswith("Z"), value  # a fold's instants, written in UTC
        return _iso(datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC))
    wall = datetime.strptime(value, "%Y%m%dT%H%M%S")
    return _iso(wall.replace(tzinfo=zones.get(tzid)))


def test_every_onset_is_a_transition_of_the_zone(exports: list[ZoneExport]) -> None:
    """RFC 5545 3.6.5, 3.8.3.3: an observance's DTSTART and RDATEs are wall times in its
    TZOFFSETFROM. Each, read so, is the instant zoneinfo's clock changes from TZOFFSETFROM
    to TZOFFSETTO and TZNAME; and every transition between the first and last onset is
    there, as DTSTART or RDATE."""
    for export in exports:
        zone = zoneinfo.ZoneInfo(export.zone)
        text = export.ics.read_bytes().decode()  # its VTIMEZONE alone: the events are many
        vtimezone = Component.from_ical(
            text[text.index("BEGIN:VTIMEZONE") : text.index("BEGIN:VEVENT")]
        )
        assert vtimezone.name == "VTIMEZONE"
        onsets = set()
        for observance in vtimezone.subcomponents:
            offset_from = observance["TZOFFSETFROM"].td
            offset_to = observance["TZOFFSETTO"].td
            for wall in _onsets(observance):
                at = (wall - offset_from).replace(tzinfo=UTC)
                after = at.astimezone(zone)
                assert after.utcoffset() == offset_to, (export.zone, wall)
                assert after.tzname() == str(observance["TZNAME"]), (export.zone, wall)
                assert (at - SECOND).astimezone(zone).utcoffset() == offset_from
                assert _is_dst(export, at) in (None, observance.name == "DAYLIGHT"), export.zone
                onsets.add(at)
        first, last = min(onsets), max(onsets)
        expected = {at for at, _, _ in export.changes if first <= at <= last}
        assert expected <= onsets, (export.zone, sorted(expected - onsets)[:3])


def _onsets(observance: Any) -> set[datetime]:
    dates = {observance["DTSTART"].dt}
    rdates = observance.get("RDATE", [])
    for rdate in rdates if isinstance(rdates, list) else [rdates]:
        dates.update(value.dt for value in rdate.dts)
    return {d.replace(tzinfo=None) for d in dates}


def _is_dst(export: ZoneExport, at: datetime) -> bool | None:
    """zdump's isdst flag for the local time that starts at `at`, where zdump saw it."""
    for change_at, _, after in export.changes:
        if change_at == at:
            return after.is_dst
    return None  # an onset before 1970 or after 2037, outside zdump's range


# -- the short episodes the issue names ---------------------------------------------------

EPISODES = [
    # zone, a time inside the episode (UTC) and the offset then, a time after it and its offset
    ("Pacific/Fiji", "2021-01-03T00:00:00Z", 13, "2021-02-03T00:00:00Z", 12),  # 20 Dec-17 Jan
    ("Africa/Casablanca", "2019-05-20T12:00:00Z", 0, "2019-06-20T12:00:00Z", 1),  # Ramadan
    ("Africa/Casablanca", "2013-07-20T12:00:00Z", 0, "2013-08-20T12:00:00Z", 1),  # Ramadan
    ("Africa/Cairo", "2010-09-20T12:00:00Z", 3, "2010-10-05T12:00:00Z", 2),  # 10-30 Sep 2010
    ("Asia/Hebron", "2011-08-15T12:00:00Z", 2, "2011-09-10T12:00:00Z", 3),  # 1-29 Aug 2011
    ("America/Argentina/Tucuman", "2004-06-05T12:00:00Z", -4, "2004-06-20T12:00:00Z", -3),
]


@pytest.mark.parametrize(("zone", "inside", "during", "after", "then"), EPISODES)
def test_a_short_episode_is_read_right_by_both_parsers(  # type: ignore[no-untyped-def]
    zone: str, inside: str, during: int, after: str, then: int, write_trip, tmp_path: Path
) -> None:
    """The episodes icalendar's 64-day stride missed (the issue's examples)."""
    from dateutil.tz import tzical

    for at, hours in ((inside, during), (after, then)):
        moment = datetime.fromisoformat(at.replace("Z", "+00:00"))
        assert moment.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset() == timedelta(hours=hours)
    path = write_trip(
        f'[trip]\ntitle = "t"\nid = "t"\n[places.z]\ntz = "{zone}"\n'
        f'[[events]]\nid = "in"\ntitle = "in"\nplace = "z"\nstart = {inside}\nend = {after}\n'
    )
    exported = tripplan("export", "ics", path)
    ics = tmp_path / "trip.ics"
    ics.write_text(exported.out, encoding="utf-8", newline="")
    ((_, start, end),) = _times(ics)
    assert start[0] == end[0] == zone  # written as wall times in the zone
    assert (_instant(start, tzical(str(ics))), _instant(end, tzical(str(ics)))) == (inside, after)
    if shutil.which("node") and (ICALJS / "node_modules" / "ical.js").is_dir():
        done = subprocess.run(
            ["node", str(ICALJS / "instants.mjs"), str(ics)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ICALJS,
        )
        (read,) = json.loads(done.stdout)[str(ics)]
        assert (read["start"], read["end"]) == (inside, after)
