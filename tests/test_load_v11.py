"""Format 1.1's calendar keys and [people]: read as trip-format.md 1.1 says, refused with one
line naming file, entry and line where they break its rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from helpers import assert_one_clean_line, tripplan
from tripplan import loads_trip

HEAD = """\
[trip]
title = "Revisions"
travellers = ["mayor", "aide"]

[places.la]
tz = "America/Los_Angeles"
"""

EVENT = """
[[events]]
id = "gala"
title = "Gala dinner"
place = "la"
start = 2010-11-16T19:00:00
end = 2010-11-16T22:00:00
"""


def test_calendar_keys_are_read() -> None:
    text = (
        HEAD
        + EVENT
        + (
            'uid = "040000008200E00074C5B7101A82E008@example.org"\n'
            "sequence = 2\n"
            "stamp = 2010-11-01T18:00:00+09:00\n"
            'alarm = "30m"\n'
            'confirmation = "K7QX2P"\n'
        )
    )
    (gala,) = loads_trip(text.encode()).entries
    assert gala.uid == "040000008200E00074C5B7101A82E008@example.org"
    assert gala.sequence == 2
    assert gala.stamp == datetime(2010, 11, 1, 9, 0, tzinfo=UTC)
    assert gala.stamp.tzinfo is UTC
    assert gala.alarm == timedelta(minutes=30)
    assert gala.confirmation == "K7QX2P"


def test_calendar_keys_in_json(tmp_path: Path) -> None:
    path = tmp_path / "trip.toml"
    path.write_text(HEAD + EVENT + 'sequence = 3\nstamp = 2010-11-01T09:00:00Z\nalarm = "1h30m"\n')
    (entry,) = tripplan("itinerary", "--json", path).json()["entries"]
    assert entry["sequence"] == 3
    assert entry["stamp"] == "2010-11-01T09:00:00Z"
    assert entry["alarm"] == "PT1H30M"
    assert entry["uid"] is None and entry["confirmation"] is None


def test_people_are_read() -> None:
    text = HEAD + '\n[people.mayor]\nname = "Oh Se-hoon"\nemail = "mayor@example.org"\n' + EVENT
    trip = loads_trip(text.encode())
    assert trip.people["mayor"].name == "Oh Se-hoon"
    assert trip.people["mayor"].email == "mayor@example.org"
    assert "aide" not in trip.people


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("sequence = -1\n", 'events[0] "gala": `sequence` is -1: it counts from 0'),
        ('sequence = "2"\n', 'events[0] "gala": `sequence` must be an integer, not a string'),
        ("sequence = 1.5\n", 'events[0] "gala": `sequence` must be an integer, not a number'),
        (
            "stamp = 2010-11-01T09:00:00\n",
            'events[0] "gala": `stamp` needs its offset (2010-11-01T09:00:00Z): it is an instant',
        ),
        ('alarm = "soon"\n', "events[0] \"gala\": 'soon' is not a duration"),
    ],
)
def test_calendar_keys_refused(tmp_path: Path, extra: str, message: str) -> None:
    path = tmp_path / "trip.toml"
    path.write_text(HEAD + EVENT + extra)
    before = path.read_bytes()
    result = tripplan("validate", path)
    assert result.code == 2
    line = assert_one_clean_line(result.err)
    assert line.startswith(f"tripplan: {path}:14: {message}"), line
    assert path.read_bytes() == before


def test_a_person_who_is_no_traveller_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "trip.toml"
    path.write_text(HEAD + '\n[people.mayr]\nname = "Oh Se-hoon"\n')
    result = tripplan("validate", path)
    assert result.code == 2
    line = assert_one_clean_line(result.err)
    assert line == (
        f"tripplan: {path}:8: [people.mayr]: 'mayr' is not a traveller (travellers: mayor, aide)"
    )
