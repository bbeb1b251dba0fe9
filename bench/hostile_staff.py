"""What the staff questions cost on hostile input: many files that double-book one person,
a year of trips asked together, a diff of two 100,000-entry versions, reach over a trip
that spans ten thousand years.

    python bench/hostile_staff.py                 # every case, 3 runs each
    python bench/hostile_staff.py --repeat 5 --case season-300-check

Measured as bench/hostile_sizes.py measures (its `measure`: median wall and CPU time,
largest resident set, exit status, first line of standard error). A case whose maker
returns a folder runs the command on every trip file in it, in name order. Files are
written to bench/out/ (ignored by git).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hostile_sizes import run_cases
from run import OUT, SAMPLE, generate

_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})")


def shifted(text: str, days: int) -> str:
    """The trip's text with every date `days` later."""

    def later(match: re.Match[str]) -> str:
        return (date(*map(int, match.groups())) + timedelta(days=days)).isoformat()

    return _DATE.sub(later, text)


def season(n: int, out: Path = OUT) -> Path:
    """A folder of `n` trips like the sample, a year's travel of an office: trip k is the
    sample 9 x (k mod 40) days later, its travellers those of group k // 40, so no one is
    booked twice. (The sample spans 8 days; 40 trips a group fill 360 days.)"""
    folder = out / f"season-{n}"
    if folder.exists():
        return folder
    folder.mkdir(parents=True)
    text = SAMPLE.read_text(encoding="utf-8")
    for k in range(n):
        group = k // 40
        trip = shifted(text, 9 * (k % 40))
        trip = trip.replace('id = "7f3a9c2e41d8"', f'id = "season{k:06d}"')
        trip = trip.replace(
            'travellers = ["mayor", "delegation"]',
            f'travellers = ["mayor {group}", "delegation {group}"]',
        )
        (folder / f"trip-{k:03d}.toml").write_text(trip, encoding="utf-8")
    return folder


def double_booked(n: int, out: Path = OUT) -> Path:
    """A folder of `n` copies of the sample: the same two travellers, at the same times,
    in every file (each of its nine timed entries overlaps its copy in every other)."""
    folder = out / f"double-booked-{n}"
    if folder.exists():
        return folder
    folder.mkdir(parents=True)
    text = SAMPLE.read_text(encoding="utf-8")
    for k in range(n):
        trip = text.replace('id = "7f3a9c2e41d8"', f'id = "copy{k:06d}"')
        (folder / f"copy-{k:03d}.toml").write_text(trip, encoding="utf-8")
    return folder


def span() -> Path:
    """Two entries 9,995 years apart (year 2 written for 2010): 342 bytes."""
    path = OUT / "span-9995-years.toml"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        path.write_text(
            '[trip]\ntitle = "A typo"\nhome = "seoul"\ntravellers = ["mayor"]\n\n'
            '[places.seoul]\ntz = "Asia/Seoul"\n\n'
            '[[events]]\ntitle = "First"\nplace = "seoul"\nstart = 0002-01-01T10:00:00\n'
            'duration = "1h"\nwho = ["mayor"]\n\n'
            '[[events]]\ntitle = "Last"\nplace = "seoul"\nstart = 9997-12-30T10:00:00\n'
            'duration = "1h"\nwho = ["mayor"]\n',
            encoding="utf-8",
        )
    return path


def one_moved_100k() -> Path:
    """The 100,000-entry trip with one meeting half an hour later."""
    path = OUT / "trip-100000-one-moved.toml"
    if not path.exists():
        text = generate(100_000).read_text(encoding="utf-8")
        start = text.index("start = ", text.index('id = "m-2-64"'))
        path.write_text(text[:start] + text[start:].replace(":00:00", ":30:00", 1), "utf-8")
    return path


def _folder(make: Callable[[int], Path], n: int) -> Callable[[], Path]:
    return lambda: make(n)


# name -> (file maker, command before the file)
CASES: dict[str, tuple[Callable[[], Path], list[str]]] = {
    "double-booked-200-check": (_folder(double_booked, 200), ["check"]),
    "double-booked-200-check --json": (_folder(double_booked, 200), ["check", "--json"]),
    "season-300-check": (_folder(season, 300), ["check"]),
    "season-300-where": (_folder(season, 300), ["where", "--at", "2011-03-01T12:00Z"]),
    "diff-100k-one-moved": (one_moved_100k, ["diff", str(OUT / "trip-100000.toml")]),
    "reach-9995-years": (span, ["reach"]),
    "reach-9995-years --json": (span, ["reach", "--json"]),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--case", action="append", choices=list(CASES))
    args = parser.parse_args()
    run_cases(args.case or list(CASES), args.repeat, CASES)


if __name__ == "__main__":
    main()
