"""Completion offers only names a shell reads as themselves, and reads only a regular
file of bounded size: run in the real shells (bash, and zsh where it is installed), whose
completion scripts evaluate what tripplan offers. A traveller named `\\$(touch F)` ran
that command in zsh (Typer's escaping undone by `_arguments`), `*` globbed in bash, and a
trip named /dev/stdin or a FIFO blocked the shell until killed."""

from __future__ import annotations

import doctest
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT
from tripplan.cli import completion

TIMEOUT = 60  # seconds: a completion that blocks fails here, never hangs the suite
BIN = Path(sys.executable).parent  # where `tripplan`, the completion scripts' program, is

HOSTILE = [
    "$(touch {out}/dollar)", "\\\\$(touch {out}/escaped)", "`touch {out}/backquote`", "*",
    "two words", "o'brien", 'a\\"b', "line\\nbreak", "x:y", "-rf",
]  # fmt: skip
SAFE = ["mayor", "시장", "a+b@c.d"]  # what is offered, in the file's order


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A valid trip whose travellers and place ids would run commands in a shell, each
    writing a file under tmp_path/ran if it did."""
    (tmp_path / "ran").mkdir()
    out = tmp_path / "ran"
    names = [SAFE[0], *(n.format(out=out) for n in HOSTILE), *SAFE[1:]]
    travellers = ", ".join(f'"{name}"' for name in names)
    trip = tmp_path / "trip.toml"
    trip.write_text(
        f'[trip]\ntitle = "t"\ntravellers = [{travellers}]\n\n'
        f'[places."$(touch {out}/place)"]\ntz = "Asia/Seoul"\n\n'
        '[places.seoul]\ntz = "Asia/Seoul"\n\n[places."*"]\ntz = "Asia/Seoul"\n',
        encoding="utf-8",
    )
    return trip


def offered(*words: str | Path, stdin: int | None = subprocess.DEVNULL) -> list[str]:
    """What Typer's bash protocol offers for the last word of `tripplan WORDS...`."""
    env = {
        **os.environ,
        "_TRIPPLAN_COMPLETE": "complete_bash",
        "COMP_WORDS": " ".join(["tripplan", *map(str, words)]),
        "COMP_CWORD": str(len(words)),
    }
    done = subprocess.run(
        [sys.executable, "-m", "tripplan"],
        env=env, cwd=ROOT, stdin=stdin, capture_output=True, text=True, timeout=TIMEOUT,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    return [line for line in done.stdout.splitlines() if line]


def test_offerable_says_what_a_shell_reads_as_itself() -> None:
    assert doctest.testmod(completion).failed == 0


def test_only_names_of_the_safe_characters_are_offered(hostile: Path) -> None:
    assert offered("where", hostile, "--who", "") == SAFE
    tz = offered("where", hostile, "--tz", "")
    assert tz[:2] == ["seoul", "Africa/Abidjan"]  # the hostile place ids left out
    assert offered("where", hostile, "--tz", "$") == []
    assert not list((hostile.parent / "ran").iterdir())


def test_bash_offers_the_names_as_they_are(hostile: Path) -> None:
    """Typer's bash script: `COMPREPLY=( $(...) )` splits on newlines and globs."""
    script = subprocess.run(
        [sys.executable, "-m", "tripplan", "--show-completion", "bash"],
        cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT, check=True,
    ).stdout  # fmt: skip
    (hostile.parent / "globbed-if-star-is-offered").touch()
    run = (
        f'{script}\nCOMP_WORDS=(tripplan where "$1" --who "")\nCOMP_CWORD=4\n'
        '_tripplan_completion tripplan\nprintf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", run, "bash", str(hostile)],
        cwd=hostile.parent, capture_output=True, text=True, timeout=TIMEOUT,
        env={**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}"},
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == SAFE
    assert not list((hostile.parent / "ran").iterdir())


ZSH_DRIVER = """
zmodload zsh/zpty
zpty -b z 'zsh -f -i'
zpty -w z "PS1='> '; autoload -U compinit; compinit -u -D; source $1; path=($2 \\$path); cd $3; print READY-\\$((1+1))"
zpty -r z out '*READY-2*'
zpty -n -w z "tripplan where $4 --who "$'\\t\\t'
zpty -w z $'\\x15print -r -- END-OF-$((6*7))'
zpty -r z out '*END-OF-42*'
print -r -- "$out"
zpty -d z
"""


@pytest.mark.skipif(
    shutil.which("zsh") is None,
    reason="zsh is not installed: `apt-get install zsh` (CI installs Debian packages in .ci/run)",
)
def test_zsh_runs_nothing_a_trip_names(hostile: Path, tmp_path: Path) -> None:
    """An interactive zsh (compinit, Typer's zsh script) driven through a pseudo-terminal:
    Tab twice on `--who ` lists the safe names, and none of the hostile ones ran."""
    script = tmp_path / "completion.zsh"
    from typer._completion_shared import get_completion_script

    script.write_text(
        get_completion_script(prog_name="tripplan", complete_var="_TRIPPLAN_COMPLETE", shell="zsh"),
        encoding="utf-8",
    )
    done = subprocess.run(
        ["zsh", "-f", "-c", ZSH_DRIVER, "zsh", str(script), str(BIN), str(hostile.parent),
         hostile.name],
        capture_output=True, timeout=TIMEOUT, env={**os.environ, "TERM": "dumb"},
    )  # fmt: skip
    shown = done.stdout.decode("utf-8", "replace")
    assert done.returncode == 0, shown
    assert "END-OF-42" in shown
    for name in SAFE:
        assert name in shown  # the list zsh drew
    assert not list((hostile.parent / "ran").iterdir())


# -- what completion reads -------------------------------------------------------------


def test_a_fifo_named_as_the_trip_is_not_read(tmp_path: Path) -> None:
    """Nobody writes to it: opened for reading as a file is, it blocks for ever."""
    fifo = tmp_path / "trip.toml"
    os.mkfifo(fifo)
    assert offered("where", fifo, "--who", "") == []
    assert "Asia/Seoul" in offered("where", fifo, "--tz", "Asia/Se")


@pytest.mark.parametrize("name", ["/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"])
def test_standard_input_named_as_the_trip_is_not_read(name: str, hostile: Path) -> None:
    """The shell's standard input, here a pipe nobody closes; and a regular file (the
    trip, redirected) is not read through its descriptor either."""
    reader, writer = os.pipe()
    try:
        assert offered("where", name, "--who", "", stdin=reader) == []
    finally:
        os.close(reader)
        os.close(writer)
    with hostile.open("rb") as trip:
        assert offered("where", name, "--who", "", stdin=trip.fileno()) == []


def test_a_device_is_not_opened() -> None:
    assert offered("where", "/dev/zero", "--who", "") == []


def test_a_trip_too_large_to_complete_from_offers_no_names(tmp_path: Path) -> None:
    """The size is asked first: a season's trip is not loaded while the user waits."""
    trip = tmp_path / "trip.toml"
    head = b'[trip]\ntitle = "t"\ntravellers = ["mayor"]\n'
    trip.write_bytes(head + b"#" * (completion.COMPLETION_BYTES - len(head)))
    assert offered("where", trip, "--who", "") == ["mayor"]  # at the limit: read
    with trip.open("ab") as more:
        more.write(b"#")
    assert offered("where", trip, "--who", "") == []
