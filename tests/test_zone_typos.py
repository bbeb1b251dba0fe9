"""A zone typed wrong on the command line gets the "did you mean" a zone misspelt in the
file gets, in the same words (tripplan.zones.zone_hint), on every command that takes one:
exit 2, one line, nothing written."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from helpers import SAMPLE, tripplan

VIEWS_TAIL = " (an IANA name, a place id or home)"

# Every command with --tz, each as a line with {trip} for the file.
TZ_COMMANDS = [
    ("itinerary", "{trip}"),
    ("agenda", "{trip}"),
    ("search", "{trip}", "City Hall"),
    ("where", "{trip}", "--at", "2010-11-16 10:00"),
    ("move", "{trip}", "la-mou", "--to", "2010-11-16 11:00"),
    ("add", "event", "{trip}", "--title", "X", "--place", "la", "--start", "2010-11-16 11:00",
     "--duration", "1h"),
    ("add", "travel", "{trip}", "--title", "X", "--from", "la", "--to", "mexico", "--depart",
     "2010-11-17 08:00", "--arrive", "2010-11-17 14:00"),
    ("set", "{trip}", "la-mou", "start", "11:00"),
]  # fmt: skip


@pytest.mark.parametrize("args", TZ_COMMANDS, ids=lambda a: " ".join(a[:2]))
@pytest.mark.parametrize(
    ("typed", "meant"), [("Europe/Londn", "Europe/London"), ("europe/zurich", "Europe/Zurich")]
)
def test_tz_on_every_command(tmp_path: Path, args: tuple[str, ...], typed: str, meant: str) -> None:
    trip = tmp_path / "trip.toml"
    shutil.copyfile(SAMPLE, trip)
    result = tripplan(*(a.format(trip=trip) for a in args), "--tz", typed)
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"tripplan: --tz: unknown time zone {typed!r} (did you mean {meant!r}?){VIEWS_TAIL}\n"
    )
    assert trip.read_bytes() == SAMPLE.read_bytes()


@pytest.mark.parametrize(
    ("typed", "line"),
    [
        ("Europe/Zurch", "unknown time zone 'Europe/Zurch' (did you mean 'Europe/Zurich'?)"),
        ("europe/zurich", "unknown time zone 'europe/zurich' (did you mean 'Europe/Zurich'?)"),
        (
            "America/New York",
            "unknown time zone 'America/New York' (did you mean 'America/New_York'?)",
        ),
        ("Mars/Olympus", "unknown time zone 'Mars/Olympus' (an IANA name, e.g. America/Chicago)"),
    ],
)
def test_add_place_and_new(tmp_path: Path, typed: str, line: str) -> None:
    trip = tmp_path / "trip.toml"
    shutil.copyfile(SAMPLE, trip)
    added = tripplan("add", "place", trip, "zurich", "--tz", typed)
    # add place words it as it always has, with the loader's suggestion where one is close
    said = line.replace(f"unknown time zone {typed!r}", f"{typed!r} is not an IANA time zone")
    said = said.replace("(an IANA name, e.g. America/Chicago)", "(e.g. America/Chicago)")
    assert (added.code, added.out, added.err) == (2, "", f"tripplan: --tz: {said}\n")
    assert trip.read_bytes() == SAMPLE.read_bytes()
    fresh = tmp_path / "new.toml"
    made = tripplan("new", fresh, "--title", "T", "--home", "zurich", "--home-tz", typed)
    assert (made.code, made.out, made.err) == (2, "", f"tripplan: --home-tz: {line}\n")
    assert not fresh.exists()


@pytest.mark.parametrize("typed", ["Europe/Zurch", "europe/zurich", "Asia/Seul"])
def test_the_words_are_the_loaders(write_trip: Any, tmp_path: Path, typed: str) -> None:
    """The suggestion the command line gives for a typed zone is the loader's for it in a
    file (add place keeps its own first words, as it always said them)."""
    bad = write_trip(f'[trip]\ntitle = "T"\n\n[places.x]\ntz = "{typed}"\n')
    in_file = tripplan("validate", bad).err
    said_in_file = in_file.split("[places.x]: ", 1)[1]
    trip = tmp_path / "trip.toml"
    shutil.copyfile(SAMPLE, trip)
    typed_line = tripplan("add", "place", trip, "x", "--tz", typed).err
    hint = said_in_file.removeprefix(f"unknown time zone {typed!r}")
    assert "did you mean" in hint
    assert typed_line == f"tripplan: --tz: {typed!r} is not an IANA time zone{hint}"


def test_a_right_zone_in_the_wrong_case_is_refused_not_guessed(tmp_path: Path) -> None:
    """`europe/zurich` is no zone (the tz database's names are case-sensitive): refused
    with the name meant, never taken for it."""
    trip = tmp_path / "trip.toml"
    shutil.copyfile(SAMPLE, trip)
    assert tripplan("add", "place", trip, "zurich", "--tz", "europe/zurich").code == 2
    assert tripplan("add", "place", trip, "zurich", "--tz", "Europe/Zurich").code == 0
    assert 'tz = "Europe/Zurich"' in trip.read_text(encoding="utf-8")
