"""`tripplan diff OLD NEW`: entries matched by id; moves with their shift in absolute time
(flagged when only a place or zone moved them), cancellations, additions, field changes,
the findings added and cleared; from files, standard input and git revisions."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from helpers import SAMPLE, assert_one_clean_line, tripplan

OLD = """\
[trip]
title = "Chicago week"
home = "seoul"
travellers = ["mayor", "aide"]
buffer = "1h"

[places.seoul]
tz = "Asia/Seoul"

[places.chicago]
name = "Chicago"
tz = "America/Chicago"

[places.ny]
name = "New York"
tz = "America/New_York"

[[events]]
id = "daley"
title = "Meeting with Mayor Daley"
place = "chicago"
start = 2010-11-22T09:30:00
duration = "1h"

[[events]]
id = "ccgt"
title = "Green technology centre"
place = "chicago"
start = 2010-11-21T14:00:00
duration = "1h30m"

[[events]]
id = "dinner"
title = "Dinner with the consul"
place = "chicago"
start = 2010-11-21T19:00:00
duration = "2h"
who = ["mayor"]

[[events]]
id = "press"
title = "Press call"
place = "chicago"
start = 2010-11-22T12:00:00
duration = "30m"
venue = "City Hall"

[[events]]
title = "Lunch, no id"
place = "chicago"
start = 2010-11-22T13:00:00
duration = "1h"
"""


def edit(text: str, *changes: tuple[str, str]) -> str:
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


NEW = (
    edit(
        OLD,
        # moved an hour later, in Chicago's own time
        ("start = 2010-11-22T09:30:00", "start = 2010-11-22T10:30:00"),
        # same wall time, another place: only the zone moves the instant (an hour earlier)
        (
            'place = "chicago"\nstart = 2010-11-21T14:00:00',
            'place = "ny"\nstart = 2010-11-21T14:00:00',
        ),
        # cancelled
        (
            '[[events]]\nid = "dinner"\ntitle = "Dinner with the consul"\nplace = "chicago"\n'
            'start = 2010-11-21T19:00:00\nduration = "2h"\nwho = ["mayor"]\n\n',
            "",
        ),
        # another venue and title
        ('title = "Press call"', 'title = "Press call with the Tribune"'),
        ('venue = "City Hall"', 'venue = "Chicago City Hall"'),
    )
    + """
[[events]]
id = "tribune"
title = "Tribune interview"
place = "chicago"
start = 2010-11-22T11:00:00
duration = "1h"
"""
)


def diff(old: Path | str, new: Path | str, *args: str) -> tuple[int, dict[str, Any]]:
    result = tripplan("diff", "--json", old, new, *args)
    assert result.err == "", result.err
    document: dict[str, Any] = result.json()
    return result.code, document


def test_moves_zone_changes_cancellations_fields_and_new_conflicts(write_trip: Any) -> None:
    old, new = write_trip(OLD, "old.toml"), write_trip(NEW, "new.toml")
    code, document = diff(old, new)
    assert code == 1
    assert document["added"] == ["tribune"]
    assert document["cancelled"] == ["dinner"]
    assert document["moved"] == [
        {
            "id": "ccgt",
            "old_start_utc": "2010-11-21T20:00:00Z",
            "new_start_utc": "2010-11-21T19:00:00Z",
            "old_end_utc": "2010-11-21T21:30:00Z",
            "new_end_utc": "2010-11-21T20:30:00Z",
            "shift": "-PT1H",
            "old_start": "2010-11-21T14:00:00-06:00",
            "new_start": "2010-11-21T14:00:00-05:00",
            "old_end": "2010-11-21T15:30:00-06:00",
            "new_end": "2010-11-21T15:30:00-05:00",
            "zone_only": True,
        },
        {
            "id": "daley",
            "old_start_utc": "2010-11-22T15:30:00Z",
            "new_start_utc": "2010-11-22T16:30:00Z",
            "old_end_utc": "2010-11-22T16:30:00Z",
            "new_end_utc": "2010-11-22T17:30:00Z",
            "shift": "PT1H",
            "old_start": "2010-11-22T09:30:00-06:00",
            "new_start": "2010-11-22T10:30:00-06:00",
            "old_end": "2010-11-22T10:30:00-06:00",
            "new_end": "2010-11-22T11:30:00-06:00",
            "zone_only": False,
        },
    ]
    assert document["changed"] == [
        {"id": "ccgt", "fields": {"place": ["chicago", "ny"]}},
        {
            "id": "press",
            "fields": {
                "title": ["Press call", "Press call with the Tribune"],
                "venue": ["City Hall", "Chicago City Hall"],
            },
        },
    ]
    # Daley now runs 10:30-11:30 and the Tribune 11:00-12:00: a new overlap, for both;
    # and with the first event in New York (no leg), the travellers start there, so the
    # Chicago entries after it are in the wrong place
    added = document["findings"]["added"]
    assert [(f["code"], f["severity"], f["entries"], f["who"]) for f in added] == [
        ("overlap", "error", ["daley", "tribune"], ["mayor", "aide"]),
        ("wrong-place", "error", ["daley"], ["mayor", "aide"]),
        ("wrong-place", "error", ["tribune"], ["mayor", "aide"]),
        ("wrong-place", "error", ["press"], ["mayor", "aide"]),
        ("wrong-place", "error", [added[-1]["entries"][0]], ["mayor", "aide"]),
    ]
    assert added[-1]["entries"][0].startswith("lunch-no-id-")
    assert {f["file"] for f in added} == {str(new)}
    assert document["findings"]["cleared"] == []
    assert (document["trip"], document["places"]) == (
        {},
        {"added": [], "removed": [], "changed": []},
    )


def test_a_conflict_cleared_and_a_place_whose_zone_changed(write_trip: Any) -> None:
    """Moving the Tribune away clears the overlap; a place's new zone moves every entry
    there by its offset, with their wall times unchanged."""
    old = write_trip(NEW, "old.toml")
    new = write_trip(
        edit(
            NEW,
            ("start = 2010-11-22T11:00:00", "start = 2010-11-22T15:00:00"),
            (
                'name = "New York"\ntz = "America/New_York"',
                'name = "New York"\ntz = "America/Chicago"',
            ),
        ),
        "new.toml",
    )
    code, document = diff(old, new)
    assert code == 1
    assert [(m["id"], m["shift"], m["zone_only"]) for m in document["moved"]] == [
        ("ccgt", "PT1H", True),
        ("tribune", "PT4H", False),
    ]
    assert document["changed"] == []  # ccgt's own keys are as they were
    assert document["places"]["changed"] == [
        {"id": "ny", "fields": {"tz": ["America/New_York", "America/Chicago"]}}
    ]
    assert [(f["code"], f["entries"], f["file"]) for f in document["findings"]["cleared"]] == [
        ("overlap", ["daley", "tribune"], str(old))
    ]
    assert document["findings"]["added"] == []


def test_an_entry_without_an_id_is_matched_by_its_title_and_start(write_trip: Any) -> None:
    """Its generated id comes from the title and the start as written: another venue keeps
    it, a new title makes it another entry."""
    old = write_trip(OLD, "old.toml")
    venue = write_trip(
        edit(OLD, ('title = "Lunch, no id"', 'title = "Lunch, no id"\nvenue = "Club"')),
        "venue.toml",
    )
    code, document = diff(old, venue)
    assert code == 1
    (changed,) = document["changed"]
    assert changed["id"].startswith("lunch-no-id-")
    assert changed["fields"] == {"venue": [None, "Club"]}
    renamed = write_trip(edit(OLD, ('title = "Lunch, no id"', 'title = "Lunch"')), "renamed.toml")
    code, document = diff(old, renamed)
    assert [i.split("-")[0] for i in document["added"] + document["cancelled"]] == [
        "lunch",
        "lunch",
    ]


def test_no_change_exits_0(write_trip: Any) -> None:
    old = write_trip(OLD, "old.toml")
    code, document = diff(old, write_trip(OLD, "same.toml"))
    assert code == 0
    assert document == {
        "added": [],
        "cancelled": [],
        "moved": [],
        "changed": [],
        "findings": {"added": [], "cleared": []},
        "trip": {},
        "places": {"added": [], "removed": [], "changed": []},
    }
    table = tripplan("diff", old, old, width=400)
    assert (table.code, table.out) == (0, f"{old} → {old} · no changes.\n")


def test_stdin_is_one_side() -> None:
    result = tripplan("diff", SAMPLE, "-", "--json", stdin=SAMPLE.read_bytes())
    assert (result.code, result.json()["moved"]) == (0, [])


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository with two commits of trip.toml: OLD, then NEW."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    run = lambda *args: subprocess.run(  # noqa: E731
        ["git", *args], cwd=tmp_path, check=True, capture_output=True
    )
    run("init", "-q")
    run("config", "user.email", "staff@example.org")
    run("config", "user.name", "Staff")
    (tmp_path / "plans").mkdir()
    trip = tmp_path / "plans" / "trip.toml"
    trip.write_text(OLD, encoding="utf-8")
    run("add", ".")
    run("commit", "-qm", "yesterday's plan")
    trip.write_text(NEW, encoding="utf-8")
    run("commit", "-qam", "today's plan")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_git_revisions(repo: Path) -> None:
    """Yesterday's and today's plans, read with `git show` from the repository."""
    code, document = diff("git:HEAD~1:plans/trip.toml", "git:HEAD:plans/trip.toml")
    assert code == 1
    assert (document["added"], document["cancelled"]) == (["tribune"], ["dinner"])
    assert [m["id"] for m in document["moved"]] == ["ccgt", "daley"]
    assert document["findings"]["added"][0]["file"] == "git:HEAD:plans/trip.toml"
    # a revision against the working tree, PATH relative to the current directory
    (repo / "plans" / "trip.toml").write_text(OLD, encoding="utf-8")
    code, document = diff("git:HEAD~1:./plans/trip.toml", "plans/trip.toml")
    assert (code, document["moved"], document["added"]) == (0, [], [])


@pytest.mark.parametrize(
    ("old", "said"),
    [
        ("git:HEAD~5:plans/trip.toml", "git:HEAD~5:plans/trip.toml: "),
        ("git:HEAD:plans/none.toml", "git:HEAD:plans/none.toml: "),
        ("git:HEAD", "'git:HEAD': write a git version as git:REV:PATH"),
    ],
)
def test_a_git_version_that_cannot_be_read_is_one_line(repo: Path, old: str, said: str) -> None:
    result = tripplan("diff", old, "plans/trip.toml")
    assert (result.code, result.out) == (2, "")
    assert said in assert_one_clean_line(result.err)


def test_an_invalid_version_is_refused(write_trip: Any) -> None:
    bad = write_trip(
        '[trip]\ntitle = "x"\n[[events]]\ntitle = "A"\nplace = "nowhere"\n', "bad.toml"
    )
    result = tripplan("diff", SAMPLE, bad)
    assert (result.code, result.out) == (2, "")
    lines = result.err.splitlines(keepends=True)
    assert len(lines) == 2  # every error of the file at once: no `start`, no such place
    assert all(str(bad) in assert_one_clean_line(line) for line in lines)
    both = tripplan("diff", "-", "-")
    assert both.code == 2
    assert "both be standard input" in assert_one_clean_line(both.err)


def _full_findings_diff(old_text: str, new_text: str) -> tuple[set[object], set[object]]:
    """The findings added and cleared, from every finding of both versions."""
    from tripplan.checks import check_trip
    from tripplan.load import loads_trip

    def keys(text: str) -> set[object]:
        return {(f.code, f.entry_ids, f.who) for f in check_trip(loads_trip(text.encode()))}

    old, new = keys(old_text), keys(new_text)
    return new - old, old - new


CONFLICTS_TEXT = (
    Path(__file__).parent.parent / "trips" / "examples" / "conflicts.toml"
).read_text()
REVISIONS = [
    ("move out of an overlap", "start = 2010-11-05T11:30:00", "start = 2010-11-05T13:30:00"),
    ("move into an overlap", "start = 2010-11-07T01:30:00", "start = 2010-11-05T10:30:00"),
    ("cancel an entry", 'id = "press"', 'id = "press-renamed"'),
    ("narrow who", 'who = ["mayor"]', 'who = ["aide"]'),
    ("a new trip end", "end = 2010-11-08", "end = 2010-11-12"),
]


@pytest.mark.parametrize(("name", "old", "new"), REVISIONS, ids=[r[0] for r in REVISIONS])
def test_findings_compared_only_where_they_can_differ_are_all_of_them(
    name: str, old: str, new: str
) -> None:
    """diff looks for findings only around what changed; that finds exactly what
    comparing every finding of both versions finds."""
    from tripplan.load import loads_trip
    from tripplan.staff.diff import diff_trips

    assert old in CONFLICTS_TEXT, name
    revised = CONFLICTS_TEXT.replace(old, new, 1)
    diff = diff_trips(loads_trip(CONFLICTS_TEXT.encode()), loads_trip(revised.encode()))
    added, cleared = _full_findings_diff(CONFLICTS_TEXT, revised)
    assert {(f.code, f.entry_ids, f.who) for f in diff.findings_added} == added
    assert {(f.code, f.entry_ids, f.who) for f in diff.findings_cleared} == cleared
    assert added or cleared, name  # each revision changes some finding
