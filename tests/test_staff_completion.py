"""Shell completion, Typer's own: `--tz` completes `home`, the trip's place ids and IANA
zone names; `--who` the travellers of the FILE on the line. Run as the shell runs it: a
fresh process with `_TRIPPLAN_COMPLETE` set."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from helpers import ROOT

SAMPLE = "trips/seoul-americas-2010.toml"
CONFLICTS = "trips/examples/conflicts.toml"


def complete(*words: str) -> list[str]:
    """What bash is offered for the last word of `tripplan WORDS...`."""
    env = {
        **os.environ,
        "_TRIPPLAN_COMPLETE": "complete_bash",
        "COMP_WORDS": " ".join(["tripplan", *words]),
        "COMP_CWORD": str(len(words)),
    }
    done = subprocess.run(
        [sys.executable, "-m", "tripplan"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert (done.returncode, done.stderr) == (0, "")
    return [line for line in done.stdout.splitlines() if line]


@pytest.mark.parametrize("command", ["where", "reach", "itinerary", "agenda"])
def test_who_completes_the_files_travellers(command: str) -> None:
    assert complete(command, SAMPLE, "--who", "") == ["mayor", "delegation"]
    assert complete(command, SAMPLE, "--who", "d") == ["delegation"]


def test_who_of_several_files() -> None:
    assert complete("where", SAMPLE, CONFLICTS, "--who", "") == ["mayor", "delegation", "aide"]


def test_tz_completes_home_places_and_zones() -> None:
    offered = complete("where", SAMPLE, "--tz", "")
    assert offered[:5] == ["home", "seoul", "la", "mexico", "chicago"]
    assert "America/Chicago" in offered and "Asia/Seoul" in offered
    assert not [z for z in offered if z.startswith(("posix/", "right/")) or z == "localtime"]
    assert complete("itinerary", SAMPLE, "--tz", "Asia/Seo") == ["Asia/Seoul"]
    assert complete("agenda", SAMPLE, "--tz", "m") == ["mexico"]


def test_completion_never_fails_on_a_missing_or_bad_file() -> None:
    assert complete("reach", "no-such-file.toml", "--who", "") == []
    assert complete("where", "-", "--who", "") == []  # standard input is never read
    assert "Europe/London" in complete("where", "no-such-file.toml", "--tz", "Europe/Lo")


def test_the_completion_script_is_typers() -> None:
    """`--show-completion bash` prints the script that calls back into tripplan."""
    done = subprocess.run(
        [sys.executable, "-m", "tripplan", "--show-completion", "bash"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert "_TRIPPLAN_COMPLETE=complete_bash" in done.stdout
