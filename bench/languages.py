"""What a language costs at start-up (issue 21): Korean is at most 15 ms more than English.

    python bench/run.py --languages    # this part alone; its table goes into results.md

The Korean sample (`trips/seoul-americas-2010.ko.toml`, `lang = "ko"`) against the English
one, each table command run in turns (English, Korean, English, ...) so that both see the
same machine; the English sample with `--lang ko` and `--lang fr` too (French asks Babel at
run time: no target, shown for scale). The cost is the difference of the medians.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = ROOT / "trips" / "seoul-americas-2010.toml"
KOREAN = ROOT / "trips" / "seoul-americas-2010.ko.toml"
MOST_MS = 15.0


def _once(command: list[str]) -> float:
    """The CPU seconds (user and system) of one run: on a shared machine the wall time of
    a 150 ms process swings by more than the 15 ms asked about; its CPU time does not."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, capture_output=True, check=True, env={"NO_COLOR": "1", "PATH": ""})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def paired(base: list[str], other: list[str], repeat: int) -> tuple[float, float, float]:
    """The median seconds of `base` and of `other`, run in turns, and the median of the
    differences of each pair (what `other` costs more, with the machine's drift between
    pairs taken out)."""
    a, b = [], []
    for _ in range(repeat):
        a.append(_once(base))
        b.append(_once(other))
    more = statistics.median(y - x for x, y in zip(a, b, strict=True))
    return statistics.median(a), statistics.median(b), more


def measure(tripplan: list[str], repeat: int) -> list[tuple[str, float, float, float]]:
    rows = []
    for command in ("agenda", "itinerary", "check"):
        base = [*tripplan, command, str(ENGLISH)]
        for label, other in (
            ("Korean sample", [*tripplan, command, str(KOREAN)]),
            ("--lang ko", [*base, "--lang", "ko"]),
            ("--lang fr", [*base, "--lang", "fr"]),
        ):
            english, speaking, more = paired(base, other, repeat)
            rows.append((f"`{command}` {label}", english, speaking, more))
            print(f"  {command:<10} {label:<14} {more * 1000:+6.1f} ms", flush=True)
    return rows


def report(rows: list[tuple[str, float, float, float]]) -> str:
    out = [
        "## Language (issue 21)",
        "",
        "CPU time (user and system) of paired runs, English first: the medians, and the"
        " median of the pairs' differences (`more`); the target is Korean <= English + 15 ms.",
        "",
        "| command | English | in the language | more | target |",
        "|---|---|---|---|---|",
    ]
    for label, english, speaking, extra in rows:
        more = extra * 1000
        target = "" if "fr" in label else ("met" if more <= MOST_MS else "**missed**")
        out.append(
            f"| {label} | {english * 1000:.0f} ms | {speaking * 1000:.0f} ms | {more:+.1f} ms"
            f" | {target} |"
        )
    return "\n".join(out) + "\n"
