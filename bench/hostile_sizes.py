"""What refusing a file costs next to accepting it, and what hostile shapes cost.

    python bench/hostile_sizes.py             # every case, 3 runs each
    python bench/hostile_sizes.py --repeat 5 --case valid-100k --case one-error-100k
    python bench/hostile_sizes.py --loader    # the loader alone, in-process, on 100,000 entries
    python bench/hostile_sizes.py --every     # these, then every surface's cases (below)

The other surfaces keep their cases, in this file's shape, beside their own runners:
`hostile_staff.py` (git revisions and blobs, several files, diff and reach at scale),
`hostile_files.py` (special files as the trip; `--parallel`: 20 edits and 10 `new` at once,
completion), `hostile_imports.py` (invitations that never end, zones that change every
second, malformed properties, 1,000 events) and `hostile_pictures.py` (spans of
thousands of years, an entry typed into 2110, absurd COLUMNS). `--every` runs each.

Each case runs `tripplan validate` (or the command it names) as a whole process, because a
hostile file may kill it (toml-rs overflowed the C stack on deep dotted keys): the figures
are the median wall time, the median CPU time (user + system: steadier on a busy machine)
and the largest resident set (/usr/bin/time) of N runs, with the exit status and the
first line of standard error. Files are written to bench/out/
(ignored by git), the 100,000-entry trip by bench/run.py's generator.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import OUT, PY, generate

TRIPPLAN = [PY, "-m", "tripplan"]
HEAD = '[trip]\ntitle = "t"\ntravellers = [{names}]\n\n[places.a]\ntz = "America/Chicago"\n\n'
EVENT = '[[events]]\ntitle = "e"\nplace = "a"\nstart = 2010-01-01T10:00:00\nduration = "1h"\n'


def _write(name: str, text: str) -> Path:
    path = OUT / name
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return path


def valid_100k() -> Path:
    return generate(100_000)


def one_error_100k() -> Path:
    """One unknown traveller, in the last entry that names one (the error path's worst)."""
    text = valid_100k().read_text(encoding="utf-8")
    at = text.rindex('who = ["')
    end = text.index("]", at)
    return _write("trip-100000-one-error.toml", text[:at] + 'who = ["nobody"' + text[end:])


def every_entry_100k() -> Path:
    """Every entry names an unknown traveller: 100,000 errors."""
    text = valid_100k().read_text(encoding="utf-8")
    for who in ("mayor", "aide", "envoy", "press"):
        text = text.replace(f'who = ["{who}"]', 'who = ["nobody"]')
    return _write("trip-100000-every-entry.toml", text)


def _names(n: int, prefix: str = "p") -> str:
    return ", ".join(f'"{prefix}{i}"' for i in range(n))


def travellers_8000() -> Path:
    """8,000 travellers, all named in one event's `who`."""
    names = _names(8000)
    return _write("travellers-8000.toml", HEAD.format(names=names) + EVENT + f"who = [{names}]\n")


def travellers_8000_unknown() -> Path:
    """8,000 travellers, and one event naming 8,000 others."""
    text = HEAD.format(names=_names(8000)) + EVENT + f"who = [{_names(8000, 'q')}]\n"
    return _write("travellers-8000-unknown.toml", text)


def unknown_zones_100k() -> Path:
    """100,000 places, each with a zone no database has (each a search, once)."""
    places = "".join(f'[places.p{i}]\ntz = "Mars/Crater{i}"\n' for i in range(100_000))
    return _write("unknown-zones-100k.toml", '[trip]\ntitle = "t"\n' + places)


def unknown_keys_100k() -> Path:
    """100,000 unknown keys in [trip] (each suggests a key, and needs a line)."""
    keys = "".join(f"k{i} = 1\n" for i in range(100_000))
    return _write("unknown-keys-100k.toml", '[trip]\ntitle = "t"\n' + keys)


def wrong_types_50k() -> Path:
    """50,000 events with every key of the wrong type: 450,000 errors."""
    event = (
        "[[events]]\nid = 1\ntitle = 2\nplace = 3\nstart = 'x'\nduration = 4\n"
        "venue = 5\nkind = 6\nwho = 7\nnotes = 8\n"
    )
    return _write("wrong-types-50k.toml", '[trip]\ntitle = "t"\n' + event * 50_000)


def dotted(depth: int) -> Callable[[], Path]:
    def make() -> Path:
        key = "bogus" + ".a" * depth
        return _write(f"dotted-{depth}.toml", f'{key} = 1\n[trip]\ntitle = "t"\n')

    return make


def header(depth: int) -> Callable[[], Path]:
    def make() -> Path:
        name = "x-bogus" + ".a" * depth
        return _write(f"header-{depth}.toml", f'[trip]\ntitle = "t"\n[{name}]\nk = 1\n')

    return make


# name -> (file maker, command before the file)
CASES: dict[str, tuple[Callable[[], Path], list[str]]] = {
    "valid-100k": (valid_100k, ["validate"]),
    "one-error-100k": (one_error_100k, ["validate"]),
    "every-entry-100k": (every_entry_100k, ["validate"]),
    "every-entry-100k --json": (every_entry_100k, ["validate", "--json"]),
    "travellers-8000": (travellers_8000, ["validate"]),
    "travellers-8000-unknown": (travellers_8000_unknown, ["validate"]),
    "unknown-zones-100k": (unknown_zones_100k, ["validate"]),
    "unknown-keys-100k": (unknown_keys_100k, ["validate"]),
    "wrong-types-50k": (wrong_types_50k, ["validate"]),
    "dotted-500": (dotted(500), ["validate"]),
    "dotted-3000": (dotted(3000), ["validate"]),
    "dotted-100000": (dotted(100_000), ["validate"]),
    "header-3000": (header(3000), ["validate"]),
}


def measure(command: list[str], repeat: int) -> tuple[float, float, int, int, str]:
    """Median wall and CPU seconds, largest peak KiB, exit status and first stderr line."""
    times, cpu, peaks, status, first = [], [], [], 0, ""
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(
            ["/usr/bin/time", "-f", "@@ %M %U %S", *command],
            capture_output=True,
            env={**os.environ, "NO_COLOR": "1"},
        )
        times.append(time.perf_counter() - start)
        err = done.stderr.decode("utf-8", "replace").splitlines()
        _, peak, user, system = next(line.split() for line in err if line.startswith("@@"))
        peaks.append(int(peak))
        cpu.append(float(user) + float(system))
        # /usr/bin/time reports a signal as "Command terminated by signal N"
        status = done.returncode
        first = next((line for line in err if not line.startswith("@@")), "")[:100]
    return statistics.median(times), statistics.median(cpu), max(peaks), status, first


Cases = dict[str, tuple[Callable[[], Path], list[str]]]


def run_cases(names: list[str], repeat: int, cases: Cases | None = None) -> None:
    """A table row for each case named, of `cases` (this file's by default); a maker
    that returns a folder stands for every trip file in it, in name order."""
    print("| case | wall | CPU | peak RSS | exit | first line of stderr (cut) |")
    print("|---|---|---|---|---|---|")
    for name in names:
        make, command = (cases or CASES)[name]
        print_row(name, make(), command, repeat)


def print_row(name: str, path: Path, command: list[str], repeat: int) -> None:
    files = sorted(path.glob("*.toml")) if path.is_dir() else [path]
    wall, cpu, peak, status, first = measure([*TRIPPLAN, *command, *map(str, files)], repeat)
    first = first.replace(str(OUT), "bench/out")
    row = f"| {name} | {wall:.2f} s | {cpu:.2f} s | {peak / 1024:.0f} MB | {status} |"
    print(f"{row} `{first}` |", flush=True)


def loader(repeat: int) -> None:
    """`loads_trip` on the 100,000-entry trip in this process: best and median of N."""
    from tripplan.load import loads_trip

    data = valid_100k().read_bytes()
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        loads_trip(data, "trip.toml")
        times.append(time.perf_counter() - start)
    best, median = min(times), statistics.median(times)
    print(f"loads_trip, 100,000 entries: best {best:.3f} s, median {median:.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--case", action="append", choices=list(CASES))
    parser.add_argument("--loader", action="store_true", help="time the loader in-process")
    parser.add_argument("--every", action="store_true", help="every surface's cases too")
    args = parser.parse_args()
    if args.loader:
        loader(args.repeat)
        return
    run_cases(args.case or list(CASES), args.repeat)
    if args.every:
        here = Path(__file__).resolve().parent
        for surface in SURFACES:
            print(f"\n{surface}:", flush=True)
            subprocess.run([PY, str(here / surface), "--repeat", str(args.repeat)], check=True)
        subprocess.run([PY, str(here / "hostile_files.py"), "--parallel"], check=True)


# Each surface's own runner (they import this file's `measure`, so they are run, not imported).
SURFACES = ("hostile_staff.py", "hostile_files.py", "hostile_imports.py", "hostile_pictures.py")


if __name__ == "__main__":
    main()
