"""What special files and parallel writers get: an edit of a FIFO, a read-only or a
hard-linked trip, an edit in a folder crowded with temporary-looking files; then, with
--parallel, 20 `add event` and 10 `new` at once, and completion from hostile trip names.

    python bench/hostile_files.py               # every case, 3 runs each
    python bench/hostile_files.py --case edit-fifo
    python bench/hostile_files.py --parallel    # the races and completion, counted

Cases are measured as bench/hostile_sizes.py measures them (its `measure`), the case's
file the last word of the command. Files are written to bench/out/ (ignored by git).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hostile_sizes import TRIPPLAN, run_cases
from run import OUT, generate

TRIP = '[trip]\ntitle = "t"\nid = "files"\n\n[places.a]\ntz = "Asia/Seoul"\n'
ADD = ["add", "event", "--title", "t", "--place", "a", "--start", "2030-01-02 10:00"]


def _fresh(name: str) -> Path:
    folder = OUT / "files" / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def fifo() -> Path:
    """A FIFO named as the trip: nothing ever writes to it."""
    path = _fresh("fifo") / "trip.toml"
    os.mkfifo(path)
    return path


def read_only() -> Path:
    path = _fresh("read-only") / "trip.toml"
    path.write_text(TRIP, encoding="utf-8")
    path.chmod(0o444)
    return path


def hard_linked() -> Path:
    path = _fresh("hard-linked") / "trip.toml"
    path.write_text(TRIP, encoding="utf-8")
    (path.parent / "copy.toml").hardlink_to(path)
    return path


def crowded(n: int) -> Callable[[], Path]:
    """A trip in a folder with `n` files named as temporary files of ours, each of them
    fresh (a write under way, for all the sweep can tell): read and kept by every edit."""

    def make() -> Path:
        folder = _fresh(f"crowded-{n}")
        path = folder / "trip.toml"
        path.write_text(TRIP, encoding="utf-8")
        for k in range(n):
            (folder / f".trip.toml.{k:012x}.tmp").write_bytes(b"x")
        return path

    return make


CASES: dict[str, tuple[Callable[[], Path], list[str]]] = {
    "edit-fifo": (fifo, [*ADD, "--duration", "1h"]),
    "edit-read-only": (read_only, [*ADD, "--duration", "1h"]),
    "edit-hard-linked": (hard_linked, [*ADD, "--duration", "1h"]),
    "edit-crowded-0": (crowded(0), [*ADD, "--duration", "1h"]),
    "edit-crowded-10000": (crowded(10_000), [*ADD, "--duration", "1h"]),
}


def _at_once(commands: list[list[str]]) -> tuple[list[tuple[int, str]], float]:
    start = time.perf_counter()
    started = [
        subprocess.Popen([*TRIPPLAN, *c], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for c in commands
    ]
    done = [(p.wait(), p.communicate()[1].decode("utf-8", "replace")) for p in started]
    return done, time.perf_counter() - start


def parallel_adds(n: int = 20) -> None:
    """`n` add event at once, each retried (as the issue's reproduction did) while it
    says the file changed since it was read: how many say added, how many are there."""
    path = _fresh("parallel-add") / "trip.toml"
    path.write_text(TRIP, encoding="utf-8")
    retry = (
        'for i in $(seq 50); do out=$("$@" 2>&1); case "$out" in *"changed since"*) ;;'
        ' *"added event"*) exit 0 ;; *) exit 1 ;; esac; done; exit 1'
    )
    commands = [
        ["add", "event", str(path), "--title", f"E{k}", "--id", f"e{k}", "--place", "a",
         "--start", f"2030-02-{k + 1:02} 10:00", "--duration", "1h"]
        for k in range(n)
    ]  # fmt: skip
    start = time.perf_counter()
    shells = [
        subprocess.Popen(["sh", "-c", retry, "sh", *TRIPPLAN, *c], stdout=subprocess.DEVNULL)
        for c in commands
    ]
    codes = [shell.wait() for shell in shells]
    wall = time.perf_counter() - start
    events = tomllib.loads(path.read_text(encoding="utf-8")).get("events", [])
    left = [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    print(f"{n} parallel add event: {codes.count(0)} said added,")
    print(f"  {len(events)} events in the file, {len(left)} temporary files left, {wall:.1f} s")


def parallel_new(n: int = 10) -> None:
    path = _fresh("parallel-new") / "trip.toml"
    done, wall = _at_once([["new", str(path), "--title", f"T{k}"] for k in range(n)])
    written = sum(err.endswith(": written\n") for _, err in done)
    print(f"{n} parallel new: {written} said written, {wall:.1f} s")


def completion() -> None:
    """Completion of `--who` from a FIFO, from /dev/stdin on a pipe nobody closes, and
    from trips under and over the 4 MiB completion reads: seconds, and what was offered."""
    cases = {
        "a FIFO": str(fifo()),
        "/dev/stdin (a pipe)": "/dev/stdin",
        "20,000 entries (3.7 MiB)": str(generate(20_000)),
        "100,000 entries (19 MiB)": str(generate(100_000)),
    }
    reader, writer = os.pipe()
    for name, path in cases.items():
        env = {
            **os.environ,
            "_TRIPPLAN_COMPLETE": "complete_bash",
            "COMP_WORDS": f"tripplan where {path} --who ",
            "COMP_CWORD": "4",
        }
        start = time.perf_counter()
        try:
            done = subprocess.run(
                TRIPPLAN, env=env, stdin=reader, capture_output=True, text=True, timeout=60
            )
            said = f"{len(done.stdout.split())} names offered"
        except subprocess.TimeoutExpired:
            said = "still blocked after 60 s (killed)"
        print(f"completion from {name}: {time.perf_counter() - start:.2f} s, {said}")
    os.close(reader)
    os.close(writer)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--case", action="append", choices=list(CASES))
    parser.add_argument("--parallel", action="store_true", help="the races and completion")
    args = parser.parse_args()
    if args.parallel:
        parallel_adds()
        parallel_new()
        completion()
    else:
        run_cases(args.case or list(CASES), args.repeat, CASES)


if __name__ == "__main__":
    main()
