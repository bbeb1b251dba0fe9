"""Time the staff questions on a 10,000-entry trip against `check --json` on the same file.

    python bench/staff.py            # 10,000 entries, 7 runs each
    python bench/staff.py --n 1000 --repeat 3

Reuses bench/run.py's generated trip and its measurement (median wall time of fresh
processes). `diff` compares the trip with a copy in which a tenth of the meetings moved by
half an hour. Target: each at most 1.5 x `check --json`.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import PY, ROOT, TRIPPLAN, generate, measure, revised

TARGET = 1.5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="entries in the trip")
    parser.add_argument("--repeat", type=int, default=7, help="runs per command")
    options = parser.parse_args()
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "src")], check=True)
    trip = generate(options.n)
    other = revised(trip)
    at = "2010-06-01T12:00:00Z"  # mid-season
    commands = {
        "check --json": ["check", "--json", str(trip)],
        "where --json": ["where", "--json", "--at", at, str(trip)],
        "where": ["where", "--at", at, str(trip)],
        "reach --json": ["reach", "--json", str(trip)],
        "reach": ["reach", str(trip)],
        "diff --json": ["diff", "--json", str(trip), str(other)],
        "diff": ["diff", str(trip), str(other)],
    }
    results = {}
    for name, args in commands.items():
        results[name] = measure([*TRIPPLAN, *args], options.repeat)
        print(f"  {name:<14} {results[name].seconds:7.3f} s", flush=True)
    base = results["check --json"].seconds
    print(f"\n| command ({options.n:,} entries) | median | x `check --json` | <= {TARGET} |")
    print("|---|---|---|---|")
    for name, m in results.items():
        ratio = m.seconds / base
        verdict = "pass" if ratio <= TARGET else "**fail**"
        print(f"| `{name}` | {m.seconds:.3f} s | {ratio:.2f} | {verdict} |")


if __name__ == "__main__":
    main()
