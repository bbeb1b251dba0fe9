"""Format 1.1 in the export: an invitation's UID kept, SEQUENCE on every event (the entry's
`sequence`, default 0), and a VALARM for `alarm`, last in its VEVENT; read back by icalendar
and by ical.js (Thunderbird's parser)."""

from __future__ import annotations

import json
import subprocess
from datetime import timedelta
from pathlib import Path

from icalendar import Calendar

from helpers import tripplan
from test_ics import ICALJS, icaljs  # noqa: F401 (the fixture that fails in CI without ical.js)

TRIP = """\
[trip]
title = "Revisions"
id = "rev1"

[places.dubai]
name = "Dubai"
tz = "Asia/Dubai"

[[events]]
id = "dinner"
title = "Dinner with the Hessian minister"
place = "dubai"
venue = "Burj Al Arab, Dubai"
start = 2026-10-25T19:30:00
end = 2026-10-25T21:30:00
uid = "040000008200E00074C5B7101A82E008@outlook.example"
sequence = 2
alarm = "30m"

[[events]]
id = "briefing"
title = "Briefing"
place = "dubai"
start = 2026-10-26T08:00:00
duration = "1h"
"""


def _export(tmp_path: Path) -> Path:
    trip = tmp_path / "trip.toml"
    trip.write_text(TRIP)
    out = tmp_path / "trip.ics"
    result = tripplan("export", "ics", trip, "-o", out)
    assert result.code == 0, result.err
    return out


def test_icalendar_reads_uid_sequence_and_alarm(tmp_path: Path) -> None:
    calendar = Calendar.from_ical(_export(tmp_path).read_bytes())
    dinner, briefing = calendar.walk("VEVENT")
    assert str(dinner["UID"]) == "040000008200E00074C5B7101A82E008@outlook.example"
    assert int(dinner["SEQUENCE"]) == 2
    assert str(dinner["LOCATION"]) == "Burj Al Arab, Dubai"  # the city is not said twice
    (alarm,) = dinner.subcomponents
    assert alarm.name == "VALARM"
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert str(alarm["DESCRIPTION"]) == "Dinner with the Hessian minister"
    assert alarm["TRIGGER"].dt == -timedelta(minutes=30)
    assert str(briefing["UID"]) == "briefing@rev1"  # ID@TRIPID, as before
    assert int(briefing["SEQUENCE"]) == 0
    assert briefing.subcomponents == []


def test_the_alarm_is_last_in_its_vevent(tmp_path: Path) -> None:
    text = _export(tmp_path).read_text()
    dinner = text[text.index("BEGIN:VEVENT") : text.index("END:VEVENT")]
    lines = dinner.splitlines()
    assert lines[-1] == "END:VALARM"
    assert "TRIGGER:-PT30M" in lines


def test_icaljs_reads_uid_sequence_and_alarm(tmp_path: Path, icaljs: None) -> None:  # noqa: F811
    ics = _export(tmp_path)
    done = subprocess.run(
        ["node", str(ICALJS / "instants.mjs"), str(ics)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ICALJS,
    )
    dinner, briefing = json.loads(done.stdout)[str(ics)]
    assert dinner["uid"] == "040000008200E00074C5B7101A82E008@outlook.example"
    assert dinner["sequence"] == 2
    assert dinner["alarms"] == [{"action": "DISPLAY", "trigger": "-PT30M"}]
    assert dinner["last"] == "valarm"
    assert dinner["start"] == "2026-10-25T15:30:00Z"
    assert briefing["sequence"] == 0 and briefing["alarms"] == []
