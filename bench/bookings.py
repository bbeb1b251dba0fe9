"""What lodging and airports cost (issue 23).

    python bench/run.py --bookings     # this part alone; its table goes into results.md

- `check` of a 10,000-entry trip of which 1,000 are lodging (a hotel for each stay between
  two legs, some stays split in two bookings), against the same trip without its lodging:
  at most 1.2 times.
- `validate` of a trip with 20 places by `airport` (no `tz`: the zone from the airport
  database), against the same trip with each place's `tz`: at most 60 ms more.

Each pair runs in turns (without, with, without, ...) so both see the same machine; the
figures are CPU time (user and system) of fresh processes, whose medians a shared machine
moves less than wall time.
"""

from __future__ import annotations

import itertools
import resource
import statistics
import subprocess
from datetime import timedelta
from pathlib import Path

MOST_RATIO = 1.2
MOST_MS = 60.0
# 20 airports of the delegations' routes, each with the zone its place would be given.
AIRPORTS = {
    "ICN": "Asia/Seoul", "GMP": "Asia/Seoul", "LAX": "America/Los_Angeles",
    "MEX": "America/Mexico_City", "ORD": "America/Chicago", "JFK": "America/New_York",
    "IAD": "America/New_York", "SFO": "America/Los_Angeles", "FRA": "Europe/Berlin",
    "BER": "Europe/Berlin", "BRU": "Europe/Brussels", "CDG": "Europe/Paris",
    "LHR": "Europe/London", "NRT": "Asia/Tokyo", "HND": "Asia/Tokyo",
    "SYD": "Australia/Sydney", "AKL": "Pacific/Auckland", "HNL": "Pacific/Honolulu",
    "SIN": "Asia/Singapore", "DXB": "Asia/Dubai",
}  # fmt: skip


def _once(command: list[str]) -> float:
    """The CPU seconds of one run (`check` exits 1 on the findings it is asked for)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, capture_output=True, check=False, env={"NO_COLOR": "1"})
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)}: exit {done.returncode}: {done.stderr[-300:]!r}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def with_lodging(trip: Path, count: int, out: Path) -> Path:
    """`trip` with `count` lodgings appended: one for each stay between two legs of a
    traveller (checked in an hour after landing, out two hours before leaving), the
    longest stays split in two bookings until there are `count`."""
    from tripplan import load_trip
    from tripplan.timeline import timelines

    loaded = load_trip(trip)
    stays = [
        (name, stay)
        for name, line in timelines(loaded).items()
        for stay in line.stays
        if stay.since is not None and stay.until is not None
    ]
    stays.sort(key=lambda item: item[1].since)  # type: ignore[arg-type, return-value]
    bookings = []
    for name, stay in stays:
        start, end = stay.since + timedelta(hours=1), stay.until - timedelta(hours=2)  # type: ignore[operator]
        bookings.append((name, stay.place, start, end))
    while len(bookings) < count:  # split the longest booking in two
        longest = max(range(len(bookings)), key=lambda i: bookings[i][3] - bookings[i][2])
        name, place, start, end = bookings[longest]
        middle = start + (end - start) / 2
        bookings[longest : longest + 1] = [(name, place, start, middle), (name, place, middle, end)]
    lines = [trip.read_text(encoding="utf-8")]
    for n, (name, place, start, end) in enumerate(bookings[:count]):
        local_in, local_out = start.astimezone(place.zone), end.astimezone(place.zone)
        lines += [
            "[[lodging]]",
            f'title = "Hotel {n}"',
            f'place = "{place.id}"',
            f"check_in = {local_in:%Y-%m-%dT%H:%M:%S}",
            f"check_out = {local_out:%Y-%m-%dT%H:%M:%S}",
            f'address = "{n} Main Street"',
            f'who = ["{name}"]',
            "",
        ]
    path = out / f"{trip.stem}-lodging-{count}.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def airport_trips(out: Path) -> tuple[Path, Path]:
    """The same 20-place trip twice: places by `tz`, and places by `airport` alone."""
    paths = []
    for by in ("tz", "airport"):
        lines = ['[trip]\ntitle = "Twenty airports"\nhome = "icn"\n']
        for code, zone in AIRPORTS.items():
            key = f'tz = "{zone}"' if by == "tz" else f'airport = "{code}"'
            lines.append(f"[places.{code.lower()}]\n{key}\n")
        codes = list(AIRPORTS)
        for i, (here, there) in enumerate(itertools.pairwise(codes)):
            lines.append(
                f'[[travel]]\ntitle = "Leg {i}"\nfrom = "{here.lower()}"\nto = "{there.lower()}"\n'
                f"depart = 2026-03-{i + 1:02d}T09:00:00Z\narrive = 2026-03-{i + 1:02d}T15:00:00Z\n"
            )
        path = out / f"airports-by-{by}.toml"
        path.write_text("\n".join(lines), encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1]


def paired(base: list[str], other: list[str], repeat: int) -> tuple[float, float, float, float]:
    """Medians of `base` and `other` run in turns, the median difference and ratio."""
    a, b = [], []
    for _ in range(repeat):
        a.append(_once(base))
        b.append(_once(other))
    diff = statistics.median(y - x for x, y in zip(a, b, strict=True))
    ratio = statistics.median(y / x for x, y in zip(a, b, strict=True))
    return statistics.median(a), statistics.median(b), diff, ratio


def measure(tripplan: list[str], plain: Path, out: Path, repeat: int) -> dict[str, tuple]:
    lodged = with_lodging(plain, 1_000, out)
    check = paired([*tripplan, "check", str(plain)], [*tripplan, "check", str(lodged)], repeat)
    print(f"  check: {check[0]:.3f} s without, {check[1]:.3f} s with ({check[3]:.2f}x)")
    by_tz, by_airport = airport_trips(out)
    validate = paired(
        [*tripplan, "validate", str(by_tz)], [*tripplan, "validate", str(by_airport)], repeat * 3
    )
    print(f"  validate: {validate[2] * 1000:+.1f} ms by airport")
    return {"check": check, "validate": validate}


def report(figures: dict[str, tuple], entries: int) -> str:
    check, validate = figures["check"], figures["validate"]
    ok_check = check[3] <= MOST_RATIO
    ok_validate = validate[2] * 1000 <= MOST_MS
    return "\n".join(
        [
            "## Lodging and airports (issue 23)",
            "",
            "CPU time (user and system) of paired fresh processes, the medians"
            " (bench/bookings.py).",
            "",
            "| what | without | with | more | target |",
            "|---|---|---|---|---|",
            f"| `check`, {entries:,} entries of which 1,000 lodging, against the trip without them"
            f" | {check[0]:.3f} s | {check[1]:.3f} s | {check[3]:.2f}x | <= {MOST_RATIO}x:"
            f" {'met' if ok_check else '**missed**'} |",
            f"| `validate`, 20 places by `airport` against the same by `tz`"
            f" | {validate[0] * 1000:.0f} ms | {validate[1] * 1000:.0f} ms"
            f" | {validate[2] * 1000:+.1f} ms | <= {MOST_MS:.0f} ms:"
            f" {'met' if ok_validate else '**missed**'} |",
            "",
        ]
    )
