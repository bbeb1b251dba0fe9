"""Benchmark tripplan as whole processes, next to the floors and the peers it is held to.

    python bench/run.py              # sizes 1,000, 10,000, 100,000; writes bench/results.md
    python bench/run.py --quick      # 1,000 only, fewer runs (a smoke run)
    python bench/run.py --no-peer    # skip khal and calcurse

Every figure is the median wall time of N fresh processes; peak memory is the child's
largest resident set (/usr/bin/time -f %M). Trips are generated into bench/out/ (ignored
by git): four travellers hopping between six cities, meetings, flights, all-day events
and some overlaps; every leg lands after it leaves. The targets are issue 15's.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
RESULTS = ROOT / "bench" / "results.md"
ANALYSIS = ROOT / "bench" / "analysis.md"  # hand-written; appended to every results.md
SAMPLE = ROOT / "trips" / "seoul-americas-2010.toml"
SAMPLE_REVISED = ROOT / "tests" / "trips" / "seoul_americas_2010_revised.toml"
PY = sys.executable
TRIPPLAN = [PY, "-m", "tripplan"]
# What the plain commands (help, validate, JSON) are held to, and what every table needs.
FLOOR = [PY, "-c", "import typer, rich, pendulum"]
TABLE_FLOOR = [PY, "-c", "import typer, rich.console, rich.table"]
PLACES = {
    "seoul": "Asia/Seoul",
    "la": "America/Los_Angeles",
    "chicago": "America/Chicago",
    "mexico": "America/Mexico_City",
    "london": "Europe/London",
    "sydney": "Australia/Sydney",
}
TRAVELLERS = ["mayor", "aide", "envoy", "press"]
WHEN = "2010-06-01T12:00:00Z"  # `where --at`: inside every generated trip but the smallest


def generate(n: int, out: Path = OUT) -> Path:
    """A trip of `n` entries: each traveller hops between cities, a few meetings a day."""
    path = out / f"trip-{n}.toml"
    if path.exists():
        return path
    lines = [
        "[trip]",
        f'title = "Benchmark season, {n} entries"',
        'home = "seoul"',
        f"travellers = {TRAVELLERS!r}".replace("'", '"'),
        'buffer = "45m"',
        "",
    ]
    for place, tz in PLACES.items():
        lines += [f"[places.{place}]", f'tz = "{tz}"', ""]
    order = list(PLACES)
    made = 0
    per_traveller = -(-n // len(TRAVELLERS))
    for t, who in enumerate(TRAVELLERS):
        clock = datetime(2010, 1, 4, 8, 0) + timedelta(hours=t)
        here = order[t % len(order)]
        for i in range(per_traveller):
            if made == n:
                break
            made += 1
            if i % 10 == 9:  # a leg to the next city: nine hours in the air
                there = order[(order.index(here) + 1) % len(order)]
                arrive = _arrival(clock, here, there, timedelta(hours=9))
                lines += [
                    "[[travel]]",
                    f'title = "Flight {t}-{i} {here} to {there}"',
                    f'from = "{here}"',
                    f'to = "{there}"',
                    f"depart = {clock:%Y-%m-%dT%H:%M:%S}",
                    f"arrive = {arrive:%Y-%m-%dT%H:%M:%S}",
                    'mode = "flight"',
                    f'who = ["{who}"]',
                    "",
                ]
                here = there
                clock += timedelta(days=1)
                continue
            if i % 97 == 50:  # an all-day event
                lines += [
                    "[[events]]",
                    f'title = "Conference day {t}-{i}"',
                    f'place = "{here}"',
                    f"start = {clock.date()}",
                    f'who = ["{who}"]',
                    "",
                ]
                continue
            overlap = i % 53 == 7  # now and then a meeting that runs into the next
            lines += [
                "[[events]]",
                f'id = "m-{t}-{i}"',
                f'title = "Meeting {t}-{i} with the city delegation"',
                f'place = "{here}"',
                f"start = {clock:%Y-%m-%dT%H:%M:%S}",
                f'duration = "{"3h" if overlap else "1h"}"',
                f'venue = "City Hall, room {i % 40}"',
                'kind = "meeting"',
                f'who = ["{who}"]',
                "",
            ]
            clock += timedelta(hours=2)
            if clock.hour >= 18:
                clock = clock.replace(hour=8) + timedelta(days=1)
    out.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _arrival(depart: datetime, here: str, there: str, flight: timedelta) -> datetime:
    """The wall time at `there` when a flight that left `here` at `depart` lands, so that
    every generated leg lands after it leaves (a London-Sydney leg written as nine hours
    of wall time would land before it left)."""
    from zoneinfo import ZoneInfo

    leaves = depart.replace(tzinfo=ZoneInfo(PLACES[here]))
    return (leaves + flight).astimezone(ZoneInfo(PLACES[there])).replace(tzinfo=None)


def revised(trip: Path) -> Path:
    """The trip as the next day's plan: every tenth meeting half an hour later (`diff`)."""
    path = trip.with_name(f"{trip.stem}-revised.toml")
    if not path.exists():
        count = 0

        def later(match: re.Match[str]) -> str:
            nonlocal count
            count += 1
            return match.group(0) if count % 10 else match.group(0).replace(":00:00", ":30:00")

        text = trip.read_text(encoding="utf-8")
        path.write_text(re.sub(r"start = \S+T\d\d:00:00", later, text), encoding="utf-8")
    return path


@dataclass
class Measure:
    seconds: float  # median wall time
    low: float  # fastest run
    high: float  # slowest run
    peak_kib: int  # largest resident set of any run


def measure(command: list[str], repeat: int) -> Measure:
    times, peaks = [], []
    timer = ["/usr/bin/time", "-f", "%M"] if Path("/usr/bin/time").exists() else []
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(
            [*timer, *command], capture_output=True, env={**os.environ, "NO_COLOR": "1"}
        )
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            raise SystemExit(f"failed: {' '.join(command)}\n{done.stderr.decode()[-2000:]}")
        if timer:
            peaks.append(int(done.stderr.decode().strip().splitlines()[-1]))
    return Measure(statistics.median(times), min(times), max(times), max(peaks, default=0))


# Each command, with {f} the trip, {r} its revision, {o} a throwaway output file.
COMMANDS = {
    "--help": ["--help"],
    "validate": ["validate", "{f}"],
    "itinerary": ["itinerary", "{f}"],
    "itinerary --json": ["itinerary", "--json", "{f}"],
    "agenda": ["agenda", "{f}"],
    "agenda --json": ["agenda", "--json", "{f}"],
    "check": ["check", "{f}"],
    "check --json": ["check", "--json", "{f}"],
    "export ics": ["export", "ics", "{f}", "-o", "{o}.ics"],
    "where": ["where", "--at", WHEN, "{f}"],
    "where --json": ["where", "--json", "--at", WHEN, "{f}"],
    "reach": ["reach", "{f}"],
    "reach --json": ["reach", "--json", "{f}"],
    "diff": ["diff", "{f}", "{r}"],
    "diff --json": ["diff", "--json", "{f}", "{r}"],
    "timeline": ["timeline", "{f}", "-o", "{o}.svg"],
    "booklet": ["booklet", "{f}", "-o", "{o}.html"],
    "move --dry-run": ["move", "{f}", "{id}", "--by", "1h", "--dry-run"],
    "set --dry-run": ["set", "{f}", "{id}", "duration", "2h", "--dry-run"],
    "search --json": ["search", "--json", "{f}", "ROOM 17"],
    "import ics --dry-run": ["import", "ics", "{f}", "{i}", "--dry-run"],
}
# An invitation as a colleague in Seoul sends one: a new meeting on the trip's first day.
INVITATION = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//bench//tripplan//EN\r
METHOD:REQUEST\r
BEGIN:VTIMEZONE\r
TZID:Asia/Seoul\r
BEGIN:STANDARD\r
DTSTART:19700101T000000\r
TZOFFSETFROM:+0900\r
TZOFFSETTO:+0900\r
TZNAME:KST\r
END:STANDARD\r
END:VTIMEZONE\r
BEGIN:VEVENT\r
UID:bench-invitation@example.org\r
SEQUENCE:0\r
DTSTAMP:20100101T000000Z\r
DTSTART;TZID=Asia/Seoul:20100104T060000\r
DTEND;TZID=Asia/Seoul:20100104T070000\r
SUMMARY:Breakfast with the press office\r
END:VEVENT\r
END:VCALENDAR\r
"""
TABLES = ("itinerary", "agenda", "check")
PLAIN = ("--help", "validate", "itinerary --json", "check --json", "agenda --json")


def run_size(label: str, trip: Path, revision: Path, entry: str, repeat: int) -> dict[str, Measure]:
    results = {}
    scratch = Path(tempfile.mkdtemp(prefix="tripplan-bench-"))
    invitation = scratch / "invitation.ics"
    invitation.write_bytes(INVITATION.encode())
    for name, args in COMMANDS.items():
        where = {"f": trip, "r": revision, "o": scratch / "out", "id": entry, "i": invitation}
        line = [a.format(**where) for a in args]
        results[name] = measure([*TRIPPLAN, *line], repeat)
        m = results[name]
        print(f"  {label:>8} {name:<18} {m.seconds:7.3f} s {m.peak_kib / 1024:6.0f} MB", flush=True)
    shutil.rmtree(scratch)
    return results


def khal_list(ics: Path, repeat: int) -> Measure | None:
    """`khal list` over the sample's events, after `khal import` of our ICS (throwaway
    config); None when khal cannot be installed."""
    venv = OUT / "khal-venv"
    khal = venv / "bin" / "khal"
    if not khal.exists():
        subprocess.run([PY, "-m", "venv", str(venv)], check=True)
        installed = subprocess.run(
            [str(venv / "bin" / "pip"), "install", "-q", "khal"], capture_output=True
        )
        if installed.returncode != 0:
            return None
    home = Path(tempfile.mkdtemp(prefix="khal-"))
    calendar = home / "calendars" / "trip"
    calendar.mkdir(parents=True)
    config = home / "config"
    config.write_text(
        f"[calendars]\n[[trip]]\npath = {calendar}\n"
        f"[locale]\nlocal_timezone = Asia/Seoul\ndefault_timezone = Asia/Seoul\n"
        f"[sqlite]\npath = {home / 'khal.db'}\n"
    )
    base = [str(khal), "-c", str(config)]
    subprocess.run([*base, "import", "--batch", "-a", "trip", str(ics)], check=True)
    result = measure([*base, "list", "2010-11-01", "60d"], repeat)
    shutil.rmtree(home)
    return result


def calcurse_query(trip: Path, repeat: int) -> Measure | None:
    """`calcurse -Q` over the trip's own dates, after importing our ICS into a throwaway
    `-D` directory; None when calcurse is not installed (Debian: apt-get install calcurse)."""
    calcurse = shutil.which("calcurse")
    if calcurse is None:
        return None
    folder = Path(tempfile.mkdtemp(prefix="calcurse-"))
    ics = folder / "trip.ics"
    subprocess.run([*TRIPPLAN, "export", "ics", str(trip), "-o", str(ics)], check=True)
    subprocess.run([calcurse, "-D", str(folder), "-i", str(ics), "-q"], capture_output=True)
    first, last = _dates(trip)
    days = (last - first).days + 1
    result = measure([calcurse, "-D", str(folder), "-Q", "--from", f"{first:%m/%d/%Y}",
                      "--days", str(days)], repeat)  # fmt: skip
    shutil.rmtree(folder)
    return result


def _dates(trip: Path) -> tuple[date, date]:
    done = subprocess.run(
        [*TRIPPLAN, "itinerary", "--json", str(trip)], capture_output=True, check=True
    )
    starts = [e["start"][:10] for e in json.loads(done.stdout)["entries"]]
    return date.fromisoformat(min(starts)), date.fromisoformat(max(starts))


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB"
    return (
        f"{os.cpu_count()} cores ({cpu}){memory}; Python {platform.python_version()};"
        f" {platform.system()} {platform.release()}"
    )


def verdict(ok: bool) -> str:
    return "pass" if ok else "**fail**"


def report(
    sizes: dict[int, dict[str, Measure]],
    sample: dict[str, Measure],
    floors: dict[str, Measure],
    peers: dict[str, Measure | None],
) -> str:
    floor, table_floor = floors["import floor"].seconds, floors["table floor"].seconds
    out = [
        "# Benchmark results",
        "",
        f"Run on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `python bench/run.py`: {machine()}.",
        "Median wall time of whole processes (tripplan byte-compiled, as an install is),"
        " with the fastest and slowest run; peak memory is the largest resident set.",
        "",
        "## Floors and peers",
        "",
        "| command | median (range) |",
        "|---|---|",
        f"| `python -c pass` | {_ms(floors['python -c pass'])} |",
        f'| import floor `python -c "import typer, rich, pendulum"`'
        f" | {_ms(floors['import floor'])} |",
        f'| table floor `python -c "import typer, rich.console, rich.table"`'
        f" | {_ms(floors['table floor'])} |",
        *(f"| {name} | {_ms(m)} |" for name, m in peers.items() if m is not None),
        "",
        "## The sample trip (`trips/seoul-americas-2010.toml`)",
        "",
        "| command | median (range) | / import floor | / table floor |",
        "|---|---|---|---|",
    ]
    for name, m in sample.items():
        out.append(
            f"| `tripplan {name}` | {_ms(m)} | {m.seconds / floor:.2f} |"
            f" {m.seconds / table_floor:.2f} |"
        )
    out += [
        "",
        "## By size",
        "",
        "| command | " + " | ".join(f"{n:,}" for n in sizes) + " |",
        "|---|" + "---|" * len(sizes),
    ]
    for name in COMMANDS:
        cells = [f"{sizes[n][name].seconds:.3f} s, {_mb(sizes[n][name])}" for n in sizes]
        out.append(f"| `{name}` | " + " | ".join(cells) + " |")
    out += ["", "## Targets (issue 15)", "", "| target | measured | verdict |", "|---|---|---|"]
    out += _targets(sizes, sample, floors, peers)
    return "\n".join(out) + "\n"


def _targets(
    sizes: dict[int, dict[str, Measure]],
    sample: dict[str, Measure],
    floors: dict[str, Measure],
    peers: dict[str, Measure | None],
) -> list[str]:
    floor, table_floor = floors["import floor"].seconds, floors["table floor"].seconds
    rows = []
    for name in TABLES:
        r = sample[name].seconds / table_floor
        rows.append(f"| sample `{name}` <= 1.15 x table floor | {r:.2f} | {verdict(r <= 1.15)} |")
    for name in PLAIN:
        r = sample[name].seconds / floor
        rows.append(f"| sample `{name}` <= 1.0 x import floor | {r:.2f} | {verdict(r <= 1.0)} |")
    if 1_000 in sizes:
        for name in ("itinerary", "agenda"):
            r = sizes[1_000][name].seconds / table_floor
            rows.append(f"| 1k `{name}` <= 1.5 x table floor | {r:.2f} | {verdict(r <= 1.5)} |")
    peer = peers.get("calcurse -Q, 10,000 events")
    if 10_000 in sizes and peer is not None:
        for name in ("itinerary", "agenda"):
            r = sizes[10_000][name].seconds / peer.seconds
            rows.append(f"| 10k `{name}` <= 1.5 x calcurse | {r:.2f} | {verdict(r <= 1.5)} |")
    for n, most in ((10_000, 2.0), (100_000, 2.5)):
        if n in sizes:
            json_time = sizes[n]["itinerary --json"].seconds
            for name in ("itinerary", "agenda"):
                r = sizes[n][name].seconds / json_time
                rows.append(
                    f"| {n // 1000}k `{name}` <= {most} x `itinerary --json` | {r:.2f}"
                    f" | {verdict(r <= most)} |"
                )
    if 100_000 in sizes:
        big = sizes[100_000]
        extra = (big["itinerary --json"].seconds - big["check --json"].seconds) / 100_000 * 1e6
        rows.append(
            f"| 100k `itinerary --json` adds <= 8 µs an entry over `check --json` |"
            f" {extra:.1f} µs | {verdict(extra <= 8)} |"
        )
        name = max(COMMANDS, key=lambda c: big[c].peak_kib)
        mb = big[name].peak_kib / 1024
        rows.append(
            f"| 100k peak memory < 500 MB, every command | {mb:.0f} MB (`{name}`)"
            f" | {verdict(mb < 500)} |"
        )
    if 10_000 in sizes:
        ten = sizes[10_000]
        held = ("where", "where --json", "reach", "reach --json", "diff", "diff --json")
        for name in (*held, "set --dry-run", "search --json", "import ics --dry-run"):
            r = ten[name].seconds / ten["check --json"].seconds
            rows.append(f"| 10k `{name}` <= 1.5 x `check --json` | {r:.2f} | {verdict(r <= 1.5)} |")
    if 100_000 in sizes and 10_000 in sizes:
        worst = max(COMMANDS, key=lambda c: sizes[100_000][c].seconds / sizes[10_000][c].seconds)
        g = sizes[100_000][worst].seconds / sizes[10_000][worst].seconds
        rows.append(
            f"| every 100k figure <= 12 x its 10k figure | {g:.1f}x (`{worst}`) |"
            f" {verdict(g <= 12)} |"
        )
    khal = peers.get("khal list, the sample")
    if khal is not None:
        slowest = max(sample, key=lambda c: sample[c].seconds)
        r = khal.seconds / sample[slowest].seconds
        rows.append(
            f"| every sample command >= 2x faster than khal list | {r:.1f}x (`{slowest}`,"
            f" the slowest) | {verdict(r >= 2)} |"
        )
    return rows


def _mb(m: Measure) -> str:
    return f"{m.peak_kib / 1024:.0f} MB"


def _ms(m: Measure) -> str:
    return f"{m.seconds * 1000:.0f} ms ({m.low * 1000:.0f}-{m.high * 1000:.0f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 entries, 3 runs")
    parser.add_argument("--no-peer", action="store_true", help="skip khal and calcurse")
    parser.add_argument("--repeat", type=int, default=7, help="runs per small command")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--languages", action="store_true", help="what Korean costs, alone")
    parser.add_argument("--push", action="store_true", help="push to a local Radicale, alone")
    parser.add_argument("--bookings", action="store_true", help="lodging and airports, alone")
    options = parser.parse_args()
    repeat = 3 if options.quick else options.repeat
    if options.languages:
        _languages(options.output, repeat * 3)
        return
    if options.push:
        _push(options.output, 10_000 if not options.quick else 1_000, repeat)
        return
    if options.bookings:
        _bookings(options.output, 10_000 if not options.quick else 2_000, repeat)
        return
    # An installed package is byte-compiled; an editable checkout may not be (and with
    # PYTHONDONTWRITEBYTECODE never is): compile it, or every run pays for the compiler.
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "src")], check=True)
    counts = [1_000] if options.quick else [1_000, 10_000, 100_000]

    floors = {
        "python -c pass": measure([PY, "-c", "pass"], repeat * 2),
        "import floor": measure(FLOOR, repeat * 2),
        "table floor": measure(TABLE_FLOOR, repeat * 2),
    }
    print(f"floors {floors['import floor'].seconds:.3f} s, {floors['table floor'].seconds:.3f} s")
    sample = run_size("sample", SAMPLE, SAMPLE_REVISED, "la-mou", repeat * 2)
    sizes = {}
    for n in counts:
        trip = generate(n)
        sizes[n] = run_size(f"{n:,}", trip, revised(trip), "m-0-1", repeat if n < 100_000 else 3)
    peers: dict[str, Measure | None] = {}
    if not options.no_peer:
        ics = OUT / "sample.ics"
        subprocess.run([*TRIPPLAN, "export", "ics", str(SAMPLE), "-o", str(ics)], check=True)
        peers["khal list, the sample"] = khal_list(ics, repeat * 2)
        if 10_000 in sizes:
            peers["calcurse -Q, 10,000 events"] = calcurse_query(generate(10_000), repeat)
    text = report(sizes, sample, floors, peers)
    if ANALYSIS.exists():
        text += "\n" + ANALYSIS.read_text(encoding="utf-8")
    # The parts measured alone (--languages, --push) are kept as they were measured.
    old = options.output.read_text(encoding="utf-8") if options.output.exists() else ""
    for title in (
        "Language (issue 21)",
        "Push to CalDAV (issue 22)",
        "Lodging and airports (issue 23)",
        "Timeline (issue 24)",
        "Booklet (issue 24): sections per date and place",
    ):
        kept = re.search(rf"## {re.escape(title)}\n.*?(?=\n## |\Z)", old, flags=re.S)
        if kept:
            text = text.rstrip("\n") + "\n\n" + kept.group(0)
    options.output.write_text(text, encoding="utf-8")
    print(f"wrote {options.output}")


def _push(output: Path, n: int, repeat: int) -> None:
    """The push section of results.md (bench/push.py), measured alone."""
    sys.path.insert(0, str(Path(__file__).parent))
    import push

    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "src")], check=True)
    section = push.report(n, push.measure(TRIPPLAN, generate(n), OUT, repeat))
    print(section)
    _put_section(output, "Push to CalDAV (issue 22)", section)


def _bookings(output: Path, n: int, repeat: int) -> None:
    """The lodging and airports section of results.md (bench/bookings.py), measured alone:
    a trip of `n` entries, 1,000 of them lodging, against the same without."""
    sys.path.insert(0, str(Path(__file__).parent))
    import bookings

    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "src")], check=True)
    figures = bookings.measure(TRIPPLAN, generate(n - 1_000), OUT, repeat)
    section = bookings.report(figures, n)
    print(section)
    _put_section(output, "Lodging and airports (issue 23)", section)


def _put_section(output: Path, title: str, section: str) -> None:
    old = output.read_text(encoding="utf-8") if output.exists() else ""
    kept = re.sub(rf"## {re.escape(title)}\n.*?(?=\n## |\Z)", "", old, flags=re.S)
    output.write_text(kept.rstrip("\n") + "\n\n" + section, encoding="utf-8")
    print(f"wrote {output}")


def _languages(output: Path, repeat: int) -> None:
    """The language section of results.md (bench/languages.py), measured alone and put in
    place of the one there."""
    sys.path.insert(0, str(Path(__file__).parent))
    import languages

    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "src")], check=True)
    section = languages.report(languages.measure(TRIPPLAN, repeat))
    _put_section(output, "Language (issue 21)", section)


if __name__ == "__main__":
    main()
