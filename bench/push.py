"""What `push` costs against a real CalDAV server (issue 22): a local Radicale, the
10,000-entry trip pushed once (every event created), then again with no change (nothing
written): the second is held to at most 2x `check --json` of the same file.

    python bench/run.py --push    # this part alone; its table goes into results.md

Radicale is started as the tests start it (tests/radicale.py: 127.0.0.1, a free port, its
own storage and users), in bench/out/radicale, and stopped after. Wall time of whole
processes, the median of `repeat` runs of each no-change push and `check --json` in turns.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MOST = 2.0


def _timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, env=env)
    if done.returncode not in (0, 1):
        raise SystemExit(f"failed: {' '.join(command)}\n{done.stderr.decode()[-2000:]}")
    return time.perf_counter() - start


def measure(tripplan: list[str], trip: Path, out: Path, repeat: int) -> dict[str, float]:
    sys.path.insert(0, str(ROOT / "tests"))
    import radicale  # the tests' own server

    folder = out / "radicale"
    shutil.rmtree(folder, ignore_errors=True)
    server = radicale.start(folder)
    try:
        url = server.calendar()
        env = {
            **os.environ,
            "NO_COLOR": "1",
            "TRIPPLAN_CALDAV_USER": radicale.USER,
            "TRIPPLAN_CALDAV_PASSWORD": radicale.PASSWORD,
            "XDG_STATE_HOME": str(folder / "state"),  # push's memory (sync/memory.py)
        }
        first = _timed([*tripplan, "push", str(trip), url], env)
        written = len(server.writes(url))
        again, check, unremembered = [], [], []
        for n in range(repeat):
            again.append(_timed([*tripplan, "push", str(trip), url], env))
            check.append(_timed([*tripplan, "check", "--json", str(trip)], env))
            forgot = {**env, "XDG_STATE_HOME": str(folder / f"empty-{n}")}  # a new machine
            unremembered.append(_timed([*tripplan, "push", str(trip), url], forgot))
        rewritten = len(server.writes(url)) - written
    finally:
        radicale.stop(server.process)
    return {
        "first": first,
        "first writes": written,
        "again": statistics.median(again),
        "again writes": rewritten,
        "again without memory": statistics.median(unremembered),
        "check": statistics.median(check),
    }


def report(n: int, figures: dict[str, float]) -> str:
    ratio = figures["again"] / figures["check"]
    verdict = "met" if ratio <= MOST and figures["again writes"] == 0 else "**missed**"
    return "\n".join(
        [
            "## Push to CalDAV (issue 22)",
            "",
            f"The {n:,}-entry trip pushed to a local Radicale (tests/radicale.py), wall time.",
            "",
            "| run | time | writes the server logged |",
            "|---|---|---|",
            f"| first `push` (every event created) | {figures['first']:.1f} s"
            f" | {int(figures['first writes']):,} |",
            f"| second `push`, no change (median) | {figures['again']:.2f} s"
            f" | {int(figures['again writes'])} |",
            f"| the same, on a machine with no memory of the last push (median)"
            f" | {figures['again without memory']:.2f} s | 0 |",
            f"| `check --json`, same file (median) | {figures['check']:.2f} s | |",
            "",
            f"Second push / `check --json`: {ratio:.2f} (target <= {MOST}, and no write):"
            f" {verdict}.",
            "",
        ]
    )
