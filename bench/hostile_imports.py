"""What hostile invitations cost `tripplan import ics`: rules that never end, zones whose
clock changes every second, and an invitation of a thousand events.

    python bench/hostile_imports.py             # every case, 3 runs each
    python bench/hostile_imports.py --repeat 1 --case every-second

Each case imports an invitation written to bench/out/ into the sample trip with --dry-run
(nothing is written), as a whole process, measured as bench/hostile_sizes.py measures.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hostile_sizes import _write, run_cases
from run import SAMPLE

HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//bench//EN\r\n"
TAIL = "END:VCALENDAR\r\n"
START, END = "DTSTART:20101117T180000Z", "DTEND:20101117T190000Z"
ZONE = (
    "BEGIN:VTIMEZONE\r\nTZID:Hostile\r\n"
    "BEGIN:STANDARD\r\nDTSTART:16010101T000000\r\nRRULE:FREQ={freq}\r\n"
    "TZOFFSETFROM:-0800\r\nTZOFFSETTO:-0800\r\nEND:STANDARD\r\n"
    "BEGIN:DAYLIGHT\r\nDTSTART:16010325T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
    "TZOFFSETFROM:-0800\r\nTZOFFSETTO:-0700\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
)
ZONED = ("DTSTART;TZID=Hostile:20101117T100000", "DTEND;TZID=Hostile:20101117T110000")
# The invitation is the file; the sample trip is named before it.
IMPORT = ["import", "ics", "--place", "la", "--dry-run", str(SAMPLE)]


def _event(*lines: str, uid: str = "u1") -> str:
    body = "".join(line + "\r\n" for line in (f"UID:{uid}", *lines))
    return f"BEGIN:VEVENT\r\n{body}END:VEVENT\r\n"


def invitation(name: str, body: str) -> Callable[[], Path]:
    def make() -> Path:
        return _write(f"{name}.ics", HEAD + body + TAIL)

    return make


def thousand() -> str:
    return "".join(
        _event(
            f"DTSTART:201011{16 + i // 200:02d}T{(i % 200) // 20 + 8:02d}{(i % 20) * 3:02d}00Z",
            "DURATION:PT2M",
            f"SUMMARY:e{i}",
            uid=f"u{i}",
        )
        for i in range(1000)
    )


# name -> (file maker, command before the file)
CASES: dict[str, tuple[Callable[[], Path], list[str]]] = {
    "every-minute": (invitation("every-minute", _event(START, END, "RRULE:FREQ=MINUTELY")), IMPORT),
    "every-second": (invitation("every-second", _event(START, END, "RRULE:FREQ=SECONDLY")), IMPORT),
    "every-second-since-2000": (
        invitation(
            "every-second-since-2000",
            _event("DTSTART:20000101T000000Z", "DURATION:PT1S", "RRULE:FREQ=SECONDLY"),
        ),
        IMPORT,
    ),
    "no-day-ever": (
        invitation("no-day-ever", _event(START, END, "RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30")),
        IMPORT,
    ),
    "zone-every-second": (
        invitation("zone-every-second", ZONE.format(freq="SECONDLY") + _event(*ZONED)),
        IMPORT,
    ),
    "zone-every-day-since-1601": (
        invitation("zone-every-day", ZONE.format(freq="DAILY") + _event(*ZONED)),
        IMPORT,
    ),
    "two-summary": (
        invitation("two-summary", _event(START, END, "SUMMARY:x", "SUMMARY:y")),
        IMPORT,
    ),
    "events-1000": (invitation("events-1000", thousand()), IMPORT),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--case", action="append", choices=list(CASES))
    args = parser.parse_args()
    run_cases(args.case or list(CASES), args.repeat, CASES)


if __name__ == "__main__":
    main()
