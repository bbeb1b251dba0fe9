"""The words the staff questions add to tripplan.words: human lengths to the minute,
how far away a moment is, and the phrases of `where`."""

from __future__ import annotations

from datetime import timedelta

import pytest

from helpers import TRIPS, tripplan
from tripplan import words


@pytest.mark.parametrize(
    ("span", "said"),
    [
        (timedelta(hours=3, minutes=20), "3 h 20 min"),
        (timedelta(hours=3, minutes=20, seconds=59), "3 h 20 min"),  # rounded down
        (timedelta(minutes=45), "45 min"),
        (timedelta(hours=2), "2 h"),
        (timedelta(days=15, hours=5, minutes=50), "15 d 5 h 50 min"),
        (timedelta(days=1, minutes=5), "1 d 5 min"),
        (timedelta(seconds=59), "under 1 min"),
        (-timedelta(hours=1, minutes=30), "1 h 30 min"),
    ],
)
def test_human_length(span: timedelta, said: str) -> None:
    assert words.human_length(span) == said


@pytest.mark.parametrize(
    ("span", "said"),
    [
        (timedelta(hours=3, minutes=20), "in 3 h 20 min"),
        (-timedelta(minutes=45), "45 min ago"),
        (timedelta(seconds=30), "now"),
        (timedelta(0), "now"),
    ],
)
def test_relative(span: timedelta, said: str) -> None:
    assert words.relative(span) == said


def test_the_phrases_of_where() -> None:
    span = timedelta(hours=3, minutes=20)
    assert " ".join(words.on_leg("KE017", "flight", "09:10 PST UTC-08:00", span)) == (
        "in the air on KE017 lands 09:10 PST UTC-08:00 in 3 h 20 min"
    )
    assert words.on_leg("KTX 101", "train", "12:00", span)[:2] == [
        "travelling on KTX 101",
        "arrives 12:00",
    ]
    assert words.under_way("MOU", "16:00", timedelta(minutes=30)) == [
        "MOU",
        "until 16:00",
        "ends in 30 min",
    ]
    assert words.idle("during") == "free" and words.idle("after") == "trip over"
    assert words.hours(9 * 60, 24 * 60) == "09:00–24:00"
    assert words.iso_days(-2) == "-P2D" and words.iso_days(3) == "P3D"
    assert words.no_window(False, timedelta(minutes=30)) == "hours do not meet"
    assert words.no_window(True, timedelta(minutes=30)) == "busy: no 30 min free"


def test_the_unnamed_traveller_is_everyone_in_where_as_in_every_table() -> None:
    """A trip that names no travellers: `where` says `everyone`, as headings and the
    booklet do (words.who), not `(everyone)`."""
    result = tripplan(
        "where", TRIPS / "dst_gap_chicago_2010.toml", "--at", "2010-03-14T12:00Z", width=80
    )
    assert result.code == 0, result.err
    assert result.out.splitlines()[3].split()[:2] == ["everyone", "chicago"]
