"""How long one edit takes as a trip grows: `move --dry-run` and `move` on generated trips.

Run: `python bench/edit.py` (from the repository). Figures are wall-clock seconds of a fresh
`tripplan` process, the best of a few runs; the machine is shared, so read them as sizes,
not as a test (the tests time nothing).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import generate  # the benchmark's own trip generator

SIZES = (10, 1_000, 10_000, 100_000)
REPEAT = 3


def best(command: list[str]) -> float:
    times = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    tripplan = str(Path(sys.executable).with_name("tripplan"))
    print("| entries | validate | move --dry-run | move (written) |")
    print("|---:|---:|---:|---:|")
    for size in SIZES:
        source = generate(size)
        with tempfile.TemporaryDirectory() as folder:
            trip = Path(folder) / "trip.toml"
            shutil.copyfile(source, trip)
            ident = _first_id(trip)
            row = [
                best([tripplan, "validate", str(trip)]),
                best([tripplan, "move", str(trip), ident, "--by", "0m", "--dry-run"]),
                best([tripplan, "move", str(trip), ident, "--by", "1m"]),
            ]
        print(f"| {size:,} | " + " | ".join(f"{t:.2f} s" for t in row) + " |")


def _first_id(trip: Path) -> str:
    for line in trip.read_text(encoding="utf-8").splitlines():
        if line.startswith("id = "):
            return line.split('"')[1]
    raise SystemExit("the generated trip has no id")


if __name__ == "__main__":
    main()
