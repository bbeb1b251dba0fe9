"""What escaping DEL, C1, bidi controls and U+2028/2029 in JSON costs `itinerary --json`
on a 100,000-entry trip (render/json.py's `_compact`), next to another source tree.

    python bench/json_escape.py                      # this tree only
    python bench/json_escape.py --before /tmp/src    # and a tree without the escaping
                                                     # (git archive REV src | tar -x -C /tmp)

Three trips of the same shape (bench/run.py's generator): titles in ASCII, in Hangul (every
line passes the regular expression), and with a C1 control and a bidi override in every
title (every line has something to escape). Fresh processes writing to /dev/null, the
two trees interleaved: median CPU time (user + system: steadier than wall time on a shared
machine) and wall time, and the largest resident set.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import OUT, generate  # bench/ is scripts, not a package: run.py beside this one

ROOT = Path(__file__).resolve().parent.parent


def variant(base: Path, name: str, title: str) -> Path:
    """`base` with every meeting's title replaced by `title` and its number."""
    path = OUT / f"{base.stem}-{name}.toml"
    if not path.exists():
        text = base.read_text(encoding="utf-8").replace('title = "Meeting ', f'title = "{title} ')
        path.write_text(text, encoding="utf-8")
    return path


def run_once(source: Path, trip: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and peak resident KiB of one process."""
    env = {**os.environ, "PYTHONPATH": str(source)}
    command = [sys.executable, "-m", "tripplan", "itinerary", "--json", str(trip)]
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="a src/ folder to compare with")
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    options = parser.parse_args()
    base = generate(options.entries)
    trips = {
        "ASCII titles": base,
        "Hangul titles": variant(base, "hangul", "서울시 대표단 회의"),
        "C1 + RLO in every title": variant(base, "hostile", "Meeting \\u009b \\u202e"),
    }
    trees = {"this tree": ROOT / "src"}
    if options.before:
        trees = {"before": options.before, **trees}
    print(f"| {options.entries:,} entries, `itinerary --json` | " + " | ".join(trees) + " |")
    print("|---|" + "---|" * len(trees))
    for label, trip in trips.items():
        runs: dict[str, list[tuple[float, float, int]]] = {name: [] for name in trees}
        for _ in range(options.repeat):  # interleaved, so a busy minute hits both trees
            for name, source in trees.items():
                runs[name].append(run_once(source, trip))
        cells = []
        for measured in runs.values():
            wall = statistics.median(m[0] for m in measured)
            cpu = statistics.median(m[1] for m in measured)
            peak = max(m[2] for m in measured)
            cells.append(f"{cpu:.2f} s CPU ({wall:.2f} s wall), {peak / 1024:.0f} MiB")
        print(f"| {label} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
