"""What an ICS export costs when a trip spans the centuries: entries in year 2 and in year
9997, in a few dozen zones. Each VTIMEZONE should cost the transitions near the entries,
not every year between them.

    python bench/ics_span.py                 # this checkout
    python bench/ics_span.py --src OLD/src   # another checkout's tripplan, to compare

Prints the wall time, the peak memory (the child's maximum resident set, /usr/bin/time)
and the size of the calendar written. The trip is generated into bench/out/.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"

# Zones with long and odd histories: daylight time, Ramadan pauses, date-line jumps.
ZONES = [
    "America/New_York", "America/Chicago", "America/Los_Angeles", "America/Mexico_City",
    "America/Sao_Paulo", "America/Santiago", "America/Argentina/Buenos_Aires",
    "America/Havana", "America/St_Johns", "America/Nuuk", "Europe/London", "Europe/Paris",
    "Europe/Berlin", "Europe/Moscow", "Europe/Istanbul", "Europe/Dublin", "Africa/Casablanca",
    "Africa/Cairo", "Asia/Gaza", "Asia/Hebron", "Asia/Jerusalem", "Asia/Tehran", "Asia/Seoul",
    "Asia/Tokyo", "Asia/Kolkata", "Asia/Kathmandu", "Asia/Shanghai", "Australia/Sydney",
    "Australia/Adelaide", "Australia/Lord_Howe", "Pacific/Auckland", "Pacific/Chatham",
    "Pacific/Fiji", "Pacific/Apia", "Pacific/Norfolk", "Antarctica/Troll",
]  # fmt: skip


def generate() -> Path:
    """One meeting in each zone in year 2 and one in year 9997."""
    path = OUT / "ics-span.toml"
    lines = ['[trip]\ntitle = "Across the centuries"\nid = "ics-span"\n']
    for n, zone in enumerate(ZONES):
        lines.append(f'[places.p{n}]\ntz = "{zone}"\n')
    for n in range(len(ZONES)):
        for year in ("0002", "9997"):
            lines.append(
                f'[[events]]\nid = "p{n}-{year}"\ntitle = "Meeting"\nplace = "p{n}"\n'
                f'start = {year}-06-15T10:00:00\nduration = "1h"\n'
            )
    OUT.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", type=Path, help="a checkout's src/ to run instead of this one")
    args = parser.parse_args()
    trip = generate()
    env = dict(os.environ)
    if args.src:
        env["PYTHONPATH"] = str(args.src.resolve())
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "span.ics"
        command = [sys.executable, "-m", "tripplan", "export", "ics", str(trip), "-o", str(out)]
        timer = ["/usr/bin/time", "-f", "%M"] if Path("/usr/bin/time").exists() else []
        began = time.perf_counter()
        done = subprocess.run(timer + command, capture_output=True, text=True, env=env)
        seconds = time.perf_counter() - began
        if done.returncode != 0:
            sys.exit(f"export failed ({done.returncode}): {done.stderr.strip()}")
        peak = f"{int(done.stderr.split()[-1]) / 1024:.0f} MB" if timer else "unknown"
        size = out.stat().st_size
    print(f"{len(ZONES)} zones, entries in years 2 and 9997")
    print(f"time {seconds:.2f} s, peak memory {peak}, calendar {size / 1024:.1f} KiB")


if __name__ == "__main__":
    main()
