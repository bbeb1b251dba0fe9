"""The staff questions' tables as users see them: golden files under tests/golden/staff/
(fixed width, no colour, the clock fixed at 2026-11-25 12:00 UTC). At narrow widths
columns are stacked, then given up and said so, and no time or offset is ever cut.
TRIPPLAN_UPDATE_GOLDEN=1 rewrites them."""

from __future__ import annotations

import os

import pytest

from helpers import GOLDEN, ROOT, tripplan

UPDATE = os.environ.get("TRIPPLAN_UPDATE_GOLDEN") == "1"
STAFF = GOLDEN / "staff"
# Paths as a user in the checkout types them: the tables show them.
SAMPLE = "trips/seoul-americas-2010.toml"
SIDE = "tests/trips/side_visit_la_2010.toml"
REVISED = "tests/trips/seoul_americas_2010_revised.toml"
FALL_BACK = "tests/trips/reach_fall_back_new_york_2010.toml"
LODGING = "tests/trips/lodging_la_2010.toml"
FILE_A = "tests/trips/where_files_a_2010.toml"
FILE_B = "tests/trips/where_files_b_2010.toml"
REASONS = "tests/trips/reach_reasons_2010.toml"


@pytest.fixture(autouse=True)
def _in_the_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


CASES: dict[str, tuple[int, int, tuple[object, ...]]] = {
    # name: (width, exit status, arguments)
    "where_sample_in_the_air": (100, 0, ("where", SAMPLE, "--at", "2010-11-16 21:00")),
    "where_sample_in_the_air_w60": (60, 0, ("where", SAMPLE, "--at", "2010-11-16 21:00")),
    "where_sample_in_the_air_w40": (40, 0, ("where", SAMPLE, "--at", "2010-11-16 21:00")),
    "where_sample_mou_la_time": (
        100,
        0,
        ("where", SAMPLE, "--who", "mayor", "--at", "2010-11-16 15:30", "--tz", "la"),
    ),
    "where_two_files": (100, 0, ("where", SAMPLE, SIDE, "--at", "2010-11-16T16:00:00-08:00")),
    "where_sample_now": (100, 0, ("where", SAMPLE)),
    # 22:00 CST on 17 Nov: the Mayor at the Camino Real, the aide's booking a night late
    "where_lodging": (100, 0, ("where", LODGING, "--at", "2010-11-17T22:00:00-06:00")),
    "where_lodging_w60": (60, 0, ("where", LODGING, "--at", "2010-11-17T22:00:00-06:00")),
    # 16:00 PST: the Mayor free, under way in A, at B's hotel; never double-booked
    "where_split_files": (100, 0, ("where", FILE_A, FILE_B, "--at", "2010-11-16T16:00:00-08:00")),
    # 15:45 PST: the Mayor at the MOU signing and on the port tour at once
    "where_double_booked": (
        100,
        0,
        ("where", SAMPLE, SIDE, "--who", "mayor", "--at", "2010-11-16T15:45:00-08:00"),
    ),
    "reach_sample": (100, 0, ("reach", SAMPLE)),
    "reach_sample_mayor_w60": (60, 0, ("reach", SAMPLE, "--who", "mayor", "--to", "2010-11-17")),
    "reach_sample_mayor_w40": (40, 0, ("reach", SAMPLE, "--who", "mayor", "--to", "2010-11-17")),
    "reach_fall_back": (100, 0, ("reach", FALL_BACK)),
    "reach_reasons": (100, 0, ("reach", REASONS)),
    "reach_reasons_w60": (60, 0, ("reach", REASONS)),
    "diff_sample_revised": (100, 1, ("diff", SAMPLE, REVISED)),
    "diff_sample_revised_w60": (60, 1, ("diff", SAMPLE, REVISED)),
    "diff_sample_revised_w40": (40, 1, ("diff", SAMPLE, REVISED)),
    "diff_sample_reverted": (100, 1, ("diff", REVISED, SAMPLE)),
    "check_two_files": (100, 1, ("check", SAMPLE, SIDE)),
    "check_two_files_w60": (60, 1, ("check", SAMPLE, SIDE)),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_tables(name: str) -> None:
    width, code, args = CASES[name]
    result = tripplan(*(str(a) for a in args), width=width)
    assert (result.code, result.err) == (code, "")
    path = STAFF / f"{name}.txt"
    if UPDATE:
        path.write_text(result.out, encoding="utf-8")
    assert result.out == path.read_text(encoding="utf-8")
    lines = result.out.splitlines()
    # 37: a clock's least; a longer line is one word kept whole (a path, an id: copyable)
    assert all(len(line) <= max(width, 37) or " " not in line for line in lines)
    assert all(line == line.rstrip() for line in lines)


def test_staff_golden_files_are_all_used() -> None:
    assert {p.stem for p in STAFF.glob("*.txt")} == set(CASES)


@pytest.mark.parametrize("name", sorted(n for n in CASES if CASES[n][0] < 100))
def test_no_time_or_offset_is_cut(name: str) -> None:
    """Every time and offset a narrow table shows is whole (a cell may wrap between the
    words of a clock, never inside one), and is one the wide table shows."""
    import re

    width, _, args = CASES[name]
    narrow = tripplan(*(str(a) for a in args), width=width).out
    wide = tripplan(*(str(a) for a in args), width=200).out
    for piece in re.findall(r"UTC[+-][\d:]*|[\d:]*\d:[\d:]*", narrow):
        assert re.fullmatch(r"UTC[+-]\d\d:\d\d|\d\d:\d\d", piece), piece
    token = re.compile(r"UTC[+-]\d\d:\d\d|(?<![\d:])\d\d:\d\d(?![\d:])")
    assert set(token.findall(narrow)) <= set(token.findall(wide))
