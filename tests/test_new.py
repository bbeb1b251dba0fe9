"""`tripplan new`: a fresh trip file, as a person would start one, never over another."""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path

from helpers import assert_one_clean_line, tripplan
from tripplan.load import load_trip

FULL = (
    "--title", "Seoul Mayor: Americas green diplomacy", "--home", "seoul",
    "--home-tz", "Asia/Seoul", "--start", "2010-11-16", "--end", "2010-11-23",
    "--traveller", "mayor", "--traveller", "delegation",
)  # fmt: skip


def test_new_writes_a_trip_that_loads(tmp_path: Path) -> None:
    path = tmp_path / "trip.toml"
    result = tripplan("new", path, *FULL)
    assert (result.code, result.out, result.err) == (0, "", f"tripplan: {path}: written\n")
    text = path.read_text(encoding="utf-8")
    assert text.startswith(
        "# A trip for tripplan. Every key is described in tripplan's docs/format.md.\n"
    )
    data = tomllib.loads(text)
    assert re.fullmatch(r"[0-9a-f]{12}", data["trip"].pop("id"))
    assert data == {
        "trip": {
            "title": "Seoul Mayor: Americas green diplomacy",
            "home": "seoul",
            "start": date(2010, 11, 16),
            "end": date(2010, 11, 23),
            "travellers": ["mayor", "delegation"],
        },
        "places": {"seoul": {"tz": "Asia/Seoul"}},
    }
    trip = load_trip(str(path))
    assert trip.home is not None and trip.home.tz == "Asia/Seoul"


def test_each_new_trip_gets_its_own_id(tmp_path: Path) -> None:
    ids = set()
    for n in range(3):
        path = tmp_path / f"{n}.toml"
        assert tripplan("new", path, "--title", "T").code == 0
        ids.add(load_trip(str(path)).id)
    assert len(ids) == 3


def test_new_to_stdout_with_a_given_id() -> None:
    result = tripplan("new", "-", "--title", "Minimal", "--id", "7f3a9c2e41d8")
    assert result.code == 0
    assert result.out.endswith('\n[trip]\ntitle = "Minimal"\nid = "7f3a9c2e41d8"\n')


def test_new_never_overwrites_without_force(tmp_path: Path) -> None:
    path = tmp_path / "trip.toml"
    path.write_bytes(b"precious")
    result = tripplan("new", path, "--title", "T")
    assert result.code == 2
    assert "exists; nothing written (--force replaces it)" in assert_one_clean_line(result.err)
    assert path.read_bytes() == b"precious"
    assert tripplan("new", path, "--title", "T", "--force").code == 0
    assert load_trip(str(path)).title == "T"


def test_new_refuses_what_would_not_load(tmp_path: Path) -> None:
    path = tmp_path / "trip.toml"
    for args, message in (
        (("--home", "seoul"), "--home and --home-tz go together"),
        (("--home", "seoul", "--home-tz", "Asia/Seul"), "unknown time zone 'Asia/Seul'"),
        (("--start", "2010-11-23", "--end", "2010-11-16"), "is before `start`"),
        (("--start", "16 Nov"), "is not a date like 2010-11-16"),
        (("--traveller", "a", "--traveller", "a"), "traveller 'a' twice"),
    ):
        result = tripplan("new", path, "--title", "T", *args)
        assert result.code == 2, args
        assert message in result.err, result.err
        assert not path.exists()


def test_a_new_trip_grows_with_add(tmp_path: Path) -> None:
    path = tmp_path / "trip.toml"
    assert tripplan("new", path, "--title", "T", "--id", "abc", "--traveller", "mayor").code == 0
    header = path.read_text(encoding="utf-8")
    steps = [
        ("add", "place", path, "chicago", "--tz", "America/Chicago"),
        ("add", "place", path, "la", "--tz", "America/Los_Angeles", "--name", "Los Angeles"),
        ("add", "event", path, "--title", "Visit", "--place", "chicago", "--start",
         "2010-11-21 14:00", "--duration", "90m"),
        ("add", "travel", path, "--title", "UA1", "--from", "chicago", "--to", "la",
         "--depart", "2010-11-22 08:00", "--arrive", "2010-11-22 10:30", "--mode", "flight"),
    ]  # fmt: skip
    for step in steps:
        result = tripplan(*step)
        assert result.code == 0, result.err
    assert path.read_text(encoding="utf-8") == header + (
        '\n[places.chicago]\ntz = "America/Chicago"\n'
        '\n[places.la]\nname = "Los Angeles"\ntz = "America/Los_Angeles"\n'
        '\n[[events]]\nid = "visit"\ntitle = "Visit"\nplace = "chicago"\n'
        'start = 2010-11-21T14:00:00\nduration = "90m"\n'
        '\n[[travel]]\nid = "ua1"\ntitle = "UA1"\nfrom = "chicago"\nto = "la"\n'
        'depart = 2010-11-22T08:00:00\narrive = 2010-11-22T10:30:00\nmode = "flight"\n'
    )
