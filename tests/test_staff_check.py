"""`check FILE...`: a traveller named the same in two files is one person, so their
entries overlapping across files are an `overlap` naming both files; JSON findings carry
`file` (and each entry's file), for a single file too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from helpers import CONFLICTS, SAMPLE, assert_one_clean_line, tripplan

SIDE_VISIT = """\
[trip]
title = "Side visit to the port"
travellers = ["mayor", "vice"]

[places.la]
name = "Los Angeles"
tz = "America/Los_Angeles"

[[events]]
id = "port"
title = "Port of LA tour"
place = "la"
start = 2010-11-16T15:30:00
duration = "2h"

[[events]]
id = "vice-lunch"
title = "Vice-mayor's lunch"
place = "la"
start = 2010-11-16T12:00:00
duration = "1h"
who = ["vice"]
"""


def test_an_overlap_across_two_files_names_both(write_trip: Any) -> None:
    """The sample's MOU (15:00-16:00 PST) and the side visit's port tour (15:30-17:30 PST):
    the Mayor is in both files, so they share 30 minutes; the delegation and the
    vice-mayor are in one file each, and nothing else overlaps."""
    side = write_trip(SIDE_VISIT, "side.toml")
    result = tripplan("check", "--json", SAMPLE, side)
    assert (result.code, result.err) == (1, "")
    assert result.json() == {
        "findings": [
            {
                "code": "overlap",
                "severity": "error",
                "entries": ["la-mou", "port"],
                "places": [],
                "message": f'"EV cooperation MOU with Mayor Villaraigosa" ({SAMPLE}) and'
                f' "Port of LA tour" ({side}) share 30 min',
                "who": ["mayor"],
                "file": str(SAMPLE),
                "files": [str(SAMPLE), str(side)],
            }
        ]
    }
    alone = tripplan("check", "--json", side)
    assert (alone.code, alone.json()) == (0, {"findings": []})


def test_the_same_file_twice_is_read_once() -> None:
    result = tripplan("check", "--json", SAMPLE, SAMPLE)
    assert (result.code, result.json()) == (0, {"findings": []})


def test_single_file_findings_carry_their_file() -> None:
    findings = tripplan("check", "--json", CONFLICTS).json()["findings"]
    assert len(findings) == 10
    for finding in findings:
        assert finding["file"] == str(CONFLICTS)
        assert finding["files"] == [str(CONFLICTS)] * len(finding["entries"])


def test_findings_of_each_file_and_across_them(write_trip: Any) -> None:
    """Each file's own findings stay its own; the cross-file one is listed after them."""
    side = write_trip(SIDE_VISIT, "side.toml")
    document = tripplan("check", "--json", CONFLICTS, side, SAMPLE).json()
    files = [(f["code"], tuple(f["files"])) for f in document["findings"]]
    assert len(files) == 11
    assert {f for _, fs in files[:10] for f in fs} == {str(CONFLICTS)}
    # conflicts.toml's Mayor is in Chicago in March 2010: no overlap with the others; the
    # pair is in time order (the MOU starts first), whatever the order of the files
    assert files[10:] == [("overlap", (str(SAMPLE), str(side)))]


def test_bad_files_among_several_give_a_line_per_error(write_trip: Any) -> None:
    bad = write_trip(
        '[trip]\ntitle = "x"\n[[events]]\ntitle = "A"\nplace = "nowhere"\n', "bad.toml"
    )
    worse = write_trip('[trip]\ntitle = "y"\ntravellers = "all"\n', "worse.toml")
    result = tripplan("check", SAMPLE, bad, worse)
    assert (result.code, result.out) == (2, "")
    lines = [assert_one_clean_line(line) for line in result.err.splitlines(keepends=True)]
    assert [str(bad) in line for line in lines] == [True, True, False]  # each file's errors
    assert str(worse) in lines[2]
    document = tripplan("check", "--json", SAMPLE, bad, worse).json()
    assert document["valid"] is False
    assert [e["file"] for e in document["errors"]] == [str(bad), str(bad), str(worse)]
    twice = tripplan("check", "-", "-")
    assert twice.code == 2
    assert "standard input (-) can be read only once" in assert_one_clean_line(twice.err)


def test_one_file_under_two_names_is_read_once(tmp_path: Path) -> None:
    link = tmp_path / "same.toml"
    link.symlink_to(SAMPLE)
    result = tripplan("check", "--json", SAMPLE, f"{SAMPLE.parent}/./{SAMPLE.name}", link)
    assert result.code == 0, result.err
    assert result.json()["findings"] == []
