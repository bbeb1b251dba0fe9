"""The staff questions against hostile input: a git revision that looks like an option, a
blob far past the size limit, many files that double-book one person, a diff of two
100,000-entry versions, reach over a trip that spans ten thousand years. Each case that
could hang or exhaust memory runs in a child process with a timeout or a memory limit."""

from __future__ import annotations

import importlib.util
import json
import os
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from random import Random
from typing import Any

import pytest

from helpers import ROOT, SAMPLE, assert_one_clean_line, tripplan

TRIPPLAN = [sys.executable, "-m", "tripplan"]


def _limited(megabytes: int) -> Callable[[], None]:
    """A preexec_fn: the child may map at most this much memory (a MemoryError, not the
    machine's swap, when it reads what it should not)."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (megabytes << 20, megabytes << 20))

    return limit


def _run(*args: str, megabytes: int = 256, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*TRIPPLAN, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=_limited(megabytes),
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )


# -- diff git:REV:PATH ---------------------------------------------------------------------


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True)
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository whose one commit holds the sample trip as trip.toml."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "staff@example.org")
    _git(repo, "config", "user.name", "Staff")
    shutil.copy(SAMPLE, repo / "trip.toml")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "the plan")
    monkeypatch.chdir(repo)
    return repo


def _files(root: Path) -> set[Path]:
    return {path for path in root.rglob("*") if ".git" not in path.relative_to(root).parts}


@pytest.mark.parametrize("option", ["--output={out}", "-O{out}", "--output={out} HEAD"])
def test_a_revision_that_looks_like_an_option_never_reaches_git_as_one(
    repo: Path, option: str
) -> None:
    """`git show --output=FILE` wrote the diff of the commit to FILE (and `-O` reads an
    order file): a REV that starts with `-` is refused before git runs, and REV is only
    ever given to git after --end-of-options."""
    out = repo.parent / "written"
    rev = option.format(out=out)
    before = _files(repo.parent)
    result = tripplan("diff", f"git:{rev}:trip.toml", "trip.toml")
    assert (result.code, result.out) == (2, "")
    line = assert_one_clean_line(result.err)
    assert line == f"tripplan: git:{rev}:trip.toml: {rev!r} is no revision (it starts with -)"
    assert _files(repo.parent) == before


def test_a_revision_with_an_option_inside_is_a_revision_git_does_not_know(repo: Path) -> None:
    result = tripplan("diff", "git:HEAD --output=x:trip.toml", "trip.toml")
    assert (result.code, result.out) == (2, "")
    assert assert_one_clean_line(result.err) == (
        "tripplan: git:HEAD --output=x:trip.toml:"
        " no commit 'HEAD --output=x' in the git repository here"
    )
    assert not (repo / "x").exists()


@pytest.mark.parametrize(
    ("source", "said"),
    [
        ("git:HEAD:none.toml", "no 'none.toml' in commit 'HEAD'"),
        ("git:HEAD~1:trip.toml", "no commit 'HEAD~1' in the git repository here"),
        ("git:HEAD^{tree}:trip.toml", "no commit 'HEAD^{tree}' in the git repository here"),
    ],
)
def test_a_version_git_cannot_find_is_one_line(repo: Path, source: str, said: str) -> None:
    result = tripplan("diff", source, "trip.toml")
    assert (result.code, result.out) == (2, "")
    assert assert_one_clean_line(result.err) == f"tripplan: {source}: {said}"


def test_a_folder_in_the_commit_is_no_trip(repo: Path) -> None:
    (repo / "plans").mkdir()
    shutil.copy(SAMPLE, repo / "plans" / "trip.toml")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "a folder")
    result = tripplan("diff", "git:HEAD:plans", "trip.toml")
    assert (result.code, result.out) == (2, "")
    assert assert_one_clean_line(result.err) == (
        "tripplan: git:HEAD:plans: 'plans' in commit 'HEAD' is a tree, not a file"
    )
    same = tripplan("diff", "git:HEAD:plans/trip.toml", "git:HEAD:./trip.toml", "--json")
    assert (same.code, same.json()["moved"], same.err) == (0, [], "")


def test_a_blob_past_the_size_limit_is_refused_before_it_is_read(repo: Path) -> None:
    """160 MB of zeros, committed: git would hand them all over, and `git show`'s output
    was read whole (a MemoryError under a 256 MB limit). Its size is asked first."""
    from tripplan.load import MAX_FILE_BYTES

    assert MAX_FILE_BYTES < 160 << 20
    with (repo / "big.toml").open("wb") as big:
        big.truncate(160 << 20)
    _git(repo, "-c", "core.compression=1", "add", "big.toml")
    _git(repo, "commit", "-qm", "a large file")
    done = _run("diff", "git:HEAD:big.toml", "trip.toml", megabytes=256, timeout=30)
    assert (done.returncode, done.stdout) == (2, "")
    assert assert_one_clean_line(done.stderr) == "tripplan: git:HEAD:big.toml: larger than 40 MiB"


def test_a_blob_read_past_the_limit_stops_git(repo: Path) -> None:
    """Should the blob grow between its size and its reading, the reading stops at the
    limit and says so."""
    from tripplan.errors import TripFileError
    from tripplan.staff.versions import _git_read

    blob = _git(repo, "rev-parse", "HEAD:trip.toml")
    size = SAMPLE.stat().st_size
    assert _git_read("git:HEAD:trip.toml", blob, size) == SAMPLE.read_bytes()
    with pytest.raises(TripFileError, match="larger than"):
        _git_read("git:HEAD:trip.toml", blob, size - 1)


# -- reach over ten thousand years -----------------------------------------------------------

SPAN = """\
[trip]
title = "A typo"
home = "seoul"
travellers = [{names}]

[places.seoul]
tz = "Asia/Seoul"
"""
ENTRY = """
[[events]]
title = "{title}"
place = "seoul"
start = {start}T10:00:00
duration = "1h"
who = ["{who}"]
"""


def _span(names: list[str], first: str, last: str) -> str:
    text = SPAN.format(names=", ".join(f'"{name}"' for name in names))
    for name in names:
        text += ENTRY.format(title="First", start=first, who=name)
        text += ENTRY.format(title="Last", start=last, who=name)
    return text


def test_reach_over_ten_thousand_years_computes_ten(tmp_path: Path) -> None:
    """Year 2 for 2010: two entries 9,995 years apart were 2.9 million days (past a
    minute). The first 3,660 are computed, the rest said in one line."""
    path = tmp_path / "span.toml"
    path.write_text(_span(["mayor"], "0002-01-01", "9997-12-30"), encoding="utf-8")
    done = _run("reach", str(path), "--json", megabytes=512, timeout=20)
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    dates = [window["date"] for window in document["windows"]]
    assert (dates[0], dates[-1], len(set(dates))) == ("0002-01-01", "0012-01-08", 3660)
    assert assert_one_clean_line(done.stderr) == (
        "tripplan: note: reach: 3,647,303 days left out, past 3,660 a traveller and 36,600"
        " in all (mayor from 0012-01-09); --from and --to show them"
    )
    table = _run("reach", str(path), megabytes=512, timeout=20)
    assert (table.returncode, table.stderr) == (0, done.stderr)
    last = [line for line in table.stdout.splitlines() if "Sun 08 Jan" in line]
    assert last and "0012" in table.stdout  # the last day computed, its year in four digits


def test_the_days_asked_for_are_computed_past_the_cut(tmp_path: Path) -> None:
    path = tmp_path / "span.toml"
    path.write_text(_span(["mayor"], "0002-01-01", "9997-12-30"), encoding="utf-8")
    result = tripplan("reach", path, "--from", "9997-12-29", "--json")
    assert (result.code, result.err) == (0, "")
    windows = result.json()["windows"]
    assert [(w["date"], w["local_start"], w["local_end"]) for w in windows] == [
        ("9997-12-29", "9997-12-29T09:00:00+09:00", "9997-12-29T18:00:00+09:00"),
        ("9997-12-30", "9997-12-30T09:00:00+09:00", "9997-12-30T10:00:00+09:00"),
        ("9997-12-30", "9997-12-30T11:00:00+09:00", "9997-12-30T18:00:00+09:00"),
    ]


def test_the_days_of_all_travellers_are_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each traveller gets at most MOST_DAYS, all of them MOST_DAYS_IN_ALL (here 10 and
    25): the third traveller gets what is left, the fourth none."""
    from tripplan.staff import reach

    monkeypatch.setattr(reach, "MOST_DAYS", 10)
    monkeypatch.setattr(reach, "MOST_DAYS_IN_ALL", 25)
    names = ["a", "b", "c", "d", "e"]
    path = tmp_path / "many.toml"
    path.write_text(_span(names, "2010-01-01", "2010-01-20"), encoding="utf-8")
    result = tripplan("reach", path, "--json")
    assert result.code == 0
    days = {(w["who"], w["date"]) for w in result.json()["windows"]}
    assert [sum(who == name for who, _ in days) for name in names] == [10, 10, 5, 0, 0]
    assert assert_one_clean_line(result.err) == (
        "tripplan: note: reach: 75 days left out, past 10 a traveller and 25 in all"
        " (a from 2010-01-11, b from 2010-01-11, c from 2010-01-06, … (2 more));"
        " --from and --to show them"
    )
    within = tripplan("reach", path, "--json", "--from", "2010-01-15", "--to", "2010-01-16")
    assert (within.code, within.err) == (0, "")
    assert len({(w["who"], w["date"]) for w in within.json()["windows"]}) == 10


# -- diff of two 100,000-entry versions ------------------------------------------------------

PEAK = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:])\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(done.returncode)\n"
)


def _bench() -> Any:
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = bench
    spec.loader.exec_module(bench)
    return bench


def test_a_diff_of_two_seasons_stays_under_500_mb(tmp_path: Path) -> None:
    """Two versions of 100,000 entries, one meeting moved: 542 MB when toml-rs's allocator
    kept the first parse's freed memory for itself; 448 MB since it gives it back."""
    old = _bench().generate(100_000, tmp_path)
    text = old.read_text(encoding="utf-8")
    at = text.index('id = "m-2-64"')
    start = text.index("start = ", at)
    new = tmp_path / "moved.toml"
    new.write_text(text[:start] + text[start:].replace(":00:00", ":30:00", 1), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", PEAK, *TRIPPLAN, "diff", str(old), str(new)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )
    *said, peak = done.stderr.splitlines()
    assert (done.returncode, said) == (1, [])
    assert done.stdout.rstrip().endswith("1 moved; findings: 0 new, 0 cleared.")
    assert int(peak) < 500 * 1024, f"{int(peak) // 1024} MB"


# -- check and where over many files -----------------------------------------------------------

MEETING = """
[[events]]
id = "{id}"
title = "Meeting {id}"
place = "x"
start = {start}
duration = "{minutes}m"
who = ["{who}"]
"""


def _random_trip(random: Random, name: str, count: int) -> str:
    text = f'[trip]\ntitle = "{name}"\ntravellers = ["a", "b"]\n[places.x]\ntz = "UTC"\n'
    for n, minute in enumerate(sorted(random.sample(range(0, 24 * 60, 5), count))):
        start = datetime(2010, 1, 1) + timedelta(minutes=minute)
        minutes = random.randrange(30, 600, 7)
        who = random.choice("ab")
        text += MEETING.format(id=f"{name}-{n}", start=start.isoformat(), minutes=minutes, who=who)
    return text


@pytest.mark.parametrize("seed", range(12))
def test_overlaps_across_files_are_each_pair_up_to_eight_and_a_count(seed: int) -> None:
    """Against a search of every pair: each entry is paired with the entries of other files
    under way when it starts (at most MOST_OVERLAPS of them, those that end last), and a
    finding counts the others."""
    from tripplan.checks import MOST_OVERLAPS, cross_file_overlaps
    from tripplan.load import loads_trip

    random = Random(seed)
    trips = [loads_trip(_random_trip(random, f"f{k}", 16).encode(), f"f{k}.toml") for k in range(6)]
    found = cross_file_overlaps(trips)
    files = [trip.file for trip in trips]
    entries = [(n, e) for n, trip in enumerate(trips) for e in trip.entries]
    for n, entry in entries:
        (who,) = entry.who
        under_way = {
            (m, other.id): other
            for m, other in entries
            if m != n
            and who in other.who
            and (other.start, m) < (entry.start, n)
            and other.end > entry.start
        }
        pairs = [f for f in found if f.finding.entries[-1] is entry and len(f.files) == 2]
        paired = {(files.index(f.files[0]), f.finding.entries[0].id) for f in pairs}
        assert paired <= set(under_way)
        assert len(paired) == len(pairs) == min(len(under_way), MOST_OVERLAPS)
        ends = sorted((e.end for e in under_way.values()), reverse=True)
        assert all(under_way[key].end >= ends[len(pairs) - 1] for key in paired)
        counts = [f for f in found if f.finding.entries == (entry,)]
        if len(under_way) > MOST_OVERLAPS:
            (count,) = counts
            assert count.finding.message == (
                f'"Meeting {entry.id}" (f{n}.toml) also shares time with'
                f" {len(under_way) - MOST_OVERLAPS} entries of other files, not listed"
            )
            assert (count.files, count.finding.who) == ((f"f{n}.toml",), (who,))
        else:
            assert counts == []


def _hostile_staff() -> Any:
    _bench()  # hostile_staff imports run as bench scripts do, from its folder
    spec = importlib.util.spec_from_file_location(
        "hostile_staff", ROOT / "bench" / "hostile_staff.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_two_hundred_files_that_double_book_one_person(tmp_path: Path) -> None:
    """Two hundred copies of the sample: every timed entry overlaps its copy in every
    other file. 179,100 findings took 120 s and 1.9 GB; now each entry has at most eight
    pairs and one count: 9 entries x (28 + 8 x 192 pairs + 191 counts)."""
    folder = _hostile_staff().double_booked(200, tmp_path)
    files = sorted(map(str, folder.glob("*.toml")))
    done = _run("check", "--json", *files, megabytes=512, timeout=60)
    assert (done.returncode, done.stderr) == (1, "")
    findings = json.loads(done.stdout)["findings"]
    assert len(findings) == 9 * (28 + 8 * 192 + 191) == 15_795
    assert findings[-1]["message"] == (
        f'"KE038 Chicago to Seoul" ({files[-1]}) also shares time with 191 entries of'
        " other files, not listed"
    )
    assert (findings[-1]["entries"], findings[-1]["who"]) == (["ke038"], ["mayor", "delegation"])
    table = _run("check", *files, megabytes=512, timeout=60)
    assert (table.returncode, table.stderr) == (1, "")
    assert table.stdout.splitlines()[-1] == "15795 errors, 0 warnings."


def test_a_year_of_trips_is_checked_and_asked_where_together(tmp_path: Path) -> None:
    """300 trips like the sample, an office's year, no one booked twice: no findings,
    and where places each traveller in the trip under way (0.4 s each, a file is 0.7 ms)."""
    folder = _hostile_staff().season(300, tmp_path)
    files = sorted(map(str, folder.glob("*.toml")))
    done = _run("check", "--json", *files, timeout=20)
    assert (done.returncode, done.stderr, json.loads(done.stdout)) == (0, "", {"findings": []})
    where = _run("where", "--json", "--at", "2011-03-01T12:00Z", *files, timeout=20)
    assert (where.returncode, where.stderr) == (0, "")
    rows = json.loads(where.stdout)["travellers"]
    assert len(rows) == 2 * 8  # two travellers in each of eight groups of 40 trips
    # 1 March 2011 is 105 days after the sample's first: the twelfth trip of each group
    assert [(row["who"], Path(row["file"]).name) for row in rows] == [
        (f"{who} {group}", f"trip-{40 * group + 11:03d}.toml")
        for group in range(8)
        for who in ("mayor", "delegation")
    ]
