"""Spans without limit: a picture draws at most a year of a trip (svg.MOST_DAYS), never an
entry far outside the trip's dates (svg.FAR_DAYS), and says in one line what it left out;
tables are at most cli.show.MOST_COLUMNS wide, whatever COLUMNS or the injected width says.

What was hostile runs in a subprocess held to 1 GiB of address space and a minute: before
these caps, two events 8,000 years apart drew for ten minutes into 1.3 GB, and COLUMNS=1e9
was a MemoryError.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from helpers import CONFLICTS, ROOT, SAMPLE, TRIPS, tripplan
from tripplan.cli.show import MOST_COLUMNS
from tripplan.render.svg import FAR_DAYS, MOST_DAYS, MOST_STRIPS

SVG = "{http://www.w3.org/2000/svg}"
ADDRESS_SPACE = 1 << 30
HINT = "; --from and --to draw other dates\n"

EIGHT_THOUSAND_YEARS = """\
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


def bounded(
    *args: str | Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """tripplan in a process of its own, held to ADDRESS_SPACE and a minute."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))

    return subprocess.run(
        [sys.executable, "-m", "tripplan", *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "", **(env or {})},
        cwd=ROOT,
        timeout=60,
        preexec_fn=limit,
        check=False,
    )


def bar_ids(svg: str) -> list[str]:
    root = ET.fromstring(svg.encode("utf-8"))
    return [r.attrib["data-entry"] for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]


def sample_with(tmp_path: Path, old: str, new: str) -> Path:
    text = SAMPLE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "trip.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


SPEECH = "start = 2010-11-18T10:00:00"  # uclg-speech, in Mexico City


def speech_on(tmp_path: Path, when: str) -> Path:
    return sample_with(tmp_path, SPEECH, f"start = {when}")


# -- the pictures ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["timeline", "booklet", "pdf"])
def test_two_events_eight_thousand_years_apart(tmp_path: Path, kind: str) -> None:
    trip = tmp_path / "trip.toml"
    trip.write_text(EIGHT_THOUSAND_YEARS, encoding="utf-8")
    assert len(EIGHT_THOUSAND_YEARS) < 400
    pdf = tmp_path / "book.pdf"
    args: dict[str, list[str | Path]] = {
        "timeline": ["timeline"],
        "booklet": ["booklet"],
        "pdf": ["booklet", "-o", pdf],
    }
    done = bounded(*args[kind], trip)
    what = "timeline:" if kind == "timeline" else "booklet: picture"
    assert (done.returncode, done.stderr) == (
        0,
        f"tripplan: {what} drawn 0002-01-01; 1 entry outside it not drawn:"
        f" 'last' on 9997-12-31{HINT}",
    )
    if kind == "timeline":
        assert len(done.stdout) < 20_000
        assert bar_ids(done.stdout) == ["first"]
    elif kind == "booklet":
        assert len(done.stdout) < 40_000
        assert done.stdout.count('class="tripplan-timeline"') == 1
        assert (
            '<span class="date">Wed 31 Dec 9997</span>' in done.stdout
        )  # its day page is there all the same
    else:
        assert (done.stdout, pdf.read_bytes()[:5]) == ("", b"%PDF-")


def test_an_event_typed_into_2110_is_named_and_not_drawn(tmp_path: Path) -> None:
    trip = speech_on(tmp_path, "2110-11-18T10:00:00")
    result = tripplan("timeline", trip)
    assert (result.code, result.err) == (
        0,
        "tripplan: timeline: drawn 2010-11-16 to 2010-11-23; 1 entry outside it not drawn:"
        f" 'uclg-speech' on 2110-11-18 (far outside the trip's dates){HINT}",
    )
    whole = tripplan("timeline", SAMPLE).out
    assert bar_ids(result.out) == [e for e in bar_ids(whole) if e != "uclg-speech"]
    assert 0.9 * len(whole) < len(result.out) < 1.1 * len(whole)  # not 18.8 MB


@pytest.mark.parametrize(
    ("when", "far"),
    [
        ("2011-01-22T10:00:00", False),  # FAR_DAYS after the trip's last day, 23 November
        ("2011-01-23T10:00:00", True),
        ("2010-09-17T10:00:00", False),  # FAR_DAYS before its first day, 16 November
        ("2010-09-16T10:00:00", True),
    ],
)
def test_far_outside_is_more_than_sixty_days_outside_the_trips_dates(
    tmp_path: Path, when: str, far: bool
) -> None:
    assert FAR_DAYS == 60
    result = tripplan("timeline", speech_on(tmp_path, when))
    assert result.code == 0
    assert ("uclg-speech" in bar_ids(result.out)) is not far
    if far:
        assert f"'uclg-speech' on {when[:10]} (far outside the trip's dates)" in result.err
    else:
        assert result.err == ""


def test_a_trip_without_dates_draws_its_busiest_year(tmp_path: Path) -> None:
    """No dates to go by: the year that holds the most entries is drawn, a stray entry
    before it is named (not far outside anything), and --from/--to draw it alone."""
    text = speech_on(tmp_path, "2000-11-18T10:00:00").read_text(encoding="utf-8")
    trip = tmp_path / "undated.toml"
    trip.write_text(text.replace("start = 2010-11-16\nend = 2010-11-23\n", ""), encoding="utf-8")
    result = tripplan("timeline", trip)
    assert (result.code, result.err) == (
        0,
        "tripplan: timeline: drawn 2010-11-16 to 2010-11-23; 1 entry outside it not drawn:"
        f" 'uclg-speech' on 2000-11-18{HINT}",
    )
    assert "uclg-speech" not in bar_ids(result.out)
    alone = tripplan("timeline", trip, "--from", "2000-01-01", "--to", "2000-12-31")
    assert (alone.code, alone.err, set(bar_ids(alone.out))) == (0, "", {"uclg-speech"})


def _events(*starts: str) -> str:
    head = '[trip]\ntitle = "t"\n\n[places.a]\ntz = "Asia/Seoul"\n\n'
    return head + "".join(
        f'[[events]]\nid = "e{n}"\ntitle = "e"\nplace = "a"\nstart = {start}\nduration = "1h"\n\n'
        for n, start in enumerate(starts)
    )


@pytest.mark.parametrize(
    ("last", "drawn"),
    [("2011-01-01T10:00:00", True), ("2011-01-02T10:00:00", False)],
    ids=["365-days", "366-days"],
)
def test_a_picture_draws_entries_that_start_within_a_year(
    tmp_path: Path, last: str, drawn: bool
) -> None:
    assert MOST_DAYS == 366  # the second starts 365 or 366 days after the first
    trip = tmp_path / "trip.toml"
    trip.write_text(_events("2010-01-01T10:00:00", last), encoding="utf-8")
    result = tripplan("timeline", trip)
    assert bar_ids(result.out) == (["e0", "e1"] if drawn else ["e0"])
    root = ET.fromstring(result.out.encode("utf-8"))
    assert float(root.attrib["width"]) < 12_200
    assert re.fullmatch(r"\d+\.\d\d?", root.attrib["data-hour-width"])  # in hundredths
    if drawn:
        assert result.err == ""
    else:
        assert result.err == (
            "tripplan: timeline: drawn 2010-01-01; 1 entry outside it not drawn:"
            f" 'e1' on 2011-01-02{HINT}"
        )


@pytest.mark.parametrize(("early", "drawn"), [(2, "2030"), (3, "2010")])
def test_the_first_year_that_holds_half_as_many_as_the_busiest_is_drawn(
    tmp_path: Path, early: int, drawn: str
) -> None:
    """Five entries in 2030: two in 2010 are passed over, three are drawn."""
    trip = tmp_path / "trip.toml"
    starts = [f"2010-05-0{d}T10:00:00" for d in range(1, early + 1)]
    starts += [f"2030-05-0{d}T10:00:00" for d in range(1, 6)]
    trip.write_text(_events(*starts), encoding="utf-8")
    result = tripplan("timeline", trip)
    late = [f"e{n}" for n in range(early, early + 5)]
    assert bar_ids(result.out) == ([f"e{n}" for n in range(early)] if drawn == "2010" else late)
    left_out = (
        f"'e{early}' on 2030-05-01, 'e{early + 1}' on 2030-05-02, 'e{early + 2}' on 2030-05-03,"
        " 2 more"
        if drawn == "2010"
        else "'e0' on 2010-05-01, 'e1' on 2010-05-02"
    )
    dates = "2010-05-01 to 2010-05-03" if drawn == "2010" else "2030-05-01 to 2030-05-05"
    count = 5 if drawn == "2010" else early
    assert result.err == (
        f"tripplan: timeline: drawn {dates}; {count} entries outside it not drawn: {left_out}{HINT}"
    )


def test_thousands_left_out_are_counted_in_one_line(tmp_path: Path) -> None:
    """1,000 entries in 2010 (every ten minutes), 2,001 in 2030 (every three hours)."""
    trip = tmp_path / "trip.toml"
    early = [datetime(2010, 5, 1) + n * timedelta(minutes=10) for n in range(1000)]
    late = [datetime(2030, 1, 1, 10) + n * timedelta(hours=3) for n in range(2001)]
    trip.write_text(_events(*(f"{at:%Y-%m-%dT%H:%M:%S}" for at in early + late)))
    result = tripplan("timeline", trip)
    assert result.err == (
        "tripplan: timeline: drawn 2030-01-01 to 2030-09-08; 1,000 entries outside it not"
        f" drawn: 'e0' on 2010-05-01, 'e1' on 2010-05-01, 'e2' on 2010-05-01, 997 more{HINT}"
    )


def test_the_booklet_says_what_its_picture_leaves_out(tmp_path: Path) -> None:
    trip = speech_on(tmp_path, "2110-11-18T10:00:00")
    result = tripplan("booklet", trip)
    assert (result.code, result.err) == (
        0,
        "tripplan: booklet: picture drawn 2010-11-16 to 2010-11-23; 1 entry outside it not"
        f" drawn: 'uclg-speech' on 2110-11-18 (far outside the trip's dates){HINT}",
    )
    assert (
        "The picture: drawn 2010-11-16 to 2010-11-23; 1 entry outside it not drawn:"
        " &#39;uclg-speech&#39; on 2110-11-18 (far outside the trip&#39;s dates)"
    ) in result.out
    assert '<span class="date">Tue 18 Nov 2110</span>' in result.out  # its day page is there
    assert '<rect class="bar" data-entry="uclg-speech"' not in result.out


@pytest.mark.parametrize("command", ["timeline", "booklet"])
def test_what_was_left_out_is_said_after_the_picture_is_written(
    tmp_path: Path, command: str
) -> None:
    """Written with -o, the line follows; a write that fails says only that."""
    trip = speech_on(tmp_path, "2110-11-18T10:00:00")
    out = tmp_path / ("picture.svg" if command == "timeline" else "book.html")
    done = tripplan(command, trip, "-o", out)
    assert (done.code, done.out) == (0, "")
    assert done.err.startswith(f"tripplan: {command}: ") and "'uclg-speech'" in done.err
    assert out.read_bytes()
    missing = tmp_path / "gone" / out.name
    failed = tripplan(command, trip, "-o", missing)
    assert (failed.code, failed.out) == (2, "")
    assert failed.err == f"tripplan: {missing}: cannot write: No such file or directory\n"


def test_a_booklet_of_a_year_has_at_most_sixteen_strips(tmp_path: Path) -> None:
    trip = tmp_path / "trip.toml"
    trip.write_text(_events("2010-01-01T10:00:00", "2010-12-31T10:00:00"), encoding="utf-8")
    result = tripplan("booklet", trip)
    assert (result.code, result.err) == (0, "")
    assert result.out.count('class="tripplan-timeline"') == MOST_STRIPS == 16


# -- the tables -----------------------------------------------------------------------

TABLES = {
    "itinerary": ("itinerary", SAMPLE),
    "agenda": ("agenda", SAMPLE),
    "check": ("check", CONFLICTS),
    "where": ("where", SAMPLE, "--at", "2010-11-18T14:00:00Z"),
    "reach": ("reach", SAMPLE),
    "diff": ("diff", SAMPLE, TRIPS / "seoul_americas_2010_revised.toml"),
}


@pytest.fixture(scope="module")
def at_80() -> dict[str, subprocess.CompletedProcess[str]]:
    return {name: bounded(*args, env={"COLUMNS": "80"}) for name, args in TABLES.items()}


@pytest.mark.parametrize("columns", ["99999999999999999999", "1000000000", str(MOST_COLUMNS + 1)])
@pytest.mark.parametrize("name", list(TABLES))
def test_an_absurd_columns_is_ignored(
    name: str, columns: str, at_80: dict[str, subprocess.CompletedProcess[str]]
) -> None:
    """Wider than MOST_COLUMNS, COLUMNS is ignored as 0 or junk is: not a terminal, 80."""
    done = bounded(*TABLES[name], env={"COLUMNS": columns})
    normal = at_80[name]
    assert normal.stdout and normal.stderr == ""
    assert (done.returncode, done.stderr, done.stdout) == (normal.returncode, "", normal.stdout)


def test_columns_up_to_the_most_are_taken() -> None:
    done = bounded("agenda", SAMPLE, env={"COLUMNS": str(MOST_COLUMNS)})
    assert done.returncode == 0
    assert max(map(len, done.stdout.splitlines())) == MOST_COLUMNS  # the rules under headings


INJECTED = """
import io, sys
from tripplan.cli import run
from tripplan.cli.env import Environment
out = io.StringIO()
env = Environment(stdout=out, stderr=sys.stderr, stdin=io.BytesIO(), width=int(sys.argv[1]))
code = run(sys.argv[2:], env)
sys.stdout.write(out.getvalue())
sys.exit(code)
"""


@pytest.mark.parametrize("width", [10**20, 10**9])
@pytest.mark.parametrize("name", list(TABLES))
def test_an_injected_width_is_at_most_the_most(name: str, width: int) -> None:
    """The library's Environment: a width wider than MOST_COLUMNS is MOST_COLUMNS."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))

    def run(width: int) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-c", INJECTED, str(width), *map(str, TABLES[name])]
        return subprocess.run(
            command, capture_output=True, text=True, cwd=ROOT, timeout=60, preexec_fn=limit
        )

    done, most = run(width), run(MOST_COLUMNS)
    assert most.stdout and most.stderr == ""
    assert (done.returncode, done.stderr, done.stdout) == (most.returncode, "", most.stdout)
