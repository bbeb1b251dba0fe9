"""`fixed-zone` (trip-format.md 1.1): a place on a zone with no rules of a region (EST,
EST5EDT, Etc/GMT+5, GMT, ...) is a warning naming the place, not an entry; UTC under its
names is fine. Every reader of findings copes with one that names no entry: check's table
and JSON, several files, edits, diff, the booklet and the timeline."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from helpers import CONFLICTS, SAMPLE, TRIPS, tripplan
from tripplan.zones import regionless, zone_names

FIXED = TRIPS / "fixed_zones_new_york_2026.toml"

EST = (
    'tz "EST" is a zone with no rules of a region (UTC-05:00 all year):'
    " use a region's zone, e.g. America/New_York"
)
EST5EDT = 'tz "EST5EDT" is a zone with no rules of a region: use America/New_York'
GMT5 = (
    'tz "Etc/GMT+5" is a zone with no rules of a region (UTC-05:00 all year):'
    " use a region's zone, e.g. America/New_York"
)

TABLE = """\
Fixed zones: New York in July
Severity  Code        Entries             Who  Message
────────────────────────────────────────────────────────────────────────────────────────────────────
warning   fixed-zone  [places.un]              tz "EST" is a zone with no rules of a region
                                               (UTC-05:00 all year): use a region's zone, e.g.
                                               America/New_York
warning   fixed-zone  [places.consulate]       tz "EST5EDT" is a zone with no rules of a region: use
                                               America/New_York
warning   fixed-zone  [places.posix]           tz "Etc/GMT+5" is a zone with no rules of a region
                                               (UTC-05:00 all year): use a region's zone, e.g.
                                               America/New_York

0 errors, 3 warnings.
"""


def test_check_table() -> None:
    result = tripplan("check", FIXED)
    assert (result.code, result.err) == (0, "")
    assert result.out == TABLE


def test_check_json_field_by_field() -> None:
    result = tripplan("check", FIXED, "--json")
    assert (result.code, result.err) == (0, "")
    findings = result.json()["findings"]
    assert [f["places"] for f in findings] == [["un"], ["consulate"], ["posix"]]
    assert [f["message"] for f in findings] == [EST, EST5EDT, GMT5]
    for finding in findings:
        assert finding["code"] == "fixed-zone"
        assert finding["severity"] == "warning"
        assert finding["entries"] == []
        assert finding["who"] == []
        assert finding["file"] == str(FIXED)
        assert finding["files"] == [str(FIXED)]  # the file of each entry, then of each place


def test_every_other_finding_names_no_place() -> None:
    findings = tripplan("check", CONFLICTS, "--json").json()
    assert {tuple(f["places"]) for f in findings["findings"]} == {()}


def _trip(tz: str, name: str = "place") -> str:
    return f"""\
[trip]
title = "T"

[places.{name}]
tz = "{tz}"

[[events]]
title = "Meeting"
place = "{name}"
start = 2026-07-02T09:00:00
duration = "1h"
"""


@pytest.mark.parametrize(
    "tz", ["UTC", "Etc/UTC", "Etc/UCT", "UCT", "Universal", "Etc/Universal", "Zulu", "Etc/Zulu"]
)
def test_utc_under_any_of_its_names_is_fine(write_trip: Any, tz: str) -> None:
    result = tripplan("check", write_trip(_trip(tz)), "--json")
    assert (result.code, result.json()) == (0, {"findings": []})


@pytest.mark.parametrize(
    "tz",
    [
        "America/New_York",
        "US/Eastern",
        "Asia/Seoul",
        "Japan",
        "America/Phoenix",
        "Pacific/Honolulu",
    ],
)
def test_a_regions_zone_or_its_link_is_fine(write_trip: Any, tz: str) -> None:
    result = tripplan("check", write_trip(_trip(tz)), "--json")
    assert (result.code, result.json()) == (0, {"findings": []})


@pytest.mark.parametrize(
    ("tz", "message"),
    [
        ("EST", EST),
        ("EST5EDT", EST5EDT),
        ("CST6CDT", 'tz "CST6CDT" is a zone with no rules of a region: use America/Chicago'),
        ("MST7MDT", 'tz "MST7MDT" is a zone with no rules of a region: use America/Denver'),
        ("PST8PDT", 'tz "PST8PDT" is a zone with no rules of a region: use America/Los_Angeles'),
        (
            "HST",
            'tz "HST" is a zone with no rules of a region (UTC-10:00 all year):'
            " use Pacific/Honolulu",
        ),
        (
            "MST",
            'tz "MST" is a zone with no rules of a region (UTC-07:00 all year):'
            " use a region's zone, e.g. America/Denver",
        ),
        ("Etc/GMT+5", GMT5),
        (
            "Etc/GMT-14",
            'tz "Etc/GMT-14" is a zone with no rules of a region (UTC+14:00 all year):'
            " use a region's zone, e.g. America/New_York",
        ),
        (
            "GMT",
            'tz "GMT" is a zone with no rules of a region (UTC+00:00 all year):'
            " use a region's zone, e.g. Europe/London",
        ),
        (
            "Etc/GMT0",
            'tz "Etc/GMT0" is a zone with no rules of a region (UTC+00:00 all year):'
            " use a region's zone, e.g. Europe/London",
        ),
        (
            "CET",
            'tz "CET" is a zone with no rules of a region: use a region\'s zone, e.g. Europe/Paris',
        ),
    ],
)
def test_each_fixed_or_legacy_zone_says_what_to_use(write_trip: Any, tz: str, message: str) -> None:
    result = tripplan("check", write_trip(_trip(tz)), "--json")
    assert result.code == 0
    (finding,) = result.json()["findings"]
    assert (finding["code"], finding["places"], finding["message"]) == (
        "fixed-zone",
        ["place"],
        message,
    )


def test_every_etc_zone_but_utc_is_regionless() -> None:
    """Oracle: the tz database's own list; every Etc/GMT+N and Etc/GMT-N is a fixed offset."""
    etc = sorted(z for z in zone_names() if z.startswith("Etc/"))
    offsets = [z for z in etc if z.startswith(("Etc/GMT+", "Etc/GMT-"))]
    assert len(offsets) >= 26  # GMT-14..GMT+12, and +0/-0
    assert [z for z in etc if not regionless(z)] == [
        "Etc/UCT",
        "Etc/UTC",
        "Etc/Universal",
        "Etc/Zulu",
    ]


def test_two_places_on_one_zone_are_two_findings(write_trip: Any) -> None:
    text = _trip("EST", "a") + '\n[places.b]\ntz = "EST"\n'
    findings = tripplan("check", write_trip(text), "--json").json()["findings"]
    assert [f["places"] for f in findings] == [["a"], ["b"]]


def test_place_findings_come_first_then_the_entries(write_trip: Any) -> None:
    text = (
        _trip("EST")
        + """
[[events]]
title = "Meeting again"
place = "place"
start = 2026-07-02T09:30:00
duration = "1h"
"""
    )
    findings = tripplan("check", write_trip(text), "--json").json()["findings"]
    assert [(f["code"], f["places"], len(f["entries"])) for f in findings] == [
        ("fixed-zone", ["place"], 0),
        ("overlap", [], 2),
    ]


def test_several_files(tmp_path: Path) -> None:
    result = tripplan("check", SAMPLE, FIXED, "--json")
    assert result.code == 0
    findings = result.json()["findings"]
    assert [(f["file"], f["files"], f["places"]) for f in findings] == [
        (str(FIXED), [str(FIXED)], [p]) for p in ("un", "consulate", "posix")
    ]
    table = tripplan("check", SAMPLE, FIXED)
    assert table.code == 0
    assert "Seoul Mayor: Americas green diplomacy: no findings.\n" in table.out
    assert "warning   fixed-zone  [places.un]" in table.out
    assert table.out.endswith("0 errors, 3 warnings.\n")


def test_narrow_table_leads_the_message_with_the_place() -> None:
    out = tripplan("check", FIXED, width=50).out.splitlines()
    assert out[3] == 'warning   fixed-zone  [places.un]: tz "EST" is a'


def test_an_edit_that_adds_such_a_place_says_so_and_writes_it(tmp_path: Path) -> None:
    trip = tmp_path / "trip.toml"
    shutil.copyfile(SAMPLE, trip)
    result = tripplan("add", "place", trip, "nyc", "--tz", "EST", "--name", "New York")
    assert (result.code, result.out) == (0, "")
    assert result.err == (
        f"tripplan: {trip}: added place 'nyc' (EST)\n"
        f"tripplan: {trip}: new warning: fixed-zone: [places.nyc]: {EST}\n"
    )
    assert 'tz = "EST"' in trip.read_text(encoding="utf-8")
    again = tripplan("add", "place", trip, "nyc2", "--tz", "EST")  # another place: new again
    assert again.err.endswith(f"new warning: fixed-zone: [places.nyc2]: {EST}\n")
    utc = tripplan("add", "place", trip, "call", "--tz", "UTC")
    assert (utc.code, utc.err) == (0, f"tripplan: {trip}: added place 'call' (UTC)\n")


def test_diff_names_the_place(tmp_path: Path) -> None:
    old = tmp_path / "old.toml"
    old.write_text(FIXED.read_text(encoding="utf-8").replace('"EST5EDT"', '"America/New_York"'))
    result = tripplan("diff", old, FIXED, "--json")
    assert result.code == 1
    findings = result.json()["findings"]
    assert findings["cleared"] == []
    (added,) = findings["added"]
    assert (added["code"], added["entries"], added["places"]) == ("fixed-zone", [], ["consulate"])
    assert added["message"] == EST5EDT
    table = tripplan("diff", old, FIXED).out
    assert "new warning  [places.consulate]" in table


@pytest.mark.parametrize("command", ["booklet", "timeline"])
def test_pictures_draw_a_trip_with_such_places(command: str) -> None:
    """They show the findings of the entries drawn; a place's finding is check's."""
    result = tripplan(command, FIXED)
    assert (result.code, result.err) == (0, "")
    assert "UN meeting" in result.out
    assert "fixed-zone" not in result.out
