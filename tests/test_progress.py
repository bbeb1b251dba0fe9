"""Progress bars (cli.md, "Tables people can act on"; issue 24): on standard error, for work
that takes over a second, when standard error is a terminal; never otherwise, not a byte.
The terminal is a real one: a pseudo-terminal as the child's standard error."""

from __future__ import annotations

import importlib.util
import io
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT, SAMPLE
from tripplan.cli import run
from tripplan.cli.env import Environment
from tripplan.cli.progress import BIG, wanted

TRIPPLAN = str(ROOT / ".venv" / "bin" / "tripplan")
BAR = "━".encode()  # what Rich's bar is drawn with


@pytest.fixture(scope="module")
def big_trip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """bench/run.py's trip of 12,000 entries: its calendar takes over a second to write."""
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = bench
    spec.loader.exec_module(bench)
    return Path(bench.generate(12_000, tmp_path_factory.mktemp("big")))


def _environ(**extra: str) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM", "COLUMNS")}
    return {**environ, "TERM": "xterm-256color", "COLUMNS": "100", **extra}


def _on_a_terminal(args: list[str], **extra: str) -> tuple[int, bytes]:
    """Run tripplan with a pseudo-terminal as standard error (standard output to nowhere):
    its exit status and every byte it wrote to the terminal."""
    master, slave = pty.openpty()
    child = subprocess.Popen(
        [TRIPPLAN, *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=slave,
        env=_environ(**extra),
    )
    os.close(slave)
    said = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child has closed the terminal
            break
        if not chunk:
            break
        said += chunk
    os.close(master)
    return child.wait(timeout=120), said


def _off_a_terminal(args: list[str], **extra: str) -> tuple[int, bytes]:
    done = subprocess.run(
        [TRIPPLAN, *args], stdin=subprocess.DEVNULL, capture_output=True, env=_environ(**extra)
    )
    return done.returncode, done.stderr


def test_a_long_export_shows_a_bar_on_a_terminal(big_trip: Path, tmp_path: Path) -> None:
    """The bar is drawn (at once, as TRIPPLAN_PROGRESS_DELAY=0 asks: the calendar may be
    written in less than the second a bar waits by default), then taken away; the
    calendar is the same bytes as one written with no terminal."""
    on, off = tmp_path / "on.ics", tmp_path / "off.ics"
    code, said = _on_a_terminal(
        ["export", "ics", str(big_trip), "-o", str(on)], TRIPPLAN_PROGRESS_DELAY="0"
    )
    assert code == 0
    assert b"export ics" in said
    assert BAR in said
    assert b"/12002" in said  # of its pieces: the head, an event each, the end
    assert _off_a_terminal(["export", "ics", str(big_trip), "-o", str(off)]) == (0, b"")
    assert _undated(on) == _undated(off)


def _undated(path: Path) -> list[bytes]:
    """A calendar's lines but its DTSTAMPs (the time it was written)."""
    return [line for line in path.read_bytes().split(b"\r\n") if not line.startswith(b"DTSTAMP")]


def test_without_a_terminal_not_a_byte(big_trip: Path, tmp_path: Path) -> None:
    args = ["export", "ics", str(big_trip), "-o", str(tmp_path / "x.ics")]
    assert _off_a_terminal(args) == (0, b"")
    code, said = _off_a_terminal(["check", str(big_trip)])  # its findings: standard output
    assert (code, said) == (1, b"")


def test_no_bar_on_a_dumb_terminal_and_none_without_colour(big_trip: Path, tmp_path: Path) -> None:
    """TERM=dumb: no bar. NO_COLOR takes away the colour only: the bar is still drawn."""
    out = str(tmp_path / "x.ics")
    code, said = _on_a_terminal(
        ["export", "ics", str(big_trip), "-o", out], TERM="dumb", TRIPPLAN_PROGRESS_DELAY="0"
    )
    assert (code, said) == (0, b"")
    code, said = _on_a_terminal(
        ["export", "ics", str(big_trip), "-o", out], NO_COLOR="1", TRIPPLAN_PROGRESS_DELAY="0"
    )
    assert code == 0
    assert b"export ics" in said and BAR in said
    assert b"\x1b[3" not in said  # no foreground colour


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_short_work_on_a_terminal_shows_no_bar() -> None:
    """Work that ends within the second shows nothing, on a terminal too."""
    err = _Terminal()
    env = Environment(stdout=io.StringIO(), stderr=err, stdin=io.BytesIO(b""))
    assert run(["export", "ics", str(SAMPLE), "-o", os.devnull], env) == 0
    assert err.getvalue() == ""


def test_when_a_bar_is_wanted() -> None:
    def env(stderr: io.StringIO, stdout: io.StringIO | None = None, **environ: str) -> Environment:
        return Environment(
            stdout=stdout or io.StringIO(), stderr=stderr, stdin=io.BytesIO(), environ=environ
        )

    assert wanted(env(_Terminal()), BIG)
    assert wanted(env(_Terminal()), None)  # work of no known size (a server's)
    assert not wanted(env(_Terminal()), BIG - 1)
    assert not wanted(env(io.StringIO()), BIG)
    assert not wanted(env(_Terminal(), TERM="dumb"), BIG)
    assert wanted(env(_Terminal(), NO_COLOR="1"), BIG)
    # a calendar written onto the same terminal: a bar would be drawn across it
    assert not wanted(env(_Terminal(), _Terminal()), BIG, writes_stdout=True)
    assert wanted(env(_Terminal(), _Terminal()), BIG, writes_stdout=False)


def test_the_bar_imports_rich_only_when_shown() -> None:
    """Off a terminal, a big export never imports Rich's progress (tests/test_startup.py
    holds the JSON paths to no Rich at all)."""
    code = (
        "import io, sys\n"
        "from tripplan.cli import run\n"
        "from tripplan.cli.env import Environment\n"
        "env = Environment(stdout=io.StringIO(), stderr=io.StringIO(), stdin=io.BytesIO())\n"
        f"assert run(['export', 'ics', {str(SAMPLE)!r}, '-o', '/dev/null'], env) == 0\n"
        "print('rich.progress' in sys.modules, 'rich.console' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "False False\n"


def test_steps_taken_before_the_bar_shows_are_on_it() -> None:
    """The bar appears after DELAY: what was done by then is counted, not lost (an export
    whose events were all made before its file was written showed 0 of 12,002)."""
    from rich.console import Console
    from rich.progress import Progress

    from tripplan.cli.progress import Bar

    for totalled in (False, True):
        bar = Bar()
        if totalled:
            bar.update(4, 10)
        bar.advance(3)
        shown = Progress(console=Console(file=io.StringIO(), force_terminal=True))
        task = shown.add_task("export ics", total=None if totalled else 12)
        bar._start(shown, task)
        bar.advance()
        (made,) = shown.tasks
        assert (made.completed, made.total) == ((8, 10) if totalled else (4, 12))
        bar._close()


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("", 1.0), ("0", 0.0), ("2.5", 2.5), ("-1", 1.0), ("nan", 1.0), ("soon", 1.0), ("1e9", 1.0)],
)
def test_the_delay_a_bar_waits(value: str, seconds: float) -> None:
    from tripplan.cli.env import Environment
    from tripplan.cli.progress import _delay

    environ = {"TRIPPLAN_PROGRESS_DELAY": value} if value else {}
    env = Environment(io.StringIO(), io.StringIO(), io.BytesIO(), environ=environ)
    assert _delay(env) == seconds


@pytest.mark.parametrize(
    ("command", "suffix"), [("timeline", ".svg"), ("booklet", ".html")], ids=["timeline", "booklet"]
)
def test_the_pictures_show_a_bar_on_a_terminal_and_not_a_byte_off_one(
    big_trip: Path, tmp_path: Path, command: str, suffix: str
) -> None:
    """`timeline` and `booklet` of a season: a bar on a terminal, erased at the end; off
    one, not a byte on standard error; the file the same either way."""
    on, off = tmp_path / f"on{suffix}", tmp_path / f"off{suffix}"
    code, said = _on_a_terminal(
        [command, str(big_trip), "-o", str(on)], TRIPPLAN_PROGRESS_DELAY="0"
    )
    assert code == 0
    assert command.encode() in said and BAR in said
    assert b"\x1b[?25h" in said  # the bar taken away, the cursor given back
    code, err = _off_a_terminal([command, str(big_trip), "-o", str(off)])
    assert code == 0
    # no bar: only the lines it says (which dates the picture leaves out)
    assert all(line.startswith(b"tripplan: ") for line in err.splitlines())
    assert BAR not in err and b"\x1b" not in err
    assert on.read_bytes() == off.read_bytes()
