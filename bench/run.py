"""Benchmark tripplan as whole processes, next to the floors it is held to.

    python bench/run.py              # sizes 10, 1,000, 10,000, 100,000; writes bench/results.md
    python bench/run.py --quick      # 10 and 1,000 only, fewer repeats (a smoke run)
    python bench/run.py --no-peer    # skip khal

Every figure is the median wall time of N fresh processes; peak memory is the child's
maximum resident set (/usr/bin/time -f %M). Trips are generated into bench/out/ (ignored
by git): several travellers, legs across zones, all-day events and some conflicts.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
RESULTS = ROOT / "bench" / "results.md"
ANALYSIS = ROOT / "bench" / "analysis.md"  # hand-written; appended to every results.md
SAMPLE = ROOT / "trips" / "seoul-americas-2010.toml"
PY = sys.executable
TRIPPLAN = [PY, "-m", "tripplan"]
FLOOR = [PY, "-c", "import typer, rich, pendulum"]
# What a command that draws a table cannot avoid importing (`import rich` alone loads
# neither the console nor the table): a reference for the table commands, not a target.
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


def _nine_hours_on(depart: datetime, here: str, there: str) -> datetime:
    """The local time at `there` nine hours after leaving `here` at local `depart`: a leg
    that ends after it starts (export ics refuses one that does not)."""
    from zoneinfo import ZoneInfo

    leaving = depart.replace(tzinfo=ZoneInfo(PLACES[here])).astimezone(UTC)
    return (leaving + timedelta(hours=9)).astimezone(ZoneInfo(PLACES[there])).replace(tzinfo=None)


def generate(n: int) -> Path:
    """A trip of `n` entries: each traveller hops between cities, a few meetings a day."""
    path = OUT / f"trip-{n}.toml"
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
            if i % 10 == 9:  # a leg to the next city, twelve hours later, arriving local
                there = order[(order.index(here) + 1) % len(order)]
                lines += [
                    "[[travel]]",
                    f'title = "Flight {t}-{i} {here} to {there}"',
                    f'from = "{here}"',
                    f'to = "{there}"',
                    f"depart = {clock:%Y-%m-%dT%H:%M:%S}",
                    f"arrive = {_nine_hours_on(clock, here, there):%Y-%m-%dT%H:%M:%S}",
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
    OUT.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@dataclass
class Measure:
    seconds: float  # median wall time
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
    return Measure(statistics.median(times), max(peaks, default=0))


COMMANDS = {
    "--help": ["--help"],
    "validate": ["validate", "{f}"],
    "itinerary --json": ["itinerary", "--json", "{f}"],
    "agenda": ["agenda", "{f}"],
    "check": ["check", "{f}"],
    "check --json": ["check", "--json", "{f}"],
    "export ics": ["export", "ics", "{f}"],
}


def run_size(label: str, trip: Path, repeat: int) -> dict[str, Measure]:
    results = {}
    for name, args in COMMANDS.items():
        results[name] = measure([*TRIPPLAN, *(a.format(f=trip) for a in args)], repeat)
        print(f"  {label:>8} {name:<18} {results[name].seconds:7.3f} s", flush=True)
    parse = f"import tomllib; tomllib.load(open({str(trip)!r}, 'rb'))"
    results["tomllib parse"] = measure([PY, "-c", parse], repeat)
    print(f"  {label:>8} {'tomllib parse':<18} {results['tomllib parse'].seconds:7.3f} s")
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


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}"


def verdict(ok: bool) -> str:
    return "pass" if ok else "**fail**"


def _peak(results: dict[str, Measure]) -> tuple[str, float]:
    """The command with the largest resident set, and that set in MB."""
    name = max(COMMANDS, key=lambda c: results[c].peak_kib)
    return name, results[name].peak_kib / 1024


def report(
    sizes: dict[int, dict[str, Measure]],
    sample: dict[str, Measure],
    floors: dict[str, Measure],
    peer: Measure | None,
) -> str:
    floor = floors["import floor"].seconds
    out = [
        "# Benchmark results",
        "",
        f"Run on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `python bench/run.py`: {machine()}.",
        "Median wall time of whole processes (tripplan byte-compiled, as an install is);"
        " peak memory is the largest resident set.",
        "",
        "## Floors",
        "",
        "| command | median |",
        "|---|---|",
        f"| `python -c pass` | {floors['python -c pass'].seconds * 1000:.0f} ms |",
        f'| import floor `python -c "import typer, rich, pendulum"` | {floor * 1000:.0f} ms |',
        f'| table floor `python -c "import typer, rich.console, rich.table"`'
        f" | {floors['table floor'].seconds * 1000:.0f} ms |",
        "",
        "## The sample trip (`trips/seoul-americas-2010.toml`)",
        "",
        "| command | median | ratio to import floor |" + (" khal list / this |" if peer else ""),
        "|---|---|---|" + ("---|" if peer else ""),
    ]
    for name, m in sample.items():
        if name == "tomllib parse":
            continue
        row = f"| `tripplan {name}` | {m.seconds * 1000:.0f} ms | {ratio(m.seconds, floor)} |"
        if peer:
            row += f" {ratio(peer.seconds, m.seconds)} |"
        out.append(row)
    if peer:
        out += ["", f"Peer: `khal list` over the same events: {peer.seconds * 1000:.0f} ms."]
    out += [
        "",
        "## By size",
        "",
        "| command | " + " | ".join(f"{n:,}" for n in sizes) + " |",
        "|---|" + "---|" * len(sizes),
    ]
    for name in [*COMMANDS, "tomllib parse"]:
        cells = [f"{sizes[n][name].seconds:.3f} s" for n in sizes]
        out.append(f"| `{name}` | " + " | ".join(cells) + " |")
    out.append(
        "| peak memory, the largest of any command | "
        + " | ".join(f"{mb:.0f} MB (`{name}`)" for name, mb in map(_peak, sizes.values()))
        + " |"
    )
    out += ["", "## Targets", "", "| target | measured | verdict |", "|---|---|---|"]
    for name in ("--help", "validate", "itinerary --json", "check --json"):
        r = sample[name].seconds / floor
        out.append(f"| sample `{name}` <= 1.0 x floor | {r:.2f} | {verdict(r <= 1.0)} |")
    for name in ("agenda", "check"):
        r = sample[name].seconds / floor
        t = sample[name].seconds / floors["table floor"].seconds
        out.append(
            f"| sample `{name}` (tables) <= 1.2 x floor | {r:.2f} ({t:.2f} x table floor)"
            f" | {verdict(r <= 1.2)} |"
        )
    if peer:
        worst = max(sample[n].seconds for n in COMMANDS)
        out.append(
            f"| every sample command >= 2x faster than khal list | {peer.seconds / worst:.1f}x"
            f" (slowest command) | {verdict(peer.seconds / worst >= 2)} |"
        )
    if 100_000 in sizes:
        big = sizes[100_000]
        r = big["check --json"].seconds / big["tomllib parse"].seconds
        out.append(f"| 100k `check --json` <= tomllib parse | {r:.2f} | {verdict(r <= 1.0)} |")
        r = big["itinerary --json"].seconds / big["check --json"].seconds
        out.append(
            f"| 100k `itinerary --json` <= 1.3 x `check --json` | {r:.2f} | {verdict(r <= 1.3)} |"
        )
        name, mb = _peak(big)
        out.append(
            f"| 100k peak memory < 500 MB (every command) | {mb:.0f} MB (`{name}`)"
            f" | {verdict(mb < 500)} |"
        )
    if 10_000 in sizes:
        ten = sizes[10_000]
        r = ten["export ics"].seconds / ten["itinerary --json"].seconds
        out.append(f"| 10k `export ics` <= 3 x `itinerary --json` | {r:.2f} | {verdict(r <= 3)} |")
        s = ten["export ics"].seconds
        out.append(f"| 10k `export ics` well under 2 s | {s:.2f} s | {verdict(s < 1.5)} |")
    if 100_000 in sizes and 10_000 in sizes:
        worst_name = max(
            COMMANDS, key=lambda c: sizes[100_000][c].seconds / sizes[10_000][c].seconds
        )
        g = sizes[100_000][worst_name].seconds / sizes[10_000][worst_name].seconds
        out.append(
            f"| every 100k figure <= 12 x its 10k figure | {g:.1f}x (`{worst_name}`) |"
            f" {verdict(g <= 12)} |"
        )
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 and 1,000 entries, 3 runs")
    parser.add_argument("--no-peer", action="store_true", help="skip khal")
    parser.add_argument("--repeat", type=int, default=7, help="runs per small command")
    parser.add_argument("--output", type=Path, default=RESULTS)
    options = parser.parse_args()
    repeat = 3 if options.quick else options.repeat
    # An installed package is byte-compiled; an editable checkout may not be (and with
    # PYTHONDONTWRITEBYTECODE never is): compile it, or every run pays for the compiler.
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "src")], check=True)
    counts = [10, 1_000] if options.quick else [10, 1_000, 10_000, 100_000]

    floors = {
        "python -c pass": measure([PY, "-c", "pass"], repeat * 2),
        "import floor": measure(FLOOR, repeat * 2),
        "table floor": measure(TABLE_FLOOR, repeat * 2),
    }
    print(f"floor {floors['import floor'].seconds:.3f} s", flush=True)
    sample = run_size("sample", SAMPLE, repeat * 2)
    sizes = {}
    for n in counts:
        sizes[n] = run_size(f"{n:,}", generate(n), repeat if n < 100_000 else 3)
    peer = None
    if not options.no_peer:
        ics = OUT / "sample.ics"
        exported = subprocess.run([*TRIPPLAN, "export", "ics", str(SAMPLE)], capture_output=True)
        ics.write_bytes(exported.stdout)
        peer = khal_list(ics, repeat * 2)
    text = report(sizes, sample, floors, peer)
    if ANALYSIS.exists():
        text += "\n" + ANALYSIS.read_text(encoding="utf-8")
    options.output.write_text(text, encoding="utf-8")
    print(f"wrote {options.output}")


if __name__ == "__main__":
    main()
