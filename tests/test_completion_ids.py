"""Shell completion of what a command names in the trip: entry ids (move, cancel, set),
place ids (`add event --place`, `add travel --from/--to`, set) and `trip` (set), from the
FILE on the line, as the shell runs it (a fresh process with `_TRIPPLAN_COMPLETE` set),
and only names a shell reads as themselves (completion.offerable)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT, tripplan

SAMPLE = "trips/seoul-americas-2010.toml"
ENTRIES = [
    "ke017", "uclg-congress", "la-mou", "am649", "uclg-speech", "mexico-agreement", "am680",
    "chicago-ccgt", "daley-meeting", "ke038",
]  # fmt: skip
PLACES = ["seoul", "la", "mexico", "chicago"]


def complete(*words: str | Path) -> list[str]:
    """What bash is offered for the last word of `tripplan WORDS...`."""
    env = {
        **os.environ,
        "_TRIPPLAN_COMPLETE": "complete_bash",
        "COMP_WORDS": " ".join(["tripplan", *map(str, words)]),
        "COMP_CWORD": str(len(words)),
    }
    done = subprocess.run(
        [sys.executable, "-m", "tripplan"],
        env=env,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stderr) == (0, "")
    return [line for line in done.stdout.splitlines() if line]


def test_the_sample_lists_these_entries_in_time_order() -> None:
    """The oracle: the itinerary's own list of ids."""
    ids = [e["id"] for e in tripplan("itinerary", SAMPLE, "--json").json()["entries"]]
    assert ids == ENTRIES


@pytest.mark.parametrize("command", ["move", "cancel"])
def test_an_entry_id_completes_the_files_entries(command: str) -> None:
    assert complete(command, SAMPLE, "") == ENTRIES
    assert complete(command, SAMPLE, "uclg") == ["uclg-congress", "uclg-speech"]
    assert complete(command, SAMPLE, "--dry-run", "la") == ["la-mou"]  # after an option too
    assert complete(command, SAMPLE, "zzz") == []


def test_set_completes_entries_places_and_trip() -> None:
    assert complete("set", SAMPLE, "") == [*ENTRIES, *PLACES, "mayor", "delegation", "trip"]
    assert complete("set", SAMPLE, "la") == ["la-mou", "la"]
    assert complete("set", SAMPLE, "t") == ["trip"]


@pytest.mark.parametrize(
    "words",
    [
        ("add", "event", SAMPLE, "--title", "X", "--place"),
        ("add", "travel", SAMPLE, "--title", "X", "--from"),
        ("add", "travel", SAMPLE, "--from", "la", "--to"),
        ("import", "ics", SAMPLE, "invite.ics", "--place"),
    ],
    ids=["event --place", "travel --from", "travel --to", "import --place"],
)
def test_a_place_completes_the_files_places(words: tuple[str, ...]) -> None:
    assert complete(*words, "") == PLACES
    assert complete(*words, "m") == ["mexico"]


def test_a_file_that_does_not_load_offers_nothing() -> None:
    assert complete("move", "no-such-file.toml", "") == []
    assert complete("move", "-", "") == []  # standard input is never read
    assert complete("add", "event", "no-such-file.toml", "--place", "") == []
    assert complete("set", "no-such-file.toml", "") == []  # not even `trip`


def test_made_ids_are_offered_and_taken(tmp_path: Path) -> None:
    """An entry with no `id` is named by the one the loader makes; that is what move takes."""
    trip = tmp_path / "trip.toml"
    trip.write_text(
        '[trip]\ntitle = "T"\n\n[places.la]\ntz = "America/Los_Angeles"\n\n'
        '[[events]]\ntitle = "Breakfast"\nplace = "la"\nstart = 2010-11-16T08:00:00\n'
        'duration = "1h"\n',
        encoding="utf-8",
    )
    (made,) = complete("move", trip, "")
    assert made == tripplan("itinerary", trip, "--json").json()["entries"][0]["id"]
    assert tripplan("move", trip, made, "--by", "1h", "--dry-run").code == 0


def test_ids_a_shell_would_run_are_not_offered(tmp_path: Path) -> None:
    """Ids and place ids are the file author's text: one with `$(...)`, a space or a glob
    is left out (zsh evaluates what it is offered), the others are offered as they are."""
    ran = tmp_path / "ran"
    ran.mkdir()
    trip = tmp_path / "trip.toml"
    trip.write_text(
        f'[trip]\ntitle = "T"\n\n[places."$(touch {ran}/place)"]\ntz = "Asia/Seoul"\n\n'
        '[places.seoul]\ntz = "Asia/Seoul"\n\n'
        + "".join(
            f'[[events]]\nid = "{ident}"\ntitle = "E"\nplace = "seoul"\n'
            f'start = 2010-11-16T{hour:02d}:00:00\nduration = "30m"\n\n'
            for hour, ident in enumerate(
                ["briefing", f"$(touch {ran}/entry)", "two words", "*", "시장-면담"], start=8
            )
        ),
        encoding="utf-8",
    )
    assert tripplan("validate", trip).code == 0
    assert complete("move", trip, "") == ["briefing", "시장-면담"]
    assert complete("set", trip, "") == ["briefing", "시장-면담", "seoul", "trip"]
    assert complete("add", "event", trip, "--place", "") == ["seoul"]
    assert not list(ran.iterdir())


def test_cancel_traveller_completes_the_files_travellers() -> None:
    assert complete("cancel", "traveller", SAMPLE, "") == ["mayor", "delegation"]
    assert complete("cancel", "traveller", SAMPLE, "d") == ["delegation"]
    assert complete("cancel", SAMPLE, "la-mou", "") == []  # no third word but a traveller's
