"""What spans without limit cost the pictures, and absurd widths the tables.

    python bench/hostile_pictures.py             # every case, 3 runs each
    python bench/hostile_pictures.py --repeat 1 --case span-8000-years-timeline

Cases in the shape of bench/hostile_sizes.py's `CASES` (a maker that writes the file under
bench/out/, the command before the file), measured the same way (`measure`); `WIDTHS`
runs table commands on the sample trip under an absurd `COLUMNS`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hostile_sizes import _write, print_row, run_cases
from run import OUT, SAMPLE

SPAN = """\
[trip]
title = "Two events eight thousand years apart"
travellers = ["mayor"]

[places.seoul]
name = "Seoul"
tz = "Asia/Seoul"

[[events]]
id = "first"
title = "Opening"
place = "seoul"
start = 0002-01-01T10:00:00
duration = "1h"

[[events]]
id = "last"
title = "Closing"
place = "seoul"
start = 9997-12-31T10:00:00
duration = "1h"
"""


def span_8000_years() -> Path:
    """Two events, in year 2 and in 9997: 332 bytes."""
    return _write("span-8000-years.toml", SPAN)


def sample_2110() -> Path:
    """The sample trip with one event (the UCLG speech) typed into 2110."""
    text = SAMPLE.read_text(encoding="utf-8")
    typo = text.replace("start = 2010-11-18T10:00:00", "start = 2110-11-18T10:00:00", 1)
    return _write("sample-2110.toml", typo)


def _sample() -> Path:
    return SAMPLE


# name -> (file maker, command before the file)
CASES: dict[str, tuple[Callable[[], Path], list[str]]] = {
    "span-8000-years timeline": (span_8000_years, ["timeline"]),
    "span-8000-years booklet": (span_8000_years, ["booklet"]),
    "span-8000-years booklet pdf": (
        span_8000_years,
        ["booklet", "-o", str(OUT / "span-8000-years.pdf")],
    ),
    "sample timeline": (_sample, ["timeline"]),
    "sample-2110 timeline": (sample_2110, ["timeline"]),
    "sample-2110 booklet": (sample_2110, ["booklet"]),
}

# name -> (COLUMNS, command before the sample trip)
WIDTHS: dict[str, tuple[str, list[str]]] = {
    "agenda COLUMNS=1000000000": ("1000000000", ["agenda"]),
    "agenda COLUMNS=99999999999999999999": ("99999999999999999999", ["agenda"]),
    "agenda COLUMNS=80": ("80", ["agenda"]),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--case", action="append", choices=[*CASES, *WIDTHS])
    args = parser.parse_args()
    names = args.case or [*CASES, *WIDTHS]
    run_cases([name for name in names if name in CASES], args.repeat, CASES)
    for name in (name for name in names if name in WIDTHS):
        os.environ["COLUMNS"], command = WIDTHS[name]
        print_row(name, SAMPLE, command, args.repeat)
        os.environ.pop("COLUMNS", None)


if __name__ == "__main__":
    main()
