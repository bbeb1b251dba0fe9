"""Text a file holds is shown literally by the staff questions' tables: terminal escapes,
bidirectional overrides and line separators made visible, never sent raw."""

from __future__ import annotations

from typing import Any

import pytest

from helpers import SAMPLE, tripplan

HOSTILE = """\
[trip]
title = "Evil \\u001b[31mred"
home = "x"
travellers = ["a\\u202eb"]
[places.x]
name = "X\\u001b[2J"
tz = "Asia/Seoul"
[places.y]
name = "Y\\u0085Z"
tz = "America/Chicago"
[[events]]
title = "Meet \\u001b]0;pwn\\u0007"
place = "x"
start = 2010-11-16T10:00:00
duration = "1h"
venue = "V\\u2028W"
[[travel]]
title = "Flight \\u202eevil"
from = "x"
to = "y"
depart = 2010-11-16T14:00:00
arrive = 2010-11-16T10:00:00
mode = "flight"
"""

RAW = ("\x1b", "\x07", "\u202e", "\u2028", "\x85")


@pytest.mark.parametrize(
    "args",
    [
        ("where", "--at", "2010-11-16T10:30:00+09:00"),
        ("where", "--at", "2010-11-16T15:00:00+09:00"),
        ("reach",),
        ("check", str(SAMPLE)),
    ],
    ids=["where-event", "where-leg", "reach", "check-two-files"],
)
def test_tables_show_hostile_text_escaped(write_trip: Any, args: tuple[str, ...]) -> None:
    path = write_trip(HOSTILE)
    result = tripplan(args[0], path, *args[1:], width=200)
    assert result.code in (0, 1) and result.err == ""
    assert not [c for c in RAW if c in result.out], repr(result.out)
    assert "\\x1b" in result.out or "\\u202e" in result.out


def test_diff_shows_hostile_text_escaped(write_trip: Any) -> None:
    path = write_trip(HOSTILE)
    result = tripplan("diff", path, SAMPLE, width=200)
    assert (result.code, result.err) == (1, "")
    assert not [c for c in RAW if c in result.out], repr(result.out)
    assert "Evil \\x1b[31mred" in result.out and "Flight \\u202eevil" in result.out
